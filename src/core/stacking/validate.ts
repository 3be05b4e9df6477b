import { parseDuration } from './duration.ts';
import { isGroup, leafRefs, pathwayDependencies, refKey, walkRule } from './walk.ts';
import type { AchievementRef, PathwayDefinition, Rule, RuleIssue } from './types.ts';

/** What a rule is checked against when it is saved. */
export interface ValidationContext {
  /** Ids of this organization's achievements (refs without `issuerId` must name one of them). */
  knownAchievementIds: Iterable<string>;
  /** Optional facts about achievements: names for messages, credits for "impossible" checks, result descriptions. */
  achievements?: Record<string, { name?: string; creditsAvailable?: number | null; resultDescriptionIds?: string[] }>;
  /** The other pathways (for `pathway` leaves and cycle checks). */
  pathways?: Iterable<PathwayDefinition>;
  /** The pathway being saved: its id (when it exists already) and target achievement. */
  self?: { id?: string; targetAchievementId: string };
}

const GROUP_TYPES = ['allOf', 'anyOf', 'nOf', 'minCredits'];
const MAX_NODES = 1000;
const MAX_DEPTH = 20;
const ISSUER_ID = /^(did:[a-z0-9]+:\S+|https?:\/\/\S+|urn:\S+)$/i;

/**
 * Check a rule before it is saved; returns every problem with a JSON pointer into the rule (empty when valid).
 * @example validateRule({ type: 'nOf', n: 3, children: [a, b] }, { knownAchievementIds }) // → [{ path: '/n', … }]
 */
