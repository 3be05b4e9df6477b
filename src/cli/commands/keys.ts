// `microcred keys generate --out key.json`: a new signing key; prints its public part with the issuer id to use.
import { chmod, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { action, UsageError } from '../io.ts';
import { generateKeyFile, publicPart, type KeyAlgorithm } from '../key-file.ts';

const TYPES: Record<string, KeyAlgorithm> = { ed25519: 'Ed25519', 'p-256': 'P-256', p256: 'P-256', rsa: 'RSA' };

/** Registers `keys generate`. */
export function register(program: Command): void {
  const keys = program.command('keys').description('Signing keys for `microcred sign`');
  keys
    .command('generate')
    .description('Generate a signing key file (mode 0600) and print its public part')
    .requiredOption('--out <file>', 'where to write the key file')
    .option('--type <type>', 'ed25519 (Data Integrity, default), p-256 (VC-JWT ES256) or rsa (VC-JWT RS256)', 'ed25519')
    .option('--did-web <url>', 'use the did:web for this https URL as the issuer id (host its DID document there)')
    .option('--force', 'overwrite an existing key file')
    .action(
      action(async (opts: { out: string; type: string; didWeb?: string; force?: boolean }) => {
        const algorithm = TYPES[opts.type.toLowerCase()];
        if (!algorithm) throw new UsageError(`--type must be ed25519, p-256 or rsa (got "${opts.type}").`);
        const key = await generateKeyFile(algorithm, opts.didWeb);
        try {
          await writeFile(opts.out, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600, flag: opts.force ? 'w' : 'wx' });
          await chmod(opts.out, 0o600);
        } catch (e) {
          const code = (e as { code?: string }).code;
          throw new UsageError(code === 'EEXIST' ? `${opts.out} exists; use --force to overwrite it.` : `cannot write ${opts.out} (${code ?? 'error'}).`);
        }
        process.stdout.write(`${JSON.stringify(publicPart(key), null, 2)}\n`);
      }),
    );
}
