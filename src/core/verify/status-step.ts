/**
 * The `revocation_status` and `suspension_status` steps. Status lists are fetched through the injected
 * fetcher; an unreachable list, a list whose signature does not verify, or an unsupported status method is
 * `unknown` ("could not check"), never `valid`.
 */
import { createHash } from 'node:crypto';
import { verifyDataIntegrity } from '../proofs/index.ts';
import type { Check, VerifyOptions } from './types.ts';
import { asArray, check, errorMessage, isObject, issuerId } from './check-helpers.ts';
import { didFetcher, FETCH_LIMITS } from './fetching.ts';
import { readEntryStatus, statusEntryPurpose } from './status-read.ts';
import type { VerifyContext } from './verify-credential.ts';

/** A fetched and verified status list document, or why it could not be used. */
export type ListFetch = { ok: true; list: Record<string, unknown> } | { ok: false; message: string };
export type StatusCache = Map<string, Promise<ListFetch>>;

const MAX_REMEMBERED_LISTS = 256;
const ACCEPT = 'application/vc+ld+json, application/vc, application/ld+json, application/json';

async function fetchList(url: string, opts: VerifyOptions, signed: boolean): Promise<ListFetch> {
  if (!opts.fetcher) return { ok: false, message: `Checking needs the status list at ${url}, and fetching is switched off here.` };
  if (!/^https?:\/\//i.test(url)) return { ok: false, message: `The status list address "${url}" is not an http(s) URL.` };
  let res;
  try {
    res = await opts.fetcher(url, { accept: ACCEPT, ...FETCH_LIMITS.statusList });
  } catch (e) {
    return { ok: false, message: `The status list at ${url} could not be fetched: ${errorMessage(e)}` };
  }
  if (res.status !== 200) return { ok: false, message: `The status list at ${url} answered HTTP ${res.status}.` };
  let list: unknown;
  try {
    list = JSON.parse(new TextDecoder().decode(res.body));
  } catch {
    return { ok: false, message: `The status list at ${url} is not JSON.` };
  }
  if (!isObject(list)) return { ok: false, message: `The status list at ${url} is not a JSON object.` };
  if (!signed) return { ok: true, list };
  const cacheKey = `${url} ${createHash('sha256').update(res.body).digest('base64url')}`;
  const known = opts.verifiedLists?.get(cacheKey);
  if (known) return { ok: true, list: known };
  // A status list credential must carry a valid proof by a key its issuer controls.
  const fetcher = didFetcher(opts.fetcher);
  const r = await verifyDataIntegrity(list, { fetcher, now: opts.now });
  if (!r.verified) {
    const why = r.proofs.find((p) => p.status !== 'valid')?.message ?? 'no valid proof';
    return { ok: false, message: `The status list at ${url} is not validly signed (${why}), so it cannot be trusted.` };
  }
  if (r.controller.status !== 'valid') {
    return { ok: false, message: `The status list at ${url} is signed by a key its issuer does not control (${r.controller.message}).` };
  }
  const until = typeof list.validUntil === 'string' ? Date.parse(list.validUntil) : NaN;
  if (!Number.isNaN(until) && until <= opts.now.getTime()) return { ok: false, message: `The status list at ${url} expired on ${String(list.validUntil)}.` };
  if (opts.verifiedLists && Number.isNaN(until)) {
    if (opts.verifiedLists.size >= MAX_REMEMBERED_LISTS) opts.verifiedLists.delete(opts.verifiedLists.keys().next().value as string);
    opts.verifiedLists.set(cacheKey, list);
  }
  return { ok: true, list };
}

function cachedList(url: string, ctx: VerifyContext, signed: boolean): Promise<ListFetch> {
  const key = `${signed ? 'signed' : 'plain'} ${url}`;
  let p = ctx.statusCache.get(key);
  if (!p) {
    p = fetchList(url, ctx.opts, signed).catch((e) => ({ ok: false as const, message: errorMessage(e) }));
    ctx.statusCache.set(key, p);
  }
  return p;
}

/**
 * Decision 010: a `revocation` BitstringStatusListEntry whose `statusReference` ends in `/suspension` points at a
 * companion suspension list read at the same index. Other `statusReference` values are documentation, ignored.
 */
export function companionSuspensionEntry(entry: unknown): Record<string, unknown> | undefined {
  if (!isObject(entry) || entry.type !== 'BitstringStatusListEntry' || entry.statusPurpose !== 'revocation') return undefined;
  const ref = entry.statusReference;
  if (typeof ref !== 'string' || !/^https?:\/\/\S+\/suspension$/.test(ref)) return undefined;
  return { type: 'BitstringStatusListEntry', statusPurpose: 'suspension', statusListIndex: entry.statusListIndex, statusListCredential: ref, ...(entry.statusSize !== undefined ? { statusSize: entry.statusSize } : {}) };
}

const NONE: Record<'revocation' | 'suspension', string> = {
  revocation: 'The credential has no revocation status entry, so the issuer cannot revoke it.',
  suspension: 'The credential has no suspension status entry, so the issuer cannot suspend it.',
};

/** Checks revocation and suspension; one check each. */
export async function checkStatus(credential: Record<string, unknown>, ctx: VerifyContext): Promise<Check[]> {
  const entries = asArray(credential.credentialStatus);
  const out: Check[] = [];
  for (const purpose of ['revocation', 'suspension'] as const) {
    const id = purpose === 'revocation' ? 'revocation_status' : 'suspension_status';
    const mine = entries.filter((e) => statusEntryPurpose(e) === purpose);
    if (purpose === 'suspension') mine.push(...entries.map(companionSuspensionEntry).filter((e) => e !== undefined));
    const unsupported = purpose === 'revocation' ? entries.filter((e) => statusEntryPurpose(e) === undefined) : [];
    if (mine.length === 0 && unsupported.length === 0) {
      out.push(check(id, 'valid', NONE[purpose], { entries: 0 }));
      continue;
    }
    const results: Check[] = [];
    for (const u of unsupported) {
      const type = isObject(u) ? String(u.type) : typeof u;
      results.push(check(id, 'unknown', `The credential uses the status method "${type}", which cannot be checked here.`, { type }));
    }
    for (const entry of mine) {
      try {
        results.push(await checkEntry(entry as Record<string, unknown>, purpose, credential, ctx));
      } catch (e) {
        results.push(check(id, 'unknown', `The ${purpose} status could not be checked: ${errorMessage(e)}`));
      }
    }
    out.push(results.find((r) => r.status === 'invalid') ?? results.find((r) => r.status === 'unknown') ?? results[0]!);
  }
  return out;
}

async function checkEntry(entry: Record<string, unknown>, purpose: 'revocation' | 'suspension', credential: Record<string, unknown>, ctx: VerifyContext): Promise<Check> {
  const id = purpose === 'revocation' ? 'revocation_status' : 'suspension_status';
  const oneEdTech = entry.type === '1EdTechRevocationList';
  const url = oneEdTech ? entry.id : entry.statusListCredential;
  if (typeof url !== 'string') return check(id, 'invalid', `The ${purpose} status entry has no list address.`, { type: entry.type });
  const fetched = await cachedList(url, ctx, !oneEdTech);
  if (!fetched.ok) return check(id, 'unknown', `The ${purpose} status could not be checked: ${fetched.message}`, { list: url });
  const read = readEntryStatus(entry, fetched.list, typeof credential.id === 'string' ? credential.id : undefined, issuerId(credential));
  const details = { list: url, type: entry.type, ...(read.details ?? {}) };
  if (read.status === 'error') return check(id, read.fatal ? 'invalid' : 'unknown', `The ${purpose} status could not be read: ${read.message}`, details);
  if (read.status === 'set') {
    const reason = read.message ? ` (${read.message})` : '';
    return check(id, 'invalid', purpose === 'revocation' ? `The issuer has revoked this credential${reason}.` : `The issuer has suspended this credential${reason}.`, { ...details, [purpose === 'revocation' ? 'revoked' : 'suspended']: true });
  }
  return check(id, 'valid', purpose === 'revocation' ? 'The issuer has not revoked this credential.' : 'The issuer has not suspended this credential.', { ...details, [purpose === 'revocation' ? 'revoked' : 'suspended']: false });
}
