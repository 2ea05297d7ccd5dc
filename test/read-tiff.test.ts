/**
 * Label TIFFs as tifffile, libtiff's tiffcp, Cellpose and ImageJ write them (test/fixtures/tiff/make_tiffs.py,
 * run here with real tifffile): every encoding decodes to exactly the array that was saved, 2D and 3D,
 * and the RoiSets exported from them fill back in real ImageJ to exactly those labels.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Masks } from '../src/core/masks.js';
import { inspectFile } from '../src/node/inspect.js';
import { collectInputs, loadInput } from '../src/node/inputs.js';
import { parseNpy } from '../src/read/npy.js';
import { decodeImage } from '../src/render/decode-image.js';
import { type FillCase, imagejFillsBack } from './helpers/imagej-fill.js';
import { runImageJ } from './helpers/imagej.js';
import '../src/node/files.js';

const SHARED = path.resolve('..', 'shared', 'fixtures', 'seg');
const SCRIPT = path.resolve('test', 'fixtures', 'tiff', 'make_tiffs.py');

interface Manifest {
  cases: { file: string; truth: string; encoding: string; dtype: string; labels?: number }[];
  bad: { file: string; error: string }[];
}

let made: { dir: string; manifest: Manifest } | undefined;
function fixtures(): { dir: string; manifest: Manifest } {
  if (!made) {
    const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-tiff-'));
    execFileSync('/usr/bin/python3', [SCRIPT, SHARED, dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    made = { dir, manifest: JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest };
  }
  return made;
}

function truthOf(file: string): { data: ArrayLike<number | bigint>; shape: readonly number[] } {
  const npy = parseNpy(new Uint8Array(readFileSync(file)));
  if (npy.kind !== 'array') throw new Error(`${file} is not a plain array`);
  return npy.array;
}

function differing(masks: Masks, truth: { data: ArrayLike<number | bigint>; shape: readonly number[] }): number {
  const { data } = masks;
  if (data.length !== truth.data.length) return -1;
  let n = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== Number(truth.data[i])) n++;
  return n;
}

test('every encoding decodes to exactly the saved array: tifffile and tiffcp, 2D and 3D, u8…u32, int, float', async (t) => {
  const { manifest } = fixtures();
  t.true(manifest.cases.length >= 130, `${manifest.cases.length} files`);
  const encodings = new Set<string>();
  for (const c of manifest.cases) {
    const input = await loadInput(c.file);
    const truth = truthOf(c.truth);
    t.is(differing(input.masks, truth), 0, `${c.encoding} ${path.basename(c.file)}`);
    t.is(input.masks.depth, truth.shape.length === 3 ? truth.shape[0]! : 1, `${path.basename(c.file)}: planes`);
    t.is(input.masks.is3d, truth.shape.length === 3);
    encodings.add(c.encoding);
  }
  t.log(`${manifest.cases.length} files, ${encodings.size} encodings`);
});

test('inspect reports compression, predictor, tiling, sample format and byte order', async (t) => {
  const { dir } = fixtures();
  const r = await inspectFile(path.join(dir, 'u32_2d_lzw_tiles_bigtiff_be_cp_masks.tif'));
  t.deepEqual(r.tiff, { compression: 'LZW', predictor: 2, tiled: true, bigTiff: true, byteOrder: 'big', sampleFormat: 'uint', bitsPerSample: 32, pages: 1 });
  const f = await inspectFile(path.join(dir, 'f32_3d_zlib_cp_masks.tif'));
  t.like(f.tiff, { compression: 'deflate', sampleFormat: 'float', bitsPerSample: 32, pages: 8 });
  t.is(f.planes, 8);
});

test('refused with the reason: several channels, colour samples, non-integer and negative labels', async (t) => {
  const { manifest } = fixtures();
  for (const b of manifest.bad) {
    const e = await t.throwsAsync(loadInput(b.file));
    t.true(e!.message.includes(b.error), e!.message);
    t.true(e!.message.startsWith(b.file), 'names the file');
  }
});

test('Cellpose --in_folders layout: a folder input finds masks/ and writes beside the image, base = image name', async (t) => {
  const { dir } = fixtures();
  const results = mkdtempSync(path.join(tmpdir(), 'cp2ij-infolders-'));
  mkdirSync(path.join(results, 'masks'));
  mkdirSync(path.join(results, 'outlines'));
  copyFileSync(path.join(dir, 'u16_2d_zlib_cp_masks.tif'), path.join(results, 'masks', 'img1_cp_masks.tif'));
  copyFileSync(path.join(dir, 'u16_2d_none_cp_masks.tif'), path.join(results, 'masks', 'img2_mymasks.tif'));
  writeFileSync(path.join(results, 'img1.tif'), 'the microscope image, not a label image');
  const found = await collectInputs([results]);
  t.deepEqual(found.map((f) => path.relative(results, f)), ['masks/img1_cp_masks.tif', 'masks/img2_mymasks.tif']);
  const out = execFileSync(process.execPath, ['bin/cp2ij.js', 'export', results, '--json'], { encoding: 'utf8' });
  const doc = JSON.parse(out) as { exported: { written: string[] }[] };
  t.deepEqual(doc.exported.flatMap((e) => e.written).map((f) => path.relative(results, f)).sort(), ['img1_cp_outlines.txt', 'img1_rois.zip', 'img2_mymasks_cp_outlines.txt', 'img2_mymasks_rois.zip']);
});

test("Cellpose 4.x segs: diameter NaN, five flows, GUI layout without chan_choose; and save_masks' uint32 zlib TIFF", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-cp4-'));
  execFileSync('/usr/bin/python3', ['-c', `import numpy as np, sys, tifffile
d = np.load(sys.argv[1], allow_pickle=True).item()
m = d['masks']
Ly, Lx = m.shape
flows = [np.zeros((Ly, Lx, 3), np.uint8), np.zeros((Ly, Lx), np.uint8), np.zeros((Ly, Lx), np.uint8), [], np.zeros((3, Ly, Lx), np.float32)]
cli = {'outlines': d['outlines'], 'masks': m, 'ismanual': np.zeros(m.max(), bool), 'filename': 'img.tif', 'flows': flows, 'diameter': np.nan}
np.save(sys.argv[2] + '/cli4_seg.npy', cli)
gui = dict(cli, colors=np.zeros((m.max(), 3), np.uint8), img=np.zeros((Ly, Lx), np.float32), manual_changes=[], model_path='cpsam', flow_threshold=0.4, cellprob_threshold=0.0, normalize_params={'lowhigh': None, 'percentile': [1.0, 99.0], 'normalize': True, 'norm3D': True, 'sharpen_radius': 0, 'smooth_radius': 0, 'tile_norm_blocksize': 0, 'tile_norm_smooth3D': 1, 'invert': False}, restore=None, ratio=1.0, diameter=np.nan)
np.save(sys.argv[2] + '/gui4_seg.npy', gui)
tifffile.imwrite(sys.argv[2] + '/img_cp_masks.tif', m.astype(np.uint32), compression='zlib')
`, path.join(SHARED, 'np1', 'typical_cli_seg.npy'), dir]);
  const truth = truthOf(path.join(SHARED, 'np1', 'typical_cli_masks.npy'));
  for (const name of ['cli4_seg.npy', 'gui4_seg.npy', 'img_cp_masks.tif']) {
    const input = await loadInput(path.join(dir, name));
    t.is(differing(input.masks, truth), 0, name);
  }
});

test('real ImageJ fills the RoiSets exported from TIFFs back exactly: every encoding, 2D and 3D, ids above 2^16 and 2^24, 90,000 labels, a float label image saved by ImageJ', async (t) => {
  const { dir, manifest } = fixtures();
  // ImageJ saves a float label image itself: the uint16 labels converted to 32-bit
  const floatTif = path.join(dir, 'imagej_float_cp_masks.tif');
  const saved = await runImageJ(`open("${path.join(dir, 'u16_2d_none_cp_masks.tif')}"); run("32-bit"); saveAs("Tiff", "${floatTif}"); print("bits=" + bitDepth());`, '');
  t.true(saved.lines.includes('bits=32'), saved.stdout);
  const ijFloat = await loadInput(floatTif);
  t.is(differing(ijFloat.masks, truthOf(path.join(dir, 'u16_2d_truth.npy'))), 0, 'ImageJ-saved float labels read exactly');
  const chosen = manifest.cases.filter((c) => /^(u32_2d|u16_3d|f32_3d)_/.test(path.basename(c.file)) || c.labels !== undefined);
  const cases: FillCase[] = [{ name: 'imagej float', masks: ijFloat.masks }];
  for (const c of chosen) cases.push({ name: `${c.encoding} ${path.basename(c.file)}`, masks: (await loadInput(c.file)).masks });
  const many = manifest.cases.find((c) => c.labels !== undefined)!;
  t.true(many.labels! >= 70_000, `${many.labels} labels`);
  const { rois, pixels } = await imagejFillsBack(t, cases);
  t.log(`${cases.length} TIFF label images, ${rois} ROIs, ${pixels} pixels compared`);
});

test('microscope images for pictures decode with the same TIFF reader: grey, RGB chunky and planar, alpha dropped, stacks, every codec and predictor', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-tiff-images-'));
  execFileSync('/usr/bin/python3', [path.resolve('test', 'fixtures', 'tiff', 'make_images.py'), dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const { cases } = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { cases: { file: string; truth: string; shape: number[] }[] };
  t.is(cases.length, 9);
  for (const c of cases) {
    const image = decodeImage(new Uint8Array(readFileSync(c.file)));
    const truth = truthOf(c.truth);
    t.deepEqual([...image.shape], c.shape, `${path.basename(c.file)}: shape`);
    let differ = 0;
    for (let i = 0; i < truth.data.length; i++) if (image.data[i] !== Number(truth.data[i])) differ++;
    t.is(differ, 0, `${path.basename(c.file)}: samples`);
  }
});
