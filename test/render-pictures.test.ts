/**
 * Pictures checked by their pixels against Cellpose's formulas computed by real numpy + OpenCV
 * (test/fixtures/pictures/make_cells.py), the mask PNG read back by real ImageJ, the other PNGs by
 * fast-png (a decoder cp2ij's encoder shares nothing with), the SVG parsed by fast-xml-parser and filled
 * back even–odd.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from 'fast-png';
import { XMLParser } from 'fast-xml-parser';
import { writePictures } from '../src/node/pictures.js';
import { loadInput } from '../src/node/inputs.js';
import { fillRingsEvenOdd } from './helpers/evenodd.js';
import { ijString, runImageJ } from './helpers/imagej.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GENERATOR = path.join(HERE, '../../test/fixtures/pictures/make_cells.py');

interface Expected {
  width: number;
  height: number;
  masks: number[];
  outlines: number[];
  display: number[];
  overlay: number[];
  flow: number[];
}

const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-pictures-'));
const expected = JSON.parse(execFileSync('/usr/bin/python3', [GENERATOR, dir], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Expected;
const out = path.join(dir, 'out');
const ready = (async () => {
  const seg = await writePictures(await loadInput(path.join(dir, 'cells_seg.npy')), out, { formats: ['png', 'svg'] });
  const moved = await writePictures(await loadInput(path.join(dir, 'moved', 'cells_seg.npy')), path.join(dir, 'out-moved'));
  const labels = await writePictures(await loadInput(path.join(dir, 'cells_masks.npy')), path.join(dir, 'out-labels'));
  return { seg, moved, labels };
})();
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

function rgbOf(file: string): { width: number; height: number; data: Uint8Array } {
  const png = decode(readFileSync(file));
  if (png.channels !== 3 || png.depth !== 8) throw new Error(`${file}: ${png.channels} channels, ${png.depth} bits`);
  return { width: png.width, height: png.height, data: png.data as Uint8Array };
}

/** Indices of pure red pixels. */
function redPixels(data: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < data.length / 3; i++) if (data[3 * i] === 255 && data[3 * i + 1] === 0 && data[3 * i + 2] === 0) out.push(i);
  return out;
}

test('writes every picture in Cellpose names, no messages when the seg holds img and flows', async (t) => {
  const { seg } = await ready;
  t.deepEqual(seg.messages, []);
  t.deepEqual(seg.written.map((f) => path.basename(f)).sort(), [
    'cells_cp_masks.png',
    'cells_cp_output.png',
    'cells_flows.png',
    'cells_outlines.svg',
    'cells_outlines_cp_masks.png',
    'cells_overlay.png',
  ]);
});

test('_cp_masks.png read by real ImageJ is 16-bit and equals the masks pixel for pixel', async (t) => {
  await ready;
  const macro = `open(${ijString(path.join(out, 'cells_cp_masks.png'))});
print("size " + getWidth() + " " + getHeight() + " " + bitDepth());
for (y = 0; y < getHeight(); y++) { s = ""; for (x = 0; x < getWidth(); x++) s = s + getPixel(x, y) + " "; print(s); }`;
  const r = await runImageJ(macro, '', { timeoutMs: 120_000 });
  t.is(r.lines[0], `size ${expected.width} ${expected.height} 16`);
  const pixels = r.lines.slice(1, 1 + expected.height).flatMap((line) => line.trim().split(' ').map(Number));
  t.deepEqual(pixels, expected.masks);
});

test('outline pixels (pure red) are exactly masks_to_outlines by OpenCV; the rest is the normalize99 grey image', async (t) => {
  await ready;
  const pic = rgbOf(path.join(out, 'cells_outlines_cp_masks.png'));
  const want = expected.outlines.flatMap((v, i) => (v ? [i] : []));
  t.deepEqual(redPixels(pic.data), want);
  let worst = 0;
  for (let i = 0; i < expected.display.length; i++) {
    if (expected.outlines[i]) continue;
    const g = expected.display[i]!;
    for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(pic.data[3 * i + c]! - g));
  }
  t.true(worst <= 1, `grey differs from image_to_rgb by up to ${worst}`);
});

test('overlay equals mask_overlay (colorsys HSV, hues from colors) within float rounding', async (t) => {
  await ready;
  const pic = rgbOf(path.join(out, 'cells_overlay.png'));
  let worst = 0;
  let exact = 0;
  for (let i = 0; i < expected.overlay.length; i++) {
    const d = Math.abs(pic.data[i]! - expected.overlay[i]!);
    worst = Math.max(worst, d);
    if (d === 0) exact++;
  }
  t.true(worst <= 1, `overlay differs by up to ${worst}`);
  t.true(exact / expected.overlay.length > 0.99, `only ${exact} of ${expected.overlay.length} samples exact`);
});

test('_flows.png is flows[0] as stored', async (t) => {
  await ready;
  const pic = rgbOf(path.join(out, 'cells_flows.png'));
  t.deepEqual(Array.from(pic.data), expected.flow);
});

