/**
 * Reading a `_seg.npy` range by range: loadInput reads the pickle stream and the masks, nothing else,
 * yet every value equals the in-memory path's; hostile and cut-short files are still clean errors, and
 * no file descriptor outlives loadInput.
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Cp2ijError, isCp2ijError } from '../src/core/errors.js';
import { bytesOf } from '../src/core/ndarray.js';
import { FileSource } from '../src/node/file-source.js';
import { inspectFile } from '../src/node/inspect.js';
import type { ByteSource } from '../src/read/byte-source.js';
import { type ParsedInput, parseInput, parseInputSource } from '../src/read/input.js';
import { loadInput } from '../src/node/inputs.js';
import { LAZY_PAYLOAD } from '../src/read/pickle.js';
import { NumpyDType, NumpyScalar, PyBytes, PyNdArray, PyObjectArray, PyTuple, type PyValue } from '../src/read/pyvalue.js';
import { numpyPythons, runPython } from './helpers/numpy.js';

const FIXTURE_DIRS = ['test/fixtures/seg/np1', 'test/fixtures/seg/np2', '../shared/fixtures/seg/np1', '../shared/fixtures/seg/np2'].map((d) => path.resolve(d));
const FIXTURES = FIXTURE_DIRS.flatMap((d) => readdirSync(d).filter((n) => n.endsWith('.npy')).map((n) => path.join(d, n)));
const SHARED = path.resolve('../shared/fixtures/seg/np1');

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Every value, arrays by the sha256 of their bytes (reading each lazy array). */
function digest(v: PyValue): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { int: v.toString() };
  if (v instanceof PyBytes) return { bytes: sha(v.bytes) };
  if (Array.isArray(v)) return v.map(digest);
  if (v instanceof PyTuple) return { tuple: v.items.map(digest) };
  if (v instanceof Map) return [...v].map(([k, x]) => [k, digest(x)]);
  if (v instanceof PyNdArray) return { dtype: v.dtype, shape: [...v.shape], sha: sha(bytesOf(v.data)) };
  if (v instanceof PyObjectArray) return { shape: [...v.shape], items: v.items.map(digest) };
  if (v instanceof NumpyScalar) return { scalar: v.dtype, raw: sha(v.raw) };
  if (v instanceof NumpyDType) return { dtype: `${v.byteOrder}${v.code}` };
  throw new Error('unknown value');
}

function digestInput(p: Pick<ParsedInput, 'kind' | 'masks' | 'seg'>): unknown {
  const { masks, seg } = p;
  return { kind: p.kind, geometry: [masks.width, masks.height, masks.depth, masks.is3d], masks: sha(bytesOf(masks.data)), dict: seg ? digest(seg.dict) : null };
}

async function outcome(fn: () => unknown): Promise<unknown> {
  try {
    return { ok: await fn() };
  } catch (e) {
    if (!isCp2ijError(e)) throw e;
    return { code: e.code, detail: e.detail };
  }
}

/** A source that counts the bytes its reads return. */
function counting(source: ByteSource): ByteSource & { bytesRead: number; reads: number } {
  return {
    length: source.length,
    bytesRead: 0,
    reads: 0,
    read(offset, length) {
      this.bytesRead += length;
      this.reads++;
      return source.read(offset, length);
    },
  };
}

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Offset of the first occurrence of `needle` in `hay` (which must be unique). */
function uniqueIndex(hay: Uint8Array, needle: Uint8Array): number {
  const at = Buffer.from(hay).indexOf(Buffer.from(needle));
  if (at < 0 || Buffer.from(hay).indexOf(Buffer.from(needle), at + 1) >= 0) throw new Error('pattern not found exactly once');
  return at;
}
const u32 = (op: number, v: number): Uint8Array => {
  const b = Buffer.alloc(5);
  b[0] = op;
  b.writeUInt32LE(v, 1);
  return b;
};

