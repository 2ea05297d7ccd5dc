/**
 * Real ImageJ loads the RoiSets cp2ij writes: ROI Manager and File › Open, names (non-ASCII too),
 * types, bounds (also beyond the 16-bit range), stack positions, and for area ROIs the pixels ImageJ
 * fills — all in one macro run.
 */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeRoi } from '../src/encode/roi-encode.js';
import { roiFromOutline } from '../src/encode/from-outline.js';
import { RoiType, emptyRoi, type Roi } from '../src/encode/roi-model.js';
import type { Outline } from '../src/trace/outline.js';
import { roiSetZip } from '../src/write/roiset.js';
import { runImageJ } from './helpers/imagej.js';

function outline(rings: number[][], area: number): Outline {
  const xs = rings.flatMap((r) => r.filter((_, i) => i % 2 === 0));
  const ys = rings.flatMap((r) => r.filter((_, i) => i % 2 === 1));
  return {
    label: 1,
    plane: 0,
    rings: rings.map((r) => Int32Array.from(r)),
    area,
    left: Math.min(...xs),
    top: Math.min(...ys),
    right: Math.max(...xs),
    bottom: Math.max(...ys),
  };
}

interface Case {
  roi: Roi;
  /** selectionType() ImageJ must report. */
  type: number;
  bounds: [number, number, number, number];
  slice: number;
  /** Pixels ImageJ fills (an off-image ROI is first recentred by the manager). */
  pixels: number;
  offImage?: boolean;
}

function cases(): Case[] {
  const polygon = emptyRoi(RoiType.POLYGON, 'polygon');
  Object.assign(polygon, { left: 2, top: 1, right: 6, bottom: 4, xCoords: Int32Array.from([0, 4, 4, 0]), yCoords: Int32Array.from([0, 0, 3, 3]) });
  const rect = emptyRoi(RoiType.RECT, 'rect');
  Object.assign(rect, { left: 1, top: 2, right: 4, bottom: 6 });
  const oval = emptyRoi(RoiType.OVAL, 'oval');
  Object.assign(oval, { left: 20, top: 20, right: 25, bottom: 25 });
  return [
    { roi: roiFromOutline(outline([[1, 1, 4, 1, 4, 4, 1, 4]], 9), { name: '1' }), type: 4, bounds: [1, 1, 3, 3], slice: 1, pixels: 9 },
    {
      roi: roiFromOutline(outline([[6, 5, 13, 5, 13, 10, 6, 10], [8, 7, 9, 7, 9, 8, 8, 8]], 34), { name: '2', strokeColor: 0xffff0000 }),
      type: 9, bounds: [6, 5, 7, 5], slice: 1, pixels: 34,
    },
    {
      roi: roiFromOutline(outline([[30, 30, 32, 30, 32, 32, 30, 32], [32, 32, 34, 32, 34, 34, 32, 34]], 8), { name: '3' }),
      type: 9, bounds: [30, 30, 4, 4], slice: 1, pixels: 8,
    },
    { roi: polygon, type: 2, bounds: [2, 1, 4, 3], slice: 1, pixels: 12 },
    { roi: rect, type: 0, bounds: [1, 2, 3, 4], slice: 1, pixels: 12 },
    { roi: oval, type: 1, bounds: [20, 20, 5, 5], slice: 1, pixels: 21 },
    { roi: roiFromOutline(outline([[70000, 61000, 70004, 61000, 70004, 61003, 70000, 61003]], 12), { name: 'far' }), type: 4, bounds: [70000, 61000, 4, 3], slice: 1, pixels: 12, offImage: true },
    { roi: roiFromOutline(outline([[60, 60, 62, 60, 62, 62, 60, 62]], 4), { name: 'Zelle-ä' }), type: 4, bounds: [60, 60, 2, 2], slice: 1, pixels: 4 },
    // positioned last: selecting a ROI without a position leaves the current slice as it is
    { roi: roiFromOutline(outline([[40, 40, 45, 40, 45, 42, 40, 42]], 10), { name: '4-z2', position: 2 }), type: 4, bounds: [40, 40, 5, 2], slice: 2, pixels: 10 },
    { roi: roiFromOutline(outline([[50, 50, 51, 50, 51, 51, 50, 51]], 1), { name: '4-z3', position: 3 }), type: 4, bounds: [50, 50, 1, 1], slice: 3, pixels: 1 },
  ];
}

