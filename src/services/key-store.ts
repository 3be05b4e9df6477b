/**
 * The key store port and its local implementation: Ed25519 issuer keys generated per organization,
 * the secret seed encrypted at rest with AES-256-GCM under the master key (bound to the key and
 * organization ids), never logged and never returned. Rotation retires the active key and creates a
 * new one; retired keys stay published so earlier credentials keep verifying.
 */
import { createCipheriv, createDecipheriv, randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { generateEd25519KeyPair, ed25519PrivateKeyObject, ed25519Sign } from '../core/crypto/ed25519.ts';
import { encodeEd25519Multikey, encodeP256Multikey, type P256PublicJwk } from '../core/crypto/multikey.ts';
import { p256JwkFromRandom } from '../core/jwt/index.ts';
import type { JWK } from 'jose';
import type { Signer } from '../core/crypto/signer.ts';
import type { Db } from '../db/transaction.ts';
import { withTransaction } from '../db/transaction.ts';
import {
  findActiveIssuerKey, insertIssuerKey, listIssuerKeys, retireActiveIssuerKeys, type IssuerKeyRecord, type KeyStatus,
} from '../db/repositories/issuer-keys.repository.ts';
import { findOrganizationById, type Organization } from '../db/repositories/organizations.repository.ts';
import { effectiveDidMethod, issuerIdsFor } from './issuer-ids.ts';

/** What the proof engine signs with: a core `Signer` plus the issuer id to put in the credential. */
export interface IssuerSigner extends Signer {
  /** Same as `id`: the verification method id for the proof. */
  verificationMethodId: string;
  /** The issuer id to use as `issuer.id` (for did:key issuers it changes when the key rotates). */
  issuerId: string;
  keyId: string;
  publicKeyMultibase: string;
  algorithm: 'Ed25519';
}

/** A published public key of an issuer (active or retired). */
export interface PublicKeyInfo {
  keyId: string;
  algorithm: string;
  publicKeyMultibase: string;
  verificationMethodId: string;
  /** The issuer id credentials signed with this key carry. */
  issuerId: string;
  status: KeyStatus;
  createdAt: string;
  retiredAt: string | null;
}

/** The key store port: local encrypted keys today, an external KMS tomorrow. */
export interface KeyStore {
  /** Creates the first key of an organization when it has none; returns its public info. */
  ensureKey(organizationId: string, db?: Db): Promise<PublicKeyInfo>;
  /** A signer for the organization's active key (created on first use). */
  getSigner(organizationId: string): Promise<IssuerSigner>;
  /** Retires the active key and creates a new active one; returns the new key's public info. */
  rotate(organizationId: string, db?: Db): Promise<PublicKeyInfo>;
  /** Every key (active first, then retired, newest first) with its verification method and issuer ids. */
  publicKeys(organizationId: string): Promise<PublicKeyInfo[]>;
  /** The organization's P-256 key for VC-JWTs (ES256), created on first use. */
  getJwtSigner(organizationId: string): Promise<JwtSigner>;
  /** Every P-256 (VC-JWT) key, for the DID document. */
  jwtPublicKeys(organizationId: string): Promise<PublicKeyInfo[]>;
}

/** What a VC-JWT is signed with: the private JWK (never logged or returned by the API) and the `kid` to name it. */
export interface JwtSigner {
  keyId: string;
  /** Verification method id of the P-256 key: the JWT header's `kid`. */
  kid: string;
  /** The issuer id the key belongs to (did:web: the organization's DID; did:key: the P-256 key's own DID). */
  issuerId: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export interface LocalKeyStoreDeps {
  db: Db;
  clock: { now(): Date };
  random: (n: number) => Uint8Array;
  config: { masterKey: Buffer; publicUrl: string; publicUrlIsHttps: boolean };
}

const ALG = 'Ed25519';
const JWT_ALG = 'P-256';
const FORMAT = 'v1';

function aad(keyId: string, organizationId: string): Buffer {
  return Buffer.from(`microcred-issuer-key:${FORMAT}:${keyId}:${organizationId}`, 'utf8');
}

/** Encrypts a secret with AES-256-GCM; output `v1.<iv>.<ciphertext>.<tag>` (base64url). */
export function encryptSecret(masterKey: Buffer, secret: Uint8Array, iv: Uint8Array, additionalData: Buffer): string {
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(additionalData);
  const ct = Buffer.concat([cipher.update(secret), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT, Buffer.from(iv).toString('base64url'), ct.toString('base64url'), tag.toString('base64url')].join('.');
}

/** Decrypts `encryptSecret` output; throws `key_file_invalid` when the master key or the data is wrong. */
export function decryptSecret(masterKey: Buffer, encoded: string, additionalData: Buffer): Uint8Array {
  const [format, iv, ct, tag] = encoded.split('.');
  if (format !== FORMAT || !iv || !ct || !tag) throw new AppError('key_file_invalid', 'An issuer key is stored in an unknown format.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(additionalData);
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]));
  } catch {
    throw new AppError('master_key_invalid', 'An issuer key could not be decrypted: the master key is not the one it was encrypted with.');
  }
}

/** Local key store: keys in the `issuer_keys` table, encrypted under the master key. */
export class LocalKeyStore implements KeyStore {
  private readonly signers = new Map<string, ReturnType<typeof ed25519PrivateKeyObject>>();

  constructor(private readonly deps: LocalKeyStoreDeps) {}

  private async org(db: Db, organizationId: string): Promise<Organization> {
    const org = await findOrganizationById(db, organizationId);
    if (!org) throw new AppError('not_found', 'No such organization.');
    return org;
  }