test('_cp_output.png holds the four panels under dark titles', async (t) => {
  await ready;
  const fig = rgbOf(path.join(out, 'cells_cp_output.png'));
  const { width, height } = expected;
  // layout for panels under 200 px: 1 px font cells, margin 4, title band 7 + 2·4
  t.is(fig.width, 4 + 4 * (width + 4));
  t.is(fig.height, 15 + height + 4);
  const panels = ['cells_outlines_cp_masks.png', 'cells_overlay.png', 'cells_flows.png'].map((f) => rgbOf(path.join(out, f)));
  panels.forEach((p, k) => {
    const left = 4 + (k + 1) * (width + 4);
    let same = true;
    for (let y = 0; y < height && same; y++) {
      const a = fig.data.subarray(3 * ((15 + y) * fig.width + left), 3 * ((15 + y) * fig.width + left + width));
      same = Buffer.compare(a, p.data.subarray(3 * y * width, 3 * (y + 1) * width)) === 0;
    }
    t.true(same, `panel ${k + 2} differs from its picture`);
  });
  for (let k = 0; k < 4; k++) {
    let ink = 0;
    for (let y = 4; y < 11; y++) for (let x = 4 + k * (width + 4); x < 4 + (k + 1) * (width + 4) - 4; x++) if (fig.data[3 * (y * fig.width + x)] === 0) ink++;
    t.true(ink > 20, `panel ${k + 1} has no title`);
  }
});

test('SVG parses; each path is one label, and its rings filled even–odd give back exactly that label', async (t) => {
  await ready;
  const xml = readFileSync(path.join(out, 'cells_outlines.svg'), 'utf8');
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
    svg: { width: string; height: string; image?: { href: string }; g: { 'fill-rule': string; path: { 'data-label': string; d: string; fill: string }[] } };
  };
  const { width, height, masks } = expected;
  t.is(Number(doc.svg.width), width);
  t.is(Number(doc.svg.height), height);
  t.is(doc.svg.g['fill-rule'], 'evenodd');
  t.true(doc.svg.image?.href.startsWith('data:image/png;base64,'));
  const png = decode(Buffer.from(doc.svg.image!.href.split(',')[1]!, 'base64'));
  t.is(png.width, width);
  const paths = doc.svg.g.path;
  t.deepEqual(paths.map((p) => Number(p['data-label'])), [1, 2, 3, 4, 5, 6, 7]);
  const rebuilt = new Array<number>(width * height).fill(0);
  for (const p of paths) {
    const label = Number(p['data-label']);
    t.regex(p.fill, /^#[0-9a-f]{6}$/);
    const filled = fillRingsEvenOdd(ringsOf(p.d), width, height);
    filled.forEach((v, i) => {
      if (v) rebuilt[i] = rebuilt[i] ? -1 : label;
    });
  }
  t.deepEqual(rebuilt, masks);
});

/** Path data (M, H, V, L, Z) back to integer rings. */
function ringsOf(d: string): Int32Array[] {
  const rings: Int32Array[] = [];
  let ring: number[] = [];
  let x = 0;
  let y = 0;
  for (const [, op, args] of d.matchAll(/([MHVLZ])([^MHVLZ]*)/g)) {
    const n = args!.trim() ? args!.trim().split(/[\s,]+/).map(Number) : [];
    if (op === 'M') {
      ring = [];
      [x, y] = n as [number, number];
    } else if (op === 'H') x = n[0]!;
    else if (op === 'V') y = n[0]!;
    else if (op === 'L') [x, y] = n as [number, number];
    if (op === 'Z') rings.push(Int32Array.from(ring));
    else ring.push(x, y);
  }
  return rings;
}

test('a moved folder: the image is found next to the seg by its file name and gives the same picture', async (t) => {
  const { moved } = await ready;
  t.deepEqual(moved.messages, []);
  const a = rgbOf(path.join(out, 'cells_outlines_cp_masks.png'));
  const b = rgbOf(path.join(dir, 'out-moved', 'cells_outlines_cp_masks.png'));
  t.deepEqual(b.data, a.data);
});

test('a label image: masks-only pictures and a message saying why', async (t) => {
  const { labels } = await ready;
  t.is(labels.messages.length, 1);
  t.regex(labels.messages[0]!, /^no image: a npy label image carries none/);
  t.deepEqual(labels.written.map((f) => path.basename(f)).sort(), ['cells_cp_masks.png', 'cells_cp_output.png', 'cells_outlines_cp_masks.png', 'cells_overlay.png']);
  const outlined = rgbOf(path.join(dir, 'out-labels', 'cells_outlines_cp_masks.png'));
  t.deepEqual(redPixels(outlined.data), expected.outlines.flatMap((v, i) => (v ? [i] : [])));
  t.true(outlined.data.every((v, i) => v === 0 || redPixels(outlined.data).includes(Math.floor(i / 3))));
  const overlay = rgbOf(path.join(dir, 'out-labels', 'cells_overlay.png'));
  expected.masks.forEach((label, i) => {
    const lit = overlay.data[3 * i]! + overlay.data[3 * i + 1]! + overlay.data[3 * i + 2]!;
    if ((label === 0) !== (lit === 0)) t.fail(`pixel ${i}: label ${label}, colour sum ${lit}`);
  });
  t.pass();
});
