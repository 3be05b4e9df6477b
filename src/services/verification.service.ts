/**
 * Public verification: a verification code, an uploaded file (JSON, JWT, PNG, SVG, PDF certificate), pasted
 * JSON or a URL, all through the core verifier. Documents this platform serves (status lists, DID documents,
 * issuer profiles) are resolved in-process; everything else goes through the guarded HTTP fetcher.
 */
import { AppError } from '../core/errors.ts';
import { parseVerificationCode } from '../core/issuance/verification-code.ts';
import { verifyCredential, summarize } from '../core/verify/index.ts';
import type { Fetcher, VerificationResult } from '../core/verify/types.ts';
import { findCredentialByCode } from '../db/repositories/credentials.repository.ts';
import { hitRateLimit, rateLimitHits } from '../db/repositories/rate-limits.repository.ts';
import { verifyDataIntegrity } from '../core/proofs/index.ts';
import type { Check } from '../core/verify/types.ts';
import type { Auth } from './auth.ts';
import type { Deps } from './deps.ts';
import { createHttpFetcher } from './http-fetcher.ts';
import type { IssuerIdentityService } from './issuer-identity.service.ts';
import type { StatusListService } from './status-list.service.ts';
import { describeCredential, type CredentialDisplay } from './verification-view.ts';

/** What every verification returns: the check log, the credential's own result, and what to display. */
export interface VerificationReport extends Omit<VerificationResult, 'children'> {
  /** Summary of the credential's own checks, without its endorsements (a bad endorsement never hides it). */
  ownSummary: VerificationResult['summary'];
  display?: CredentialDisplay;
  children?: { kind: 'endorsement' | 'nested_credential'; result: VerificationReport }[];
}

/** The result of verifying a presentation: its own checks and each credential's report. */
export interface PresentationReport {
  verified: boolean;
  summary: VerificationResult['summary'];
  checks: { id: 'presentation_type' | 'presentation_proof'; status: Check['status']; message: string }[];
  credentials: VerificationReport[];
}

/** What a verification hook hears: the report, who asked (when signed in) and how the credential came. */
export interface VerifiedEvent { report: VerificationReport; viewer?: Auth; via: 'code' | 'input' | 'url' }

/** Verification by code: the report, or that the learner disabled the code. */
export type CodeVerification =
  | { kind: 'report'; code: string; report: VerificationReport }
  | { kind: 'disabled'; code: string; disabledAt: string };

export interface VerificationDeps extends Pick<Deps, 'db' | 'clock' | 'config' | 'logger'> {
  statusLists: Pick<StatusListService, 'signedList'>;
  issuerIdentity: Pick<IssuerIdentityService, 'didDocument' | 'publicProfile'>;
  /** Outbound fetcher (default: the guarded HTTP fetcher). */
  fetcher?: Fetcher;
  /** Verification requests per client per minute on the public API and pages (default 60). */
  rateLimitPerMinute?: number;
}

/** Failed code look-ups allowed per client in the window before answering 429. */
export const CODE_ATTEMPTS_PER_WINDOW = 20;
export const CODE_WINDOW_MS = 10 * 60_000;
const MAX_URL_BYTES = 5 * 1024 * 1024;

export class VerificationService {
  private readonly outbound: Fetcher;
  private readonly fetcher: Fetcher;
  /** Status lists whose proof verified, by URL and hash of their bytes (see VerifyOptions.verifiedLists). */
  private readonly verifiedLists = new Map<string, Record<string, unknown>>();
  /** Verification requests per client per minute (the HTTP layer enforces it). */
  readonly rateLimitPerMinute: number;

  constructor(private readonly deps: VerificationDeps) {
    this.outbound = deps.fetcher ?? createHttpFetcher({ allowPrivateAddresses: false });
    this.fetcher = this.localFirst(this.outbound);
    this.rateLimitPerMinute = deps.rateLimitPerMinute ?? 60;
  }

