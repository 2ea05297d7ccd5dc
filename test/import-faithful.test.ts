/**
 * Import says what it did: ROIs cut to the image, flattened from z planes or merged into one label are
 * counted and named (one warning line, and --json); a RoiSet larger than the target or a 3D one onto a
 * 2D target fails unless --clip / --flatten allows it.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeRoi } from '../src/encode/roi-encode.js';
import { RoiType } from '../src/encode/roi-model.js';
import { roiSetZip } from '../src/write/roiset.js';
import { polygonRoi } from './helpers/rois.js';

const SHARED = path.resolve('..', 'shared', 'fixtures', 'seg');
const cp2ij = (...args: string[]) => spawnSync(process.execPath, ['bin/cp2ij.js', ...args], { encoding: 'utf8' });
const tmp = () => mkdtempSync(path.join(tmpdir(), 'cp2ij-faithful-'));

interface Summary {
  painted: number;
  clipped: string[];
  flattened: string[];
  merged: { label: number; names: string[] }[];
  skipped: { name: string }[];
}

test('a RoiSet larger than the image fails unless --clip; then the cut ROIs are named', (t) => {
  const dir = tmp();
  t.is(cp2ij('export', path.join(SHARED, 'np1', 'typical_cli_seg.npy'), '--format', 'zip', '--out', dir, '--quiet').status, 0);
  const zip = path.join(dir, 'typical_cli_rois.zip');
  const refused = cp2ij('import', zip, '--shape', '100,100', '--out', path.join(dir, 'small.npy'));
  t.is(refused.status, 1);
  t.regex(refused.stderr, /^cp2ij: .*ROI\(s\) reach beyond the 100×100 image .*--clip/);
  t.is(refused.stderr.split('\n').filter(Boolean).length, 1);
  const clipped = cp2ij('import', zip, '--shape', '100,100', '--out', path.join(dir, 'small.npy'), '--clip', '--json');
  t.is(clipped.status, 0, clipped.stderr);
  const doc = JSON.parse(clipped.stdout) as Summary;
  t.true(doc.clipped.length > 0 && doc.skipped.length > 0, `${doc.clipped.length} cut, ${doc.skipped.length} outside`);
  t.regex(clipped.stderr, /^warning: skipped \d+ ROI\(s\): .* \| cut to the image \d+: /);
  t.is(clipped.stderr.split('\n').filter(Boolean).length, 1, 'one warning line');
});

test('a 3D RoiSet onto a 2D target fails unless --flatten; ROIs of one label on one plane are reported as merged', (t) => {
  const dir = tmp();
  t.is(cp2ij('export', path.join(SHARED, 'np1', 'stack3d_cli_seg.npy'), '--format', 'zip', '--out', dir, '--quiet').status, 0);
  const zip = path.join(dir, 'stack3d_cli_rois.zip');
  const refused = cp2ij('import', zip, '--shape', '160,192', '--out', path.join(dir, 'flat.npy'));
  t.is(refused.status, 1);
  t.regex(refused.stderr, /lie on z planes but the target is 2D/);
  const flat = cp2ij('import', zip, '--shape', '160,192', '--out', path.join(dir, 'flat.npy'), '--flatten', '--json');
  t.is(flat.status, 0, flat.stderr);
  const doc = JSON.parse(flat.stdout) as Summary;
  t.true(doc.flattened.length > 0);
  t.true(doc.merged.length > 0, 'the planes of a label land on one plane: merged');
  // onto the stack itself nothing is merged or flattened
  const stack = JSON.parse(cp2ij('import', zip, '--shape', '8,160,192', '--out', path.join(dir, 'stack.npy'), '--json').stdout) as Summary;
  t.deepEqual([stack.flattened.length, stack.merged.length, stack.clipped.length], [0, 0, 0]);
  // two ROIs with one label on a 2D image
  const two = path.join(dir, 'two_rois.zip');
  writeFileSync(two, roiSetZip([
    { name: '5', bytes: encodeRoi(polygonRoi(RoiType.POLYGON, [1, 1, 4, 1, 4, 4], '5')) },
    { name: '5-1', bytes: encodeRoi(polygonRoi(RoiType.POLYGON, [6, 6, 9, 6, 9, 9], '5-1')) },
  ]));
  const merged = JSON.parse(cp2ij('import', two, '--shape', '10,10', '--out', path.join(dir, 'two.npy'), '--json').stdout) as Summary;
  t.deepEqual(merged.merged, [{ label: 5, names: ['5', '5-1'] }]);
});
