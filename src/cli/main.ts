// The `microcred` command line. Each command lives in ./commands/<name>.ts and exports a
// `register(program)` function; add yours to COMMANDS below (one import, one array entry).
import { Command, CommanderError } from 'commander';
import { EXIT } from './io.ts';
import { register as verify } from './commands/verify.ts';
import { register as keys } from './commands/keys.ts';
import { register as sign } from './commands/sign.ts';
import { register as bake } from './commands/bake.ts';
import { register as admin } from './commands/admin.ts';

type Register = (program: Command) => void;

const COMMANDS: Register[] = [verify, keys, sign, bake, admin];

/** Builds the commander program with every registered command (no side effects). */
function buildProgram(): Command {
  const program = new Command();
  program
    .name('microcred')
    .description('Open Badges 3.0 micro-credentials: verify, sign, bake and administer')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of COMMANDS) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs the CLI on argv; resolves to the exit code. */
async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is a usage error.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw err;
  }
}

const code = await runCli(process.argv);
process.exitCode = code;