export function validateRule(rule: unknown, ctx: ValidationContext): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const known = new Set(ctx.knownAchievementIds);
  const pathways = new Map<string, PathwayDefinition>();
  for (const p of ctx.pathways ?? []) pathways.set(p.id, p);
  const nameOf = (id: string) => ctx.achievements?.[id]?.name ?? id;
  const keys = new Map<string, string>();
  const afterRefs: { path: string; from: string | undefined; to: string }[] = [];
  let count = 0;

  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) {
    return [{ path: '', message: 'The rule must be a JSON object such as {"type":"allOf","children":[…]}.' }];
  }

  const checkRef = (ref: unknown, path: string) => {
    if (!ref || typeof ref !== 'object') return issues.push({ path, message: 'Name the achievement: {"achievementId": "…"}.' });
    const r = ref as AchievementRef;
    if (typeof r.achievementId !== 'string' || r.achievementId.trim() === '') {
      issues.push({ path: `${path}/achievementId`, message: 'achievementId must be a non-empty string.' });
      return;
    }
    if (r.issuerId !== undefined) {
      if (typeof r.issuerId !== 'string' || !ISSUER_ID.test(r.issuerId)) {
        issues.push({ path: `${path}/issuerId`, message: 'issuerId must be the external issuer’s DID or URL (did:…, https://…).' });
      }
    } else if (!known.has(r.achievementId)) {
      issues.push({ path: `${path}/achievementId`, message: `Unknown micro-credential "${r.achievementId}": it is not one of this organization’s achievements (add issuerId for an external one).` });
    }
    if (r.issuerId === undefined && ctx.self && r.achievementId === ctx.self.targetAchievementId) {
      issues.push({ path: `${path}/achievementId`, message: `Cycle: the pathway cannot require its own credential (${nameOf(r.achievementId)}).` });
    }
    if (r.minResult !== undefined) checkMinResult(r, `${path}/minResult`);
  };

  const checkMinResult = (ref: AchievementRef, path: string) => {
    const m = ref.minResult as unknown as Record<string, unknown>;
    if (!m || typeof m !== 'object') return issues.push({ path, message: 'minResult must be an object {resultDescription, minValue}.' });
    if (typeof m.resultDescription !== 'string' || m.resultDescription === '') {
      issues.push({ path: `${path}/resultDescription`, message: 'resultDescription must be the id of a result description of the achievement.' });
    } else {
      const known = ctx.achievements?.[ref.achievementId]?.resultDescriptionIds;
      if (known && !known.includes(m.resultDescription)) {
        issues.push({ path: `${path}/resultDescription`, message: `${nameOf(ref.achievementId)} has no result description "${m.resultDescription}".` });
      }
    }
    if (m.scale !== undefined) {
      if (!Array.isArray(m.scale) || m.scale.length === 0 || !m.scale.every((s) => typeof s === 'string')) {
        issues.push({ path: `${path}/scale`, message: 'scale must be a non-empty list of values, lowest first.' });
      } else if (!m.scale.includes(m.minValue as string)) {
        issues.push({ path: `${path}/minValue`, message: `minValue "${String(m.minValue)}" is not one of the scale’s values (${m.scale.join(', ')}).` });
      }
    } else if (typeof m.minValue !== 'number' || !Number.isFinite(m.minValue)) {
      issues.push({ path: `${path}/minValue`, message: 'minValue must be a number (or give a scale for a non-numeric result).' });
    }
  };

  walkRule(rule, (node, path, depth) => {
    count += 1;
    if (count === MAX_NODES + 1) issues.push({ path, message: `The rule is too large: at most ${MAX_NODES} nodes.` });
    if (depth > MAX_DEPTH) return void issues.push({ path, message: `The rule is nested too deeply: at most ${MAX_DEPTH} levels.` });
    const n = node as unknown as Record<string, unknown>;
    if (Array.isArray(node)) return void issues.push({ path, message: 'Each node must be an object, not a list.' });
    if (n.label !== undefined && (typeof n.label !== 'string' || n.label.length > 200)) {
      issues.push({ path: `${path}/label`, message: 'label must be text of at most 200 characters.' });
    }
    if (n.validOnly !== undefined && typeof n.validOnly !== 'boolean') {
      issues.push({ path: `${path}/validOnly`, message: 'validOnly must be true or false.' });
    }
    if (GROUP_TYPES.includes(n.type as string)) return checkGroup(node, n, path);
    if (n.type === 'credential' || n.type === 'pathway') return checkLeaf(n, path);
    issues.push({ path: `${path}/type`, message: `Unknown node type ${JSON.stringify(n.type)}: use allOf, anyOf, nOf, minCredits, credential or pathway.` });
  });

  function checkGroup(node: Rule, n: Record<string, unknown>, path: string) {
    const children = n.children;
    if (n.within !== undefined && (typeof n.within !== 'string' || !parseDuration(n.within))) {
      issues.push({ path: `${path}/within`, message: `within must be an ISO-8601 duration such as P12M or P90D, not ${JSON.stringify(n.within)}.` });
    }
    if (!Array.isArray(children) || children.length === 0) {
      issues.push({ path: `${path}/children`, message: `${String(n.type)} needs a non-empty list of children.` });
      return;
    }
    if (n.type === 'nOf') {
      if (typeof n.n !== 'number' || !Number.isInteger(n.n) || n.n < 1) {
        issues.push({ path: `${path}/n`, message: `n must be a whole number of at least 1, not ${JSON.stringify(n.n)}.` });
      } else if (n.n > children.length) {
        issues.push({ path: `${path}/n`, message: `Impossible: needs ${n.n} of only ${children.length} components.` });
      }
    }
    if (n.type === 'minCredits') {
      if (typeof n.credits !== 'number' || !Number.isFinite(n.credits)) {
        issues.push({ path: `${path}/credits`, message: 'credits must be a number.' });
      } else if (n.credits < 0) {
        issues.push({ path: `${path}/credits`, message: `credits cannot be negative (${n.credits}).` });
      } else if (n.credits === 0) {
        issues.push({ path: `${path}/credits`, message: 'credits must be more than 0.' });
      } else {
        const available = maxCredits(node);
        if (available < n.credits) {
          issues.push({ path: `${path}/credits`, message: `Impossible: needs ${n.credits} credits but its components offer at most ${available}.` });
        }
      }
    }
    const seen = new Map<string, number>();
    children.forEach((c, i) => {
      if (!c || typeof c !== 'object' || (c as Rule).type !== 'credential') return;
      for (const ref of leafRefs(c as Rule & { type: 'credential' })) {
        if (typeof ref.achievementId !== 'string') continue;
        const k = refKey(ref);
        const first = seen.get(k);
        if (first !== undefined && first !== i) {
          issues.push({ path: `${path}/children/${i}`, message: `${nameOf(ref.achievementId)} is already listed in this group (child ${first + 1}); one credential cannot count twice.` });
        }
        seen.set(k, first ?? i);
      }
    });
  }

  function checkLeaf(n: Record<string, unknown>, path: string) {
    if (n.within !== undefined) issues.push({ path: `${path}/within`, message: 'within applies to groups (allOf, anyOf, nOf, minCredits), not to one credential.' });
    if (n.key !== undefined) {
      if (typeof n.key !== 'string' || n.key === '') issues.push({ path: `${path}/key`, message: 'key must be a non-empty string.' });
      else if (keys.has(n.key)) issues.push({ path: `${path}/key`, message: `key "${n.key}" is already used at ${keys.get(n.key) || 'the root'}.` });
      else keys.set(n.key, path);
    }
    if (n.name !== undefined && typeof n.name !== 'string') issues.push({ path: `${path}/name`, message: 'name must be text.' });
    if (n.credits !== undefined && (typeof n.credits !== 'number' || !Number.isFinite(n.credits) || n.credits < 0)) {
      issues.push({ path: `${path}/credits`, message: 'credits must be a number of at least 0.' });
    }
    if (n.after !== undefined) {
      if (!Array.isArray(n.after) || !n.after.every((a) => typeof a === 'string')) {
        issues.push({ path: `${path}/after`, message: 'after must be a list of leaf keys.' });
      } else {
        for (const to of n.after) afterRefs.push({ path: `${path}/after`, from: n.key as string | undefined, to });
      }
    }
    if (n.type === 'credential') {
      checkRef(n.achievement, `${path}/achievement`);
      if (n.equivalents !== undefined) {
        if (!Array.isArray(n.equivalents)) issues.push({ path: `${path}/equivalents`, message: 'equivalents must be a list of achievements.' });
        else n.equivalents.forEach((e, i) => checkRef(e, `${path}/equivalents/${i}`));
      }
      return;
    }
    if (typeof n.pathwayId !== 'string' || n.pathwayId === '') {
      issues.push({ path: `${path}/pathwayId`, message: 'pathwayId must name another pathway.' });
    } else if (ctx.self?.id !== undefined && n.pathwayId === ctx.self.id) {
      issues.push({ path: `${path}/pathwayId`, message: 'Cycle: the pathway cannot contain itself.' });
    } else if (!pathways.has(n.pathwayId)) {
      issues.push({ path: `${path}/pathwayId`, message: `Unknown pathway "${n.pathwayId}".` });
    }
  }

  function maxCredits(node: Rule): number {
    if (node.type === 'credential') {
      if (typeof node.credits === 'number') return node.credits;
      let best = -1;
      for (const ref of leafRefs(node)) {
        const c = ctx.achievements?.[ref.achievementId]?.creditsAvailable;
        if (typeof c !== 'number') return Infinity;
        best = Math.max(best, c);
      }
      return best < 0 ? Infinity : best;
    }
    if (node.type === 'pathway') return typeof node.credits === 'number' ? node.credits : Infinity;
    if (!isGroup(node) || !Array.isArray(node.children)) return Infinity;
    const values = node.children.map((c) => (c && typeof c === 'object' ? maxCredits(c) : 0)).sort((a, b) => b - a);
    if (node.type === 'anyOf') return values[0] ?? 0;
    if (node.type === 'nOf') return values.slice(0, Math.max(0, node.n)).reduce((a, b) => a + b, 0);
    return values.reduce((a, b) => a + b, 0);
  }

  // Order: every `after` names an existing key, never its own leaf, and the order has no cycle.
  const edges = new Map<string, string[]>();
  for (const { path, from, to } of afterRefs) {
    if (!keys.has(to)) issues.push({ path, message: `after refers to "${to}", but no leaf has that key.` });
    else if (from === to) issues.push({ path, message: `A component cannot be required to come after itself ("${to}").` });
    else if (from !== undefined) edges.set(from, [...(edges.get(from) ?? []), to]);
  }
  const orderCycle = findCycle(edges);
  if (orderCycle) {
    issues.push({ path: `${keys.get(orderCycle[0]!)}/after`, message: `The order has a cycle: ${orderCycle.join(' → ')}; no learner could ever satisfy it.` });
  }

  // Nested pathways: the pathway being saved must not be reachable from its own rule.
  if (ctx.self) {
    const selfId = ctx.self.id ?? '(this pathway)';
    const all = [...pathways.values()].filter((p) => p.id !== selfId);
    all.push({ id: selfId, targetAchievementId: ctx.self.targetAchievementId, rule: rule as Rule });
    const graph = new Map<string, string[]>();
    for (const p of all) graph.set(p.id, [...pathwayDependencies(p.rule, all)]);
    const cycle = findCycle(graph, selfId);
    if (cycle && cycle.length > 2) {
      const names = cycle.map((id) => (id === selfId ? 'this pathway' : (pathways.get(id)?.name ?? id)));
      let at = '';
      walkRule(rule, (node, path) => {
        if (at === '' && (node.type === 'credential' || node.type === 'pathway') && pathwayDependencies(node, all).has(cycle[1]!)) at = path;
      });
      issues.push({ path: at, message: `Cycle across nested pathways: ${names.join(' → ')}.` });
    }
  }
  return issues;
}

/** A cycle in a directed graph, as the list of nodes (first repeated at the end), or null. */
function findCycle(edges: Map<string, string[]>, start?: string): string[] | null {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (v: string): string[] | null => {
    state.set(v, 1);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (state.get(w) === 1) return [...stack.slice(stack.indexOf(w)), w];
      if (!state.has(w)) {
        const found = visit(w);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(v, 2);
    return null;
  };
  for (const v of start !== undefined ? [start] : edges.keys()) {
    if (!state.has(v)) {
      const found = visit(v);
      if (found) return found;
    }
  }
  return null;
}
