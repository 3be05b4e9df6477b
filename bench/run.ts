/**
 * `npm run bench [-- name…]`: runs every benchmark module in bench/. A module that exports
 * `run…Bench()` is imported and called (its figures, with references and ratios, are printed as it goes,
 * and what it returns is summarised at the end); a stand-alone script (top-level code, no runner export) is
 * run in a child process. Helper modules are skipped. Names on the command line pick modules by substring.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { availableParallelism, cpus } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const RUNNER = /export\s+async\s+function\s+(run\w*Bench)\s*\(/g;

type Figures = Record<string, unknown>;
const summary: { module: string; fn: string; result: unknown }[] = [];

function flatten(value: unknown, prefix = '', out: [string, number][] = [], depth = 0): [string, number][] {
  if (typeof value === 'number' && Number.isFinite(value)) out.push([prefix, value]);
  else if (value && typeof value === 'object' && depth < 3) {
    for (const [k, v] of Object.entries(value as Figures)) flatten(v, prefix ? `${prefix} · ${k}` : k, out, depth + 1);
  }
  return out;
}

const files = readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts')).sort();
console.log(`microcred benchmarks — node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
for (const file of files) {
  const name = file.replace(/\.ts$/, '');
  if (only.length && !only.some((o) => name.includes(o))) continue;
  const source = readFileSync(join(here, file), 'utf8');
  const runners = [...source.matchAll(RUNNER)].map((m) => m[1]!);
  if (runners.length > 0) {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as Record<string, () => Promise<unknown>>;
    for (const fn of runners) {
      const t0 = performance.now();
      const result = await mod[fn]!();
      console.log(`  (${name}.${fn}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      summary.push({ module: name, fn, result });
    }
  } else if (/^await\s/m.test(source) && !/^export\s/m.test(source)) {
    console.log(`\n== ${name} (stand-alone script) ==`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit' });
    if (r.status !== 0) console.log(`  ${name} exited with ${r.status}`);
  }
}

const rows = summary.flatMap((s) => flatten(s.result).map(([k, v]) => [`${s.module}: ${k}`, v] as const));
if (rows.length) {
  console.log('\n== Summary (operations or credentials per second unless the name says otherwise) ==');
  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)} ${v.toFixed(v < 100 ? 1 : 0).padStart(10)}`);
}