const MACRO = String.raw`
zip = getArgument();
print("version " + getVersion());
newImage("stack", "8-bit black", 100, 100, 3);
roiManager("reset");
roiManager("open", zip);
n = roiManager("count");
print("count " + n);
// the manager's list shows each ROI's own bounds; selecting one that lies off the image recentres it
roiManager("List");
for (i = 0; i < n; i++) print("list " + Table.get("X", i) + " " + Table.get("Y", i) + " " + Table.get("Width", i) + " " + Table.get("Height", i));
for (i = 0; i < n; i++) {
  roiManager("select", i);
  name = call("ij.plugin.frame.RoiManager.getName", "" + i);
  codes = "";
  for (k = 0; k < lengthOf(name); k++) codes = codes + charCodeAt(name, k) + ".";
  getSelectionBounds(x, y, w, h);
  t = selectionType();
  s = getSliceNumber();
  pixels = -1;
  if (t != 5 && x < 1000) {
    setColor(255);
    fill();
    run("Select None");
    getHistogram(values, counts, 256);
    pixels = counts[255];
    setColor(0);
    run("Select All");
    fill();
    run("Select None");
  }
  print("roi " + codes + " " + t + " " + x + " " + y + " " + w + " " + h + " " + s + " " + pixels);
}
// File › Open hands a zip whose first entry is a .roi to the (visible) ROI Manager window
setBatchMode(false);
run("ROI Manager...");
roiManager("reset");
open(zip);
print("opened " + roiManager("count") + " " + call("ij.plugin.frame.RoiManager.getName", "0"));
`;

test('ImageJ opens a cp2ij RoiSet: count, names, types, bounds, positions, filled pixels; File › Open too', async (t) => {
  const list = cases();
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-ij-roi-'));
  try {
    const zip = path.join(dir, 'set_rois.zip');
    writeFileSync(zip, roiSetZip(list.map((c) => ({ name: c.roi.name, bytes: encodeRoi(c.roi) }))));
    const { lines } = await runImageJ(MACRO, zip, { timeoutMs: 120_000 });
    t.log(lines[0]);
    t.true(lines.includes(`count ${list.length}`), lines.join('\n'));
    const rois = lines.filter((l) => l.startsWith('roi ')).map((l) => l.split(' '));
    const listed = lines.filter((l) => l.startsWith('list ')).map((l) => l.split(' ').slice(1).map(Number));
    t.is(rois.length, list.length);
    t.deepEqual(listed, list.map((c) => c.bounds), 'bounds as decoded by ImageJ, > 60000 included');
    list.forEach((c, i) => {
      const [, codes, type, x, y, w, h, slice, pixels] = rois[i]!;
      const name = String.fromCharCode(...codes!.split('.').filter((s) => s !== '').map(Number));
      t.is(name, c.roi.name, `name ${i}`);
      t.is(Number(type), c.type, `${c.roi.name} selectionType`);
      const selected = c.offImage ? [(100 - c.bounds[2]) >> 1, (100 - c.bounds[3]) >> 1, c.bounds[2], c.bounds[3]] : c.bounds;
      t.deepEqual([x, y, w, h].map(Number), selected, `${c.roi.name} selection bounds`);
      t.is(Number(slice), c.slice, `${c.roi.name} slice`);
      t.is(Number(pixels), c.pixels, `${c.roi.name} filled pixels`);
    });
    t.true(lines.includes(`opened ${list.length} ${list[0]!.roi.name}`), `File › Open hands the zip to the ROI Manager: ${lines.slice(-3).join(' | ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
