/**
 * The acceptance check of the exact export, shared by every input kind: real ImageJ opens each RoiSet
 * cp2ij writes and fills ROI i on its own plane with value i. The filled image must equal the label
 * image pixel for pixel, the ROI Manager must list the expected names, each ROI must sit on its plane,
 * and ImageJ's measured area must equal the label's pixel count (skipped for very large sets, whose
 * per-ROI measurement alone would take minutes in ImageJ).
 */
import type { ExecutionContext } from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Masks } from '../../src/core/masks.js';
import { type RoiEntryOptions, roiEntries } from '../../src/encode/roi-entries.js';
import type { CellposeSeg } from '../../src/read/seg.js';
import { traceMasks } from '../../src/trace/tracer.js';
import { roiSetZip } from '../../src/write/roiset.js';
import { runImageJ } from './imagej.js';

export interface FillCase {
  readonly name: string;
  readonly masks: Masks;
  readonly seg?: CellposeSeg;
  /** Export options of this case (e.g. `roiType: 'polygon'`). */
  readonly options?: RoiEntryOptions;
}

/** Above this many ROIs a case is filled without measuring each ROI. */
const MEASURE_LIMIT = 5000;

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
  measure = parseInt(f[5]);
  print("CASE\\t" + k + "\\t" + n);
  for (i = 0; i < n; i++) {
    roiManager("select", i);
    label = call("ij.plugin.frame.RoiManager.getName", "" + i);
    area = -1;
    if (measure) getStatistics(area);
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

export async function imagejFillsBack(t: ExecutionContext, cases: readonly FillCase[]): Promise<{ rois: number; pixels: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-fill-ij-'));
  const expectedNames: string[][] = [];
  const jobs: string[] = [];
  cases.forEach((c, k) => {
    const { entries } = roiEntries(c.masks, { colors: c.seg?.colors, ...c.options });
    expectedNames.push(entries.map((e) => e.name));
    const zip = path.join(dir, `case${k}_rois.zip`);
    writeFileSync(zip, roiSetZip(entries));
    jobs.push([zip, c.masks.width, c.masks.height, c.masks.depth, path.join(dir, `case${k}.raw`), entries.length <= MEASURE_LIMIT ? 1 : 0].join('\t'));
  });
  const list = path.join(dir, 'cases.txt');
  writeFileSync(list, jobs.join('\n'));
  const result = await runImageJ(FILL_MACRO, list, { timeoutMs: 600_000 });
  t.log(result.lines[0]);
  t.is(result.lines.at(-1), 'END', result.stdout.slice(-2000));

  const rows = result.lines.filter((l) => l.startsWith('ROI\t')).map((l) => l.split('\t'));
  let pixels = 0;
  cases.forEach((c, k) => {
    const { width, height, depth } = c.masks;
    const mine = rows.filter((r) => r[1] === String(k));
    const names = mine.map((r) => r[3]!);
    // compared here rather than by deepEqual, whose diffing is slow on 90,000-element arrays
    const expected = expectedNames[k]!;
    t.is(names.length, expected.length, `${c.name}: ROI count`);
    t.is(mismatches(names, expected), 0, `${c.name}: ROI Manager names`);
    t.is(mismatches(mine.map((r) => r[4]!), expected), 0, `${c.name}: names stored in the ROIs`);
    // what ImageJ filled, as labels: ROI index → its label (the name before any -z suffix)
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
    // each ROI shows on its own plane, and ImageJ measures exactly the label's pixel count
    const outlines = traceMasks(c.masks);
    const measured = mine.length <= MEASURE_LIMIT;
    const got = mine.map((r) => `${r[5]}/${measured ? r[6] : -1}`);
    const want = outlines.map((o) => `${c.masks.is3d ? o.plane + 1 : 1}/${measured ? o.area : -1}`);
    t.is(mismatches(got, want), 0, `${c.name}: slice and area per ROI`);
  });
  return { rois: rows.length, pixels };
}

/** How many positions differ (a length difference counts as the missing ones). */
function mismatches(a: readonly string[], b: readonly string[]): number {
  let n = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) n++;
  return n;
}
