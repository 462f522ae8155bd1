import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scryptSync } from 'node:crypto';

/**
 * Private keys at rest: AES-256-GCM (authenticated, unlike ltijs' AES-CBC without a MAC) under a key derived from
 * the operator's secret. The record carries a version so the scheme can change without losing old keys.
 */
export interface SealedSecret {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

export class KeyEncryption {
  private readonly key: Buffer;

  constructor(secret: string) {
    if (secret.length < 16) throw new Error('KEY_ENCRYPTION_SECRET must be at least 16 characters');
    // A fixed salt is fine here: the secret is high-entropy, and one derived key serves the whole deployment.
    this.key = scryptSync(secret, 'ability-lti/tool-keys/v1', 32);
  }

  /** A key for another purpose (the signed OIDC state), derived from the same secret: every process agrees on it. */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), purpose, 32));
  }

  seal(plaintext: string, associatedData: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      v: 1,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  open(sealed: SealedSecret, associatedData: string): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  }
}
