/**
 * The way back, end to end: every shared fixture (2D and 3D, np1 and np2) exported exactly
 * (traceMasks → roiFromOutline named by roiName, 3D position → roiSetZip) and imported gives back its
 * masks bit for bit; the built CLI does the same through files; Cellpose's `_cp_outlines.txt` imports
 * exactly as real cv2.fillPoly paints the same lines; labels, fresh ids, merges and overlap rules.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Masks } from '../src/core/masks.js';
import { encodeRoi } from '../src/encode/roi-encode.js';
import { roiFromOutline, roiName } from '../src/encode/from-outline.js';
import { RoiType, emptyRoi } from '../src/encode/roi-model.js';
import { importItems, readImportItems, type ImportItem } from '../src/jobs/import.js';
import { readRoiSet } from '../src/read/roiset.js';
import type { PyNdArray } from '../src/read/pyvalue.js';
import { parseSeg } from '../src/read/seg.js';
import { traceMasks } from '../src/trace/tracer.js';
import { outlinesText } from '../src/write/outlines-txt.js';
import { roiSetZip } from '../src/write/roiset.js';
import { masksToNpy, readMasksNpy } from './cellpose-npy.js';

const SEG = path.resolve('../shared/fixtures/seg');
const CLI = path.resolve('bin/cp2ij.js');

function fixtures(): { name: string; file: string }[] {
  return ['np1', 'np2'].flatMap((dir) =>
    readdirSync(path.join(SEG, dir))
      .filter((f) => f.endsWith('_seg.npy'))
      .map((f) => ({ name: `${dir}/${f}`, file: path.join(SEG, dir, f) })),
  );
}

function exactRoiSet(masks: Masks): Uint8Array {
  return roiSetZip(
    traceMasks(masks).map((o) => {
      const plane = masks.is3d ? o.plane : undefined;
      const name = roiName(o.label, { plane });
      return { name, bytes: encodeRoi(roiFromOutline(o, { name, position: plane === undefined ? undefined : plane + 1 })) };
    }),
  );
}

function itemsOf(zip: Uint8Array): ImportItem[] {
  return readRoiSet(zip).map((it) => ({ kind: 'roi', name: it.label, roi: it.roi }));
}

function differing(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n + Math.abs(a.length - b.length);
}

for (const { name, file } of fixtures()) {
  test(`exact export → import gives back the masks bit for bit: ${name}`, (t) => {
    const seg = parseSeg(new Uint8Array(readFileSync(file)));
    const truth = seg.masks;
    if (truth.data.every((v) => v === 0)) {
      t.pass('no labels: nothing to export (an empty RoiSet is refused)');
      return;
    }
    const report = importItems(itemsOf(exactRoiSet(truth)), truth, 'error');
    t.is(differing(report.masks.data, truth.data), 0);
    t.is(report.overlapPixels, 0);
    t.is(report.freshIds, 0);
  });
}

test('the built CLI: export --format zip, then import --like to _seg.npy and .npy gives the masks back, _cp_masks is written', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-rt-'));
  try {
    for (const fixture of ['np1/stack3d_cli_seg.npy', 'np2/typical_gui_seg.npy', 'np1/uint32_big_seg.npy', 'np1/holes_seg.npy']) {
      const seg = path.join(SEG, fixture);
      const base = path.basename(seg, '_seg.npy');
      execFileSync('node', [CLI, 'export', seg, '--out', dir, '-f', 'zip', '-q']);
      const zip = path.join(dir, `${base}_rois.zip`);
      const truth = parseSeg(new Uint8Array(readFileSync(seg))).masks;
      const outSeg = path.join(dir, `${base}_new_seg.npy`);
      const json = JSON.parse(execFileSync('node', [CLI, 'import', zip, '--like', seg, '--out', outSeg, '--json', '--keep-labels'], { encoding: 'utf8' })) as { labels: number };
      t.true(json.labels > 0);
      t.is(differing(parseSeg(new Uint8Array(readFileSync(outSeg))).masks.data, truth.data), 0, `${fixture} _seg.npy (--keep-labels)`);
      // by default the seg's labels are 1…N in the same order, with colors and ismanual of length N
      const renumbered = path.join(dir, `${base}_gui_seg.npy`);
      const doc = JSON.parse(execFileSync('node', [CLI, 'import', zip, '--like', seg, '--out', renumbered, '--json'], { encoding: 'utf8' })) as { labels: number; relabelled: [number, number][] };
      const back = parseSeg(new Uint8Array(readFileSync(renumbered)));
      const ranks = new Map([...new Set(Array.from(truth.data).filter((v) => v !== 0))].sort((a, b) => a - b).map((v, i) => [v, i + 1]));
      t.is(differing(back.masks.data, Array.from(truth.data, (v) => (v === 0 ? 0 : ranks.get(v)!))), 0, `${fixture}: labels 1…N, order kept`);
      t.is(doc.relabelled.length, [...ranks].filter(([v, r]) => v !== r).length);
      t.is((back.dict.get('ismanual') as PyNdArray).shape[0], doc.labels);
      if (back.dict.has('colors')) t.is((back.dict.get('colors') as PyNdArray).shape[0], doc.labels);
      const outNpy = path.join(dir, `${base}_new.npy`);
      execFileSync('node', [CLI, 'import', zip, '--like', seg, '--out', outNpy, '-q']);
      t.is(differing(readMasksNpy(outNpy).data, truth.data), 0, `${fixture} .npy`);
      const outMasks = path.join(dir, `${base}_new_cp_masks`);
      execFileSync('node', [CLI, 'import', zip, '--like', seg, '--out', outMasks, '-q']);
      const cellposeChoice = truth.is3d || truth.data.some((v) => v > 65535) ? 'tif' : 'png';
      t.true(existsSync(`${outMasks}.${cellposeChoice}`), `${fixture} _cp_masks.${cellposeChoice} written`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('export --prefix --pad, then import --prefix: the labels come back', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-rt-'));
  try {
    const seg = path.join(SEG, 'np1/typical_cli_seg.npy');
    execFileSync('node', [CLI, 'export', seg, '--out', dir, '-f', 'zip', '--prefix', 'cell_', '--pad', '-q']);
    const out = path.join(dir, 'back.npy');
    execFileSync('node', [CLI, 'import', path.join(dir, 'typical_cli_rois.zip'), '--like', seg, '--prefix', 'cell_', '--out', out, '-q']);
    t.is(differing(readMasksNpy(out).data, parseSeg(new Uint8Array(readFileSync(seg))).masks.data), 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import refuses to overwrite its inputs and reports bad arguments in one line', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-rt-'));
  try {
    const seg = path.join(SEG, 'np1', 'tiny_seg.npy');
    execFileSync('node', [CLI, 'export', seg, '--out', dir, '-f', 'zip', '-q']);
    const zip = path.join(dir, 'tiny_rois.zip');
    const run = (args: string[]): string => {
      try {
        execFileSync('node', [CLI, 'import', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        return 'ok';
      } catch (e) {
        return String((e as { stderr: string }).stderr).trim();
      }
    };
    t.regex(run([zip, '--shape', '10,10', '--out', zip]), /overwrite an input|end it in/);
    t.regex(run([zip, '--out', path.join(dir, 'x_seg.npy')]), /--like ORIGINAL_seg.npy or --shape/);
    t.regex(run([zip, '--shape', '10,x', '--out', path.join(dir, 'x.npy')]), /--shape "10,x"/);
    t.regex(run([zip, '--shape', '10,10', '--overlap', 'max', '--out', path.join(dir, 'x.npy')]), /--overlap/);
    for (const msg of [run([zip, '--out', path.join(dir, 'x_seg.npy')])]) t.is(msg.split('\n').length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** cv2.fillPoly of each txt line with its line number, in order (what "where OpenCV would" means). */
