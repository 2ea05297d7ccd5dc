/**
 * The pure parts of hostile-input handling, without the command: fills that cost the image and not
 * the shape, strict outline text, zip layout checks, and the pickle memo.
 */
import test from 'ava';
import { Cp2ijError } from '../src/core/errors.js';
import { crc32 } from '../src/core/crc32.js';
import { encodeRoi } from '../src/encode/roi-encode.js';
import { RoiType, emptyRoi } from '../src/encode/roi-model.js';
import { roiSpans, shapeSpans } from '../src/fill/index.js';
import { parseOutlinesTxt } from '../src/read/outlines-txt.js';
import { unpickle } from '../src/read/pickle.js';
import { PyTuple, type PyValue } from '../src/read/pyvalue.js';
import { readRoiSet } from '../src/read/roiset.js';
import { pickleChunks } from '../src/write/pickle.js';
import { fillRingsEvenOdd } from './helpers/evenodd.js';
import { seededRandom } from './helpers/random.js';
import { polygonRoi } from './helpers/rois.js';
import { combPolygon, rawZip } from './hostile/make.js';
import { decodeRoi } from '../src/encode/roi-decode.js';

/** ImageJ's OvalRoi.getMask, pixel by pixel: the oracle for the solved row ends. */
function ovalByPixel(x: number, y: number, w: number, h: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const bx = Math.trunc(x);
  const by = Math.trunc(y);
  const bw = Math.max(1, Math.ceil(w));
  const bh = Math.max(1, Math.ceil(h));
  const a2 = (bw / 2) ** 2;
  const c2 = (bh / 2) ** 2;
  for (let j = 0; j < bh; j++) {
    for (let i = 0; i < bw; i++) {
      const dx = i - (bw / 2 - 0.5);
      const dy = j - (bh / 2 - 0.5);
      const px = bx + i;
      const py = by + j;
      if ((dx * dx) / a2 + (dy * dy) / c2 <= 1 && px >= 0 && py >= 0 && px < width && py < height) out[py * width + px] = 1;
    }
  }
  return out;
}

function spansToMask(fill: (sink: (y: number, x0: number, x1: number) => void) => void, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  fill((y, x0, x1) => out.fill(1, y * width + x0, y * width + x1));
  return out;
}

test('ovals: solved row ends equal ImageJ’s pixel test on 400 random ovals, in and partly out of the image', (t) => {
  const random = seededRandom(11);
  let differing = 0;
  for (let k = 0; k < 400; k++) {
    const [x, y, w, h] = [random() * 80 - 20, random() * 80 - 20, random() * 90 + 0.2, random() * 90 + 0.2];
    const mine = spansToMask((sink) => shapeSpans({ kind: 'oval', x, y, width: w, height: h }, 64, 48, sink), 64, 48);
    const oracle = ovalByPixel(x, y, w, h, 64, 48);
    for (let i = 0; i < mine.length; i++) if (mine[i] !== oracle[i]) differing++;
  }
  t.is(differing, 0);
});

test('a shape a billion pixels across costs the image: spans only on visible rows, all clipped', (t) => {
  for (const shape of [
    { kind: 'oval' as const, x: -5e8, y: -5e8, width: 1e9, height: 1e9 },
    { kind: 'rect' as const, x: 0, y: 0, width: 1e30, height: 1e30, arc: 0 },
    { kind: 'polygon' as const, x: [0, 1e9, -1e9], y: [-1e9, 1e9, 1e9], coords: 'float' as const },
  ]) {
    let spans = 0;
    let bad = 0;
    shapeSpans(shape, 100, 80, (y, x0, x1) => {
      spans++;
      if (y < 0 || y >= 80 || x0 < 0 || x1 > 100 || x1 <= x0) bad++;
    });
    t.true(spans <= 80, `${shape.kind}: ${spans} spans`);
    t.is(bad, 0);
  }
});

test('coordinates beyond any image (where doubles stop counting rows one by one) are skipped, never walked', (t) => {
  // found by the fuzzer: a sub-pixel ellipse whose float32 fields put vertices at y = −4·10¹⁷ … 2·10²⁹
  const roi = emptyRoi(RoiType.POLYGON, 'far');
  roi.options = 128;
  roi.xCoords = new Int32Array(3);
  roi.yCoords = new Int32Array(3);
  roi.xFloat = Float32Array.of(4, 128, 10);
  roi.yFloat = Float32Array.of(-3.97e17, 1.88e29, 1);
  const skip = roiSpans(roi, 64, 64, () => t.fail('painted'));
  t.regex(skip?.skipped ?? '', /beyond ±1073741824 pixels/);
  let spans = 0;
  shapeSpans({ kind: 'polygon', x: [4, 128, 10], y: [-3.97e17, 1.88e29, 1], coords: 'float' }, 64, 64, () => spans++);
  t.is(spans, 0);
});

