/**
 * Runs the cp2ij command in this process and, as it exits, writes its peak memory (max RSS, bytes) to
 * the file named by CP2IJ_MEASURE_OUT: the hostile-input tests check the memory budget of whole runs.
 */
import { writeFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';

const out = process.env.CP2IJ_MEASURE_OUT;
process.on('exit', () => {
  if (out) writeFileSync(out, String(process.resourceUsage().maxRSS * 1024));
});
main(process.argv.slice(2)).then(
  // a large --json summary to a pipe is written asynchronously: exit once stdout has taken it all
  (code) => process.stdout.write('', () => process.exit(code)),
  (e: unknown) => {
    process.stderr.write(`cp2ij: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(70);
  },
);
