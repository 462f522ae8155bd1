import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

describe('logger', () => {
  it('writes one JSON line per event and redacts secret-looking fields at any depth', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (l) => lines.push(l));
    logger.info('launch', { user: 'u1', id_token: 'eyJ...', nested: { Authorization: 'Bearer x', ok: 1 } });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '{}');
    expect(record).toMatchObject({ level: 'info', msg: 'launch', user: 'u1' });
    expect(new Date(record.time).toISOString()).toBe(record.time);
    expect(record.id_token).toBe('[redacted]');
    expect(record.nested).toEqual({ Authorization: '[redacted]', ok: 1 });
  });

  it('masks token-shaped values under innocent keys, in errors too', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (l) => lines.push(l));
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI0In0.c2lnbmF0dXJl';
    logger.warn('refused', {
      detail: `bad ${jwt}`,
      header: 'Bearer abc.def',
      key: 'lak_0123456789abcdef',
      err: new Error(`token endpoint said ${jwt}`),
    });
    const line = lines[0] ?? '';
    expect(line).not.toContain(jwt);
    expect(line).not.toContain('abc.def');
    expect(line).not.toContain('lak_0123');
    expect(JSON.parse(line).err.message).toBe('token endpoint said [redacted]');
  });

  it('binds fields to a child logger and redacts them as well', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (l) => lines.push(l)).child({ requestId: 'req-12345678', cookie: 'c=1' });
    logger.info('event', { a: 1 });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ requestId: 'req-12345678', cookie: '[redacted]', a: 1 });
  });

  it('writes a child’s lines as they were asked for, made on its first line (issue 14)', () => {
    const lines: string[] = [];
    const bindings: Record<string, unknown> = { requestId: 'req-1' };
    const child = createLogger('warn', (l) => lines.push(l)).child(bindings);
    bindings.requestId = 'changed';
    child.info('quiet');
    child.debug('quieter');
    child.child({ step: 'launch' }).warn('nested', { b: 2 });
    child.error('heard');
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      { level: 'warn', msg: 'nested', requestId: 'req-1', step: 'launch', b: 2 },
      { level: 'error', msg: 'heard', requestId: 'req-1' },
    ]);
    expect(lines).toHaveLength(2);
  });

  it('drops events below the configured level', () => {
    const lines: string[] = [];
    const logger = createLogger('warn', (l) => lines.push(l));
    logger.info('quiet');
    logger.debug('quieter');
    logger.warn('heard');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['heard']);
  });
});
