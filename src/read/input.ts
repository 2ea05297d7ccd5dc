/**
 * The one entry every pipeline uses to open a Cellpose result: `_seg.npy`, a label `.npy`,
 * `_cp_masks.png` or `_cp_masks.tif`. The kind comes from the file's magic bytes, never its name.
 */
import { Cp2ijError, isCp2ijError } from '../core/errors.js';
import type { Masks } from '../core/masks.js';
import { type AsyncByteSource, type ByteSource, memorySource, readAsync } from './byte-source.js';
import { isNpy, readNpyHeaderFrom } from './npy.js';
import type { TiffLabelInfo } from './labels.js';
import { PyNdArray, PyObjectArray, PyTuple, type PyValue } from './pyvalue.js';
import { type CellposeSeg, parseSegSource } from './seg.js';

export type InputKind = 'seg' | 'npy' | 'png' | 'tiff';

export interface ParsedInput {
  readonly kind: InputKind;
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
    } catch (e) {
      if (!isCp2ijError(e)) throw e; // (a source waiting for bytes, or a bug)
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

/** Parse bytes already read (the library entry for callers that have no file). */
export function parseInput(bytes: Uint8Array): Promise<ParsedInput> {
  return parseInputSource(memorySource(bytes));
}

/**
 * Parse an input from an asynchronous source (a browser File: `parseInputAsync(blobSource(file))`),
 * reading only the ranges it needs. `keys` names the seg's other keys whose arrays are read now as well,
 * those a job will use (`img` and `flows` for pictures; 'all' to write the seg again, as `import --like`
 * does); reading any other array later fails, since its bytes were never fetched.
 */
export function parseInputAsync(source: AsyncByteSource, keys: readonly string[] | 'all' = []): Promise<ParsedInput> {
  return readAsync(source, async (prefetched) => {
    const input = await parseInputSource(prefetched);
    const dict = input.seg?.dict;
    if (dict) for (const [key, value] of dict) if (keys === 'all' || keys.includes(key)) touchArrays(value);
    return input;
  });
}

/** Read every array inside a value (a lazily read array fetches its bytes when its data is first used). */
function touchArrays(value: PyValue): void {
  if (value instanceof PyNdArray) void value.data;
  else if (value instanceof PyObjectArray) for (const v of value.items) touchArrays(v);
  else if (Array.isArray(value)) for (const v of value) touchArrays(v);
  else if (value instanceof PyTuple) for (const v of value.items) touchArrays(v);
  else if (value instanceof Map) for (const v of value.values()) touchArrays(v);
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
 * The dataset base of a Cellpose or cp2ij file name (no folder): img_seg.npy, img_cp_masks.tif,
 * img_rois.zip, img_cp_outlines.txt → img; labels.npy → labels.
 */
export function baseName(name: string): string {
  for (const suffix of SUFFIXES) {
    const stripped = name.replace(suffix, '');
    if (stripped !== name && stripped !== '') return stripped;
  }
  return name;
}
