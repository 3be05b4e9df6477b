import { describeDuration } from './duration.ts';
import { fractionOf, type LeafFailure, type NodeResult } from './evaluate.ts';
import type { EvaluationContext, LeafNode, Progress, Rule, TraceNode } from './types.ts';

const day = (ms: number | Date) => new Date(ms).toISOString().slice(0, 10);
const num = (x: number) => String(Math.round(x * 100) / 100);

/** Turn an evaluation into the plain-language trace tree shown to learners and staff. */
export function explain(result: NodeResult, ctx: EvaluationContext = {}): TraceNode {
  const keyNames = new Map<string, string>();
  const collect = (r: NodeResult) => {
    const node = r.node as LeafNode;
    if ((node.type === 'credential' || node.type === 'pathway') && node.key) keyNames.set(node.key, leafName(r, ctx));
    r.children.forEach(collect);
  };
  collect(result);
  return trace(result, ctx, keyNames);
}

/** Progress of a node result as reported to callers. */
export function progressOf(r: NodeResult): Progress {
  return { earned: r.earned, required: r.required, fraction: Math.round(fractionOf(r) * 1000) / 1000, unit: r.unit };
}

function trace(r: NodeResult, ctx: EvaluationContext, keyNames: Map<string, string>, prefix = ''): TraceNode {
  const node = r.node;
  const isLeaf = node.type === 'credential' || node.type === 'pathway';
  // A nested pathway's nodes are addressed under its leaf: "/children/0/pathway/children/1".
  const children = isLeaf
    ? r.nested
      ? [trace(r.nested, ctx, keyNames, `${prefix}${r.path}/pathway`)]
      : []
    : r.children.map((c) => trace(c, ctx, keyNames, prefix));
  return {
    path: prefix + r.path,
    type: node.type,
    label: isLeaf ? leafName(r, ctx) : (node.label ?? describe(r, ctx)),
    satisfied: r.satisfied,
    message: isLeaf ? leafMessage(r, ctx, keyNames) : groupMessage(r, ctx),
    progress: progressOf(r),
    credentialIds: r.counted.map((c) => c.credential.id),
    children,
  };
}

/** The name of a leaf: its own, the achievement's, or the id. */
export function leafName(r: NodeResult, ctx: EvaluationContext): string {
  const node = r.node as LeafNode;
  if (node.name) return node.name;
  if (node.type === 'pathway') return ctx.pathways?.[node.pathwayId]?.name ?? node.pathwayId;
  const id = node.achievement.achievementId;
  const held = [r.pick, r.failure && 'credential' in r.failure ? r.failure.credential : undefined].find((c) => c?.achievementId === id);
  return ctx.achievementNames?.[id] ?? held?.achievementName ?? id;
}

function nameOf(r: NodeResult, ctx: EvaluationContext): string {
  const n = r.node;
  if (n.type === 'credential' || n.type === 'pathway') return leafName(r, ctx);
  return n.label ?? describe(r, ctx);
}

