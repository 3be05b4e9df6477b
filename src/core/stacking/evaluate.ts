import { addDuration, type Duration } from './duration.ts';
import { compileRule, type CompiledRule, type Holdings, type LeafInfo } from './compile.ts';
import type { AchievementRef, EvaluationContext, GroupNode, HeldCredential, MinResult, Rule } from './types.ts';

/** Why a leaf's best candidate did not count. */
export type LeafFailure =
  | { kind: 'missing' }
  | { kind: 'unknown_pathway' }
  | { kind: 'revoked' | 'suspended' | 'expired'; credential: HeldCredential }
  | { kind: 'result'; credential: HeldCredential; min: MinResult; actual: string | null }
  | { kind: 'window'; credential: HeldCredential; from: number; to: number }
  | { kind: 'order'; credential: HeldCredential; prerequisite: string; prerequisiteTime: number | null };

/** A credential counted at a node, with the credits it brings. */
export interface Counted {
  credential: HeldCredential;
  credits: number;
}

/** Evaluation of one node (data only; `explain` turns it into words). */
export interface NodeResult {
  node: Rule;
  path: string;
  satisfied: boolean;
  earned: number;
  required: number;
  unit: 'components' | 'credits';
  counted: Counted[];
  children: NodeResult[];
  /** Leaves: the credential used and, when it came through an equivalence, the ref it matched. */
  pick?: HeldCredential;
  matched?: AchievementRef;
  /** Standing of the picked credential at evaluation time (it may count without being valid when `validOnly` is off). */
  pickStanding?: 'valid' | 'suspended' | 'expired';
  failure?: LeafFailure;
  /** Pathway leaves not yet awarded: the nested pathway's own evaluation. */
  nested?: NodeResult;
  window?: WindowInfo;
}

/** What a `within` modifier did at a group. */
export interface WindowInfo {
  duration: Duration;
  /** The window counted (absent when nothing was held). */
  from?: number;
  to?: number;
  /** When no window worked: whether the group would hold without the window, and the span of what it counted. */
  unconstrained?: { satisfied: boolean; earliest: number; latest: number };
}

/** Every NodeResult has the same fields in the same order (one object shape keeps the evaluator fast). */
function result(node: Rule, path: string, satisfied: boolean, earned: number, required: number, unit: 'components' | 'credits', counted: Counted[], children: NodeResult[]): NodeResult {
  return { node, path, satisfied, earned, required, unit, counted, children, pick: undefined, matched: undefined, pickStanding: undefined, failure: undefined, nested: undefined, window: undefined };
}

// Shared, never mutated: results of leaves with nothing held.
const NONE: NodeResult[] = [];
const NONE_COUNTED: Counted[] = [];
const MISSING: LeafFailure = { kind: 'missing' };

interface Scope {
  from: number;
  to: number;
}
const ALL: Scope = { from: -Infinity, to: Infinity };

/** Whether a credential has expired at `now` (by status or by its validUntil). */
export function isExpired(c: HeldCredential, now: number): boolean {
  return c.status === 'expired' || (c.validUntil != null && c.validUntil.getTime() <= now);
}

/** Whether a held credential carries a result meeting `min`; returns the actual value seen (or null). */
export function checkResult(c: HeldCredential, min: MinResult): { ok: boolean; actual: string | null } {
  const r = c.results?.find((x) => x.resultDescription === min.resultDescription);
  if (!r) return { ok: false, actual: null };
  if (min.scale) {
    const candidates = [r.value, r.achievedLevel].filter((v): v is string => typeof v === 'string');
    const need = min.scale.indexOf(String(min.minValue));
    const best = Math.max(-1, ...candidates.map((v) => min.scale!.indexOf(v)));
    return { ok: best >= 0 && best >= need, actual: candidates[0] ?? null };
  }
  const value = r.value ?? null;
  const n = value === null ? NaN : Number.parseFloat(value.replace('%', '').trim());
  return { ok: Number.isFinite(n) && n >= Number(min.minValue), actual: value };
}

/** Evaluates rules for one learner at one instant; memoises order times and nested pathways. */
export class RuleEvaluator {
  private readonly orderTimes = new Map<LeafInfo, number | null>();
  private readonly nested = new Map<string, NodeResult>();
  private readonly visiting = new Set<string>();
  private readonly compiled = new Map<string, CompiledRule>();

  constructor(
    private readonly holdings: Holdings,
    private readonly now: number,
    private readonly ctx: EvaluationContext = {},
    compiledPathways?: Map<string, CompiledRule>,
  ) {
    if (compiledPathways) this.compiled = compiledPathways;
  }

  /** Evaluate a compiled rule from its root. */
  evaluate(rule: CompiledRule): NodeResult {
    return this.node(rule, rule.rule, ALL);
  }

  private node(rule: CompiledRule, node: Rule, scope: Scope): NodeResult {
    const group = rule.groups.get(node);
    if (group) return group.within ? this.windowed(rule, group.node, group.within, scope) : this.group(rule, group.node, scope);
    return this.leaf(rule, rule.leaves.get(node)!, scope);
  }

