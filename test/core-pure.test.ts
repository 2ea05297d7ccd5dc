/**
 * The browser-safe core on its own (no cp2ij/node imported, so compression is the default fflate):
 * an asynchronous Blob source read lazily, the default codec's bounds, the web page's batch plan,
 * base64, and the jobs as pure functions from bytes to named outputs.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zlibSync } from 'fflate';
import { FFLATE, InflateOverflow, inflate } from '../src/core/compression.js';
import { base64 } from '../src/core/base64.js';
import { isFolder } from '../src/core/output.js';
import { exportJob } from '../src/jobs/export.js';
import { importJob } from '../src/jobs/import.js';
import { type AsyncByteSource, blobSource } from '../src/read/byte-source.js';
import { parseInput, parseInputAsync } from '../src/read/input.js';
import { planBatch, namedImage } from '../src/web/batch.js';

const SEG = path.resolve('..', 'shared', 'fixtures', 'seg');

/** A Blob source that counts what it hands out. */
function counted(source: AsyncByteSource): AsyncByteSource & { fetched: number; reads: number } {
  const out = {
    length: source.length,
    fetched: 0,
    reads: 0,
    async read(offset: number, length: number) {
      out.fetched += length;
      out.reads++;
      return source.read(offset, length);
    },
  };
  return out;
}

test('parseInputAsync reads a _seg.npy from a Blob range by range: the same masks, the flows never fetched', async (t) => {
  const bytes = new Uint8Array(readFileSync(path.join(SEG, 'np1', 'typical_cli_seg.npy')));
  const source = counted(blobSource(new Blob([bytes])));
  const lazy = await parseInputAsync(source);
  const whole = await parseInput(bytes);
  t.deepEqual(Buffer.from(lazy.masks.data.buffer, lazy.masks.data.byteOffset, lazy.masks.data.byteLength), Buffer.from(whole.masks.data.buffer, whole.masks.data.byteOffset, whole.masks.data.byteLength));
  t.log(`fetched ${source.fetched} bytes in ${source.reads} reads`);
  t.true(source.fetched < bytes.length / 2, `fetched ${source.fetched} of ${bytes.length} bytes`);
  t.true(source.reads <= 20, `${source.reads} reads`);
  // asked for everything, every array is readable afterwards (what writing the seg again needs)
  const all = await parseInputAsync(blobSource(new Blob([bytes])), 'all');
  t.is(all.seg?.flows?.length, whole.seg?.flows?.length);
});

test('the default codec (fflate) inflates within the caller\'s bound and refuses a stream that goes past it', (t) => {
  const data = new Uint8Array(100_000).map((_, i) => i % 251);
  const z = zlibSync(data);
  t.deepEqual(inflate(z, data.length, 'zlib', 'test'), data);
  t.throws(() => FFLATE.inflate(z, data.length - 1, 'zlib'), { instanceOf: InflateOverflow });
  t.throws(() => inflate(z, 1000, 'zlib', 'strip 3'), { message: /strip 3: inflates to more than the 1000 bytes expected/ });
  t.throws(() => inflate(new Uint8Array([1, 2, 3, 4]), 10, 'zlib', 'strip 4'), { message: /strip 4: corrupt deflate data/ });
});

test('base64 equals the standard encoding at every padding length', (t) => {
  for (let n = 0; n < 40; n++) {
    const bytes = Uint8Array.from({ length: n * 7 }, (_, i) => (i * 97 + n) & 255);
    t.is(base64(bytes), Buffer.from(bytes).toString('base64'), `${bytes.length} bytes`);
  }
});

test('the page plans a drop as the command plans a folder: a seg wins over its label images; edits pair with their seg; images are set aside', (t) => {
  const files = ['b_seg.npy', 'b_cp_masks.png', 'a_masks.npy', 'b_rois.zip', 'c.geojson', 'b.tif', 'b_outlines_cp_masks.png', 'notes.txt'].map((name) => ({ name }));
  const plan = planBatch(files);
  t.deepEqual(plan.results.map((f) => f.name), ['a_masks.npy', 'b_seg.npy']);
  t.deepEqual(plan.edits.map((e) => [e.base, e.rois.map((f) => f.name), e.original?.name]), [['b', ['b_rois.zip'], 'b_seg.npy'], ['c', ['c.geojson'], undefined]]);
  t.deepEqual(plan.others.map((f) => f.name), ['b.tif', 'b_outlines_cp_masks.png', 'notes.txt']);
  t.is(namedImage('C:\\data\\b.tif', files)?.name, 'b.tif');
  t.is(namedImage(undefined, files), undefined);
});

test('the jobs are functions from bytes to named outputs: export, then import of its RoiSet, gives the masks back', async (t) => {
  const bytes = new Uint8Array(readFileSync(path.join(SEG, 'np1', 'holes_seg.npy')));
  const input = await parseInput(bytes);
  const result = await exportJob(input, 'holes', { formats: ['zip', 'txt', 'geojson', 'roi'] });
  t.deepEqual(result.outputs.map((o) => o.name), ['holes_rois.zip', 'holes_rois', 'holes_cp_outlines.txt', 'holes.geojson']);
  const zip = result.outputs[0]!;
  t.false(isFolder(zip));
  if (isFolder(zip) || !(zip.data instanceof Uint8Array)) return;
  t.true(zip.editable);
  const back = await importJob([{ name: 'holes_rois.zip', bytes: zip.data }], { out: 'x.npy', shape: input.masks });
  const chunks = [...(back.output.data as Iterable<Uint8Array>)];
  const masks = await parseInput(new Uint8Array(Buffer.concat(chunks)));
  t.deepEqual([...masks.masks.data], [...input.masks.data]);
  t.is(back.summary.labels, result.labels);
});
