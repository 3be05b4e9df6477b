// Locates the shared standards folder (contexts, schemas, vectors) next to the checkout.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function findStandards(): string {
  const candidates = [
    process.env.MICROCRED_STANDARDS_DIR,
    join(repoRoot, '..', 'shared', 'standards'),
    '/work/shared/standards',
  ].filter((p): p is string => !!p);
  for (const c of candidates) if (existsSync(join(c, 'INDEX.md'))) return c;
  throw new Error(`shared/standards not found (looked in ${candidates.join(', ')})`);
}

export const STANDARDS_DIR = findStandards();
export const REPO_ROOT = repoRoot;

/** Absolute path of a file under shared/standards. */
export function standardsPath(rel: string): string {
  return join(STANDARDS_DIR, rel);
}

/** Reads a JSON file under shared/standards. */
export function readStandardsJson<T = any>(rel: string): T {
  return JSON.parse(readFileSync(standardsPath(rel), 'utf8')) as T;
}

/** Reads a text file under shared/standards. */
export function readStandardsText(rel: string): string {
  return readFileSync(standardsPath(rel), 'utf8');
}
