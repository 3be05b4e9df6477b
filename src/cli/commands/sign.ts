// `microcred sign <files…> --key key.json --out <dir>`: sign many credentials in one run.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Command } from 'commander';
import { createEd25519Signer } from '../../core/crypto/index.ts';
import { signDataIntegrity, type Cryptosuite } from '../../core/proofs/index.ts';
import { signVcJwt } from '../../core/jwt/index.ts';
import { action, UsageError } from '../io.ts';
import { readKeyFile, type KeyFile } from '../key-file.ts';

const FORMATS = ['eddsa-rdfc-2022', 'eddsa-jcs-2022', 'vc-jwt-es256', 'vc-jwt-rs256'] as const;
type Format = (typeof FORMATS)[number];
const NEEDS: Record<Format, KeyFile['algorithm']> = {
  'eddsa-rdfc-2022': 'Ed25519',
  'eddsa-jcs-2022': 'Ed25519',
  'vc-jwt-es256': 'P-256',
  'vc-jwt-rs256': 'RSA',
};

/** Sets the issuer id to the key's controller when the credential has none. */
function withIssuer(vc: Record<string, unknown>, controller: string): Record<string, unknown> {
  const issuer = vc.issuer;
  if (issuer === undefined) return { ...vc, issuer: controller };
  if (issuer && typeof issuer === 'object' && !Array.isArray(issuer) && (issuer as Record<string, unknown>).id === undefined) {
    return { ...vc, issuer: { ...(issuer as Record<string, unknown>), id: controller } };
  }
  return vc;
}

/** Registers `sign`. */
export function register(program: Command): void {
  program
    .command('sign')
    .description('Sign credential JSON files with a key file; writes one signed file per input into --out')
    .argument('<files...>', 'unsigned credential JSON files')
    .requiredOption('--key <file>', 'key file from `microcred keys generate`')
    .requiredOption('--out <dir>', 'directory for the signed credentials (created if missing)')
    .option('--format <format>', `proof format: ${FORMATS.join(', ')}`, 'eddsa-rdfc-2022')
    .action(
      action(async (files: string[], opts: { key: string; out: string; format: string }) => {
        if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${opts.format}").`);
        const format = opts.format as Format;
        const key = await readKeyFile(opts.key);
        if (key.algorithm !== NEEDS[format]) {
          throw new UsageError(`--format ${format} needs a ${NEEDS[format]} key, but ${opts.key} holds a ${key.algorithm} key.`);
        }
        // Read and parse every input before writing anything, so a bad file stops the run with nothing half-done.
        const inputs: { file: string; vc: Record<string, unknown> }[] = [];
        for (const file of files) {
          let text: string;
          try {
            text = await readFile(file, 'utf8');
          } catch (e) {
            throw new UsageError(`${file}: cannot read (${(e as { code?: string }).code ?? 'error'}).`);
          }
          let vc: unknown;
          try {
            vc = JSON.parse(text);
          } catch (e) {
            throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
          }
          if (!vc || typeof vc !== 'object' || Array.isArray(vc)) throw new UsageError(`${file} must hold one credential (a JSON object).`);
          inputs.push({ file, vc: withIssuer(vc as Record<string, unknown>, key.controller) });
        }
        await mkdir(opts.out, { recursive: true });
        const signer = key.seed ? createEd25519Signer(key.seed, key.id) : undefined;
        const created = new Date();
        const seen = new Set<string>();
        for (const { file, vc } of inputs) {
          const stem = basename(file, extname(file));
          const isJwt = format.startsWith('vc-jwt');
          const name = `${stem}${isJwt ? '.jwt' : '.json'}`;
          if (seen.has(name)) throw new UsageError(`two inputs would both be written to ${name}; rename one.`);
          seen.add(name);
          let output: string;
          try {
            if (isJwt) {
              output = `${await signVcJwt(vc, { alg: format === 'vc-jwt-es256' ? 'ES256' : 'RS256', privateKey: key.privateKeyJwk!, kid: key.id })}\n`;
            } else {
              const signed = await signDataIntegrity(vc, { signer: signer!, created, cryptosuite: format as Cryptosuite });
              output = `${JSON.stringify(signed, null, 2)}\n`;
            }
          } catch (e) {
            throw new UsageError(`${file}: ${(e as Error).message}`);
          }
          const target = join(opts.out, name);
          await writeFile(target, output);
          process.stdout.write(`${file} → ${target}\n`);
        }
        process.stderr.write(`Signed ${inputs.length} credential(s) with ${format} as ${key.controller}.\n`);
      }),
    );
}
