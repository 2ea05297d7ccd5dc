/**
 * Pictures of a 3D stack (one picture per plane, the labels in one multi-page `_cp_masks.tif`) and the
 * uint32 `_cp_masks.tif` branch (labels > 65535), checked by pixels: expected values by Cellpose's formulas
 * in real numpy + OpenCV (test/fixtures/pictures/make_stack.py), the uint16 TIFF read back by the `tiff`
 * package, the uint32 one (which `tiff` does not read) by real ImageJ and numpy, PNGs by fast-png (readers
 * cp2ij's writers share nothing with).
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode as decodePng } from 'fast-png';
import { decode as decodeTiff } from 'tiff';
import { writePictures } from '../src/node/pictures.js';
import { loadInput } from '../src/node/inputs.js';
import { ijString, runImageJ } from './helpers/imagej.js';
import { numpyPythons, runPython } from './helpers/numpy.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GENERATOR = path.join(HERE, '../../test/fixtures/pictures/make_stack.py');
const SEGS = path.resolve('../shared/fixtures/seg/np1');

interface Plane {
  outlines: number[];
  display: number[];
  overlay: number[];
  flow: number[];
}
interface Expected {
  stack: { depth: number; height: number; width: number; masks: number[]; planes: Plane[] };
  big: { height: number; width: number; masks: number[]; outlines: number[]; overlay: number[] };
}

const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-pictures-3d-'));
// /usr/bin/python3 is the interpreter with OpenCV (python3-opencv)
const expected = JSON.parse(execFileSync('/usr/bin/python3', [GENERATOR, SEGS, dir], { encoding: 'utf8', maxBuffer: 1 << 28 })) as Expected;
const ready = (async () => {
  const stack = await writePictures(await loadInput(path.join(dir, 'stack_seg.npy')), path.join(dir, 'stack'));
  const big = await writePictures(await loadInput(path.join(SEGS, 'uint32_big_seg.npy')), path.join(dir, 'big'));
  return { stack, big };
})();
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

function rgbOf(file: string): { width: number; height: number; data: Uint8Array } {
  const png = decodePng(readFileSync(file));
  if (png.channels !== 3 || png.depth !== 8) throw new Error(`${file}: ${png.channels} channels, ${png.depth} bits`);
  return { width: png.width, height: png.height, data: png.data as Uint8Array };
}

const plane = (z: number) => `stack_z${String(z).padStart(3, '0')}`;
const isRed = (d: Uint8Array, i: number) => d[3 * i] === 255 && d[3 * i + 1] === 0 && d[3 * i + 2] === 0;

test('3D: one multi-page _cp_masks.tif and four pictures per plane, in plane-tagged names', async (t) => {
  const { stack } = await ready;
  t.deepEqual(stack.messages, []);
  const names = stack.written.map((f) => path.basename(f)).sort();
  const want = ['stack_cp_masks.tif'];
  for (let z = 0; z < expected.stack.depth; z++) for (const s of ['_cp_output.png', '_flows.png', '_outlines_cp_masks.png', '_overlay.png']) want.push(`${plane(z)}${s}`);
  t.deepEqual(names, want.sort());
});

test('3D: the TIFF holds every plane, uint16, equal to the masks numpy reads', async (t) => {
  await ready;
  const { depth, width, height, masks } = expected.stack;
  const pages = decodeTiff(readFileSync(path.join(dir, 'stack', 'stack_cp_masks.tif')));
  t.is(pages.length, depth);
  const n = width * height;
  pages.forEach((p, z) => {
    t.is(p.width, width);
    t.is(p.height, height);
    t.is(p.bitsPerSample, 16);
    t.deepEqual(Array.from(p.data as Uint16Array), masks.slice(z * n, (z + 1) * n), `plane ${z}`);
  });
});

test('3D: each plane: outline pixels = masks_to_outlines of that plane; the rest = that plane normalised on its own', async (t) => {
  await ready;
  const { depth, width, height } = expected.stack;
  for (let z = 0; z < depth; z++) {
    const want = expected.stack.planes[z]!;
    const pic = rgbOf(path.join(dir, 'stack', `${plane(z)}_outlines_cp_masks.png`));
    t.is(pic.width, width);
    t.is(pic.height, height);
    let wrongRed = 0;
    let worst = 0;
    for (let i = 0; i < width * height; i++) {
      if (isRed(pic.data, i) !== (want.outlines[i] === 1)) wrongRed++;
      if (want.outlines[i]) continue;
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(pic.data[3 * i + c]! - want.display[i]!));
    }
    t.is(wrongRed, 0, `plane ${z}: outline pixels differ`);
    t.true(worst <= 1, `plane ${z}: grey differs from image_to_rgb by up to ${worst}`);
  }
});

test('3D: each plane: overlay = mask_overlay of that plane (hues from colors), flows = flows[0][z] as stored', async (t) => {
  await ready;
  for (let z = 0; z < expected.stack.depth; z++) {
    const want = expected.stack.planes[z]!;
    const overlay = rgbOf(path.join(dir, 'stack', `${plane(z)}_overlay.png`)).data;
    let worst = 0;
    let exact = 0;
    want.overlay.forEach((v, i) => {
      const d = Math.abs(overlay[i]! - v);
      worst = Math.max(worst, d);
      if (d === 0) exact++;
    });
    t.true(worst <= 1 && exact / want.overlay.length > 0.99, `plane ${z}: overlay differs by up to ${worst}, ${exact} of ${want.overlay.length} exact`);
    t.deepEqual(Array.from(rgbOf(path.join(dir, 'stack', `${plane(z)}_flows.png`)).data), want.flow, `plane ${z}: flows`);
  }
});

test("3D: each plane's figure holds that plane's pictures", async (t) => {
  await ready;
  const { width, height } = expected.stack;
  for (const z of [0, expected.stack.depth - 1]) {
    const fig = rgbOf(path.join(dir, 'stack', `${plane(z)}_cp_output.png`));
    // panels under 200 px: 1 px font cells, margin 4, title band 15; panel 1 is the image itself
    t.is(fig.width, 4 + 4 * (width + 4));
    t.is(fig.height, 15 + height + 4);
    ['_outlines_cp_masks.png', '_overlay.png', '_flows.png'].forEach((suffix, k) => {
      const panel = rgbOf(path.join(dir, 'stack', `${plane(z)}${suffix}`)).data;
      const left = 4 + (k + 1) * (width + 4);
      let same = true;
      for (let y = 0; y < height && same; y++) {
        const row = fig.data.subarray(3 * ((15 + y) * fig.width + left), 3 * ((15 + y) * fig.width + left + width));
        same = Buffer.compare(row, panel.subarray(3 * y * width, 3 * (y + 1) * width)) === 0;
      }
      t.true(same, `plane ${z}: panel ${k + 2} differs from ${suffix}`);
    });
  }
});

/** numpy reading the first page's strip where the TIFF's own tags say it is (exact for any uint32). */
const NUMPY_TIFF_PAGE = `
import json, struct, sys
import numpy as np
b = open(sys.argv[1], 'rb').read()
assert b[:4] == b'II*\\0'
ifd = struct.unpack_from('<I', b, 4)[0]
tags = {}
for k in range(struct.unpack_from('<H', b, ifd)[0]):
    tag, typ, count, value = struct.unpack_from('<HHII', b, ifd + 2 + 12 * k)
    tags[tag] = value if typ == 4 else value & 0xffff
w, h, bits, fmt, offset = tags[256], tags[257], tags[258], tags.get(339, 1), tags[273]
page = np.frombuffer(b, '<u4' if bits == 32 else '<u2', w * h, offset).reshape(h, w)
masks = np.load(sys.argv[2])
print(json.dumps({'bits': bits, 'format': fmt, 'equal': bool((page.astype(np.uint64) == masks.astype(np.uint64)).all())}))
`;

