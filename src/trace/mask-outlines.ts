/**
 * Cellpose's `outlines` array (`utils.masks_to_outlines`, multiplied by the masks as `io.masks_flows_to_seg`
 * and the GUI store it): per plane and per label, every pixel on ANY of the label's external contours
 * as OpenCV reports them (`findContours(box == label, RETR_EXTERNAL, CHAIN_APPROX_NONE)`), set to the
 * label; 0 elsewhere.
 *
 * Unlike `outlines_list` (the longest contour per label), every external contour counts, and no label is
 * dropped (labels come from `find_objects`, not `np.unique(...)[1:]`).
 */
import type { LabelData, Masks } from '../core/masks.js';
import { scanExternalContours } from './cellpose-contours.js';

/**
 * The outlines of every plane, in the masks' own typed-array type (so uint16 masks give uint16 outlines).
 * `maxLabel`, when the caller knows it, saves a pass over 32-bit masks; `memory` (zeroed, at least the
 * outlines' size) is used instead of a fresh allocation, e.g. memory a worker has already paged in.
 */
export function masksToOutlines(masks: Masks, maxLabel?: number, memory?: ArrayBufferLike): LabelData {
  const { width, height, depth } = masks;
  const out = newLike(masks.data, memory);
  const n = width * height;
  for (let z = 0; z < depth; z++) {
    const plane = (data: LabelData): LabelData => data.subarray(z * n, (z + 1) * n) as LabelData;
    scanExternalContours(plane(masks.data), width, height, { paint: plane(out), maxLabel });
  }
  return out;
}

/** A zeroed array of the same type and length, in `memory` when given (zeroed, large enough). */
function newLike(data: LabelData, memory?: ArrayBufferLike): LabelData {
  if (data instanceof Uint8Array) return memory ? new Uint8Array(memory, 0, data.length) : new Uint8Array(data.length);
  if (data instanceof Uint16Array) return memory ? new Uint16Array(memory, 0, data.length) : new Uint16Array(data.length);
  return memory ? new Uint32Array(memory, 0, data.length) : new Uint32Array(data.length);
}
