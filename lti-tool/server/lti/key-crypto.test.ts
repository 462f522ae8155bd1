import { describe, expect, it } from 'vitest';
import { KeyEncryption } from './key-crypto';

describe('KeyEncryption', () => {
  const enc = new KeyEncryption('a-long-enough-operator-secret');

  it('round-trips and never stores the plaintext', () => {
    const sealed = enc.seal('{"d":"private"}', 'kid-1');
    expect(JSON.stringify(sealed)).not.toContain('private');
    expect(enc.open(sealed, 'kid-1')).toBe('{"d":"private"}');
  });

  it('refuses tampered data, a wrong key id binding, or another secret', () => {
    const sealed = enc.seal('secret-material', 'kid-1');
    const flipped = Buffer.from(sealed.data, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => enc.open({ ...sealed, data: flipped.toString('base64') }, 'kid-1')).toThrow();
    expect(() => enc.open(sealed, 'kid-2')).toThrow();
    expect(() => new KeyEncryption('another-operator-secret').open(sealed, 'kid-1')).toThrow();
  });

  it('rejects a short secret', () => {
    expect(() => new KeyEncryption('short')).toThrow(/16/);
  });
});
