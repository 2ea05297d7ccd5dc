/**
 * The `cp2ij` command: commander program; each subcommand lives in ./commands/ and registers itself.
 */
import { Command } from 'commander';
import { isCp2ijError } from '../core/errors.js';
import { parseLimits, setLimits } from '../core/limits.js';
import { escapeControl } from '../core/text.js';
import { packageVersion } from '../node/package-root.js';
import { registerAll } from './commands/index.js';


export function buildProgram(): Command {
  const program = new Command('cp2ij')
    .description('Bridge Cellpose results and ImageJ/Fiji: read _seg.npy and label images, export exact ImageJ ROIs, and bring edited ROIs back.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // commander quotes the user's words in its messages: never let them reach the terminal raw
    .configureOutput({ writeErr: (text) => process.stderr.write(escapeControl(text, true)) });
  registerAll(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    if (process.env.CP2IJ_LIMITS) setLimits(parseLimits(process.env.CP2IJ_LIMITS));
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    const err = e as { code?: string; exitCode?: number };
    if (typeof err.code === 'string' && err.code.startsWith('commander.')) return err.exitCode ?? 1;
    if (isCp2ijError(e)) {
      // A problem with the request itself (bad option value…): one line, like any other input error.
      process.stderr.write(`cp2ij: ${escapeControl(e.message)}\n`);
      return 1;
    }
    throw e;
  }
}