  private group(rule: CompiledRule, node: GroupNode, scope: Scope): NodeResult {
    const children = node.children.map((c) => this.node(rule, c, scope));
    const path = rule.groups.get(node)!.path;
    const sat = children.filter((c) => c.satisfied);
    const counted: Counted[] = [];
    const seen = new Set<string>();
    for (const c of sat) {
      for (const x of c.counted) {
        if (seen.has(x.credential.id)) continue;
        seen.add(x.credential.id);
        counted.push(x);
      }
    }
    const norm = (c: NodeResult) => (c.unit === 'credits' ? { e: c.satisfied ? 1 : c.earned / c.required, r: 1 } : { e: c.earned, r: c.required });
    let satisfied: boolean;
    let earned = 0;
    let required = 0;
    if (node.type === 'minCredits') {
      const credits = counted.reduce((a, x) => a + x.credits, 0);
      satisfied = credits >= node.credits;
      return result(node, path, satisfied, Math.min(credits, node.credits), node.credits, 'credits', counted, children);
    }
    if (node.type === 'allOf') {
      satisfied = sat.length === children.length;
      for (const c of children) {
        const { e, r } = norm(c);
        earned += e;
        required += r;
      }
    } else {
      const n = node.type === 'anyOf' ? 1 : node.n;
      satisfied = sat.length >= n;
      const best = [...children].sort((a, b) => fractionOf(b) - fractionOf(a)).slice(0, n);
      for (const c of best) {
        const { e, r } = norm(c);
        earned += e;
        required += r;
      }
    }
    if (satisfied) earned = required;
    return result(node, path, satisfied, round(earned), required, 'components', counted, children);
  }

  private windowed(rule: CompiledRule, node: GroupNode, d: Duration, scope: Scope): NodeResult {
    const info = rule.groups.get(node)!;
    const starts = new Set<number>();
    for (const c of this.candidates(info.refs)) {
      const t = c.credential.issuedAt.getTime();
      if (c.credential.status !== 'revoked' && t >= scope.from && t <= scope.to) starts.add(t);
    }
    if (starts.size === 0) {
      const r = this.group(rule, node, scope);
      r.window = { duration: d };
      return r;
    }
    // Fast path: what counts without the window already fits in one.
    const free = this.group(rule, node, scope);
    if (free.satisfied) {
      let earliest = Infinity;
      let latest = -Infinity;
      for (const x of free.counted) {
        const t = x.credential.issuedAt.getTime();
        if (t < earliest) earliest = t;
        if (t > latest) latest = t;
      }
      const to = addDuration(earliest, d);
      if (latest <= to) {
        free.window = { duration: d, from: earliest, to };
        return free;
      }
    }
    let best: NodeResult | null = null;
    let bestScope = scope;
    for (const start of [...starts].sort((a, b) => b - a)) {
      const s = { from: Math.max(scope.from, start), to: Math.min(scope.to, addDuration(start, d)) };
      const r = this.group(rule, node, s);
      if (r.satisfied || !best || fractionOf(r) > fractionOf(best)) {
        best = r;
        bestScope = s;
      }
      if (r.satisfied) break;
      // A window only removes candidates, so no window can do better than no window at all.
      if (!free.satisfied && fractionOf(best) >= fractionOf(free)) break;
    }
    const out = best!;
    out.window = { duration: d, from: bestScope.from, to: bestScope.to };
    if (!out.satisfied) {
      const times = free.counted.map((x) => x.credential.issuedAt.getTime());
      if (times.length) out.window.unconstrained = { satisfied: free.satisfied, earliest: Math.min(...times), latest: Math.max(...times) };
    }
    return out;
  }

  private candidates(refs: AchievementRef[]): { credential: HeldCredential; ref: AchievementRef }[] {
    const out: { credential: HeldCredential; ref: AchievementRef }[] = [];
    for (const ref of refs) {
      const list = this.holdings.byAchievement.get(ref.achievementId);
      if (!list) continue;
      for (const c of list) {
        if (ref.issuerId === undefined ? c.origin === 'issued' : c.issuerId === ref.issuerId) out.push({ credential: c, ref });
      }
    }
    return out;
  }

