/**
 * Hostile and careless input, through the whole command (test/hostile/make.ts makes the files): every
 * run ends with exit 0 or a single `cp2ij: FILE: what is wrong` line and exit 1 — never an internal
 * error, never a raw control character — and stays within 1 GiB. A run still going after a minute is
 * killed and counted as a hang (a watchdog, not a timing: the budgets are benchmarks).
 */
import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeHostileFiles } from './hostile/make.js';
import { numpyPythons, runPython } from './helpers/numpy.js';

const RUNNER = path.resolve('dist', 'test', 'helpers', 'run-measured.js');
const SHARED = path.resolve('..', 'shared', 'fixtures');
const WATCHDOG_MS = 60_000;
const MEMORY_BUDGET = 2 ** 30;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  maxRss: number;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const measure = path.join(mkdtempSync(path.join(tmpdir(), 'cp2ij-rss-')), 'rss');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUNNER, ...args], { env: { ...process.env, ...env, CP2IJ_MEASURE_OUT: measure }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const watchdog = setTimeout(() => child.kill('SIGKILL'), WATCHDOG_MS);
    child.on('close', (status) => {
      clearTimeout(watchdog);
      resolve({ status, stdout, stderr, maxRss: existsSync(measure) ? Number(readFileSync(measure, 'utf8')) : NaN });
    });
  });
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'cp2ij-hostile-'));

test('every hostile file: exit 0 or one cp2ij line and exit 1, no control characters, under 1 GiB, no hang', async (t) => {
  const dir = tmp();
  const runs = await makeHostileFiles(dir);
  t.true(runs.length >= 50, `${runs.length} hostile runs`);
  const problems: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const h = runs[next++]!;
      const r = await run(h.args, h.env);
      const lines = r.stderr.split('\n').filter(Boolean);
      const where = `${h.what} (${h.args.join(' ')})`;
      if (r.status === null) problems.push(`${where}: still running after ${WATCHDOG_MS / 1000} s (hang)`);
      else if (r.status === 1) {
        if (lines.length !== 1 || !/^cp2ij: .+: .+/.test(lines[0]!)) problems.push(`${where}: expected one "cp2ij: FILE: …" line, got ${JSON.stringify(r.stderr)}`);
      } else if (r.status !== 0 || h.fails) problems.push(`${where}: exit ${r.status}, ${JSON.stringify(r.stderr.slice(0, 400))}`);
      if (RAW_CONTROL.test(r.stderr)) problems.push(`${where}: raw control characters reach the terminal: ${JSON.stringify(r.stderr)}`);
      if (!(r.maxRss < MEMORY_BUDGET)) problems.push(`${where}: peak memory ${(r.maxRss / 2 ** 20).toFixed(0)} MiB`);
    }
  };
  await Promise.all([worker(), worker()]);
  t.deepEqual(problems, []);
  const written = readdirSync(dir).filter((f) => f.includes('.tmp'));
  t.deepEqual(written, [], 'no temporary files left');
  t.false(existsSync(path.resolve(dir, '..', '..', '..', '1.roi')), 'no .roi written outside --out');
});

test('terminal escapes in names are shown escaped, in one line', async (t) => {
  const dir = tmp();
  await makeHostileFiles(dir);
  const r = await run(['import', path.join(dir, 'escape.zip'), '--shape', '10,10', '--out', path.join(dir, 'e.npy')]);
  t.is(r.status, 1);
  t.is(r.stderr.split('\n').filter(Boolean).length, 1);
  t.true(r.stderr.includes('\\x1b[2J\\x07\\ncp2ij: forged.roi'), r.stderr);
});

