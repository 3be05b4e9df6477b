// Human-readable rendering of a verification result for the terminal.
import type { Check, VerificationResult } from '../core/verify/types.ts';

const MARK: Record<Check['status'], string> = { valid: '✓', invalid: '✗', unknown: '?' };
const SUMMARY: Record<VerificationResult['summary'], string> = {
  valid: 'VALID: every check passed',
  invalid: 'INVALID: at least one check failed',
  unknown: 'COULD NOT CHECK: nothing failed, but some checks could not be completed',
};

function describeCredential(c: Record<string, unknown> | undefined): string | undefined {
  if (!c) return undefined;
  const subject = c.credentialSubject as Record<string, any> | undefined;
  const achievement = subject && typeof subject === 'object' ? subject.achievement : undefined;
  const name = (achievement && typeof achievement.name === 'string' && achievement.name) || (typeof c.name === 'string' ? c.name : undefined);
  const issuer = c.issuer as any;
  const issuerName = typeof issuer === 'string' ? issuer : issuer && typeof issuer.name === 'string' ? issuer.name : issuer?.id;
  const parts = [name ? `"${name}"` : undefined, issuerName ? `issued by ${issuerName}` : undefined].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

function renderChecks(result: VerificationResult, indent: string, lines: string[]): void {
  const width = Math.max(...result.checks.map((c) => c.id.length), 5);
  for (const c of result.checks) lines.push(`${indent}${MARK[c.status]} ${c.id.padEnd(width)}  ${c.message}`);
  for (const child of result.children ?? []) {
    const label = child.kind === 'endorsement' ? 'endorsement' : 'nested credential';
    const what = describeCredential(child.result.credential);
    lines.push(`${indent}  ${MARK[child.result.summary]} ${label}${what ? ` ${what}` : ''}: ${child.result.summary}`);
    if (child.result.summary !== 'valid') renderChecks(child.result, `${indent}    `, lines);
  }
}

/** The report printed by `microcred verify` for one input. */
export function formatResult(input: string, result: VerificationResult): string {
  const lines: string[] = [];
  const what = describeCredential(result.credential);
  lines.push(`${input}${result.format ? ` (${result.format})` : ''}${what ? `: ${what}` : ''}`);
  renderChecks(result, '  ', lines);
  lines.push(`  ${MARK[result.summary]} ${SUMMARY[result.summary]}`);
  return lines.join('\n');
}
