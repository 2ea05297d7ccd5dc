/**
 * Pictures of a Cellpose result, in the names Cellpose uses (`export --format png` / `--format svg`).
 *
 * 2D, for `<base>` = the input's base name in `outDir`:
 *   png: `<base>_cp_masks.png` (16-bit labels = the masks; `<base>_cp_masks.tif` when a label exceeds
 *        65535, as Cellpose does), `<base>_outlines_cp_masks.png` (image, outline pixels of
 *        masks_to_outlines in pure red), `<base>_overlay.png` (mask_overlay), `<base>_flows.png` (flows[0]
 *        as stored, when the seg has it), `<base>_cp_output.png` (show_segmentation's panels with titles).
 *   svg: `<base>_outlines.svg` (exact traced rings per label, even–odd, over the image).
 *
 * 3D (chosen: one picture per plane, since every plane is a full image a user steps through as in
 * ImageJ, and a montage of many planes would be unreadably small): the per-plane pictures are named
 * `<base>_z<NNN>_outlines_cp_masks.png`, `<base>_z<NNN>_overlay.png`, `…_flows.png`, `…_cp_output.png`,
 * `<base>_z<NNN>_outlines.svg` (NNN = 0-based plane, 3 digits or more); the labels themselves go to one
 * multi-page `<base>_cp_masks.tif`, as Cellpose saves 3D masks.
 *
 * The image is the seg's `img`, else the file its `filename` names (or a file of that name next to the
 * seg, for moved folders). Without one the pictures show the masks alone and a message says why.
 */
import { isCp2ijError } from '../core/errors.js';
import { planeOf, type LabelData, type Masks } from '../core/masks.js';
import type { NdArray } from '../core/ndarray.js';
import { type OutputFile, textBytes } from '../core/output.js';
import type { ParsedInput } from '../read/input.js';
import { displayImage } from '../render/display-image.js';
import { composeFigure, type Panel } from '../render/figure.js';
import { flowPicture } from '../render/flows.js';
import { fullColour, labelHues } from '../render/hues.js';
import { maskOverlay } from '../render/overlay.js';
import { paintOutlines } from '../render/outlines.js';
import { asPicture, blankRgb, type Rgb } from '../render/rgb.js';
import { masksToOutlines } from '../trace/mask-outlines.js';
import type { Outline } from '../trace/outline.js';
import { traceMasks } from '../trace/tracer.js';
import { cellposeMaskFormat, labelTiff } from '../write/label-image.js';
import { encodePng } from '../write/png.js';
import { outlinesSvg } from '../write/svg.js';

export type PictureFormat = 'png' | 'svg';

export interface PictureOptions {
  /** Which pictures (default: png). */
  readonly formats?: readonly PictureFormat[];
  /** The segmented image when the result does not hold it (the seg's `img` wins). */
  readonly image?: NdArray;
  /** Why there is no image, when the caller looked for the file the seg names and found none. */
  readonly imageNote?: string;
}

export interface PicturesResult {
  readonly outputs: OutputFile[];
  /** Things the user should know (no image, no flows…); the caller prints them. */
  readonly messages: string[];
}

