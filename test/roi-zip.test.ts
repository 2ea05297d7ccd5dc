/**
 * RoiSet archives: Cellpose/roifile zips read with the right names and counts (labels checked with real
 * numpy), our writer's bytes (flags, determinism, ZIP64) checked by Python's zipfile, and its speed.
 */
import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../src/core/crc32.js';
import { Cp2ijError } from '../src/core/errors.js';
import { encodeRoi } from '../src/encode/roi-encode.js';
import { RoiType, emptyRoi } from '../src/encode/roi-model.js';
import { readRoiSet, readRois } from '../src/read/roiset.js';
import { roiSetZip } from '../src/write/roiset.js';
import { numpyPythons, runPython } from './helpers/numpy.js';

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

function roiBytes(name: string, x = 1): Uint8Array {
  const roi = emptyRoi(RoiType.RECT, name);
  Object.assign(roi, { left: x, top: 2, right: x + 3, bottom: 6 });
  return encodeRoi(roi);
}

test('every Cellpose _rois.zip reads in archive order with names = mask labels (checked with numpy)', (t) => {
  const py = numpyPythons()[0]!;
  const zips = readdirSync(path.join(FIXTURES, 'cellpose')).filter((f) => f.endsWith('_rois.zip'));
  t.true(zips.length >= 15);
  for (const zip of zips) {
    const base = zip.slice(0, -'_rois.zip'.length);
    const items = readRoiSet(new Uint8Array(readFileSync(path.join(FIXTURES, 'cellpose', zip))));
    const masks = ['np1', 'np2'].map((d) => path.join(FIXTURES, 'seg', d, `${base}_masks.npy`)).find((f) => existsSync(f))!;
    // Cellpose names ROIs after np.unique(masks)[1:] and skips outlines of <= 4 points
    const report = JSON.parse(
      runPython(py, 'import sys,json,zipfile,numpy as np; m=np.load(sys.argv[1]); print(json.dumps({"labels":[int(v) for v in np.unique(m)[1:]],"names":zipfile.ZipFile(sys.argv[2]).namelist()}))', [
        masks,
        path.join(FIXTURES, 'cellpose', zip),
      ]),
    ) as { labels: number[]; names: string[] };
    t.deepEqual(items.map((i) => i.entryName), report.names, zip);
    const labels = items.map((i) => Number(i.label));
    t.true(labels.every((l) => report.labels.includes(l)), `${zip}: names are mask labels`);
    t.deepEqual(labels, [...labels].sort((a, b) => a - b), `${zip}: ascending`);
    if (base !== 'tiny') t.is(items.length, report.labels.length, `${zip}: one ROI per label`);
    for (const item of items) {
      t.is(item.roi.type, RoiType.FREEHAND);
      t.is(item.roi.name, item.label);
    }
  }
});