const tmp = mkdtempSync(path.join(tmpdir(), 'cp2ij-lazy-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

test(`lazy file path and in-memory path read identical values for all ${FIXTURES.length} fixtures`, async (t) => {
  let lazyFiles = 0;
  for (const file of FIXTURES) {
    const bytes = new Uint8Array(readFileSync(file));
    const inMemory = await outcome(async () => digestInput(await parseInput(bytes)));
    let fromFile: unknown;
    try {
      fromFile = { ok: digestInput(await loadInput(file)) }; // lazy arrays read after loadInput closed the file
    } catch (e) {
      if (!isCp2ijError(e)) throw e;
      t.is(e.file, file);
      fromFile = { code: e.code, detail: e.detail };
    }
    t.deepEqual(fromFile, inMemory, file);
    const source = FileSource.open(file);
    const count = counting(source);
    await outcome(() => parseInputSource(count));
    source.close();
    if (count.bytesRead < bytes.length) lazyFiles++;
  }
  t.log(`${FIXTURES.length} fixtures, ${lazyFiles} of them loaded without reading every byte`);
  t.true(lazyFiles >= 10);
});

test('loading a seg reads its pickle stream and masks, not its flows; each lazy array costs one read of its size', async (t) => {
  for (const name of ['typical_cli_seg.npy', 'uint32_big_seg.npy', 'stack3d_cli_seg.npy']) {
    const file = path.join(SHARED, name);
    const source = FileSource.open(file);
    const count = counting(source);
    const { masks, seg } = await parseInputSource(count);
    const masksBytes = masks.data.byteLength;
    t.log(`${name}: file ${statSync(file).size} B, masks ${masksBytes} B, read ${count.bytesRead} B in ${count.reads} reads`);
    t.true(count.bytesRead < masksBytes + 256 * 1024, name);
    const flows = seg!.flows!.filter((f): f is PyNdArray => f instanceof PyNdArray);
    const biggest = flows.reduce((a, b) => (b.shape.reduce((x, y) => x * y, 1) > a.shape.reduce((x, y) => x * y, 1) ? b : a));
    const before = { bytes: count.bytesRead, reads: count.reads };
    const data = biggest.data;
    const lazy = data.byteLength > LAZY_PAYLOAD;
    t.is(count.bytesRead - before.bytes, lazy ? data.byteLength : 0);
    t.is(count.reads - before.reads, lazy ? 1 : 0);
    t.is(biggest.data, data, 'read once, then kept');
    source.close();
  }
});

test('a declared BINBYTES length beyond the end of the file is a clean truncated error, nothing allocated', async (t) => {
  const file = path.join(SHARED, 'typical_cli_seg.npy');
  const bytes = new Uint8Array(readFileSync(file));
  const masks = (await loadInput(file)).masks;
  const at = Buffer.from(bytes).indexOf(u32(0x42, masks.data.byteLength)); // masks' or outlines' payload
  t.true(at > 0);
  const hostile = bytes.slice();
  hostile.set(u32(0x42, 0xfffffff0), at);
  const out = path.join(tmp, 'hostile_seg.npy');
  writeFileSync(out, hostile);
  const e = await t.throwsAsync<Cp2ijError>(() => loadInput(out));
  t.is(e?.code, 'truncated');
  t.is(e?.file, out);
  t.regex(e?.message ?? '', /declares 4294967280 bytes .* input ends first/);
});

test('a seg cut short anywhere is a clean error naming the file (inside masks, flows, at the end)', async (t) => {
  const file = path.join(SHARED, 'typical_cli_seg.npy');
  const bytes = readFileSync(file);
  const out = path.join(tmp, 'cut_seg.npy');
  const cuts = [0, 5, 60, 200, 1000, 300_000, 600_000, 2_000_000, 4_000_000, bytes.length - 100, bytes.length - 1];
  for (const cut of cuts) {
    writeFileSync(out, bytes.subarray(0, cut));
    const e = await t.throwsAsync<Cp2ijError>(() => loadInput(out), undefined, `cut at ${cut}`);
    t.is(e?.file, out);
    t.true(isCp2ijError(e), `cut at ${cut}`);
  }
});

test.serial('no descriptor outlives loadInput, whether it succeeds or fails', async (t) => {
  const before = openFds();
  for (const file of FIXTURES.slice(0, 40)) await loadInput(file).catch(() => undefined);
  await loadInput(path.join(tmp, 'missing_seg.npy')).catch(() => undefined);
  t.is(openFds(), before);
});

test('a lazy array read after its file was replaced is a clean error naming the file', async (t) => {
  const file = path.join(tmp, 'replaced_seg.npy');
  const bytes = readFileSync(path.join(SHARED, 'typical_cli_seg.npy'));
  writeFileSync(file, bytes);
  const { seg } = await loadInput(file);
  writeFileSync(file, bytes.subarray(0, bytes.length - 10));
  const flow = seg!.flows!.find((f): f is PyNdArray => f instanceof PyNdArray && f.shape.length === 4)!;
  const e = t.throws<Cp2ijError>(() => flow.data);
  t.is(e?.code, 'io');
  t.is(e?.file, file);
});

test('a 3 GiB _seg.npy (sparse flows) loads and inspects in well under a second', async (t) => {
  // numpy writes a small seg whose flows hold a (3, 70001) uint8 array; the test then widens that
  // array to (3, 2^30) by patching its shape and BINBYTES length and leaving a 3 GiB hole in the file.
  const small = path.join(tmp, 'small_seg.npy');
  runPython(
    numpyPythons()[0]!,
    `import numpy as np, sys
masks = np.zeros((256, 256), np.uint16); masks[10:50, 20:90] = 1; masks[100:200, 100:120] = 7
np.save(sys.argv[1], {'masks': masks, 'outlines': masks, 'flows': [np.zeros((3, 70001), np.uint8)], 'filename': 'x.tif'})`,
    [small],
  );
  const bytes = new Uint8Array(readFileSync(small));
  const width = 2 ** 30;
  const payload = uniqueIndex(bytes, u32(0x42, 3 * 70001));
  const prefix = bytes.slice(0, payload + 5);
  prefix.set(u32(0x42, 3 * width), payload);
  prefix.set(u32(0x4a, width), uniqueIndex(prefix, u32(0x4a, 70001)));
  const big = path.join(tmp, 'big_seg.npy');
  const fd = openSync(big, 'w');
  writeSync(fd, prefix, 0, prefix.length, 0);
  const suffix = bytes.subarray(payload + 5 + 3 * 70001);
  writeSync(fd, suffix, 0, suffix.length, prefix.length + 3 * width);
  closeSync(fd);
  t.true(statSync(big).size > 3 * width);

  // what is read, not how long it takes: a source that counts the bytes asked of it
  const file = FileSource.open(big);
  let bytesRead = 0;
  const counting: ByteSource = { length: file.length, read: (o, n) => ((bytesRead += n), file.read(o, n)) };
  await parseInputSource(counting);
  file.close();
  t.true(bytesRead < 1 << 20, `${bytesRead} bytes of a ${statSync(big).size}-byte seg read`);
  const { masks, seg } = await loadInput(big);
  const report = await inspectFile(big);
  t.deepEqual([masks.width, masks.height], [256, 256]);
  t.deepEqual(report.labels, { count: 2, min: 1, max: 7 });
  const flow = seg!.flows![0] as PyNdArray;
  t.deepEqual([flow.dtype, ...flow.shape], ['uint8', 3, width]);
  t.is(seg!.filename, 'x.tif');
});
