/**
 * Real ImageJ 1.53t edits an exported RoiSet — deletes a ROI, adds a polygon, paints an oval ∪ rectangle
 * composite (roiManager combine) over other cells — saves it, and fills every remaining ROI with its
 * label into a 16-bit image saved as TIFF. cp2ij's import of ImageJ's saved RoiSet must equal ImageJ's
 * fill pixel for pixel. The same ImageJ run opens cp2ij's _cp_masks.png and 3D _cp_masks.tif.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeRoi } from '../src/encode/roi-encode.js';
import { roiFromOutline, roiName } from '../src/encode/from-outline.js';
import { importItems } from '../src/jobs/import.js';
import { parseLabelTiff } from '../src/read/labels.js';
import { readRoiSet } from '../src/read/roiset.js';
import { parseSeg } from '../src/read/seg.js';
import { traceMasks } from '../src/trace/tracer.js';
import { labelPng, labelTiff } from '../src/write/label-image.js';
import { roiSetZip } from '../src/write/roiset.js';
import { ijString, runImageJ } from './helpers/imagej.js';

const SEG = path.resolve('../shared/fixtures/seg');

const MACRO = (zip: string, savedZip: string, filled: string, png: string, tif: string, w: number, h: number): string => `
setBatchMode(true);
newImage("labels", "16-bit black", ${w}, ${h}, 1);
roiManager("reset");
roiManager("Open", ${ijString(zip)});
print("opened " + roiManager("count"));
roiManager("select", 3);
roiManager("delete");
makePolygon(20, 20, 90, 25, 70, 95, 25, 70);
roiManager("add");
roiManager("select", roiManager("count") - 1);
roiManager("rename", "9001");
makeOval(150, 150, 61, 43);
roiManager("add");
makeRectangle(240, 120, 23, 90);
roiManager("add");
n = roiManager("count");
roiManager("select", newArray(n - 2, n - 1));
roiManager("combine");
roiManager("add");
roiManager("select", newArray(n - 2, n - 1));
roiManager("delete");
roiManager("select", roiManager("count") - 1);
roiManager("rename", "9002");
print("composite type " + selectionType());
roiManager("deselect");
roiManager("save", ${ijString(savedZip)});
for (i = 0; i < roiManager("count"); i++) {
  roiManager("select", i);
  setColor(parseInt(call("ij.plugin.frame.RoiManager.getName", i)));
  fill();
}
run("Select None");
saveAs("Tiff", ${ijString(filled)});
print("saved " + roiManager("count"));
open(${ijString(png)});
print("png " + getWidth() + " " + getHeight() + " " + bitDepth() + " " + getPixel(100, 100) + " " + getPixel(300, 200));
open(${ijString(tif)});
print("tif " + getWidth() + " " + getHeight() + " " + nSlices + " " + bitDepth());
setSlice(4);
print("tif4 " + getPixel(50, 60) + " " + getPixel(100, 80));
`;

test('import of an ImageJ-edited RoiSet equals what ImageJ fills; ImageJ opens the label images', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-ij-import-'));
  try {
    const masks = parseSeg(new Uint8Array(readFileSync(path.join(SEG, 'np1', 'typical_cli_seg.npy')))).masks;
    const stack = parseSeg(new Uint8Array(readFileSync(path.join(SEG, 'np1', 'stack3d_cli_seg.npy')))).masks;
    const zip = path.join(dir, 'typical_rois.zip');
    writeFileSync(
      zip,
      roiSetZip(traceMasks(masks).map((o) => ({ name: roiName(o.label), bytes: encodeRoi(roiFromOutline(o, { name: roiName(o.label) })) }))),
    );
    const png = path.join(dir, 'typical_cp_masks.png');
    const tif = path.join(dir, 'stack_cp_masks.tif');
    writeFileSync(png, labelPng(masks));
    writeFileSync(tif, labelTiff(stack));
    const savedZip = path.join(dir, 'edited_rois.zip');
    const filled = path.join(dir, 'filled.tif');
    const { lines } = await runImageJ(MACRO(zip, savedZip, filled, png, tif, masks.width, masks.height), '', { timeoutMs: 180_000 });
    t.log(lines.join(' | '));
    t.true(lines.includes('composite type 9'), 'the painted shape is a composite');

    const items = readRoiSet(new Uint8Array(readFileSync(savedZip))).map((it) => ({ kind: 'roi' as const, name: it.label, roi: it.roi }));
    const ours = importItems(items, masks, 'last').masks;
    const theirs = parseLabelTiff(new Uint8Array(readFileSync(filled)));
    let diff = 0;
    for (let i = 0; i < theirs.data.length; i++) if (ours.data[i] !== theirs.data[i]) diff++;
    t.is(diff, 0, 'differing pixels');
    t.true(ours.data.includes(9001) && ours.data.includes(9002));
    t.is(items.length, traceMasks(masks).length + 1);

    const at = (x: number, y: number, z = 0, m = masks): number => m.data[(z * m.height + y) * m.width + x]!;
    t.true(lines.includes(`png ${masks.width} ${masks.height} 16 ${at(100, 100)} ${at(300, 200)}`), 'PNG as ImageJ reads it');
    t.true(lines.includes(`tif ${stack.width} ${stack.height} ${stack.depth} 16`), 'TIFF stack as ImageJ reads it');
    t.true(lines.includes(`tif4 ${at(50, 60, 3, stack)} ${at(100, 80, 3, stack)}`), 'TIFF plane 4 pixels');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
