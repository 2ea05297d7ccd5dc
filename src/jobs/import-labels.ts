/**
 * Which label each import item paints. A ROI's label is the leading integer of its name (the RoiSet
 * entry name, as the ROI Manager lists it): `0042`, `42`, `42-z3` (the export's 3D names) all mean 42.
 * Items without one get fresh ids after the largest numbered label, in input order — and so do ROIs
 * with the names ImageJ makes up for cells drawn by hand (`0123-0456`, `0002-0123-0456`: coordinates,
 * not labels), so that new cells drawn in Fiji become new labels instead of merging by accident.
 */
import { Cp2ijError } from '../core/errors.js';
import type { ImportItem } from './import-items.js';

const LEADING_NUMBER = /^\d+/;
const UNUSED = -1;
const Z_SUFFIX = /-z(\d+)$/;

/** Numbered names keep their number; the others (`freshIds` of them) count on from the largest one, up to `maxAssigned`. */
export function assignLabels(items: readonly ImportItem[]): { labelOf: number[]; maxAssigned: number; freshIds: number } {
  // unusable items take no id: UNUSED marks them
  const numbered = items.map((it) =>
    it.kind === 'centre-polygon' ? it.label : it.kind === 'unusable' ? UNUSED : it.kind === 'geometry' ? (numberedLabel(it.name) ?? it.object.storedLabel) : numberedLabel(it.name),
  );
  let largest = 0;
  for (const v of numbered) if (v !== undefined && v > largest) largest = v;
  let next = largest;
  const labelOf = numbered.map((v) => {
    if (v === UNUSED) return 0;
    if (v !== undefined) return v;
    if (next >= 0xffffffff) throw new Cp2ijError('limit', 'no label left below 2^32 for unnumbered ROIs');
    return ++next;
  });
  return { labelOf, maxAssigned: next, freshIds: next - largest };
}

function numberedLabel(name: string): number | undefined {
  if (isImageJAutoName(name)) return undefined;
  const m = LEADING_NUMBER.exec(name);
  if (!m) return undefined;
  const v = Number(m[0]);
  if (v === 0) return undefined;
  if (v > 0xffffffff) throw new Cp2ijError('bad-argument', `ROI "${name}": label ${m[0]} is larger than 4294967295`);
  return v;
}

/**
 * ImageJ's own names for ROIs added without one (`yyyy-xxxx`, `ssss-yyyy-xxxx`, 4 or 5 digits each),
 * recognised by ImageJ's rule: 9 characters or more, a leading digit, a dash at index 4 or 5 followed by a digit.
 */
function isImageJAutoName(name: string): boolean {
  if (name.length < 9 || !/^\d/.test(name)) return false;
  const dash = name[4] === '-' ? 4 : name[5] === '-' ? 5 : -1;
  return dash > 0 && /\d/.test(name[dash + 1] ?? '');
}

/** The 1-based plane an item names of its own (a ROI's z, else its plain position; else a `-z<n>` name suffix), 0 if none. */
export function ownPlane(item: Extract<ImportItem, { kind: 'roi' | 'centre-polygon' }>): number {
  let z = 0;
  if (item.kind === 'roi') {
    const roi = item.roi;
    z = roi.z > 0 ? roi.z : roi.position > 0 && roi.c === 0 && roi.t === 0 ? roi.position : 0;
  }
  return z > 0 ? z : Number(Z_SUFFIX.exec(item.name)?.[1] ?? 0);
}

