/**
 * The one entry every pipeline uses to open a Cellpose result: `_seg.npy`, a label `.npy`,
 * `_cp_masks.png` or `_cp_masks.tif`. The kind comes from the file's magic bytes, never its name.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Cp2ijError, attributeError } from '../core/errors.js';
import type { Masks } from '../core/masks.js';
import { FileSource } from '../io/file-source.js';
import { type ByteSource, memorySource } from './byte-source.js';
import { isNpy, readNpyHeaderFrom } from './npy.js';
import type { TiffLabelInfo } from './labels.js';
import { type CellposeSeg, parseSegSource } from './seg.js';

export type InputKind = 'seg' | 'npy' | 'png' | 'tiff';

export interface LoadedInput {
  readonly file: string;
  readonly kind: InputKind;
  /** The path without its Cellpose suffix: /d/img_seg.npy → /d/img (outputs are named from it). */
  readonly base: string;
  readonly masks: Masks;
  /** The whole Cellpose result, for `_seg.npy` inputs. */
  readonly seg?: CellposeSeg;
  /** How a TIFF label image was stored (compression, tiling, samples). */
  readonly tiff?: TiffLabelInfo;
}

/** Which kind of input the source holds, reading only its first bytes (and a .npy's header). */
export function detectSourceKind(source: ByteSource): InputKind | undefined {
  const bytes = source.read(0, Math.min(source.length, 8));
  if (isNpy(bytes)) {
    try {
      return readNpyHeaderFrom(source).descr === '|O' ? 'seg' : 'npy';
    } catch {
      return 'npy'; // a broken header: let the npy reader say what is wrong
    }
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  // classic TIFF (42) or BigTIFF (43), either byte order
  if (startsWith(bytes, [0x49, 0x49]) && (bytes[2] === 0x2a || bytes[2] === 0x2b) && bytes[3] === 0) return 'tiff';
  if (startsWith(bytes, [0x4d, 0x4d, 0x00]) && (bytes[3] === 0x2a || bytes[3] === 0x2b)) return 'tiff';
  return undefined;
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

export type ParsedInput = { kind: InputKind; masks: Masks; seg?: CellposeSeg; tiff?: TiffLabelInfo };

/** Parse bytes already read (the library entry for callers that have no file). */
export function parseInput(bytes: Uint8Array): Promise<ParsedInput> {
  return parseInputSource(memorySource(bytes));
}

/**
 * Parse an input from a source. The masks are always read; for a `_seg.npy`, the other large arrays
 * are read from the source when first used. Label images are read whole; their decoders (PNG, TIFF)
 * are loaded only when such a file comes, which keeps every command's start-up short.
 */
export async function parseInputSource(source: ByteSource): Promise<ParsedInput> {
  const kind = detectSourceKind(source);
  if (kind === 'seg') {
    const seg = parseSegSource(source);
    return { kind, masks: seg.masks, seg };
  }
  if (kind === undefined) throw new Cp2ijError('bad-magic', 'not a Cellpose result: expected a .npy, PNG or TIFF file');
  const labels = await import('./labels.js');
  const bytes = source.read(0, source.length);
  if (kind === 'tiff') {
    const { tiff, ...masks } = labels.parseLabelTiff(bytes);
    return { kind, masks, tiff };
  }
  return { kind, masks: kind === 'npy' ? labels.parseLabelNpy(bytes) : labels.parseLabelPng(bytes) };
}

/**
 * Open and parse an input file. A `_seg.npy` costs its pickle stream and its masks, whatever the size
 * of its flows. No descriptor stays open: the file is closed before this returns, and the seg's other
 * arrays, if a job uses them, each reopen it for their one read (refused if the file has changed).
 */
export async function loadInput(file: string): Promise<LoadedInput> {
  const source = FileSource.open(file);
  try {
    return { file, base: baseOf(file), ...(await parseInputSource(source)) };
  } catch (e) {
    throw attributeError(e, file);
  } finally {
    source.close();
  }
}

/** Cellpose's and cp2ij's file suffixes, most specific first; the plain extension last. */
const SUFFIXES = [
  /_seg\.npy$/i,
  /_cp_masks\.(png|tiff?)$/i,
  /_masks\.npy$/i,
  /_rois\.zip$/i,
  /_cp_outlines\.txt$/i,
  /_imagej_roi_converter\.ijm$/i,
  /\.[^./\\]+$/,
];

/**
 * The dataset base of any Cellpose or cp2ij file: /d/img_seg.npy, /d/img_cp_masks.tif, /d/img_rois.zip,
 * /d/img_cp_outlines.txt → /d/img; /d/labels.npy → /d/labels.
 */
export function baseOf(file: string): string {
  const dir = path.dirname(file);
  const name = path.basename(file);
  for (const suffix of SUFFIXES) {
    const stripped = name.replace(suffix, '');
    if (stripped !== name && stripped !== '') return path.join(dir, stripped);
  }
  return file;
}

const INPUT_NAME = /(_seg\.npy|_cp_masks\.(png|tiff?)|\.npy)$/i;
/** Pictures and temporary files that look like inputs but are not label images. */
const NOT_INPUT = /_outlines_cp_masks\.png$|^\./i;

/**
 * Expand folders into the inputs inside (not recursive; sorted by name); files are kept as given.
 * In a folder, a `_seg.npy` wins over the label images of the same base (`_masks.npy`,
 * `_cp_masks.png/.tif` — Cellpose's and cp2ij's own by-products), whose outputs would collide with it.
 */
export async function collectInputs(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch (e) {
      throw attributeError(e, p);
    }
    if (!stat.isDirectory()) {
      out.push(p);
      continue;
    }
    const names = (await regularFilesIn(p)).filter((n) => INPUT_NAME.test(n) && !NOT_INPUT.test(n)).sort();
    const segBases = new Set(names.filter((n) => /_seg\.npy$/i.test(n)).map(baseOf));
    for (const name of names) {
      if (/_seg\.npy$/i.test(name) || !segBases.has(baseOf(name))) out.push(path.join(p, name));
    }
    // Cellpose's --in_folders layout: the label images are in masks/ (any suffix --output_name gave them)
    const masksDir = path.join(p, CELLPOSE_MASKS_DIR);
    if (await fs.stat(masksDir).then((s) => s.isDirectory(), () => false)) {
      for (const name of (await regularFilesIn(masksDir)).filter((n) => MASKS_DIR_NAME.test(n) && !NOT_INPUT.test(n)).sort()) {
        if (!segBases.has(baseOf(name))) out.push(path.join(masksDir, name));
      }
    }
  }
  return out;
}

const CELLPOSE_MASKS_DIR = 'masks';
const MASKS_DIR_NAME = /\.(png|tiff?|npy)$/i;

/**
 * Where an input's outputs go by default: its own folder, or for a label image in Cellpose's
 * `--in_folders` layout (`masks/` beside `outlines/`, `txt_outlines/`, `flows/`), the image's folder.
 */
export function defaultOutputDir(file: string): string {
  const dir = path.dirname(file);
  return path.basename(dir) === CELLPOSE_MASKS_DIR && !/_seg\.npy$/i.test(file) ? path.dirname(dir) : dir;
}

/** Names of the regular files in a folder (links followed); FIFOs, devices and sub-folders are not inputs. */
async function regularFilesIn(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw attributeError(e, dir);
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isFile()) names.push(entry.name);
    else if (entry.isSymbolicLink() && (await fs.stat(path.join(dir, entry.name)).then((s) => s.isFile(), () => false))) names.push(entry.name);
  }
  return names;
}
