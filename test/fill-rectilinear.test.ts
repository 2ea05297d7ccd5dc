/**
 * The rectilinear fast path gives exactly the generic filler's pixels (which the zoo and import tests
 * hold equal to real ImageJ) on random integer outlines with horizontal/vertical edges — polygons and
 * multi-ring composites, partly outside the image, self-touching — and declines everything else.
 */
import test from 'ava';
import { emptyRoi, PathOp, RoiType, type PathSegment, type Roi } from '../src/encode/roi-model.js';
import { isSkipped, shapeOfRoi, shapeSpans } from '../src/fill/index.js';
import { rectilinearRoiSpans } from '../src/fill/rectilinear.js';
import { rng } from './cellpose-cases.js';
import { polygonRoi } from './helpers/rois.js';

const W = 40;
const H = 30;

/** A closed staircase walk of integer corners (alternating horizontal and vertical steps). */
function walk(r: () => number, steps: number): number[] {
  const xy: number[] = [];
  let x = Math.floor(r() * (W + 10)) - 5;
  let y = Math.floor(r() * (H + 10)) - 5;
  const x0 = x;
  const y0 = y;
  for (let i = 0; i < steps; i++) {
    xy.push(x, y);
    if (i % 2 === 0) x += Math.floor(r() * 21) - 10;
    else y += Math.floor(r() * 21) - 10;
  }
  // back to the start: a vertical then a horizontal step keeps every edge axis-parallel
  xy.push(x, y, x, y0);
  if (x !== x0) xy.push(x0, y0);
  return xy;
}


function compositeRoi(rings: number[][]): Roi {
  const roi = emptyRoi(RoiType.RECT);
  const path: PathSegment[] = [];
  for (const xy of rings) {
    for (let i = 0; i < xy.length; i += 2) path.push({ op: i === 0 ? PathOp.MOVETO : PathOp.LINETO, coords: [xy[i]!, xy[i + 1]!] });
    path.push({ op: PathOp.CLOSE, coords: [] });
  }
  roi.path = path;
  return roi;
}

function pixels(fill: (sink: (y: number, x0: number, x1: number) => void) => void): Uint8Array {
  const out = new Uint8Array(W * H);
  fill((y, x0, x1) => {
    for (let x = x0; x < x1; x++) out[y * W + x] = out[y * W + x]! ^ 1; // XOR: a pixel emitted twice would show
  });
  return out;
}

function generic(roi: Roi): Uint8Array {
  const shape = shapeOfRoi(roi);
  if (isSkipped(shape)) throw new Error(shape.skipped);
  return pixels((sink) => shapeSpans(shape, W, H, sink));
}

test('fast path equals the generic filler on 600 random rectilinear polygons and composites', (t) => {
  const r = rng(7);
  let differing = 0;
  for (let k = 0; k < 600; k++) {
    const roi = k % 2 === 0 ? polygonRoi(RoiType.TRACED, walk(r, 2 + 2 * Math.floor(r() * 8))) : compositeRoi(Array.from({ length: 1 + Math.floor(r() * 3) }, () => walk(r, 2 + 2 * Math.floor(r() * 5))));
    let taken = false;
    const fast = pixels((sink) => {
      taken = rectilinearRoiSpans(roi, W, H, sink);
    });
    t.true(taken);
    const expected = generic(roi);
    if (fast.some((v, i) => v !== expected[i])) differing++;
  }
  t.is(differing, 0);
});

test('fast path declines diagonal edges, curves and sub-pixel polygons', (t) => {
  const none = (): void => t.fail('emitted a span');
  t.false(rectilinearRoiSpans(polygonRoi(RoiType.TRACED, [0, 0, 5, 0, 0, 5]), W, H, none));
  const curve = compositeRoi([[0, 0, 4, 0, 4, 4]]);
  curve.path!.splice(2, 0, { op: PathOp.QUADTO, coords: [6, 6, 4, 8] });
  t.false(rectilinearRoiSpans(curve, W, H, none));
  t.false(rectilinearRoiSpans(compositeRoi([[0, 0, 4.5, 0, 4.5, 4, 0, 4]]), W, H, none));
  const oval = emptyRoi(RoiType.OVAL);
  t.false(rectilinearRoiSpans(oval, W, H, none));
});