  private info(org: Organization, k: IssuerKeyRecord): PublicKeyInfo {
    const ids = issuerIdsFor(org, k.publicKeyMultibase!, this.deps.config);
    return {
      keyId: k.id, algorithm: k.algorithm, publicKeyMultibase: k.publicKeyMultibase!, verificationMethodId: ids.verificationMethodId,
      issuerId: ids.issuerId, status: k.status, createdAt: k.createdAt, retiredAt: k.retiredAt,
    };
  }

  private async createKey(db: Db, organizationId: string): Promise<IssuerKeyRecord> {
    const pair = generateEd25519KeyPair(this.deps.random);
    const id = randomUUID();
    const record: IssuerKeyRecord = {
      id, organizationId, algorithm: ALG, publicKeyMultibase: encodeEd25519Multikey(pair.publicKey), publicJwkJson: null,
      encryptedSecret: encryptSecret(this.deps.config.masterKey, pair.secretKey, this.deps.random(12), aad(id, organizationId)),
      status: 'active', createdAt: this.deps.clock.now().toISOString(), retiredAt: null,
    };
    pair.secretKey.fill(0);
    await insertIssuerKey(db, record);
    return record;
  }

  async ensureKey(organizationId: string, db: Db = this.deps.db): Promise<PublicKeyInfo> {
    return withTransaction(db, async (trx) => {
      const org = await this.org(trx, organizationId);
      const existing = await findActiveIssuerKey(trx, organizationId, ALG);
      return this.info(org, existing ?? (await this.createKey(trx, organizationId)));
    });
  }

  async getSigner(organizationId: string): Promise<IssuerSigner> {
    const org = await this.org(this.deps.db, organizationId);
    let key = await findActiveIssuerKey(this.deps.db, organizationId, ALG);
    if (!key) {
      await this.ensureKey(organizationId);
      key = await findActiveIssuerKey(this.deps.db, organizationId, ALG);
      if (!key) throw new AppError('key_not_found', 'The organization has no active signing key.');
    }
    let keyObject = this.signers.get(key.id);
    if (!keyObject) {
      const seed = decryptSecret(this.deps.config.masterKey, key.encryptedSecret, aad(key.id, organizationId));
      keyObject = ed25519PrivateKeyObject(seed);
      seed.fill(0);
      this.signers.set(key.id, keyObject);
    }
    const info = this.info(org, key);
    const k = keyObject;
    return {
      id: info.verificationMethodId, verificationMethodId: info.verificationMethodId, issuerId: info.issuerId, keyId: key.id,
      publicKeyMultibase: info.publicKeyMultibase, algorithm: ALG, sign: (data: Uint8Array) => ed25519Sign(data, k),
    };
  }

  async rotate(organizationId: string, db: Db = this.deps.db): Promise<PublicKeyInfo> {
    return withTransaction(db, async (trx) => {
      const org = await this.org(trx, organizationId);
      await retireActiveIssuerKeys(trx, organizationId, ALG, this.deps.clock.now().toISOString());
      return this.info(org, await this.createKey(trx, organizationId));
    });
  }

  async publicKeys(organizationId: string): Promise<PublicKeyInfo[]> {
    const org = await this.org(this.deps.db, organizationId);
    const keys = await listIssuerKeys(this.deps.db, organizationId);
    const sorted = [...keys.filter((k) => k.status === 'active'), ...keys.filter((k) => k.status !== 'active')];
    return sorted.filter((k) => k.publicKeyMultibase && k.algorithm === ALG).map((k) => this.info(org, k));
  }

  async jwtPublicKeys(organizationId: string): Promise<PublicKeyInfo[]> {
    const org = await this.org(this.deps.db, organizationId);
    const keys = await listIssuerKeys(this.deps.db, organizationId);
    return keys.filter((k) => k.publicKeyMultibase && k.algorithm === JWT_ALG).map((k) => this.jwtInfo(org, k));
  }

  /** did:web: a `#<multibase>` key of the organization's DID; did:key issuers: the key's own did:jwk (resolvable offline). */
  private jwtInfo(org: Organization, k: IssuerKeyRecord): PublicKeyInfo {
    const info = this.info(org, k);
    if (effectiveDidMethod(org, this.deps.config) === 'web') return info;
    const did = `did:jwk:${Buffer.from(k.publicJwkJson!, 'utf8').toString('base64url')}`;
    return { ...info, issuerId: did, verificationMethodId: `${did}#0` };
  }

  async getJwtSigner(organizationId: string): Promise<JwtSigner> {
    const org = await this.org(this.deps.db, organizationId);
    const key = await withTransaction(this.deps.db, async (trx) => {
      const existing = await findActiveIssuerKey(trx, organizationId, JWT_ALG);
      if (existing) return existing;
      const jwk = p256JwkFromRandom(this.deps.random);
      const { d, ...publicJwk } = jwk;
      const id = randomUUID();
      const record: IssuerKeyRecord = {
        id, organizationId, algorithm: JWT_ALG, publicKeyMultibase: encodeP256Multikey(publicJwk as P256PublicJwk), publicJwkJson: JSON.stringify(publicJwk),
        encryptedSecret: encryptSecret(this.deps.config.masterKey, Buffer.from(d!, 'base64url'), this.deps.random(12), aad(id, organizationId)),
        status: 'active', createdAt: this.deps.clock.now().toISOString(), retiredAt: null,
      };
      await insertIssuerKey(trx, record);
      return record;
    });
    const info = this.jwtInfo(org, key);
    const publicJwk = JSON.parse(key.publicJwkJson!) as JWK;
    const d = decryptSecret(this.deps.config.masterKey, key.encryptedSecret, aad(key.id, organizationId));
    const privateJwk: JWK = { ...publicJwk, d: Buffer.from(d).toString('base64url') };
    d.fill(0);
    return { keyId: key.id, kid: info.verificationMethodId, issuerId: info.issuerId, privateJwk, publicJwk };
  }
}
