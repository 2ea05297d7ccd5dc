/**
 * The safety bounds every reader and filler honours, so that no input — however small its file —
 * makes cp2ij allocate or loop without limit. Each bound is far above what real Cellpose, ImageJ and
 * QuPath files reach; a user with a larger legitimate file raises it (the CLI reads
 * `CP2IJ_LIMITS="pixels=8e9,vertices=1e8"`; the library calls `setLimits`).
 */
import { Cp2ijError } from './errors.js';

export interface Limits {
  /** Pixels of one label image (all planes). */
  pixels: number;
  /** Bytes one input may make cp2ij hold for its main arrays (masks, decoded planes, painted masks). */
  memory: number;
  /** Vertices of one polygon ROI or `_cp_outlines.txt` line. */
  vertices: number;
  /** Floats of one composite ROI's path (each segment becomes an object: this bounds the heap). */
  pathFloats: number;
  /** Entries of one RoiSet zip. */
  entries: number;
  /** Bytes all entries of one RoiSet inflate to, together. */
  inflated: number;
  /** Characters of one `_cp_outlines.txt` line. */
  line: number;
  /** Bytes of an image file a seg's `filename` names (read for pictures). */
  image: number;
}

const DEFAULTS: Limits = {
  pixels: 2 ** 31,
  memory: 12 * 2 ** 30,
  vertices: 2 ** 24,
  pathFloats: 2 ** 22,
  entries: 4_000_000,
  inflated: 8 * 2 ** 30,
  line: 256 * 2 ** 20,
  image: 8 * 2 ** 30,
};

/** The bounds in force (read everywhere; changed only through setLimits). */
export const limits: Readonly<Limits> = { ...DEFAULTS };

export const LIMIT_NAMES = Object.keys(DEFAULTS) as (keyof Limits)[];

/** Change some bounds; unknown names or non-positive values are refused. */
export function setLimits(changes: Partial<Limits>): void {
  for (const [name, value] of Object.entries(changes)) {
    if (!(name in DEFAULTS)) throw new Cp2ijError('bad-argument', `unknown limit "${name}" (known: ${LIMIT_NAMES.join(', ')})`);
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw new Cp2ijError('bad-argument', `limit ${name} must be a positive number`);
    (limits as Limits)[name as keyof Limits] = Math.floor(value);
  }
}

/** Restore the defaults (tests). */
export function resetLimits(): void {
  Object.assign(limits as Limits, DEFAULTS);
}

/** `name=value,name=value` (values may be written 2e9, 0x100 is refused) → changes for setLimits. */
export function parseLimits(text: string): Partial<Limits> {
  const out: Partial<Limits> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z]+)=(\d+(?:\.\d+)?(?:e\d+)?)$/i.exec(part);
    if (!m) throw new Cp2ijError('bad-argument', `CP2IJ_LIMITS: "${part}" is not name=number`);
    out[m[1]!.toLowerCase() as keyof Limits] = Number(m[2]);
  }
  return out;
}

/** Refuse an allocation of `bytes` for `what` beyond the memory bound, before it is made. */
export function checkMemory(bytes: number, what: string): void {
  if (bytes > limits.memory) {
    throw new Cp2ijError('limit', `${what} would need ${formatBytes(bytes)}, more than the memory limit of ${formatBytes(limits.memory)} (raise it with CP2IJ_LIMITS=memory=…)`);
  }
}

/** Refuse an image of more pixels than the bound, before anything is allocated for it. */
export function checkPixels(width: number, height: number, depth: number, bytesPerPixel: number, what = 'image'): void {
  const pixels = width * height * depth;
  const dims = depth > 1 ? `${depth}×${height}×${width}` : `${width}×${height}`;
  if (!Number.isSafeInteger(pixels)) throw new Cp2ijError('limit', `${what} of ${dims} pixels is too large`);
  if (pixels > limits.pixels) throw new Cp2ijError('limit', `${what} of ${dims} pixels is larger than the limit of ${limits.pixels} pixels (raise it with CP2IJ_LIMITS=pixels=…)`);
  checkMemory(pixels * bytesPerPixel, `a ${dims} ${what}`);
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} bytes`;
}
