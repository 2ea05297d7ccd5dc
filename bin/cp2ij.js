#!/usr/bin/env node
// The cp2ij command. Runs the compiled library (npm run build produces dist/).
import module from 'node:module';

// Node ≥ 22 can cache compiled code between runs, which shortens every start; older Node skips this.
module.enableCompileCache?.();
const { main } = await import('../dist/src/cli/main.js');

main(process.argv.slice(2)).then(
  // a large --json summary to a pipe is written asynchronously: exit once stdout has taken it all
  (code) => process.stdout.write('', () => process.exit(code)),
  (e) => {
    process.stderr.write(`cp2ij: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exit(70);
  },
);