const FILLPOLY_PY = `
import sys, cv2, numpy as np
h, w = int(sys.argv[2]), int(sys.argv[3])
out = np.zeros((h, w), np.int32)
for n, line in enumerate(open(sys.argv[1]).read().split('\\n')):
    if line.strip():
        pts = np.array([int(v) for v in line.split(',')], np.int32).reshape(-1, 2)
        cv2.fillPoly(out, [pts], n + 1)
np.save(sys.argv[4], out.astype('<u4'))
`;

test('Cellpose _cp_outlines.txt imports exactly as cv2.fillPoly paints it, on every 2D fixture', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-txt-'));
  try {
    let compared = 0;
    for (const f of readdirSync(path.join(SEG, 'np1')).filter((n) => n.endsWith('_masks.npy'))) {
      const masks = readMasksNpy(path.join(SEG, 'np1', f));
      if (masks.is3d) continue;
      const txt = outlinesText(masks);
      const txtFile = path.join(dir, `${f}.txt`);
      writeFileSync(txtFile, txt);
      const expectedFile = path.join(dir, `${f}.cv2.npy`);
      execFileSync('/usr/bin/python3', ['-c', FILLPOLY_PY, txtFile, String(masks.height), String(masks.width), expectedFile]);
      const ours = importItems(readImportItems(txt, 'cells_cp_outlines.txt'), masks, 'last').masks;
      t.is(differing(ours.data, readMasksNpy(expectedFile).data), 0, f);
      compared++;
    }
    t.true(compared >= 12);
    // the same masks written as uint32 .npy are still readable by the helper (sanity of the harness)
    t.true(masksToNpy(readMasksNpy(path.join(SEG, 'np1', 'tiny_masks.npy'))).length > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function rect(name: string, x: number, y: number, w: number, h: number, z = 0): ImportItem {
  const roi = { ...emptyRoi(RoiType.RECT, name), left: x, top: y, right: x + w, bottom: y + h, z };
  return { kind: 'roi', name, roi };
}

test('labels: leading numbers, fresh ids after the largest, same-label merge, overlap rules, 3D planes', (t) => {
  const g = { width: 10, height: 4, depth: 1, is3d: false };
  const items = [rect('0007', 0, 0, 3, 2), rect('cell', 5, 0, 2, 2), rect('7-z1', 0, 2, 3, 2), rect('x', 8, 0, 2, 4), rect('3', 2, 0, 2, 1)];
  const last = importItems(items, g, 'last');
  const at = (m: Masks, x: number, y: number, z = 0): number => m.data[(z * m.height + y) * m.width + x]!;
  t.is(at(last.masks, 0, 0), 7);
  t.is(at(last.masks, 0, 3), 7, 'same label merges');
  t.is(at(last.masks, 5, 0), 8, 'first unnumbered ROI gets max + 1');
  t.is(at(last.masks, 9, 3), 9);
  t.is(at(last.masks, 2, 0), 3, 'last wins');
  t.is(last.overlapPixels, 1);
  t.is(last.freshIds, 2);
  t.is(at(importItems(items, g, 'first').masks, 2, 0), 7, 'first stays');
  t.throws(() => importItems(items, g, 'error'), { message: /labels 7 and 3 overlap at x=2, y=0/ });

  // a label painted over entirely is gone from the count (and from ismanual/colors via the label table)
  const covered = importItems([rect('1', 0, 0, 2, 2), rect('2', 0, 0, 3, 3), rect('3', 5, 0, 1, 1)], g, 'last');
  t.is(covered.labels, 2);
  t.deepEqual([...covered.labelTable!.present], [0, 0, 1, 1]);
  t.is(importItems([rect('1', 0, 0, 2, 2), rect('2', 0, 0, 3, 3)], g, 'first').labels, 2);

  // cells drawn by hand in Fiji carry ImageJ's coordinate names: new labels, never merged by accident
  const drawn = importItems([rect('0003', 0, 0, 1, 1), rect('0001-0005', 2, 0, 1, 1), rect('0001-0008', 4, 0, 1, 1), rect('0002-0001-0009', 6, 0, 1, 1)], g);
  t.deepEqual([0, 2, 4, 6].map((x) => at(drawn.masks, x, 0)), [3, 4, 5, 6]);
  t.is(drawn.freshIds, 3);

  const g3 = { width: 4, height: 4, depth: 3, is3d: true };
  const stack = importItems([rect('5', 0, 0, 1, 1, 2), rect('6-z3', 1, 1, 1, 1), rect('9', 3, 3, 1, 1)], g3);
  t.is(at(stack.masks, 0, 0, 1), 5, 'z=2 → plane 1');
  t.is(at(stack.masks, 1, 1, 2), 6, '-z3 → plane 2');
  t.deepEqual([0, 1, 2].map((z) => at(stack.masks, 3, 3, z)), [9, 9, 9], 'no position: every plane');
});
