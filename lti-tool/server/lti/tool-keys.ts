import { randomBytes } from 'node:crypto';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Db } from '../db/client';
import { toolKeys } from '../db/schema';
import { KeyEncryption, type SealedSecret } from './key-crypto';

/** A key the tool signs with: deep-linking responses, client assertions. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

/** Where new RS256 key pairs come from: generated (the default), or the keys a test run generated once. */
export type KeyPairSource = () => Promise<{ publicKey: CryptoKey; privateKey: CryptoKey }>;
const generateRs256: KeyPairSource = () => generateKeyPair('RS256', { modulusLength: 2048, extractable: true });

type KeyStatus = 'next' | 'current' | 'previous' | 'retired';
const PUBLISHED: KeyStatus[] = ['next', 'current', 'previous'];

/**
 * The tool's RS256 key pairs, private halves sealed with AES-256-GCM. The JWKS publishes the next, current and
 * previous keys, so platforms that cache our keys keep verifying across a rotation (Sec §6.1–6.4).
 */
export class ToolKeyStore {
  private readonly encryption: KeyEncryption;
  private readonly unsealed = new Map<string, SigningKey>();
  private stateHmacKey: Buffer | undefined;

  constructor(
    private readonly db: Db,
    encryptionSecret: string,
    private readonly newKeyPair: KeyPairSource = generateRs256,
  ) {
    this.encryption = new KeyEncryption(encryptionSecret);
  }

  /** The HMAC key of the signed OIDC login state (oidc-state.ts), the same in every process of a deployment. */
  stateKey(): Buffer {
    this.stateHmacKey ??= this.encryption.derive('ability-lti/oidc-state/v1');
    return this.stateHmacKey;
  }

  /** Makes sure a current and a next key exist (first start, or after a crash mid-rotation). */
  async ensure(): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Row locks cannot guard an empty table: processes starting together on a new database would each create a
      // current key. One transaction-scoped advisory lock serialises them; the second finds the first one's keys.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('ability_lti.tool_keys'))`);
      const rows = await tx.select({ status: toolKeys.status }).from(toolKeys).for('update');
      if (!rows.some((r) => r.status === 'current')) await this.insertKey(tx, 'current');
      if (!rows.some((r) => r.status === 'next')) await this.insertKey(tx, 'next');
    });
  }

  /** next → current → previous → retired, and a fresh next. Returns the new current kid. */
  async rotate(): Promise<{ current: string; next: string; retired: string[] }> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.select().from(toolKeys).where(inArray(toolKeys.status, PUBLISHED)).for('update');
      const byStatus = (s: KeyStatus) => rows.filter((r) => r.status === s).map((r) => r.kid);
      const now = new Date();
      const retired = byStatus('previous');
      if (retired.length)
        await tx.update(toolKeys).set({ status: 'retired', retiredAt: now }).where(inArray(toolKeys.kid, retired));
      const current = byStatus('current');
      if (current.length) await tx.update(toolKeys).set({ status: 'previous' }).where(inArray(toolKeys.kid, current));
      let promoted = byStatus('next')[0];
      if (promoted)
        await tx.update(toolKeys).set({ status: 'current', activatedAt: now }).where(eq(toolKeys.kid, promoted));
      else promoted = await this.insertKey(tx, 'current');
      const next = await this.insertKey(tx, 'next');
      return { current: promoted, next, retired };
    });
  }

  async publicJwks(): Promise<{ keys: JWK[] }> {
    const rows = await this.db
      .select({ jwk: toolKeys.publicJwk })
      .from(toolKeys)
      .where(inArray(toolKeys.status, PUBLISHED))
      .orderBy(asc(toolKeys.createdAt));
    return { keys: rows.map((r) => r.jwk as JWK) };
  }

  async signingKey(): Promise<SigningKey> {
    const [row] = await this.db.select().from(toolKeys).where(eq(toolKeys.status, 'current')).limit(1);
    if (!row) throw new Error('no current tool key: run ensure() at start-up');
    const cached = this.unsealed.get(row.kid);
    if (cached) return cached;
    const jwk = JSON.parse(this.encryption.open(row.privateKeySealed as SealedSecret, row.kid)) as JWK;
    const key: SigningKey = { kid: row.kid, privateKey: (await importJWK(jwk, 'RS256')) as CryptoKey };
    this.unsealed.set(row.kid, key);
    return key;
  }

  private async insertKey(tx: Pick<Db, 'insert'>, status: KeyStatus): Promise<string> {
    const { publicKey, privateKey } = await this.newKeyPair();
    const kid = `tool-${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    const sealed = this.encryption.seal(JSON.stringify(await exportJWK(privateKey)), kid);
    await tx.insert(toolKeys).values({
      kid,
      status,
      publicJwk,
      privateKeySealed: sealed,
      activatedAt: status === 'current' ? new Date() : null,
    });
    return kid;
  }
}
