/**
 * The acceptance test of the exact export: real ImageJ opens every RoiSet cp2ij writes and fills each ROI
 * on its own plane. The filled image must equal the label image pixel for pixel, every ROI's measured
 * area must equal its label's pixel count, and the ROI Manager must list the expected names in order.
 */
import test from 'ava';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadInput } from '../src/node/inputs.js';
import { type FillCase, imagejFillsBack } from './helpers/imagej-fill.js';

const SHARED = path.resolve('..', 'shared', 'fixtures', 'seg');

type Case = FillCase;

/** Every shared fixture with at least one label (the empty one must write nothing: tested elsewhere). */
async function sharedCases(): Promise<Case[]> {
  const cases: Case[] = [];
  for (const version of ['np1', 'np2']) {
    for (const file of readdirSync(path.join(SHARED, version)).filter((f) => f.endsWith('_seg.npy')).sort()) {
      const input = await loadInput(path.join(SHARED, version, file));
      if (input.masks.data.some((v) => v !== 0)) cases.push({ name: `${version}/${file}`, masks: input.masks, seg: input.seg });
    }
  }
  return cases;
}

/** Labels whose coordinates exceed ImageJ's 16-bit range: a 2-row image 70,000 pixels wide. */
function wideCase(): Case {
  const width = 70_000;
  const data = new Uint32Array(width * 2);
  for (let x = 64_990; x < 65_010; x++) data[x] = 7; // crosses 65535 − 5000… and 2¹⁶ − 1 on the way
  for (let x = 60_530; x < 60_540; x++) data[width + x] = 9;
  data[width + 69_999] = 11;
  data[0] = 12;
  return { name: 'wide-70000', masks: { width, height: 2, depth: 1, is3d: false, data } };
}

test('real ImageJ fills every exported RoiSet back to exactly the label image, label for label', async (t) => {
  const cases = [...(await sharedCases()), wideCase()];
  t.true(cases.length >= 23, `found ${cases.length} fixtures`);
  const { rois, pixels } = await imagejFillsBack(t, cases);
  t.log(`${cases.length} label images, ${rois} ROIs, ${pixels} pixels compared`);
});
