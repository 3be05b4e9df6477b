/**
 * Benchmark: re-evaluate every pathway for 100,000 learners holding 1,000,000 credentials.
 * Goal (issue 6): under a minute on the project machine. Prints time and memory.
 */
import { createBatchEvaluator, type HeldCredential, type PathwayDefinition, type Rule } from '../src/core/stacking/index.ts';

const ACHIEVEMENTS = Array.from({ length: 60 }, (_, i) => `urn:uuid:bench-achievement-${i}`);
const EXTERNAL_ISSUER = 'did:web:partner.example';
const NOW = new Date('2026-12-04T00:00:00.000Z');

/** Deterministic PRNG (mulberry32), so every run evaluates the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ach = (i: number) => ACHIEVEMENTS[i % ACHIEVEMENTS.length]!;
const leaf = (i: number, extra: object = {}): Rule => ({ type: 'credential', achievement: { achievementId: ach(i) }, ...extra }) as Rule;

/** Twelve pathways using every operator and modifier, two of them nested. */
export function benchPathways(): PathwayDefinition[] {
  const p = (id: number, rule: Rule): PathwayDefinition => ({ id: `pw-${id}`, name: `Pathway ${id}`, targetAchievementId: `urn:uuid:bench-target-${id}`, rule });
  return [
    p(1, { type: 'allOf', children: [leaf(0), leaf(1), leaf(2)] }),
    p(2, { type: 'nOf', n: 3, children: [leaf(3), leaf(4), leaf(5), leaf(6), leaf(7)] }),
    p(3, { type: 'minCredits', credits: 12, children: [leaf(8), leaf(9), leaf(10), leaf(11), leaf(12)] }),
    p(4, { type: 'allOf', within: 'P12M', validOnly: true, children: [leaf(13), leaf(14), { type: 'anyOf', children: [leaf(15), leaf(16)] }] }),
    p(5, { type: 'allOf', children: [leaf(17, { key: 'a' }), leaf(18, { key: 'b', after: ['a'] }), leaf(19, { after: ['b'] })] }),
    p(6, {
      type: 'anyOf',
      children: [
        { type: 'credential', achievement: { achievementId: ach(20), minResult: { resultDescription: 'urn:rd:quiz', minValue: 80 } } },
        { type: 'credential', achievement: { achievementId: ach(21) }, equivalents: [{ achievementId: 'https://partner.example/a/21', issuerId: EXTERNAL_ISSUER }] },
      ],
    } as Rule),
    p(7, { type: 'allOf', children: [{ type: 'pathway', pathwayId: 'pw-1' }, leaf(22), leaf(23)] }),
    p(8, { type: 'nOf', n: 2, validOnly: true, children: [{ type: 'pathway', pathwayId: 'pw-2' }, { type: 'pathway', pathwayId: 'pw-3' }, leaf(24)] }),
    p(9, { type: 'minCredits', credits: 20, within: 'P2Y', children: [leaf(25), leaf(26), leaf(27), leaf(28), leaf(29), leaf(30), leaf(31)] }),
    p(10, {
      type: 'allOf',
      children: [
        { type: 'nOf', n: 2, label: 'Core', children: [leaf(32), leaf(33), leaf(34)] },
        { type: 'minCredits', credits: 8, label: 'Electives', children: [leaf(35), leaf(36), leaf(37), leaf(38)] },
      ],
    }),
    p(11, { type: 'anyOf', children: [leaf(39), leaf(40), leaf(41), leaf(42)] }),
    p(12, { type: 'allOf', validOnly: true, children: [leaf(43), leaf(44), leaf(45), leaf(46), leaf(47)] }),
  ];
}

