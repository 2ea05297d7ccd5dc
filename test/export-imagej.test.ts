/**
 * The acceptance test of the exact export: real ImageJ opens every RoiSet cp2ij writes and fills each ROI
 * on its own plane. The filled image must equal the label image pixel for pixel, every ROI's measured
 * area must equal its label's pixel count, and the ROI Manager must list the expected names in order.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Masks } from '../src/core/masks.js';
import { roiEntries } from '../src/pipeline/export.js';
import { loadInput } from '../src/read/input.js';
import { traceMasks } from '../src/trace/tracer.js';
import { roiSetZip } from '../src/write/roiset.js';
import { runImageJ } from './helpers/imagej.js';

const SHARED = path.resolve('..', 'shared', 'fixtures', 'seg');

interface Case {
  readonly name: string;
  readonly masks: Masks;
  readonly seg?: Awaited<ReturnType<typeof loadInput>>['seg'];
}

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

/** ImageJ: open each RoiSet, fill ROI i (1-based index) on its plane, print name, slice and area. */
const FILL_MACRO = `
lines = split(File.openAsString(getArgument()), "\\n");
setBatchMode(true);
print("version=" + getVersion());
for (k = 0; k < lines.length; k++) {
  f = split(lines[k], "\\t");
  newImage("fill", "32-bit black", parseInt(f[1]), parseInt(f[2]), parseInt(f[3]));
  roiManager("reset");
  roiManager("open", f[0]);
  n = roiManager("count");
  print("CASE\\t" + k + "\\t" + n);
  for (i = 0; i < n; i++) {
    roiManager("select", i);
    label = call("ij.plugin.frame.RoiManager.getName", "" + i);
    getStatistics(area);
    print("ROI\\t" + k + "\\t" + i + "\\t" + label + "\\t" + Roi.getName + "\\t" + getSliceNumber() + "\\t" + area);
    setColor(i + 1);
    fill();
  }
  run("Select None");
  saveAs("Raw Data", f[4]);
  close();
}
print("END");
`;

test('real ImageJ fills every exported RoiSet back to exactly the label image, label for label', async (t) => {
  const cases = [...(await sharedCases()), wideCase()];
  t.true(cases.length >= 23, `found ${cases.length} fixtures`);
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-export-ij-'));
  const expectedNames: string[][] = [];
  const jobs: string[] = [];
  cases.forEach((c, k) => {
    const { entries } = roiEntries({ masks: c.masks, seg: c.seg }, {});
    expectedNames.push(entries.map((e) => e.name));
    const zip = path.join(dir, `case${k}_rois.zip`);
    writeFileSync(zip, roiSetZip(entries));
    jobs.push([zip, c.masks.width, c.masks.height, c.masks.depth, path.join(dir, `case${k}.raw`)].join('\t'));
  });
  const list = path.join(dir, 'cases.txt');
  writeFileSync(list, jobs.join('\n'));
  const result = await runImageJ(FILL_MACRO, list, { timeoutMs: 300_000 });
  t.log(result.lines[0]);
  t.is(result.lines.at(-1), 'END', result.stdout.slice(-2000));

  const rows = result.lines.filter((l) => l.startsWith('ROI\t')).map((l) => l.split('\t'));
  let pixels = 0;
  cases.forEach((c, k) => {
    const { width, height, depth } = c.masks;
    const mine = rows.filter((r) => r[1] === String(k));
    const names = mine.map((r) => r[3]!);
    t.deepEqual(names, expectedNames[k], `${c.name}: ROI Manager names`);
    t.deepEqual(mine.map((r) => r[4]), expectedNames[k], `${c.name}: names stored in the ROIs`);

    // What ImageJ filled, as labels: ROI index → its label (name before any -z suffix).
    const raw = readFileSync(path.join(dir, `case${k}.raw`));
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    t.is(raw.byteLength, width * height * depth * 4, `${c.name}: raw size`);
    const labelOfIndex = names.map((n) => Number(n.split('-z')[0]));
    let differing = 0;
    for (let i = 0; i < width * height * depth; i++) {
      const index = view.getFloat32(4 * i, false); // ImageJ writes raw data big-endian
      const filled = index === 0 ? 0 : labelOfIndex[index - 1]!;
      if (filled !== c.masks.data[i]) differing++;
    }
    t.is(differing, 0, `${c.name}: pixels that differ from the masks`);
    pixels += width * height * depth;

    // Each ROI shows on its own plane, and ImageJ measures exactly the label's pixel count.
    const outlines = traceMasks(c.masks);
    t.deepEqual(
      mine.map((r) => [Number(r[5]), Number(r[6])]),
      outlines.map((o) => [c.masks.is3d ? o.plane + 1 : 1, o.area]),
      `${c.name}: slice and area per ROI`,
    );
  });
  t.log(`${cases.length} label images, ${rows.length} ROIs, ${pixels} pixels compared`);
});