function list(names: string[]): string {
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

function describe(r: NodeResult, ctx: EvaluationContext): string {
  const names = list(r.children.map((c) => nameOf(c, ctx)));
  const n = r.node as Rule;
  if (n.type === 'allOf') return `all of (${names})`;
  if (n.type === 'anyOf') return `one of (${names})`;
  if (n.type === 'nOf') return `${n.n} of (${names})`;
  if (n.type === 'minCredits') return `${num(n.credits)} credits from (${names})`;
  return names;
}

function groupMessage(r: NodeResult, ctx: EvaluationContext): string {
  const n = r.node as Rule;
  const sat = r.children.filter((c) => c.satisfied);
  const missing = r.children.filter((c) => !c.satisfied).map((c) => nameOf(c, ctx));
  let text: string;
  if (n.type === 'allOf') {
    text = r.satisfied
      ? `Complete: all ${r.children.length} earned.`
      : `Earned ${sat.length} of ${r.children.length}; needs ${missing.length} more: ${list(missing)}.`;
  } else if (n.type === 'anyOf') {
    text = r.satisfied ? `Complete: earned ${nameOf(sat[0]!, ctx)}.` : `Needs one of: ${list(missing)}.`;
  } else if (n.type === 'nOf') {
    text = r.satisfied
      ? `Complete: earned ${sat.length} of the ${n.n} required (${list(sat.map((c) => nameOf(c, ctx)))}).`
      : `Earned ${sat.length} of the ${n.n} required; needs ${n.n - sat.length} more of: ${list(missing)}.`;
  } else if (n.type === 'minCredits') {
    const credits = r.counted.reduce((a, x) => a + x.credits, 0);
    text = r.satisfied
      ? `Complete: earned ${num(credits)} of ${num(n.credits)} credits.`
      : `Earned ${num(credits)} of ${num(n.credits)} credits; needs ${num(n.credits - credits)} more from: ${list(missing)}.`;
  } else {
    text = '';
  }
  return r.window ? `${text} ${windowMessage(r)}` : text;
}

function windowMessage(r: NodeResult): string {
  const w = r.window!;
  const span = describeDuration(w.duration);
  const times = r.counted.map((c) => c.credential.issuedAt.getTime());
  if (r.satisfied) {
    return `All counted within ${span}: the earliest counted was ${day(Math.min(...times))} and the latest ${day(Math.max(...times))}.`;
  }
  if (w.unconstrained?.satisfied) {
    return `Components must be earned within ${span}; the earliest counted was ${day(w.unconstrained.earliest)} and the latest ${day(w.unconstrained.latest)}, more than ${span} apart.`;
  }
  if (times.length && w.from !== undefined && w.to !== undefined) {
    return `Components must be earned within ${span}; counting the best window, ${day(w.from)} to ${day(w.to)}.`;
  }
  return `Components must be earned within ${span}.`;
}

function leafMessage(r: NodeResult, ctx: EvaluationContext, keyNames: Map<string, string>): string {
  const name = leafName(r, ctx);
  const node = r.node as LeafNode;
  if (r.satisfied && r.pick) {
    const c = r.pick;
    let text = `${name}: earned on ${day(c.issuedAt)}`;
    const main = node.type === 'credential' ? node.achievement : undefined;
    if (main && r.matched && r.matched !== main) {
      const eq = ctx.achievementNames?.[r.matched.achievementId] ?? c.achievementName ?? r.matched.achievementId;
      text += ` as ${eq} (accepted as equivalent)`;
    }
    if (r.pickStanding === 'suspended') text += '; it is suspended but still counts here';
    if (r.pickStanding === 'expired') {
      const until = c.validUntil ?? c.statusChangedAt;
      text += `; it expired${until ? ` on ${day(until)}` : ''} but still counts here`;
    }
    return `${text}.`;
  }
  const f: LeafFailure = r.failure ?? { kind: 'missing' };
  switch (f.kind) {
    case 'missing':
      if (r.nested) {
        return r.nested.satisfied
          ? `${name}: requirements met; the credential has not been awarded yet.`
          : `${name}: not yet awarded; ${Math.round(fractionOf(r.nested) * 100)}% of its requirements met.`;
      }
      return `${name}: not yet earned.`;
    case 'unknown_pathway':
      return `${name}: this pathway no longer exists, so it cannot be earned.`;
    case 'revoked':
      return `${name} was revoked${f.credential.statusChangedAt ? ` on ${day(f.credential.statusChangedAt)}` : ''}, so it does not count.`;
    case 'suspended':
      return `${name} is suspended${f.credential.statusChangedAt ? ` since ${day(f.credential.statusChangedAt)}` : ''}, so it does not count.`;
    case 'expired': {
      const when = f.credential.validUntil ?? f.credential.statusChangedAt;
      return `${name} expired${when ? ` on ${day(when)}` : ''}, so it does not count.`;
    }
    case 'result': {
      const what = f.min.name ?? f.min.resultDescription;
      return f.actual === null
        ? `${name}: has no result for ${what}; at least ${f.min.minValue} is required.`
        : `${name}: the result for ${what} is ${f.actual}, below the required ${f.min.minValue}.`;
    }
    case 'window':
      return `${name} was earned on ${day(f.credential.issuedAt)}, outside the window counted here (${day(f.from)} to ${day(f.to)}).`;
    case 'order': {
      const pre = keyNames.get(f.prerequisite) ?? f.prerequisite;
      return f.prerequisiteTime === null
        ? `${name} must be earned after ${pre}, which is not yet earned.`
        : `${name} must be earned after ${pre}: it was earned on ${day(f.credential.issuedAt)}, before ${pre} (${day(f.prerequisiteTime)}).`;
    }
  }
}