/** `learners` learners holding `perLearner` credentials each, with realistic statuses, credits and results. */
export function benchLearners(learners: number, perLearner: number, seed = 42): { learnerId: string; credentials: HeldCredential[] }[] {
  const rnd = prng(seed);
  const start = Date.parse('2023-01-01T00:00:00Z');
  const span = NOW.getTime() - start;
  const out: { learnerId: string; credentials: HeldCredential[] }[] = new Array(learners);
  let n = 0;
  for (let l = 0; l < learners; l++) {
    // Each learner works in a neighbourhood of achievements, so pathways actually complete.
    const base = Math.floor(rnd() * ACHIEVEMENTS.length);
    const credentials: HeldCredential[] = new Array(perLearner);
    for (let k = 0; k < perLearner; k++) {
      const external = rnd() < 0.03;
      const r = rnd();
      const issuedAt = new Date(start + Math.floor(rnd() * span));
      credentials[k] = {
        id: `urn:uuid:bench-cred-${n++}`,
        achievementId: external ? 'https://partner.example/a/21' : ach(base + Math.floor(rnd() * 8)),
        issuerId: external ? EXTERNAL_ISSUER : 'https://bench.example/issuer',
        origin: external ? 'imported' : 'issued',
        issuedAt,
        validUntil: rnd() < 0.3 ? new Date(issuedAt.getTime() + 730 * 86_400_000) : null,
        status: r < 0.03 ? 'revoked' : r < 0.05 ? 'suspended' : 'valid',
        credits: 2 + Math.floor(rnd() * 5),
        results: [{ resultDescription: 'urn:rd:quiz', value: String(50 + Math.floor(rnd() * 51)) }],
      };
    }
    out[l] = { learnerId: `learner-${l}`, credentials };
  }
  return out;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Run the stacking benchmark and print time and memory. */
export async function runStackingBench(opts: { learners?: number; perLearner?: number } = {}): Promise<Record<string, number>> {
  const learnersN = opts.learners ?? 100_000;
  const perLearner = opts.perLearner ?? 10;
  const pathways = benchPathways();
  const heapStart = process.memoryUsage().heapUsed;
  let t0 = performance.now();
  const learners = benchLearners(learnersN, perLearner);
  const genMs = performance.now() - t0;
  const heapData = process.memoryUsage().heapUsed;

  const batch = createBatchEvaluator(pathways);
  let satisfied = 0;
  let evaluated = 0;
  let peakHeap = 0;
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < learners.length; i++) {
    for (const o of batch.evaluateLearner(learners[i]!, NOW)) {
      evaluated++;
      if (o.satisfied) satisfied++;
    }
    if (i % 10_000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const evalMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);

  console.log(`stacking: ${learnersN.toLocaleString('en')} learners, ${(learnersN * perLearner).toLocaleString('en')} credentials, ${pathways.length} pathways`);
  console.log(`  data generated in ${(genMs / 1000).toFixed(1)} s, holding ${mb(heapData - heapStart)} of heap`);
  console.log(`  re-evaluated ${evaluated.toLocaleString('en')} learner×pathway pairs in ${(evalMs / 1000).toFixed(2)} s (${Math.round(evaluated / (evalMs / 1000)).toLocaleString('en')}/s); ${satisfied.toLocaleString('en')} qualify`);
  console.log(`  cpu time ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (wall time above includes waiting for a shared CPU)`);
  console.log(`  memory: peak heap ${mb(peakHeap)} sampled every 10,000 learners (includes garbage not yet collected; the data itself is ${mb(heapData - heapStart)}), rss ${mb(process.memoryUsage().rss)}`);
  console.log(`  goal: under 60 s — ${evalMs < 60_000 ? 'met' : 'NOT met'}`);
  return {
    'learner×pathway evaluations per second': Math.round(evaluated / (evalMs / 1000)),
    'seconds to re-evaluate everyone (wall)': Math.round(evalMs / 100) / 10,
    'seconds to re-evaluate everyone (cpu)': Math.round((cpu.user + cpu.system) / 1e5) / 10,
    'peak heap MB': Math.round(peakHeap / 1024 / 1024),
  };
}
