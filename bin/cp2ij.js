#!/usr/bin/env node
// The cp2ij command. Runs the compiled library (npm run build produces dist/).
import module from 'node:module';
import { readFileSync } from 'node:fs';

// `cp2ij --version` answers before any of the command is loaded
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
  process.exit(0);
}

// Node ≥ 22 can cache compiled code between runs, which shortens every start; older Node skips this.
module.enableCompileCache?.();
// one bundled file per job (esbuild, npm run build): a few modules to load instead of forty
const { main } = await import('../dist/bundle/main.js');

main(args).then(
  // a large --json summary to a pipe is written asynchronously: exit once stdout has taken it all
  (code) => process.stdout.write('', () => process.exit(code)),
  (e) => {
    process.stderr.write(`cp2ij: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exit(70);
  },
);