  /** Candidates of a leaf that count in a scope, and the failure of the latest one when none does. */
  private resolve(rule: CompiledRule, info: LeafInfo, scope: Scope) {
    const cands = this.candidates(info.refs);
    let prereq: { key: string; time: number | null } | null = null;
    for (const key of info.after) {
      const dep = rule.byKey.get(key);
      const time = dep ? this.orderTime(rule, dep) : null;
      if (time === null) {
        prereq = { key, time: null };
        break;
      }
      if (!prereq || time > prereq.time!) prereq = { key, time };
    }
    const ok: { credential: HeldCredential; ref: AchievementRef }[] = [];
    let failure: LeafFailure | undefined;
    let failureTime = -Infinity;
    for (const cand of cands) {
      const c = cand.credential;
      const t = c.issuedAt.getTime();
      let f: LeafFailure | undefined;
      if (c.status === 'revoked') f = { kind: 'revoked', credential: c };
      else if (info.validOnly && c.status === 'suspended') f = { kind: 'suspended', credential: c };
      else if (info.validOnly && isExpired(c, this.now)) f = { kind: 'expired', credential: c };
      else if (cand.ref.minResult) {
        const res = checkResult(c, cand.ref.minResult);
        if (!res.ok) f = { kind: 'result', credential: c, min: cand.ref.minResult, actual: res.actual };
      }
      if (!f && (t < scope.from || t > scope.to)) f = { kind: 'window', credential: c, from: scope.from, to: scope.to };
      if (!f && prereq && (prereq.time === null || t <= prereq.time)) {
        f = { kind: 'order', credential: c, prerequisite: prereq.key, prerequisiteTime: prereq.time };
      }
      if (!f) ok.push(cand);
      else if (t >= failureTime) {
        failure = f;
        failureTime = t;
      }
    }
    return { ok, failure };
  }

  private holdsAny(refs: AchievementRef[]): boolean {
    for (const r of refs) if (this.holdings.byAchievement.has(r.achievementId)) return true;
    return false;
  }

  /** Earliest time a leaf was earned in a way that counts (ignoring windows): what `after` compares to. */
  private orderTime(rule: CompiledRule, info: LeafInfo): number | null {
    if (this.orderTimes.has(info)) return this.orderTimes.get(info)!;
    this.orderTimes.set(info, null); // guards against order cycles (rejected by validateRule anyway)
    const { ok } = this.resolve(rule, info, ALL);
    const time = ok.length ? Math.min(...ok.map((x) => x.credential.issuedAt.getTime())) : null;
    this.orderTimes.set(info, time);
    return time;
  }

  private leaf(rule: CompiledRule, info: LeafInfo, scope: Scope): NodeResult {
    // Fast path (most leaves, most learners): nothing held for any accepted achievement.
    if (info.node.type === 'credential' && !this.holdsAny(info.refs)) {
      const r = result(info.node, info.path, false, 0, 1, 'components', NONE_COUNTED, NONE);
      r.failure = MISSING;
      return r;
    }
    const { ok, failure } = this.resolve(rule, info, scope);
    if (ok.length > 0) {
      // Prefer the most credits (so a narrower scope can never count more than a wider one), then a
      // credential still in good standing, then the most recent.
      const fallback = info.node.credits ?? 0;
      let best = ok[0]!;
      let bestKey = this.pickKey(best.credential, fallback);
      for (let i = 1; i < ok.length; i++) {
        const key = this.pickKey(ok[i]!.credential, fallback);
        if (key[0] > bestKey[0] || (key[0] === bestKey[0] && (key[1] > bestKey[1] || (key[1] === bestKey[1] && key[2] > bestKey[2])))) {
          best = ok[i]!;
          bestKey = key;
        }
      }
      const credits = bestKey[0];
      const c = best.credential;
      const pickStanding = c.status === 'suspended' ? 'suspended' : isExpired(c, this.now) ? 'expired' : 'valid';
      const r = result(info.node, info.path, true, 1, 1, 'components', [{ credential: c, credits }], NONE);
      r.pick = c;
      r.matched = best.ref;
      r.pickStanding = pickStanding;
      return r;
    }
    const r = result(info.node, info.path, false, 0, 1, 'components', NONE_COUNTED, NONE);
    r.failure = failure ?? MISSING;
    if (info.node.type === 'pathway') {
      if (info.refs.length === 0) r.failure = { kind: 'unknown_pathway' };
      const nested = this.nestedPathway(info.node.pathwayId);
      if (nested) {
        r.nested = nested;
        // Requirements met but not yet awarded still counts as not earned.
        r.earned = round(Math.min(fractionOf(nested), 0.99));
      }
    }
    return r;
  }

  private pickKey(c: HeldCredential, fallbackCredits: number): [number, number, number] {
    return [c.credits ?? fallbackCredits, c.status === 'valid' && !isExpired(c, this.now) ? 1 : 0, c.issuedAt.getTime()];
  }

  private nestedPathway(id: string): NodeResult | undefined {
    const def = this.ctx.pathways?.[id];
    if (!def || this.visiting.has(id)) return undefined;
    const memo = this.nested.get(id);
    if (memo) return memo;
    this.visiting.add(id);
    let compiled = this.compiled.get(id);
    if (!compiled) {
      compiled = compileRule(def.rule, this.ctx.pathways);
      this.compiled.set(id, compiled);
    }
    const r = this.evaluate(compiled);
    this.visiting.delete(id);
    this.nested.set(id, r);
    return r;
  }
}

/** Fraction of a node's requirement that is met, 0..1. */
export function fractionOf(r: NodeResult): number {
  if (r.satisfied) return 1;
  return r.required > 0 ? Math.min(1, r.earned / r.required) : 0;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
