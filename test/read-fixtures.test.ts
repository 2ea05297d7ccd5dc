/**
 * Every value of every fixture, as cp2ij reads it, must equal what numpy itself reported when it wrote
 * the file (test/fixtures/seg/np{1,2}/manifest.json, made by make_fixtures.py under numpy 1.x and 2.x;
 * ../shared/fixtures/seg/np{1,2} with their `_masks.npy` ground truth).
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bytesOf } from '../src/core/ndarray.js';
import type { Masks } from '../src/core/masks.js';
import { loadInput } from '../src/node/inputs.js';
import { parseDescr, parseNpy } from '../src/read/npy.js';
import { unpickle } from '../src/read/pickle.js';
import { NumpyDType, NumpyScalar, PyBytes, PyNdArray, PyObjectArray, PyTuple, type PyValue } from '../src/read/pyvalue.js';

const OWN = path.resolve('test/fixtures/seg');
const SHARED = path.resolve('../shared/fixtures/seg');

type Desc = unknown;
interface ManifestEntry {
  kind: 'seg' | 'npy';
  desc: Desc;
  keys?: string[];
  labels?: number[];
  masks_shape?: number[];
}

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The same description make_fixtures.py writes, built from cp2ij's values. */
function describe(v: PyValue): Desc {
  if (v === null) return null;
  if (typeof v === 'boolean') return { bool: v };
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number') {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    return { float: hex(b) };
  }
  if (typeof v === 'string') return { str: v };
  if (v instanceof PyBytes) return { bytes: hex(v.bytes) };
  if (Array.isArray(v)) return { list: v.map(describe) };
  if (v instanceof PyTuple) return { tuple: v.items.map(describe) };
  if (v instanceof Map) return { dict: [...v].map(([k, x]) => [k, describe(x)]) };
  if (v instanceof PyNdArray) return { ndarray: v.dtype, shape: [...v.shape], sha256: sha(bytesOf(v.data)) };
  if (v instanceof PyObjectArray) return { objarray: [...v.shape], items: v.items.map(describe) };
  if (v instanceof NumpyScalar) return { scalar: v.dtype, hex: hex(v.raw) };
  if (v instanceof NumpyDType) return { dtype: `${v.byteOrder}${v.code.replace(/^O\d*$/, 'O')}` };
  throw new Error('unknown value');
}

function distinctLabels(m: Masks): number[] {
  return [...new Set(m.data)].filter((v) => v !== 0).sort((a, b) => a - b);
}

for (const version of ['np1', 'np2']) {
  const dir = path.join(OWN, version);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { numpy: string; files: Record<string, ManifestEntry> };

  for (const [name, entry] of Object.entries(manifest.files)) {
    test(`${version} (numpy ${manifest.numpy}) ${name}: every value equals numpy's`, async (t) => {
      const bytes = new Uint8Array(readFileSync(path.join(dir, name)));
      const npy = parseNpy(bytes);
      const value = npy.kind === 'object' ? (unpickle(npy.pickle) as PyObjectArray).items[0]! : new PyNdArray(npy.array.dtype, npy.array.shape, npy.array.data);
      t.deepEqual(describe(value), entry.desc);
      if (entry.labels) {
        const input = await loadInput(path.join(dir, name));
        t.deepEqual(distinctLabels(input.masks), entry.labels);
        t.is(input.kind, entry.kind);
        if (entry.masks_shape) {
          const m = input.masks;
          t.deepEqual(m.is3d ? [m.depth, m.height, m.width] : [m.height, m.width], entry.masks_shape);
        }
      }
    });
  }
}

test('own fixtures: legacy -1 masks are shifted to 1-based and the list outlines are kept', async (t) => {
  const input = await loadInput(path.join(OWN, 'np2', 'legacy_minus1_seg.npy'));
  t.true(input.seg!.legacyShifted);
  t.true(Array.isArray(input.seg!.outlines));
  t.is(input.seg!.diameter, 17.5); // est_diam, a numpy float64 scalar
  t.is(input.base, path.join(OWN, 'np2', 'legacy_minus1'));
});

test('own fixtures: GUI 3D typed fields', async (t) => {
  const { seg, masks } = await loadInput(path.join(OWN, 'np1', 'gui3d_seg.npy'));
  t.true(masks.is3d);
  t.is(masks.depth, 3);
  t.is(seg!.currentChannel, 3);
  t.is(seg!.zdraw!.length, 9);
  t.true(seg!.zdraw![0] instanceof NumpyScalar);
  t.is(seg!.diameter, undefined); // None
  t.is(seg!.filename, '/data/ümlaut image.tif');
  t.is(seg!.flows!.length, 5);
  t.deepEqual([...seg!.normalizeParams!.keys()].length, 9);
  t.is(seg!.flowThreshold, 0.4);
  t.is(seg!.restore, null);
});

// ---- the shared fixtures: masks equal their `_masks.npy` twin, metadata equals manifest.json ----

interface SharedEntry {
  seg: string;
  masks: string;
  shape: number[];
  n_labels: number;
  max_label: number;
  masks_dtype: string;
  seg_keys: string[];
}

for (const version of ['np1', 'np2']) {
  const dir = path.join(SHARED, version);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, SharedEntry>;
  for (const [name, entry] of Object.entries(manifest)) {
    test(`shared ${version} ${name}: masks equal ${entry.masks}, keys and counts equal the manifest`, async (t) => {
      const seg = await loadInput(path.join(dir, entry.seg));
      const truth = await loadInput(path.join(dir, entry.masks));
      t.is(seg.kind, 'seg');
      t.is(truth.kind, 'npy');
      const m = seg.masks;
      t.deepEqual(m.is3d ? [m.depth, m.height, m.width] : [m.height, m.width], entry.shape);
      const dtype = /^[<>|=]/.test(entry.masks_dtype) ? parseDescr(entry.masks_dtype).dtype : entry.masks_dtype; // '>u2' for the big-endian one
      t.is(seg.seg!.masksArray.dtype as string, dtype);
      t.deepEqual([...seg.seg!.dict.keys()], entry.seg_keys);
      t.true(Buffer.from(bytesOf(m.data)).equals(Buffer.from(bytesOf(truth.masks.data))), 'masks differ from _masks.npy');
      const labels = distinctLabels(m);
      t.is(labels.length, entry.n_labels);
      t.is(labels.length ? labels[labels.length - 1] : 0, entry.max_label);
    });
  }
}
