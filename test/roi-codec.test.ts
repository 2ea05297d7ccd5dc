/**
 * The `.roi` codec against files no one here wrote (read-roi's ImageJ-saved fixtures), byte round
 * trips for those and for synthetic ROIs of every type and option, the §9 safety rules, and bad input.
 */
import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Cp2ijError } from '../src/core/errors.js';
import { decodeRoi } from '../src/encode/roi-decode.js';
import { encodeRoi } from '../src/encode/roi-encode.js';
import {
  PathOp,
  RoiOption,
  RoiSubtype,
  RoiType,
  absoluteVertices,
  boxOf,
  emptyRoi,
  stackPosition,
  type PathSegment,
  type Roi,
} from '../src/encode/roi-model.js';

const PEER = fileURLToPath(new URL('../../../shared/fixtures/peer/read-roi/', import.meta.url));
const peerFiles = readdirSync(PEER).filter((f) => f.endsWith('.roi'));

function bytesOf(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}

/** read-roi's view of composite paths: one list of [x, y] per closed subpath. */
function subpaths(path: PathSegment[]): number[][][] {
  const out: number[][][] = [];
  for (const s of path) {
    if (s.op === PathOp.MOVETO) out.push([[s.coords[0]!, s.coords[1]!]]);
    else if (s.op === PathOp.LINETO) out.at(-1)!.push([s.coords[0]!, s.coords[1]!]);
  }
  return out;
}

const TYPE_NAMES: Record<string, number | undefined> = {
  polygon: RoiType.POLYGON,
  rectangle: RoiType.RECT,
  oval: RoiType.OVAL,
  line: RoiType.LINE,
  freeline: RoiType.FREELINE,
  polyline: RoiType.POLYLINE,
  freehand: RoiType.FREEHAND,
  point: RoiType.POINT,
  composite: RoiType.RECT,
};

test('every read-roi fixture decodes to what its JSON says (ImageJ decides where read-roi differs)', (t) => {
  let checked = 0;
  for (const file of peerFiles) {
    const jsonFile = `${PEER}${file.replace(/\.roi$/, '.json')}`;
    let expected: Record<string, unknown>;
    try {
      expected = Object.values(JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, Record<string, unknown>>)[0]!;
    } catch {
      // line1/line2 have no JSON: they must still decode as lines
      const roi = decodeRoi(bytesOf(PEER + file), file);
      t.is(roi.type, RoiType.LINE, file);
      continue;
    }
    const stored = decodeRoi(bytesOf(PEER + file));
    const roi = decodeRoi(bytesOf(PEER + file), file);
    const what = `${file}`;
    t.is(roi.type, TYPE_NAMES[expected.type as string] ?? -1, `${what} type`);
    t.is(roi.path !== null, expected.type === 'composite', `${what} composite`);
    // read-roi names every ROI after its file; ImageJ shows the stored name when there is one
    t.is(roi.name, stored.name !== '' ? stored.name : file.slice(0, -4), `${what} name`);
    if (typeof expected.left === 'number') {
      const box = expected.type === 'composite' ? { x: roi.left, y: roi.top, width: roi.right - roi.left, height: roi.bottom - roi.top } : boxOf(roi);
      t.deepEqual([box.x, box.y, box.width, box.height], [expected.left, expected.top, expected.width, expected.height], `${what} bounds`);
    }
    if (Array.isArray(expected.x)) {
      const v = absoluteVertices(roi);
      t.deepEqual(Array.from(v.x), expected.x as number[], `${what} x`);
      t.deepEqual(Array.from(v.y), expected.y as number[], `${what} y`);
      t.is(roi.xCoords.length, expected.n as number, `${what} n`);
    }
    if (Array.isArray(expected.paths)) t.deepEqual(subpaths(roi.path!), expected.paths as number[][][], `${what} paths`);
    if (typeof expected.aspect_ratio === 'number') {
      t.is(roi.subtype, RoiSubtype.ELLIPSE, `${what} subtype`);
      t.deepEqual([roi.floatParam, roi.x1, roi.y1, roi.x2, roi.y2], [expected.aspect_ratio, expected.ex1, expected.ey1, expected.ex2, expected.ey2], `${what} ellipse`);
    }
    if (typeof expected.arc_size === 'number') t.is(roi.arcSize, expected.arc_size, `${what} arc`);
    if (typeof expected.width === 'number' && expected.left === undefined) t.is(roi.strokeWidth, expected.width, `${what} stroke`);
    if (typeof expected.position === 'object') {
      const p = expected.position as { channel: number; slice: number; frame: number };
      t.deepEqual(stackPosition(roi), { c: p.channel, z: p.slice, t: p.frame }, `${what} c/z/t`);
    } else {
      t.deepEqual(stackPosition(roi), { position: expected.position as number }, `${what} position`);
    }
    if (Array.isArray(expected.counters)) {
      t.deepEqual(Array.from(roi.counters!, (c) => c & 0xff), expected.counters as number[], `${what} counters`);
      t.deepEqual(Array.from(roi.counters!, (c) => c >> 8), expected.slices as number[], `${what} counter slices`);
    }
    checked++;
  }
  t.is(checked, 21);
});