  /** Serves this platform's own public documents without a network round trip. */
  private localFirst(outbound: Fetcher): Fetcher {
    const base = this.deps.config.publicUrl;
    return async (url, opts) => {
      if (url.startsWith(`${base}/`)) {
        const path = url.slice(base.length).split(/[?#]/)[0]!;
        const json = (body: unknown) => ({ status: 200, contentType: 'application/json', body: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)) });
        const notFound = { status: 404, contentType: 'text/plain', body: new Uint8Array() };
        let m = /^\/status\/([0-9a-fA-F-]{36})(\/suspension)?$/.exec(path);
        if (m) {
          const list = await this.deps.statusLists.signedList(m[1]!.toLowerCase(), m[2] ? 'suspension' : 'revocation');
          return list ? json(list.json) : notFound;
        }
        m = /^\/issuers\/([a-z0-9-]+)(\/did\.json)?$/.exec(path);
        if (m) {
          try {
            return json(m[2] ? await this.deps.issuerIdentity.didDocument(m[1]!) : (await this.deps.issuerIdentity.publicProfile(m[1]!)).document);
          } catch (e) {
            if (e instanceof AppError && e.kind === 'not_found') return notFound;
            throw e;
          }
        }
      }
      return outbound(url, opts);
    };
  }

  private report(r: VerificationResult): VerificationReport {
    const own = summarize(r.checks.filter((c) => c.id !== 'endorsements'));
    const display = r.credential ? describeCredential(r.credential) : undefined;
    const { children, ...rest } = r;
    return {
      ...rest, ownSummary: own, ...(display ? { display } : {}),
      ...(children ? { children: children.map((c) => ({ kind: c.kind, result: this.report(c.result) })) } : {}),
    };
  }

  /**
   * Verifies an uploaded file, pasted text or a JSON object (JSON, VC-JWT, PNG, SVG, PDF with an attached credential).
   * @example await services.verification.verifyInput(bytes)
   */
  async verifyInput(input: string | Uint8Array | object, viewer?: Auth, via: VerifiedEvent['via'] = 'input'): Promise<VerificationReport> {
    const r = await verifyCredential(input, { now: this.deps.clock.now(), fetcher: this.fetcher, verifiedLists: this.verifiedLists });
    const report = this.report(r);
    for (const hook of this.onVerified) {
      try {
        await hook({ report, via, ...(viewer ? { viewer } : {}) });
      } catch (err) {
        this.deps.logger.error({ err }, 'verification hook failed');
      }
    }
    return report;
  }

  /** Hooks run after each verification (analytics records verifications of this platform's credentials); failures are logged. */
  readonly onVerified: Array<(e: VerifiedEvent) => Promise<void>> = [];

