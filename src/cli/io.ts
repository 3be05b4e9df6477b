// Shared plumbing for CLI commands: exit codes, one-line errors, reading input files.
import { AppError, EXIT_CODE } from '../core/errors.ts';

/** Exit codes of the microcred CLI. */
export const EXIT = { ok: 0, failed: 1, usage: 2, couldNotCheck: 3 } as const;

/** A usage or input problem: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Prints one line for an error and returns the exit code it maps to. */
export function reportError(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`microcred: ${err.message}\n`);
    return EXIT.usage;
  }
  if (err instanceof AppError) {
    const where = err.field ? ` (${err.field})` : '';
    process.stderr.write(`microcred: ${err.message}${where}\n`);
    return EXIT_CODE[err.kind];
  }
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string } | null)?.code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
    process.stderr.write(`microcred: ${message}\n`);
    return EXIT.usage;
  }
  process.stderr.write(`microcred: ${message.split('\n')[0]}\n`);
  return EXIT.failed;
}

/**
 * Wraps a command action: runs it, maps its result or error to the process exit code.
 * The action returns the exit code it wants (default 0).
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void> | number | void) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? EXIT.ok;
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}