test('a folder holding a FIFO named like a seg: the FIFO is passed over, the batch finishes', async (t) => {
  const dir = tmp();
  copyFileSync(path.join(SHARED, 'seg', 'np1', 'tiny_seg.npy'), path.join(dir, 'tiny_seg.npy'));
  spawnSync('mkfifo', [path.join(dir, 'stuck_seg.npy')]);
  const r = await run(['export', dir, '--json']);
  t.is(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { exported: { file: string }[] };
  t.deepEqual(doc.exported.map((e) => path.basename(e.file)), ['tiny_seg.npy']);
});

test("a seg whose filename names a FIFO or /dev/zero: pictures are made without the image, nothing hangs", async (t) => {
  const dir = tmp();
  const fifo = path.join(dir, 'img.tif');
  spawnSync('mkfifo', [fifo]);
  const py = numpyPythons()[0]!;
  for (const [name, target] of [['fifo', fifo], ['zero', '/dev/zero']] as const) {
    runPython(py, `import numpy as np, sys
d = np.load(sys.argv[1], allow_pickle=True).item()
d.pop('img', None)
d['filename'] = sys.argv[2]
np.save(sys.argv[3], d)`, [path.join(SHARED, 'seg', 'np1', 'tiny_seg.npy'), target, path.join(dir, `${name}_seg.npy`)]);
    const r = await run(['export', path.join(dir, `${name}_seg.npy`), '--format', 'png', '--out', path.join(dir, name)]);
    t.is(r.status, 0, r.stderr);
    t.regex(r.stderr, /no image|image not used/);
    t.true(existsSync(path.join(dir, name, `${name}_overlay.png`)));
  }
});

test('a seg whose values share references 64 levels deep: import --like writes it once (memo) and numpy reads it back', async (t) => {
  const dir = tmp();
  const py = numpyPythons()[0]!;
  const seg = path.join(dir, 'deep_seg.npy');
  runPython(py, `import numpy as np, sys
d = np.load(sys.argv[1], allow_pickle=True).item()
t = ()
for i in range(64):
    t = (t, t)
d['deep'] = t
np.save(sys.argv[2], d)`, [path.join(SHARED, 'seg', 'np1', 'tiny_seg.npy'), seg]);
  t.true(statSync(seg).size < 1 << 20);
  const rois = path.join(dir, 'deep_rois.zip');
  t.is((await run(['export', seg, '--format', 'zip', '--out', dir, '--quiet'])).status, 0);
  const out = path.join(dir, 'back_seg.npy');
  const r = await run(['import', rois, '--like', seg, '--out', out, '--quiet']);
  t.is(r.status, 0, r.stderr);
  t.true(statSync(out).size < statSync(seg).size + (1 << 16), `${statSync(out).size} bytes`);
  const depth = runPython(py, `import numpy as np, sys
t = np.load(sys.argv[1], allow_pickle=True).item()['deep']
n = 0
while t:
    assert t[0] is t[1]
    t = t[0]; n += 1
print(n)`, [out]).trim();
  t.is(depth, '64');
});

test("a RoiSet a person saved is kept unless --overwrite; cp2ij's own unchanged output is refreshed silently", async (t) => {
  const dir = tmp();
  const seg = path.join(dir, 'cells_seg.npy');
  copyFileSync(path.join(SHARED, 'seg', 'np1', 'tiny_seg.npy'), seg);
  const zip = path.join(dir, 'cells_rois.zip');
  // cp2ij's own output, run twice: silent both times
  t.is((await run(['export', seg, '--quiet'])).status, 0);
  const first = readFileSync(zip);
  const again = await run(['export', seg, '--quiet']);
  t.is(again.status, 0, again.stderr);
  t.is(again.stderr, '');
  // a person's edit saved under the same name (different content, later mtime)
  writeFileSync(zip, Buffer.concat([first, Buffer.from('edited')]));
  const refused = await run(['export', seg]);
  t.is(refused.status, 1);
  t.regex(refused.stderr, /^cp2ij: .*cells_rois\.zip: already exists and has changed since cp2ij wrote it: kept/m);
  t.false(existsSync(path.join(dir, 'cells_cp_outlines.txt.new')));
  t.deepEqual(readFileSync(zip).subarray(-6).toString(), 'edited');
  // a file cp2ij never wrote
  const other = tmp();
  copyFileSync(seg, path.join(other, 'cells_seg.npy'));
  writeFileSync(path.join(other, 'cells_rois.zip'), 'from Fiji');
  const foreign = await run(['export', path.join(other, 'cells_seg.npy')]);
  t.is(foreign.status, 1);
  t.regex(foreign.stderr, /was not written by cp2ij: kept/);
  t.false(existsSync(path.join(other, 'cells_cp_outlines.txt')), 'nothing of that input is written');
  // --overwrite replaces it
  t.is((await run(['export', path.join(other, 'cells_seg.npy'), '--overwrite', '--quiet'])).status, 0);
  t.deepEqual(readFileSync(path.join(other, 'cells_rois.zip')), first);
  // import's _seg.npy likewise
  const edited = path.join(dir, 'cells_edited_seg.npy');
  writeFileSync(edited, 'hand-made');
  const imp = await run(['import', zip.replace('cells_rois', 'x'), '--like', seg, '--out', edited]);
  t.is(imp.status, 1);
  t.is(readFileSync(edited, 'utf8'), 'hand-made');
});

test('Ctrl-C and SIGTERM during a large write leave no temporary files', async (t) => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const dir = tmp();
    mkdirSync(path.join(dir, 'in'));
    const roi = path.join(dir, 'in', 'one.roi');
    writeFileSync(roi, readFileSync(path.join(SHARED, 'peer', 'read-roi', readdirSync(path.join(SHARED, 'peer', 'read-roi')).find((f) => f.endsWith('.roi'))!)));
    const child = spawn(process.execPath, [RUNNER, 'import', roi, '--shape', '12000,12000', '--out', path.join(dir, 'big_seg.npy')], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // wait until the temporary output exists (or the run is over), then interrupt
    let sawTemp = false;
    for (let i = 0; i < 600 && child.exitCode === null; i++) {
      if (readdirSync(dir).some((f) => f.endsWith('.tmp'))) {
        sawTemp = true;
        child.kill(signal);
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    const code = await exited;
    t.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp')), [], `${signal}: ${readdirSync(dir).join(', ')}`);
    if (sawTemp) t.is(code, signal === 'SIGINT' ? 130 : 143);
    t.log(`${signal}: temporary file seen and interrupted: ${sawTemp}`);
  }
});

test('valid inputs at scale: the 163,840-ROI 3D round trip and an import of 1,000,000 ROIs are exact', async (t) => {
  const dir = tmp();
  const py = numpyPythons()[0]!;
  runPython(py, `import numpy as np, sys
yy, xx = np.mgrid[0:512, 0:512]
lab = ((yy // 8) * 64 + (xx // 8) + 1) * (((yy % 8) < 7) & ((xx % 8) < 7))
np.save(sys.argv[1] + '/stack_masks.npy', np.stack([lab] * 40).astype(np.uint16))
yy, xx = np.mgrid[0:4000, 0:4000]
lab = ((yy // 4) * 1000 + (xx // 4) + 1) * (((yy % 4) < 3) & ((xx % 4) < 3))
np.save(sys.argv[1] + '/million_masks.npy', lab.astype(np.uint32))`, [dir]);
  for (const [name, shape, rois] of [['stack', '40,512,512', 163_840], ['million', '4000,4000', 1_000_000]] as const) {
    t.is((await run(['export', path.join(dir, `${name}_masks.npy`), '--format', 'zip', '--quiet'])).status, 0);
    const r = await run(['import', path.join(dir, `${name}_rois.zip`), '--shape', shape, '--out', path.join(dir, `${name}_back.npy`), '--json']);
    t.is(r.status, 0, r.stderr);
    t.like(JSON.parse(r.stdout), { items: rois, painted: rois });
    const equal = runPython(py, `import numpy as np, sys
print(bool((np.load(sys.argv[1]) == np.load(sys.argv[2])).all()))`, [path.join(dir, `${name}_masks.npy`), path.join(dir, `${name}_back.npy`)]).trim();
    t.is(equal, 'True', `${name}: imported masks equal the exported ones`);
  }
});
