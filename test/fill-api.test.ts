/** fillRois / roiMask behaviour beyond pixel equality with ImageJ (that is fill-zoo): labels, overlaps, skips, speed. */
import test from 'ava';
import { Cp2ijError } from '../src/core/errors.js';
import { emptyRoi, RoiType, type Roi } from '../src/encode/roi-model.js';
import { fillRois, roiMask } from '../src/fill/index.js';
import { polygonRoi } from './helpers/rois.js';


const box = (x0: number, y0: number, x1: number, y1: number, name = '') => polygonRoi(RoiType.TRACED, [x0, y0, x1, y0, x1, y1, x0, y1], name);

test('labels follow list order by default, or labelOf; later ROIs win overlaps unless overlap is "first"', (t) => {
  const rois = [box(0, 0, 4, 4, '7'), box(2, 2, 6, 6, '9')];
  const last = fillRois(rois, 8, 8).labels;
  t.is(last[0], 1);
  t.is(last[3 * 8 + 3], 2);
  const first = fillRois(rois, 8, 8, { overlap: 'first', labelOf: (roi) => Number(roi.name) }).labels;
  t.is(first[3 * 8 + 3], 7);
  t.is(first[5 * 8 + 5], 9);
  t.is(first.filter((v) => v !== 0).length, 16 + 16 - 4);
});

test('lines, points and angles are skipped with a reason and fill nothing', (t) => {
  const line = emptyRoi(RoiType.LINE, 'a line');
  const point = polygonRoi(RoiType.POINT, [1, 1, 3, 3], 'dots');
  const angle = polygonRoi(RoiType.ANGLE, [1, 1, 3, 3, 5, 1], 'corner');
  const { labels, skipped } = fillRois([line, box(1, 1, 3, 3), point, angle], 6, 6);
  t.deepEqual(
    skipped.map((s) => [s.index, s.name]),
    [[0, 'a line'], [2, 'dots'], [3, 'corner']],
  );
  t.regex(skipped[0]!.reason, /line ROI has no area/);
  t.is(labels.filter((v) => v === 2).length, 4);
  t.is(labels.filter((v) => v !== 0 && v !== 2).length, 0);
  t.deepEqual(roiMask(point, 6, 6), { skipped: 'point selection ROI has no area to fill' });
});

test('ROIs are clipped to the image', (t) => {
  const mask = roiMask(box(-3, -2, 2, 3), 4, 4);
  t.true(mask instanceof Uint8Array);
  t.deepEqual(Array.from(mask as Uint8Array), [1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
});

test('bad labels and sizes are one-line Cp2ijErrors', (t) => {
  t.throws(() => fillRois([box(0, 0, 1, 1)], 4, 4, { labelOf: () => 0 }), { instanceOf: Cp2ijError, message: /label 0 of ROI 1/ });
  t.throws(() => fillRois([], 0, 4), { instanceOf: Cp2ijError, message: /image size 0×4/ });
});

test('80,000 cell-sized ROIs fill an 8192² label image', (t) => {
  const rois: Roi[] = [];
  // An octagon ~22 px across every 28 px: 292 × 292 grid positions, first 80,000 used.
  for (let i = 0; rois.length < 80_000; i++) {
    const x = (i % 292) * 28 + 3;
    const y = Math.floor(i / 292) * 28 + 3;
    rois.push(polygonRoi(RoiType.TRACED, [x + 7, y, x + 15, y, x + 22, y + 7, x + 22, y + 15, x + 15, y + 22, x + 7, y + 22, x, y + 15, x, y + 7]));
  }
  const { labels } = fillRois(rois, 8192, 8192);
  t.is(labels[8191 * 8192 + 8191], 0);
  t.is(labels[(3 + 11) * 8192 + 3 + 11], 1);
  t.is(labels.filter((v) => v === 80_000).length, labels.filter((v) => v === 1).length);
});
