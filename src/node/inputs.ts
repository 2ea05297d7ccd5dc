/**
 * Inputs on disk: opening a Cellpose result file (through the pure reader in src/read/input.ts),
 * expanding folders into the results inside, and where each input's outputs go by default.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { attributeError } from '../core/errors.js';
import { type ParsedInput, baseName, parseInputSource } from '../read/input.js';
import { FileSource } from './file-source.js';

export interface LoadedInput extends ParsedInput {
  readonly file: string;
  /** The path without its Cellpose suffix: /d/img_seg.npy → /d/img (outputs are named from it). */
  readonly base: string;
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


/**
 * The dataset base of any Cellpose or cp2ij file: /d/img_seg.npy, /d/img_cp_masks.tif, /d/img_rois.zip,
 * /d/img_cp_outlines.txt → /d/img; /d/labels.npy → /d/labels.
 */
export function baseOf(file: string): string {
  return path.join(path.dirname(file), baseName(path.basename(file)));
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