test('decode → encode reproduces every read-roi fixture byte for byte', (t) => {
  for (const file of peerFiles) {
    const original = bytesOf(PEER + file);
    t.deepEqual(encodeRoi(decodeRoi(original)), original, file);
  }
});

function polygonLike(type: number, xs: number[], ys: number[], left: number, top: number): Roi {
  const roi = emptyRoi(type, `t${type}`);
  roi.left = left;
  roi.top = top;
  roi.right = left + Math.max(...xs);
  roi.bottom = top + Math.max(...ys);
  roi.xCoords = Int32Array.from(xs);
  roi.yCoords = Int32Array.from(ys);
  return roi;
}

function synthetic(): Roi[] {
  const rois: Roi[] = [];
  for (const type of [RoiType.POLYGON, RoiType.FREELINE, RoiType.POLYLINE, RoiType.FREEHAND, RoiType.TRACED, RoiType.ANGLE, RoiType.POINT]) {
    rois.push(polygonLike(type, [0, 4, 4, 0], [0, 0, 3, 3], 2, 1));
  }
  const sub = polygonLike(RoiType.POLYGON, [0, 2, 2, 0], [0, 0, 2, 2], 1, 1);
  sub.options = RoiOption.SUB_PIXEL_RESOLUTION;
  sub.xFloat = Float32Array.from([1.5, 3.7, 3.2, 1.4]);
  sub.yFloat = Float32Array.from([1.25, 1.5, 3.75, 3.5]);
  rois.push(sub);
  const negative = polygonLike(RoiType.TRACED, [-3, 5, 5], [0, 0, 60000], -4999, 0); // −5000 rule edges, largest height without floats
  rois.push(negative);
  const rounded = emptyRoi(RoiType.RECT, 'rounded');
  Object.assign(rounded, { left: 3, top: 4, right: 13, bottom: 9, arcSize: 6, strokeColor: 0xff00ff00, fillColor: 0x80ff0000 });
  rois.push(rounded);
  const subRect = emptyRoi(RoiType.RECT, 'subrect');
  Object.assign(subRect, { left: 3, top: 4, right: 8, bottom: 9, options: RoiOption.SUB_PIXEL_RESOLUTION, x1: 3.25, y1: 4.5, x2: 4.5, y2: 4.75 });
  rois.push(subRect);
  const oval = emptyRoi(RoiType.OVAL, 'oval');
  Object.assign(oval, { left: 10, top: 20, right: 17, bottom: 23, position: 3 });
  rois.push(oval);
  const arrow = emptyRoi(RoiType.LINE, 'arrow');
  Object.assign(arrow, {
    x1: 1.5, y1: 2.5, x2: 30.25, y2: 40.75, subtype: RoiSubtype.ARROW, arrowStyle: 2, arrowHeadSize: 15,
    options: RoiOption.DOUBLE_HEADED | RoiOption.OUTLINE, strokeWidth: 3, floatStrokeWidth: 2.5,
  });
  rois.push(arrow);
  const ellipse = polygonLike(RoiType.FREEHAND, [0, 5, 10, 5], [3, 0, 3, 6], 10, 10);
  Object.assign(ellipse, { subtype: RoiSubtype.ELLIPSE, x1: 10, y1: 13, x2: 20, y2: 13, floatParam: Math.fround(0.6) });
  rois.push(ellipse);
  const rotated = polygonLike(RoiType.FREEHAND, [0, 8, 10, 2], [2, 0, 6, 8], 5, 5);
  Object.assign(rotated, { subtype: RoiSubtype.ROTATED_RECT, x1: 6, y1: 6, x2: 14, y2: 12, floatParam: 4.5 });
  rois.push(rotated);
  const points = polygonLike(RoiType.POINT, [0, 1, 2], [0, 1, 2], 7, 7);
  Object.assign(points, { counters: Int32Array.from([0, (2 << 8) | 1, (3 << 8) | 255]), arrowStyle: 3, strokeWidth: 4 });
  rois.push(points);
  const composite = emptyRoi(RoiType.RECT, 'curvy');
  Object.assign(composite, {
    left: 0, top: 0, right: 10, bottom: 10,
    path: [
      { op: PathOp.MOVETO, coords: [0, 0] },
      { op: PathOp.LINETO, coords: [10, 0] },
      { op: PathOp.QUADTO, coords: [10, 5, 5, 10] },
      { op: PathOp.CUBICTO, coords: [3, 10, 1, 8, 0, 5] },
      { op: PathOp.CLOSE, coords: [] },
    ],
  });
  rois.push(composite);
  const text = emptyRoi(RoiType.RECT, 'text');
  Object.assign(text, { subtype: RoiSubtype.TEXT, left: 1, top: 1, right: 40, bottom: 12, payload: Uint8Array.from([0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 65, 0, 66]) });
  rois.push(text);
  const rich = polygonLike(RoiType.TRACED, [0, 1, 1, 0], [0, 0, 1, 1], 5, 5);
  Object.assign(rich, {
    name: 'Zelle µ-😀', properties: 'cell: 1\nsource: cp2ij', c: 2, z: 3, t: 4, group: 7, extendedGroup: 0,
    overlayLabelColor: 0xffffffff, overlayFontSize: 12, options: RoiOption.OVERLAY_LABELS | RoiOption.SCALE_STROKE_WIDTH | 0x4000,
  });
  rois.push(rich);
  return rois;
}

