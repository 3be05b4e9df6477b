// `microcred bake <credential> <image> --out <file>` and `microcred unbake <image>`.
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { bakeImage, unbakeImage } from '../../core/baking/index.ts';
import { action, UsageError } from '../io.ts';

async function read(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new UsageError(`${path}: cannot read (${(e as { code?: string }).code ?? 'error'}).`);
  }
}

/** Registers `bake` and `unbake`. */
export function register(program: Command): void {
  program
    .command('bake')
    .description('Bake a signed credential (JSON or VC-JWT) into a PNG or SVG image')
    .argument('<credential>', 'signed credential file (.json or .jwt)')
    .argument('<image>', 'PNG or SVG image')
    .requiredOption('--out <file>', 'where to write the baked image')
    .action(
      action(async (credentialPath: string, imagePath: string, opts: { out: string }) => {
        const text = (await read(credentialPath)).toString('utf8').trim();
        let payload: object | string;
        if (text.startsWith('{')) {
          try {
            payload = JSON.parse(text) as object;
          } catch (e) {
            throw new UsageError(`${credentialPath} is not JSON: ${(e as Error).message}`);
          }
        } else payload = text;
        const baked = bakeImage(new Uint8Array(await read(imagePath)), payload);
        await writeFile(opts.out, baked.bytes);
        process.stdout.write(`Baked ${credentialPath} into ${opts.out} (${baked.format}).\n`);
      }),
    );
  program
    .command('unbake')
    .description('Print the credential baked into a PNG or SVG image')
    .argument('<image>', 'PNG or SVG image')
    .action(
      action(async (imagePath: string) => {
        const r = unbakeImage(new Uint8Array(await read(imagePath)));
        const out = r.payloadType === 'json' ? JSON.stringify(JSON.parse(r.payload), null, 2) : r.payload;
        process.stdout.write(`${out}\n`);
      }),
    );
}