/** Cellpose's pictures of one result, named after `name`. The outlines panel and file are drawn in Cellpose's pure red. */
export async function picturesJob(input: ParsedInput, name: string, options: PictureOptions = {}): Promise<PicturesResult> {
  const formats = new Set(options.formats ?? ['png']);
  const { masks } = input;
  const messages: string[] = [];
  const files: { name: string; bytes: Promise<Uint8Array> }[] = [];
  const add = (suffix: string, bytes: Promise<Uint8Array>) => files.push({ name: `${name}${suffix}`, bytes });

  // each picture's deflate is queued (on the thread pool, in Node) as soon as the picture is drawn, so it
  // runs while the main thread draws the next one
  if (formats.has('png')) {
    const format = maskFormat(masks);
    add(`_cp_masks.${format}`, format === 'tif' ? Promise.resolve(labelTiff(masks)) : labelPngFast(masks));
  }
  const image = imageOf(input, options, messages);
  const hueOf = labelHues(input.seg?.colors);
  const planeTag = (z: number) => (masks.is3d ? `_z${String(z).padStart(3, '0')}` : '');
  const displays = Array.from({ length: masks.depth }, (_, z) => displayPlane(image, z, masks, messages));

  if (formats.has('png')) {
    const outlines = masksToOutlines(masks);
    const n = masks.width * masks.height;
    for (let z = 0; z < masks.depth; z++) {
      const display = displays[z];
      const panels: Panel[] = [];
      if (display) panels.push({ title: 'original image', picture: display });
      const outlined = paintOutlines(display ?? blankRgb(masks.width, masks.height), outlines.subarray(z * n, (z + 1) * n) as LabelData);
      add(`${planeTag(z)}_outlines_cp_masks.png`, encodePng(asPicture(outlined)));
      const overlay = maskOverlay(display, planeOf(masks, z), masks.width, masks.height, hueOf);
      add(`${planeTag(z)}_overlay.png`, encodePng(asPicture(overlay)));
      panels.push({ title: 'predicted outlines', picture: outlined }, { title: 'predicted masks', picture: overlay });
      const flows = flowPicture(input.seg?.flows, z, masks);
      if ('reason' in flows) {
        if (input.seg && z === 0) messages.push(`no _flows.png: ${flows.reason}`);
      } else {
        add(`${planeTag(z)}_flows.png`, encodePng(asPicture(flows)));
        panels.push({ title: 'predicted cell pose', picture: flows });
      }
      add(`${planeTag(z)}_cp_output.png`, encodePng(asPicture(composeFigure(panels))));
    }
  }

  if (formats.has('svg')) {
    const byPlane = groupByPlane(traceMasks(masks), masks.depth);
    const colourOf = (label: number) => fullColour(hueOf(label)).map((c) => c * 255) as [number, number, number];
    for (let z = 0; z < masks.depth; z++) {
      const display = displays[z];
      const svg = (display ? encodePng(asPicture(display)) : Promise.resolve(undefined)).then((imagePng) =>
        textBytes(outlinesSvg(byPlane[z]!, { width: masks.width, height: masks.height, colourOf, imagePng })),
      );
      add(`${planeTag(z)}_outlines.svg`, svg);
    }
  }

  // every picture is encoded concurrently (Node's zlib runs on the thread pool)
  const outputs = await Promise.all(files.map(async ({ name, bytes }): Promise<OutputFile> => ({ name, data: await bytes })));
  return { outputs, messages };
}

/** The seg's `img`, else the image the caller found; undefined (with a message) when there is none. */
function imageOf(input: ParsedInput, options: PictureOptions, messages: string[]): NdArray | undefined {
  const seg = input.seg;
  if (!seg) {
    messages.push(`no image: a ${input.kind} label image carries none; pictures show the masks only`);
    return undefined;
  }
  if (seg.img) return seg.img;
  if (options.image) return options.image;
  if (!seg.filename) {
    messages.push("no image: the seg has neither 'img' nor 'filename'; pictures show the masks only");
    return undefined;
  }
  messages.push(options.imageNote ?? `no image: the seg has no 'img' and its image file (${seg.filename}) was not given; pictures show the masks only`);
  return undefined;
}

function displayPlane(image: NdArray | undefined, z: number, masks: Masks, messages: string[]): Rgb | undefined {
  if (!image) return undefined;
  try {
    return displayImage(image, z, masks);
  } catch (e) {
    if (!isCp2ijError(e)) throw e;
    if (!messages.some((m) => m.endsWith(e.detail))) messages.push(`image not used: ${e.detail}`);
    return undefined;
  }
}

function groupByPlane(outlines: Outline[], depth: number): Outline[][] {
  const planes: Outline[][] = Array.from({ length: depth }, () => []);
  for (const o of outlines) planes[o.plane]!.push(o);
  return planes;
}

/** Cellpose's choice of label image; 8/16-bit 2D masks fit a PNG without a pass over every label. */
function maskFormat(masks: Masks): 'png' | 'tif' {
  return !masks.is3d && masks.depth === 1 && !(masks.data instanceof Uint32Array) ? 'png' : cellposeMaskFormat(masks);
}

/**
 * `_cp_masks.png` (16-bit grey) through the native-zlib encoder rather than label-image.ts's fast-png one:
 * same pixels, ~0.1 s less on 2048² masks, which the 1 s budget for all pictures needs.
 */
async function labelPngFast(masks: Masks): Promise<Uint8Array> {
  const data = masks.data instanceof Uint16Array ? masks.data : Uint16Array.from(masks.data);
  return encodePng({ width: masks.width, height: masks.height, channels: 1, data });
}
