/**
 * The import's worker-thread path (a single 2D RoiSet of ≥ 20,000 ROIs) gives exactly what the serial
 * path gives: same masks under every overlap rule, same skipped ROIs, fresh ids and overlap counts.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeRoi } from '../src/encode/roi-encode.js';
import { RoiType, emptyRoi } from '../src/encode/roi-model.js';
import { importItems, readImportItems, runImport, type OverlapRule } from '../src/pipeline/import.js';
import { parseNpy } from '../src/read/npy.js';
import { roiSetZip } from '../src/write/roiset.js';

const SIZE = 200;
const COUNT = 24_000;

/** Overlapping rectangles and traced polygons, some unnamed, some lines (skipped), some off the image. */
function roiSetBytes(): Uint8Array {
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const entries = Array.from({ length: COUNT }, (_, i) => {
    const x = rand(SIZE + 20) - 10;
    const y = rand(SIZE + 20) - 10;
    const w = 1 + rand(12);
    const h = 1 + rand(12);
    const kind = i % 7;
    const roi = emptyRoi(kind === 3 ? RoiType.LINE : kind === 5 ? RoiType.TRACED : RoiType.RECT);
    Object.assign(roi, { left: x, top: y, right: x + w, bottom: y + h });
    if (kind === 3) Object.assign(roi, { x1: x, y1: y, x2: x + w, y2: y + h });
    if (kind === 5) {
      roi.xCoords = Int32Array.of(0, w, w, 1, 1, 0);
      roi.yCoords = Int32Array.of(0, 0, h, h, 1, 1);
    }
    const name = i % 11 === 0 ? `cell-${i}` : `${1 + rand(COUNT)}`;
    return { name, bytes: encodeRoi(roi) };
  });
  return roiSetZip(entries);
}

test('worker-thread import equals the serial import under every overlap rule', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-par-'));
  try {
    const zip = path.join(dir, 'rois.zip');
    const bytes = roiSetBytes();
    writeFileSync(zip, bytes);
    const geometry = { width: SIZE, height: SIZE, depth: 1, is3d: false };
    const items = readImportItems(bytes, zip);
    for (const overlap of ['last', 'first'] as OverlapRule[]) {
      const serial = importItems(items, geometry, overlap);
      const out = path.join(dir, `${overlap}.npy`);
      const summary = await runImport({ inputs: [zip], out, shape: geometry, overlap });
      const npy = parseNpy(readFileSync(out));
      if (npy.kind !== 'array') return t.fail('the .npy holds no array');
      t.deepEqual(Array.from(npy.array.data as Uint16Array | Uint32Array), Array.from(serial.masks.data), overlap);
      t.is(summary.labels, serial.labels);
      t.is(summary.painted, serial.painted);
      t.is(summary.freshIds, serial.freshIds);
      t.is(summary.overlapPixels, serial.overlapPixels);
      t.deepEqual(summary.skipped, serial.skipped);
      t.true(serial.overlapPixels > 0 && serial.skipped.length > 0 && serial.freshIds > 0);
    }
    const serialError = t.throws(() => importItems(items, geometry, 'error'));
    const error = await t.throwsAsync(runImport({ inputs: [zip], out: path.join(dir, 'e.npy'), shape: geometry, overlap: 'error' }));
    t.is(error?.message, `${zip}: ${serialError?.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
