/**
 * The zoo: ROIs drawn by ImageJ 1.53t itself (test/fixtures/fill/make_zoo.ijm), each saved as `.roi`
 * with ImageJ's own fill of that file as `.png`. Decoding each `.roi` and filling it with cp2ij must
 * give ImageJ's pixels exactly.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decode } from 'fast-png';
import { decodeRoi } from '../src/encode/roi-decode.js';
import { roiMask } from '../src/fill/index.js';

const ZOO = path.resolve('test/fixtures/fill/zoo');
const names = readdirSync(ZOO)
  .filter((f) => f.endsWith('.roi'))
  .map((f) => f.slice(0, -4))
  .sort();

function imagejMask(name: string): { width: number; height: number; inside: (i: number) => boolean } {
  const png = decode(readFileSync(path.join(ZOO, `${name}.png`)));
  const step = png.channels;
  return { width: png.width, height: png.height, inside: (i) => png.data[i * step]! > 0 };
}

test('the zoo covers every kind of area ROI ImageJ draws', (t) => {
  t.true(names.length >= 50, `only ${names.length} zoo ROIs`);
  for (const kind of ['oval_', 'rect', 'roundrect_', 'ellipse_', 'rotrect_', 'poly_', 'freehand_', 'traced_', 'composite_']) {
    t.true(names.some((n) => n.startsWith(kind)), `no ${kind} ROI in the zoo`);
  }
});

test('every zoo ROI fills to exactly ImageJ’s pixels', (t) => {
  const failures: string[] = [];
  let pixels = 0;
  for (const name of names) {
    const roi = decodeRoi(new Uint8Array(readFileSync(path.join(ZOO, `${name}.roi`))), name);
    const ij = imagejMask(name);
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
  t.log(`${names.length} ROIs, ${pixels} ImageJ-filled pixels compared, ${failures.length} with differences`);
  t.deepEqual(failures, []);
});
