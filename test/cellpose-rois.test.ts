/**
 * `--geometry cellpose` ROIs: entry names, order and bytes equal the entries of the `_rois.zip` that
 * Cellpose's own `io.save_rois` (roifile) wrote for every 2D shared fixture.
 */
import test from 'ava';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Masks } from '../src/core/masks.js';
import { decodeRoi } from '../src/encode/roi-decode.js';
import { cellposeRois } from '../src/encode/cellpose-rois.js';
import { readMasksNpy } from './cellpose-npy.js';

const FIXTURES = path.resolve('../shared/fixtures');
const CELLPOSE = path.join(FIXTURES, 'cellpose');

function fixtureMasks(name: string): Masks {
  for (const dir of ['np1', 'np2']) {
    const file = path.join(FIXTURES, 'seg', dir, `${name}_masks.npy`);
    if (existsSync(file)) return readMasksNpy(file);
  }
  throw new Error(`no masks for fixture ${name}`);
}

const names = readdirSync(CELLPOSE)
  .filter((f) => f.endsWith('_rois.zip'))
  .map((f) => f.slice(0, -'_rois.zip'.length));

test('there are Cellpose-written RoiSets to compare against', (t) => {
  t.true(names.length >= 15, `found ${names.length}`);
});

for (const name of names) {
  test(`ROI entries equal Cellpose's save_rois for fixture ${name}`, async (t) => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(CELLPOSE, `${name}_rois.zip`)));
    const expected = await Promise.all(
      Object.values(zip.files).map(async (f) => ({ name: f.name, bytes: Buffer.from(await f.async('uint8array')) })),
    );
    const actual = cellposeRois(fixtureMasks(name));
    t.deepEqual(
      actual.map((e) => `${e.name}.roi`),
      expected.map((e) => e.name),
    );
    const differing = actual.filter((e, i) => expected[i] && Buffer.compare(Buffer.from(e.bytes), expected[i]!.bytes) !== 0);
    t.deepEqual(
      differing.map((e) => e.name),
      [],
      'entries whose bytes differ',
    );
  });
}

test('prefix and pad name the entries like save_rois(prefix, pad=True)', (t) => {
  const masks = fixtureMasks('gaps'); // largest label 65534 → 5 digits
  const entries = cellposeRois(masks, { prefix: 'cell_', pad: true });
  t.true(entries.length > 0);
  for (const e of entries) t.regex(e.name, /^cell_\d{5}$/);
  const roi = decodeRoi(entries[0]!.bytes);
  t.is(roi.name, entries[0]!.name);
  t.is(roi.type, 7);
  t.is(roi.options, 40);
});

test('3D masks are refused with a clear message', (t) => {
  const masks = fixtureMasks('stack3d_cli');
  t.throws(() => cellposeRois(masks), { message: /2D masks only/ });
});