  /** Fetches a credential from an http(s) URL (guarded fetcher) and verifies it. */
  async verifyUrl(url: unknown, viewer?: Auth): Promise<VerificationReport> {
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/i.test(url.trim())) {
      throw new AppError('validation_failed', 'Enter the address of a credential, starting with https://.', { field: 'url' });
    }
    let res;
    try {
      res = await this.fetcher(url.trim(), { accept: 'application/vc+ld+json, application/ld+json, application/json, application/jwt, image/png, image/svg+xml, application/pdf', maxBytes: MAX_URL_BYTES, timeoutMs: 8000 });
    } catch (e) {
      throw new AppError('validation_failed', `The address could not be fetched: ${(e as Error).message}`, { field: 'url' });
    }
    if (res.status !== 200) throw new AppError('validation_failed', `The address answered HTTP ${res.status}, not a credential.`, { field: 'url' });
    return this.verifyInput(res.body, viewer, 'url');
  }

  /**
   * Verifies the credential behind a verification code. Only the credential is shown (not the learner's wallet);
   * a code the learner disabled says so. Unknown codes count against the client's attempts (429 past the limit).
   */
  async verifyCode(input: unknown, client: string, viewer?: Auth): Promise<CodeVerification> {
    await this.checkAttempts(client);
    const parsed = parseVerificationCode(typeof input === 'string' ? input : '');
    if (!parsed.ok) {
      await this.recordFailure(client);
      const why = { empty: 'Enter a verification code.', length: 'A verification code has 18 letters and digits, like 7KQ2-M9XD-4RTV-HC8N-P3.', character: 'A verification code uses only digits and the letters A–Z (no I, L, O or U).', checksum: 'This code has a typo: check each character against the certificate.' }[parsed.problem];
      throw new AppError('validation_failed', why, { field: 'code' });
    }
    const record = await findCredentialByCode(this.deps.db, parsed.code);
    if (!record) {
      await this.recordFailure(client);
      throw new AppError('credential_not_found', 'No credential has this verification code. Check it against the certificate.', { field: 'code' });
    }
    if (record.codeDisabledAt) return { kind: 'disabled', code: parsed.code, disabledAt: record.codeDisabledAt };
    return { kind: 'report', code: parsed.code, report: await this.verifyInput(record.document, viewer, 'code') };
  }

  /**
   * Verifies a Verifiable Presentation: its type, its proof (proofPurpose authentication, with the expected
   * challenge and domain when given) and every credential it carries.
   */
  async verifyPresentation(vp: unknown, options: { challenge?: string; domain?: string } = {}): Promise<PresentationReport> {
    const checks: PresentationReport['checks'] = [];
    const obj = vp && typeof vp === 'object' && !Array.isArray(vp) ? (vp as Record<string, unknown>) : undefined;
    const types = obj ? (Array.isArray(obj.type) ? obj.type : [obj.type]) : [];
    checks.push(types.includes('VerifiablePresentation')
      ? { id: 'presentation_type', status: 'valid', message: 'This is a Verifiable Presentation.' }
      : { id: 'presentation_type', status: 'invalid', message: 'The document is not a Verifiable Presentation (its type must include "VerifiablePresentation").' });
    if (obj && obj.proof !== undefined) {
      const r = await verifyDataIntegrity(obj, {
        fetcher: (url, init) => this.fetcher(url, { accept: init.accept, maxBytes: 256 * 1024, timeoutMs: 5000 }),
        expectedProofPurpose: 'authentication', now: this.deps.clock.now(),
        ...(options.challenge !== undefined ? { challenge: options.challenge } : {}),
        ...(options.domain !== undefined ? { domain: options.domain } : {}),
      });
      const bad = r.proofs.find((p) => p.status === 'invalid') ?? r.proofs.find((p) => p.status === 'unknown');
      const holder = typeof obj.holder === 'string' ? obj.holder : obj.holder && typeof obj.holder === 'object' ? (obj.holder as Record<string, unknown>).id : undefined;
      const signer = r.proofs.find((p) => p.status === 'valid' && p.controller !== undefined && typeof holder === 'string' && p.controller !== holder);
      if (!bad && signer) {
        checks.push({ id: 'presentation_proof', status: 'invalid', message: `The presentation is signed by "${signer.controller}", not by its holder "${String(holder)}".` });
      } else checks.push(bad
        ? { id: 'presentation_proof', status: bad.status, message: `The presentation's proof ${bad.status === 'invalid' ? 'is not valid' : 'could not be checked'}: ${bad.message}` }
        : { id: 'presentation_proof', status: 'valid', message: 'The presentation is signed by its holder (proof purpose authentication).' });
    } else if (options.challenge !== undefined || options.domain !== undefined) {
      checks.push({ id: 'presentation_proof', status: 'invalid', message: 'A challenge was given, but the presentation is not signed.' });
    } else {
      checks.push({ id: 'presentation_proof', status: 'unknown', message: 'The presentation is not signed, so who presented it cannot be checked.' });
    }
    const items = obj ? (Array.isArray(obj.verifiableCredential) ? obj.verifiableCredential : obj.verifiableCredential === undefined ? [] : [obj.verifiableCredential]) : [];
    const credentials: VerificationReport[] = [];
    for (const item of items.slice(0, 50)) credentials.push(await this.verifyInput(item as object));
    const summary = summarize([...checks.map((c) => ({ ...c, id: 'proof' as const })), ...credentials.map((c) => ({ id: 'nested_credentials' as const, status: c.summary, message: '' }))]);
    return { verified: summary === 'valid', summary, checks, credentials };
  }

  /**
   * Unknown codes per client are counted in the database (`rate_limit_hits`), so every app instance on one database
   * sees the same count: spreading guesses over instances gains nothing.
   */
  private async checkAttempts(client: string): Promise<void> {
    if (await rateLimitHits(this.deps.db, `unknown-code ${client}`, this.deps.clock.now().getTime()) >= CODE_ATTEMPTS_PER_WINDOW) {
      throw new AppError('rate_limited', 'Too many unknown verification codes from your address; wait ten minutes and try again.');
    }
  }

  private async recordFailure(client: string): Promise<void> {
    await hitRateLimit(this.deps.db, `unknown-code ${client}`, CODE_WINDOW_MS, this.deps.clock.now().getTime());
  }
}
