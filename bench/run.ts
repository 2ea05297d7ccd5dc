/**
 * `npm run bench`: every benchmark, each in its own process so one's memory and JIT state never
 * colour another's figures. Extra arguments are passed on to each.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCHES = ['read-seg', 'read-tiff', 'export', 'geojson', 'outlines-txt', 'import', 'pictures'];

let failed = 0;
for (const name of BENCHES) {
  const script = path.join(here, `${name}.js`);
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, [script, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
