/**
 * The decoder against ROIs real ImageJ drew and saved (test/fixtures/roi/imagej, made by
 * make-rois.ijm via generate.mjs): types, bounds, vertices, positions as ImageJ itself reported them,
 * the RoiSet ImageJ saved (deflated + data descriptors), and byte round trips.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeRoi } from '../src/encode/roi-decode.js';
import { encodeRoi } from '../src/encode/roi-encode.js';
import { PathOp, RoiSubtype, RoiType, absoluteVertices, boxOf, type Roi } from '../src/encode/roi-model.js';
import { readRoiSet } from '../src/read/roiset.js';

const DIR = fileURLToPath(new URL('../../test/fixtures/roi/imagej/', import.meta.url));

interface Expected {
  name: string;
  selectionType: number;
  bounds: [number, number, number, number];
  slice: number;
  n: number;
  x: number[];
  y: number[];
}
const expected = (JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8')) as { rois: Expected[] }).rois;

/** selectionType() → file type code (doc §3). */
const FILE_TYPE: Record<number, number | undefined> = { 0: 1, 1: 2, 2: 0, 3: 7, 4: 8, 5: 3, 6: 5, 7: 4, 8: 9, 9: 1, 10: 10 };

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

function enclosing(x: number, y: number, w: number, h: number): number[] {
  return [Math.floor(x), Math.floor(y), Math.ceil(x + w) - Math.floor(x), Math.ceil(y + h) - Math.floor(y)];
}

function pathBounds(roi: Roi): number[] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of roi.path!) {
    for (let k = 0; k < s.coords.length; k += 2) {
      xs.push(s.coords[k]!);
      ys.push(s.coords[k + 1]!);
    }
  }
  return enclosing(Math.min(...xs), Math.min(...ys), Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
}

test('every ROI ImageJ saved decodes to what ImageJ reported, and re-encodes byte for byte', (t) => {
  t.is(expected.length, 17);
  for (const e of expected) {
    const bytes = new Uint8Array(readFileSync(`${DIR}${e.name}.roi`));
    const roi = decodeRoi(bytes);
    t.is(roi.name, e.name);
    t.is(roi.type, FILE_TYPE[e.selectionType] ?? -1, `${e.name} type`);
    t.is(roi.path !== null, e.selectionType === 9, `${e.name} composite`);
    t.deepEqual(encodeRoi(roi), bytes, `${e.name} round trip`);
    if (roi.path) {
      t.deepEqual(pathBounds(roi), e.bounds, `${e.name} path bounds`);
      t.is(roi.path.filter((s) => s.op === PathOp.MOVETO).length, 2, `${e.name}: outer + hole`);
    } else if (roi.type === RoiType.RECT || roi.type === RoiType.OVAL) {
      const b = boxOf(roi);
      t.deepEqual(enclosing(b.x, b.y, b.width, b.height), e.bounds, `${e.name} box`);
    } else if (roi.type === RoiType.LINE) {
      t.deepEqual([roi.x1, roi.y1, roi.x2, roi.y2], [e.x[0], e.y[0], e.x[1], e.y[1]], `${e.name} end points`);
    } else if (roi.subtype === RoiSubtype.ELLIPSE || roi.subtype === RoiSubtype.ROTATED_RECT) {
      t.true(roi.floatParam > 0, `${e.name} parameter`);
    } else {
      const v = absoluteVertices(roi);
      t.deepEqual(Array.from(v.x, round4), e.x, `${e.name} x`);
      t.deepEqual(Array.from(v.y, round4), e.y, `${e.name} y`);
    }
    t.is(roi.position || 1, e.slice, `${e.name} position`);
  }
  const rounded = decodeRoi(new Uint8Array(readFileSync(`${DIR}rounded.roi`)));
  t.is(rounded.arcSize, 8);
  const arrow = decodeRoi(new Uint8Array(readFileSync(`${DIR}arrow.roi`)));
  t.is(arrow.subtype, RoiSubtype.ARROW);
});

test("ImageJ's own RoiSet.zip (deflated, data descriptors) reads in list order", (t) => {
  const items = readRoiSet(new Uint8Array(readFileSync(`${DIR}RoiSet.zip`)));
  t.deepEqual(items.map((i) => i.label), expected.map((e) => e.name));
  for (const item of items) {
    t.deepEqual(encodeRoi(item.roi), new Uint8Array(readFileSync(`${DIR}${item.label}.roi`)), item.label);
  }
});