test('labels > 65535: _cp_masks.tif (not .png), one uint32 page; ImageJ opens it as 32-bit with every label (to float precision), numpy finds every id exact', async (t) => {
  const { big } = await ready;
  const names = big.written.map((f) => path.basename(f)).sort();
  t.deepEqual(names, ['uint32_big_cp_masks.tif', 'uint32_big_cp_output.png', 'uint32_big_flows.png', 'uint32_big_outlines_cp_masks.png', 'uint32_big_overlay.png']);
  const tif = path.join(dir, 'big', 'uint32_big_cp_masks.tif');
  const { width, height, masks } = expected.big;
  // ImageJ reads unsigned 32-bit TIFFs as float: labels above 2^24 come back rounded, as ImageJ stores them
  const macro = `open(${ijString(tif)});
print("size " + getWidth() + " " + getHeight() + " " + nSlices + " " + bitDepth());
for (y = 0; y < getHeight(); y++) { s = ""; for (x = 0; x < getWidth(); x++) s = s + d2s(getPixel(x, y), 0) + " "; print(s); }`;
  const r = await runImageJ(macro, '', { timeoutMs: 120_000 });
  t.is(r.lines[0], `size ${width} ${height} 1 32`);
  const pixels = r.lines.slice(1, 1 + height).flatMap((line) => line.trim().split(' ').map(Number));
  t.deepEqual(pixels, masks.map((v) => Math.fround(v)));
  t.true(masks.includes(16777219));
  const numpy = JSON.parse(runPython(numpyPythons()[0]!, NUMPY_TIFF_PAGE, [tif, path.join(SEGS, 'uint32_big_masks.npy')])) as { bits: number; format: number; equal: boolean };
  t.deepEqual(numpy, { bits: 32, format: 1, equal: true });
});

test('labels > 65535: outlines = masks_to_outlines, overlay = mask_overlay without an image (golden-ratio hues)', async (t) => {
  const { big } = await ready;
  t.true(big.messages.some((m) => m.startsWith('no image:')));
  const outlined = rgbOf(path.join(dir, 'big', 'uint32_big_outlines_cp_masks.png')).data;
  const n = expected.big.width * expected.big.height;
  let wrong = 0;
  for (let i = 0; i < n; i++) if (isRed(outlined, i) !== (expected.big.outlines[i] === 1)) wrong++;
  t.is(wrong, 0);
  const overlay = rgbOf(path.join(dir, 'big', 'uint32_big_overlay.png')).data;
  let worst = 0;
  expected.big.overlay.forEach((v, i) => (worst = Math.max(worst, Math.abs(overlay[i]! - v))));
  t.true(worst <= 1, `overlay differs by up to ${worst}`);
});