test('writer: STORED with sizes in the local header, UTF-8 flag only for non-ASCII, deterministic, unique names', (t) => {
  const zip = roiSetZip([
    { name: 'cell', bytes: roiBytes('cell') },
    { name: 'Zelle-ä', bytes: roiBytes('Zelle-ä', 4) },
    { name: 'cell', bytes: roiBytes('cell', 7) },
  ]);
  t.deepEqual(zip, roiSetZip([
    { name: 'cell', bytes: roiBytes('cell') },
    { name: 'Zelle-ä', bytes: roiBytes('Zelle-ä', 4) },
    { name: 'cell', bytes: roiBytes('cell', 7) },
  ]));
  const view = new DataView(zip.buffer);
  t.is(view.getUint32(0, true), 0x04034b50);
  t.is(view.getUint16(6, true), 0, 'first entry: no data descriptor, ASCII');
  t.is(view.getUint16(8, true), 0, 'stored');
  t.is(view.getUint32(18, true), roiBytes('cell').length, 'compressed size in the local header');
  const items = readRoiSet(zip);
  t.deepEqual(items.map((i) => i.entryName), ['cell.roi', 'Zelle-ä.roi', 'cell-1.roi']);
  t.deepEqual(items.map((i) => i.roi.left), [1, 4, 7]);
  const second = 30 + 'cell.roi'.length + roiBytes('cell').length;
  t.is(view.getUint16(second + 6, true), 0x0800, 'non-ASCII name: UTF-8 flag');

  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-zip-'));
  try {
    const file = path.join(dir, 'set.zip');
    writeFileSync(file, zip);
    const py = numpyPythons()[0]!;
    const out = runPython(py, 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print("|".join(z.namelist()))', [file]);
    t.is(out, 'None\ncell.roi|Zelle-ä.roi|cell-1.roi\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writer refuses an empty set (ImageJ shows a modal error for an empty zip)', (t) => {
  const e = t.throws(() => roiSetZip([]), { instanceOf: Cp2ijError });
  t.regex(e?.message ?? '', /empty RoiSet/);
});

test.serial('80,000 entries of ~300 bytes: written fast, ZIP64, read back by us and by Python zipfile', (t) => {
  const template = roiBytes('x');
  const entries = Array.from({ length: 80_000 }, (_, i) => {
    const bytes = new Uint8Array(300);
    bytes.set(template);
    bytes[299] = i & 0xff;
    return { name: String(i + 1), bytes };
  });
  // (its speed is a benchmark, bench/export.ts, not a test)
  const zip = roiSetZip(entries);
  const items = readRoiSet(zip);
  t.is(items.length, 80_000);
  t.is(items[79_999]!.label, '80000');
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-zip-'));
  try {
    const file = path.join(dir, 'big.zip');
    writeFileSync(file, zip);
    const out = runPython(numpyPythons()[0]!, 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); n=z.namelist(); print(len(n), n[-1], z.read(n[-1])[299])', [file]);
    t.is(out.trim(), `80000 80000.roi ${79_999 & 0xff}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A Java-ZipOutputStream-like archive: deflated entries with data descriptors, plus non-ROI entries. */
function deflatedWithDescriptors(files: Array<[string, Uint8Array]>): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = new TextEncoder().encode(name);
    const packed = deflateRawSync(data);
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0808, true);
    lv.setUint16(8, 8, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    const descriptor = new Uint8Array(16);
    const dv = new DataView(descriptor.buffer);
    dv.setUint32(0, 0x08074b50, true);
    dv.setUint32(8, packed.length, true);
    dv.setUint32(4, crc32(data), true);
    dv.setUint32(12, data.length, true);
    const c = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(8, 0x0808, true);
    cv.setUint16(10, 8, true);
    cv.setUint32(16, crc32(data), true);
    cv.setUint32(20, packed.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    c.set(nameBytes, 46);
    central.push(c);
    parts.push(local, packed, descriptor);
    offset += local.length + packed.length + descriptor.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return Buffer.concat([...parts, ...central, eocd]);
}

test('reader: deflated entries with data descriptors; only names ending in .roi (case-sensitive); labels keep folders', (t) => {
  const zip = deflatedWithDescriptors([
    ['notes.txt', new TextEncoder().encode('hello')],
    ['a.roi', roiBytes('0002-0004')],
    ['B.ROI', roiBytes('upper')],
    ['sub/c.roi', roiBytes('c', 9)],
  ]);
  const items = readRoiSet(zip);
  t.deepEqual(items.map((i) => [i.entryName, i.label, i.roi.name]), [
    ['a.roi', 'a', '0002-0004'],
    ['sub/c.roi', 'sub/c', 'c'],
  ]);
  t.is(items[1]!.roi.left, 9);
});

test('readRois: a lone .roi file is labelled by its stored name, else its file name', (t) => {
  t.deepEqual(readRois(roiBytes('stored'), '/x/y/file.roi').map((i) => i.label), ['stored']);
  t.deepEqual(readRois(roiBytes(''), '/x/y/file.roi').map((i) => [i.entryName, i.label]), [['file.roi', 'file']]);
  t.is(readRois(roiSetZip([{ name: 'z', bytes: roiBytes('z') }]), 'set.zip')[0]!.label, 'z');
  const e = t.throws(() => readRoiSet(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])), { instanceOf: Cp2ijError });
  t.is(e?.code, 'bad-zip');
});