test('non-finite ROI geometry is skipped with a reason, never walked', (t) => {
  const roi = emptyRoi(RoiType.OVAL, 'inf');
  roi.options = 128;
  roi.x2 = Infinity;
  roi.y2 = 10;
  const skip = roiSpans(roi, 10, 10, () => t.fail('painted'));
  t.regex(skip?.skipped ?? '', /not all finite/);
});

test('a 65,532-vertex comb polygon: the fast path and the generic filler agree; a 4,092-vertex one equals the even-odd oracle', (t) => {
  for (const n of [65_532, 4_092]) combCase(t, n, n < 10_000);
});

function combCase(t: import('ava').ExecutionContext, n: number, withOracle: boolean): void {
  const bytes = combPolygon(n, 600);
  const roi = decodeRoi(bytes);
  const mine = spansToMask((sink) => roiSpans(roi, 600, 600, sink), 600, 600);
  const ring = new Int32Array(2 * roi.xCoords.length);
  roi.xCoords.forEach((x, i) => {
    ring[2 * i] = x + roi.left;
    ring[2 * i + 1] = roi.yCoords[i]! + roi.top;
  });
  // the same vertices as floats take the generic scanline filler
  const generic = spansToMask((sink) => shapeSpans({ kind: 'polygon', x: Array.from(roi.xCoords, (x) => x + roi.left), y: Array.from(roi.yCoords, (y) => y + roi.top), coords: 'float-grid' }, 600, 600, sink), 600, 600);
  t.true(Buffer.from(generic).equals(Buffer.from(mine)), `${n} vertices: fast path = generic`);
  t.true(mine.some((v) => v === 1));
  if (withOracle) t.true(Buffer.from(mine).equals(Buffer.from(fillRingsEvenOdd([ring], 600, 600))), `${n} vertices: = even-odd oracle`);
}

test('outlines text: decimal integers and single commas only; each error names its line', (t) => {
  t.deepEqual(parseOutlinesTxt(new TextEncoder().encode(' 1, 2 ,3,4\r\n\n-5,6\n')).map((p) => [p.label, [...p.points]]), [[1, [1, 2, 3, 4]], [3, [-5, 6]]]);
  for (const [line, why] of [['1,,2,3', /value 2 is missing|unexpected character ','/], ['0x10,1', /unexpected character 'x'/], ['4294967297,1', /too large/], ['2147483648,1', /too large/], ['1e3,1', /unexpected character 'e'/], ['1,2,3', /odd number/], ['1;2', /unexpected character ';'/]] as const) {
    const e = t.throws(() => parseOutlinesTxt(new TextEncoder().encode(`1,1\n${line}\n`)), { instanceOf: Cp2ijError });
    t.regex(e!.message, /^line 2 /);
    t.regex(e!.message, why);
  }
});

test('RoiSet zips: CRC-32 checked, overlapping entries and entries past the directory refused, inflation bounded', (t) => {
  const roi = encodeRoi(polygonRoi(RoiType.POLYGON, [1, 1, 5, 1, 5, 5], '1'));
  t.is(readRoiSet(rawZip([{ name: '1.roi', data: roi, crc: crc32(roi) }])).length, 1);
  t.throws(() => readRoiSet(rawZip([{ name: '1.roi', data: roi, crc: 1 }])), { message: /CRC-32 does not match/ });
  t.throws(() => readRoiSet(rawZip([{ name: '1.roi', data: roi, crc: crc32(roi) }, { name: '2.roi', data: new Uint8Array(0), localOffset: 0 }])), { message: /overlaps/ });
  const e = t.throws(() => readRoiSet(rawZip([{ name: '1.roi', data: roi, crc: crc32(roi), size: roi.length + 10 }])), { instanceOf: Cp2ijError });
  t.regex(e!.message, /stored entry declares/);
});

test('pickle writer: a value shared 64 levels deep is written once per node and read back with its sharing', (t) => {
  let v: PyValue = new PyTuple([]);
  for (let i = 0; i < 64; i++) v = new PyTuple([v, v]);
  const bytes = pickleChunks(new Map([['deep', v]])).reduce((n, c) => n + c.length, 0);
  t.true(bytes < 2000, `${bytes} bytes`);
  const chunks = pickleChunks(new Map([['deep', v]]));
  const joined = new Uint8Array(bytes);
  let p = 0;
  for (const c of chunks) {
    joined.set(c, p);
    p += c.length;
  }
  let back = (unpickle(joined) as Map<string, PyValue>).get('deep') as PyTuple;
  let depth = 0;
  while (back.items.length === 2) {
    t.is(back.items[0], back.items[1]);
    back = back.items[0] as PyTuple;
    depth++;
  }
  t.is(depth, 64);
});