test('synthetic ROIs of every type and option survive encode → decode → encode unchanged', (t) => {
  for (const roi of synthetic()) {
    const bytes = encodeRoi(roi);
    const decoded = decodeRoi(bytes);
    t.deepEqual(decoded, roi, roi.name);
    t.deepEqual(encodeRoi(decoded), bytes, roi.name);
  }
});

test('encoder layout: version 228, header2 right after the data, name at hdr2+64, properties after it', (t) => {
  const roi = polygonLike(RoiType.TRACED, [0, 4, 4, 0], [0, 0, 3, 3], 2, 1);
  roi.name = 'ab';
  roi.properties = 'k: v';
  const bytes = encodeRoi(roi);
  const view = new DataView(bytes.buffer);
  t.is(view.getInt16(4), 228);
  t.is(view.getInt32(60), 64 + 16);
  t.is(view.getInt32(80 + 16), 80 + 64);
  t.is(view.getInt32(80 + 20), 2);
  t.is(view.getInt32(80 + 40), 80 + 64 + 4);
  t.is(view.getInt32(80 + 44), 4);
  t.is(bytes.length, 80 + 64 + 4 + 8);
});

test('§9: out-of-range bounds get float coordinates, > 65535 vertices become a composite', (t) => {
  const far = polygonLike(RoiType.TRACED, [0, 3, 3, 0], [0, 0, 2, 2], 70000, 60001);
  const farBack = decodeRoi(encodeRoi(far));
  t.true((farBack.options & RoiOption.SUB_PIXEL_RESOLUTION) !== 0);
  t.deepEqual(Array.from(absoluteVertices(farBack).x), [70000, 70003, 70003, 70000]);
  t.deepEqual(Array.from(absoluteVertices(farBack).y), [60001, 60001, 60003, 60003]);

  const farRect = emptyRoi(RoiType.RECT, 'r');
  Object.assign(farRect, { left: 61000, top: 5, right: 61010, bottom: 8 });
  t.deepEqual(boxOf(decodeRoi(encodeRoi(farRect))), { x: 61000, y: 5, width: 10, height: 3 });

  const n = 70000;
  const xs = Array.from({ length: n }, (_, i) => (i < n / 2 ? i : n - 1 - i));
  const ys = Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 1));
  const huge = decodeRoi(encodeRoi(polygonLike(RoiType.TRACED, xs, ys, 0, 0)));
  t.is(huge.type, RoiType.RECT);
  t.is(huge.path!.length, n + 1);
  t.deepEqual(huge.path![n - 1], { op: PathOp.LINETO, coords: [0, 1] });

  const manyPoints = decodeRoi(encodeRoi(polygonLike(RoiType.POINT, xs, ys, 0, 0)));
  t.is(manyPoints.type, RoiType.POINT);
  t.is(manyPoints.xCoords.length, n); // i32 count at offset 18
});

test('bad input is a one-line bad-roi error, never a crash, for every truncation', (t) => {
  const good = encodeRoi(synthetic().at(-1)!);
  const bad = (bytes: Uint8Array, re: RegExp): void => {
    const e = t.throws(() => decodeRoi(bytes), { instanceOf: Cp2ijError });
    t.is(e?.code, 'bad-roi');
    t.regex(e?.message ?? '', re);
    t.false(e?.message.includes('\n'));
  };
  for (const type of [6, 11, 200]) {
    const b = good.slice();
    b[6] = type;
    bad(b, new RegExp(`unknown ROI type ${type}`));
  }
  bad(Uint8Array.from([1, 2, 3]), /header/);
  const wrongMagic = good.slice();
  wrongMagic[0] = 0x50;
  bad(wrongMagic, /Iout/);
  const composite = encodeRoi(synthetic().find((r) => r.name === 'curvy')!);
  const badCode = composite.slice();
  new DataView(badCode.buffer).setFloat32(64, 7);
  bad(badCode, /segment code 7/);
  for (const sample of [good, composite]) {
    for (let len = 0; len < sample.length; len++) {
      try {
        decodeRoi(sample.subarray(0, len));
      } catch (e) {
        t.true(e instanceof Cp2ijError && e.code === 'bad-roi', `length ${len}: ${String(e)}`);
      }
    }
  }
  bad(good.subarray(0, 70), /truncated/);
});
