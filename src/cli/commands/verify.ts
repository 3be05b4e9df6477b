// `microcred verify <files…|url|->`: verify credentials (JSON, JWT, PNG, SVG, PDF) and print the check log.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyCredential } from '../../core/verify/index.ts';
import type { VerificationResult } from '../../core/verify/types.ts';
import { createHttpFetcher } from '../../services/http-fetcher.ts';
import { action, EXIT, UsageError } from '../io.ts';
import { formatResult } from '../format-result.ts';

const MAX_INPUT_BYTES = 20 * 1024 * 1024;

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT_BYTES) throw new UsageError('stdin is larger than 20 MB.');
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Exit code for a set of results: 1 if any invalid, 3 if any could not be checked, else 0. */
export function exitCodeFor(results: readonly VerificationResult[]): number {
  if (results.some((r) => r.summary === 'invalid')) return EXIT.failed;
  if (results.some((r) => r.summary === 'unknown')) return EXIT.couldNotCheck;
  return EXIT.ok;
}

/** Registers `verify`. */
export function register(program: Command): void {
  program
    .command('verify')
    .description('Verify Open Badges credentials: files (JSON, JWT, PNG, SVG, PDF), an http(s) URL, or - for stdin')
    .argument('<inputs...>', 'files, a URL, or - for stdin')
    .option('--json', 'print the check log as JSON (an object for one input, an array for several)')
    .option('--offline', 'do not fetch anything (status lists and remote keys are reported as could-not-check)')
    .option('--now <date-time>', 'judge validity and status at this instant instead of the current time')
    .option('--allow-private-addresses', 'allow fetching from loopback and private network addresses')
    .option('--timeout <ms>', 'timeout of each fetch in milliseconds', '10000')
    .addHelpText('after', '\nExit codes: 0 all valid, 1 any invalid, 3 could not check, 2 usage error.')
    .action(
      action(async (inputs: string[], opts: { json?: boolean; offline?: boolean; now?: string; allowPrivateAddresses?: boolean; timeout: string }) => {
        const now = opts.now === undefined ? new Date() : new Date(opts.now);
        if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be a date-time such as 2026-12-04T20:00:00Z (got "${opts.now}").`);
        const timeoutMs = Number(opts.timeout);
        if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout must be a positive number of milliseconds (got "${opts.timeout}").`);
        if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('stdin (-) can be read only once.');
        const http = createHttpFetcher({ allowPrivateAddresses: opts.allowPrivateAddresses ?? false });
        const fetcher = opts.offline ? undefined : (url: string, o: { accept: string; maxBytes: number; timeoutMs: number }) => http(url, { ...o, timeoutMs: Math.min(o.timeoutMs, timeoutMs) });

        // Read every input first, so a missing file is a usage error before anything is verified.
        const sources: { input: string; data: Uint8Array }[] = [];
        for (const input of inputs) {
          if (input === '-') sources.push({ input: 'stdin', data: await readStdin() });
          else if (/^https?:\/\//i.test(input)) {
            if (!fetcher) throw new UsageError(`cannot fetch ${input} with --offline.`);
            let res;
            try {
              res = await fetcher(input, { accept: 'application/vc+ld+json, application/ld+json, application/json, application/jwt, image/png, image/svg+xml, */*', maxBytes: MAX_INPUT_BYTES, timeoutMs });
            } catch (e) {
              // Nothing was checked: the credential itself could not be fetched.
              process.stderr.write(`microcred: could not fetch ${input}: ${(e as Error).message}\n`);
              return EXIT.couldNotCheck;
            }
            if (res.status !== 200) {
              process.stderr.write(`microcred: ${input} answered HTTP ${res.status}, not a credential.\n`);
              return EXIT.couldNotCheck;
            }
            sources.push({ input, data: res.body });
          } else {
            let data: Buffer;
            try {
              data = await readFile(input);
            } catch (e) {
              const code = (e as { code?: string }).code;
              throw new UsageError(code === 'ENOENT' ? `${input}: no such file.` : code === 'EISDIR' ? `${input} is a directory.` : `${input}: cannot read (${code ?? 'error'}).`);
            }
            if (data.length > MAX_INPUT_BYTES) throw new UsageError(`${input} is larger than 20 MB.`);
            sources.push({ input, data: new Uint8Array(data) });
          }
        }

        const results: { input: string; result: VerificationResult }[] = [];
        for (const s of sources) results.push({ input: s.input, result: await verifyCredential(s.data, { now, ...(fetcher ? { fetcher } : {}) }) });

        if (opts.json) {
          const shaped = results.map(({ input, result }) => ({ input, ...result }));
          process.stdout.write(`${JSON.stringify(shaped.length === 1 ? shaped[0] : shaped, null, 2)}\n`);
        } else {
          process.stdout.write(`${results.map(({ input, result }) => formatResult(input, result)).join('\n\n')}\n`);
        }
        return exitCodeFor(results.map((r) => r.result));
      }),
    );
}
