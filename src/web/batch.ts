/**
 * What the page does with a set of dropped files, decided by their names as the command does for a
 * folder: Cellpose results to export (a `_seg.npy` wins over label images of the same base), microscope
 * images a seg names in `filename` (for pictures), and edited ROIs (a RoiSet, `.roi` or GeoJSON) that go
 * back into a new `_seg.npy` with the original of the same base.
 */
import { baseName } from '../read/input.js';

export interface Named {
  readonly name: string;
}

export interface Batch<F extends Named> {
  /** Cellpose results, sorted by name. */
  readonly results: F[];
  /** Edited ROIs per base, with the original `_seg.npy` when it was dropped too. */
  readonly edits: { readonly base: string; readonly rois: F[]; readonly original?: F }[];
  /** Files that are neither (the images pictures may use among them). */
  readonly others: F[];
}

const RESULT = /(_seg\.npy|_cp_masks\.(png|tiff?)|\.npy)$/i;
const SEG = /_seg\.npy$/i;
const EDITED = /(\.zip|\.roi|\.geojson|\.json)$/i;
/** Pictures cp2ij or Cellpose made, which look like label images but are not. */
const PICTURE = /_outlines_cp_masks\.png$/i;

export function planBatch<F extends Named>(files: readonly F[]): Batch<F> {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const segBases = new Set(sorted.filter((f) => SEG.test(f.name)).map((f) => baseName(f.name)));
  const results: F[] = [];
  const others: F[] = [];
  const edits = new Map<string, F[]>();
  for (const f of sorted) {
    if (RESULT.test(f.name) && !PICTURE.test(f.name)) {
      if (SEG.test(f.name) || !segBases.has(baseName(f.name))) results.push(f);
    } else if (EDITED.test(f.name)) {
      const base = baseName(f.name);
      edits.set(base, [...(edits.get(base) ?? []), f]);
    } else others.push(f);
  }
  return {
    results,
    edits: [...edits].map(([base, rois]) => ({ base, rois, original: sorted.find((f) => SEG.test(f.name) && baseName(f.name) === base) })),
    others,
  };
}

/** The dropped file a seg's `filename` names (by its last path component), if any. */
export function namedImage<F extends Named>(filename: string | undefined, files: readonly F[]): F | undefined {
  const leaf = filename?.split(/[\\/]/).pop();
  return leaf ? files.find((f) => f.name === leaf) : undefined;
}
