#!/usr/bin/env node
// The cp2ij command. Runs the compiled library (npm run build produces dist/).
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`cp2ij: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exit(70);
  },
);
