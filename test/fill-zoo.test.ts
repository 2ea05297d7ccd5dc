/**
 * The zoo: ROIs drawn by ImageJ 1.53t itself (test/fixtures/fill/make_zoo.ijm), each saved as `.roi`
 * with ImageJ's own fill of that file as `.png`. Decoding each `.roi` and filling it with cp2ij must
 * give ImageJ's pixels exactly.
 */
import test from 'ava';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decode } from 'fast-png';
import { decodeRoi } from '../src/encode/roi-decode.js';
import { roiMask } from '../src/fill/index.js';
import { runImageJ } from './helpers/imagej.js';

const ZOO = path.resolve('test/fixtures/fill/zoo');
const MACRO = path.resolve('test/fixtures/fill/make_zoo.ijm');

function zooNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.roi'))
    .map((f) => f.slice(0, -4))
    .sort();
}
const names = zooNames(ZOO);

function imagejMask(dir: string, name: string): { width: number; height: number; inside: (i: number) => boolean } {
  const png = decode(readFileSync(path.join(dir, `${name}.png`)));
  const step = png.channels;
  return { width: png.width, height: png.height, inside: (i) => png.data[i * step]! > 0 };
}

test('the zoo covers every kind of area ROI ImageJ draws', (t) => {
  t.true(names.length >= 50, `only ${names.length} zoo ROIs`);
  for (const kind of ['oval_', 'rect', 'roundrect_', 'ellipse_', 'rotrect_', 'poly_', 'freehand_', 'traced_', 'composite_']) {
    t.true(names.some((n) => n.startsWith(kind)), `no ${kind} ROI in the zoo`);
  }
});

/** Names of the ROIs in `dir` whose fill differs from ImageJ's, and how many ImageJ pixels were compared. */
function compareZoo(dir: string): { failures: string[]; pixels: number } {
  const failures: string[] = [];
  let pixels = 0;
  for (const name of zooNames(dir)) {
    const roi = decodeRoi(new Uint8Array(readFileSync(path.join(dir, `${name}.roi`))), name);
    const ij = imagejMask(dir, name);
    const ours = roiMask(roi, ij.width, ij.height);
    if (!(ours instanceof Uint8Array)) {
      failures.push(`${name}: skipped (${ours.skipped})`);
      continue;
    }
    let differing = 0;
    for (let i = 0; i < ours.length; i++) {
      if ((ours[i] === 1) !== ij.inside(i)) differing++;
      if (ij.inside(i)) pixels++;
    }
    if (differing > 0) failures.push(`${name}: ${differing} pixels differ`);
  }
  return { failures, pixels };
}

test('every committed zoo ROI fills to exactly ImageJ’s pixels', (t) => {
  const { failures, pixels } = compareZoo(ZOO);
  t.log(`${names.length} ROIs, ${pixels} ImageJ-filled pixels compared, ${failures.length} with differences`);
  t.deepEqual(failures, []);
});

test('the zoo made afresh by the installed ImageJ also fills exactly', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-zoo-'));
  try {
    const r = await runImageJ(readFileSync(MACRO, 'utf8'), dir + path.sep, { timeoutMs: 120_000 });
    t.is(r.lines.at(-1), 'DONE');
    t.deepEqual(zooNames(dir), names);
    t.deepEqual(compareZoo(dir).failures, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
