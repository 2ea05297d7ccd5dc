/**
 * The exact tracer: one raster pass over each plane finds every boundary that has not been followed yet,
 * and follows it along the pixel edges (crack following). Every pixel is read once by the scan and every
 * boundary edge once by a follow, so the cost is O(pixels + boundary length), whatever the number of labels.
 *
 * Walking convention: a ring is walked with its label on the right-hand side (y points down), so outer
 * boundaries run clockwise on screen and holes counter-clockwise. Where a label meets itself only at a
 * corner (two diagonal pixels), the walk turns towards the other pixel: diagonal neighbours are joined into
 * one ring (8-connectivity, as Cellpose and ImageJ's Wand see cells). The ring then touches that corner
 * twice; even–odd filling, which ImageJ uses for polygons and composite shapes alike, still yields exactly
 * the label's pixels.
 */
import type { LabelData, Masks } from '../core/masks.js';
import { planeOf } from '../core/masks.js';
import type { Outline } from './outline.js';

// Directions, clockwise on screen: a right turn is +1, a left turn +3 (mod 4).
const EAST = 0;
const SOUTH = 1;
const WEST = 2;


interface LabelRings {
  readonly label: number;
  readonly rings: Int32Array[];
  twiceArea: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface TraceOptions {
  /** Called after each plane with (planes done, planes in all). */
  onPlane?: (done: number, total: number) => void;
}

/** Trace every label of every plane; outlines sorted by label, then plane. */
export function traceMasks(masks: Masks, options: TraceOptions = {}): Outline[] {
  const { width, height, depth } = masks;
  const visited = new Uint8Array(width * height);
  const outlines: Outline[] = [];
  for (let z = 0; z < depth; z++) {
    if (z > 0) visited.fill(0);
    for (const rings of tracePlane(planeOf(masks, z), width, height, visited)) {
      outlines.push({
        label: rings.label,
        plane: z,
        rings: rings.rings,
        area: rings.twiceArea / 2,
        left: rings.left,
        top: rings.top,
        right: rings.right,
        bottom: rings.bottom,
      });
    }
    options.onPlane?.(z + 1, depth);
  }
  if (depth > 1) outlines.sort((a, b) => a.label - b.label || a.plane - b.plane);
  return outlines;
}

/** All labels of one plane, ascending. `visited` (width·height, zeroed) marks followed top edges. */
function tracePlane(plane: LabelData, width: number, height: number, visited: Uint8Array): LabelRings[] {
  const byLabel = new Map<number, LabelRings>();
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const label = plane[i]!;
      // A ring starts at the first (raster order) top edge of a label pixel not yet walked; every ring has
      // at least one such edge, and walking marks all of its own.
      if (label === 0 || (y > 0 && plane[i - width] === label) || visited[i]) continue;
      const ring = followRing(plane, width, height, label, x, y, visited);
      let entry = byLabel.get(label);
      if (!entry) {
        entry = { label, rings: [], twiceArea: 0, left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
        byLabel.set(label, entry);
      }
      addRing(entry, ring);
    }
  }
  return [...byLabel.values()].sort((a, b) => a.label - b.label);
}

function addRing(entry: LabelRings, ring: Int32Array): void {
  entry.rings.push(ring);
  const n = ring.length;
  let twice = 0;
  for (let k = 0; k < n; k += 2) {
    const x = ring[k]!;
    const y = ring[k + 1]!;
    const nx = ring[(k + 2) % n]!;
    const ny = ring[(k + 3) % n]!;
    twice += x * ny - nx * y;
    if (x < entry.left) entry.left = x;
    if (x > entry.right) entry.right = x;
    if (y < entry.top) entry.top = y;
    if (y > entry.bottom) entry.bottom = y;
  }
  entry.twiceArea += twice; // outer rings count positive, holes negative
}

/**
 * Follow the ring that starts on the top edge of pixel (sx, sy), walking east from corner (sx, sy).
 * Returns its corner vertices (where the direction changes).
 */
function followRing(
  plane: LabelData,
  width: number,
  height: number,
  label: number,
  sx: number,
  sy: number,
  visited: Uint8Array,
): Int32Array {
  const inside = (px: number, py: number): boolean =>
    px >= 0 && px < width && py >= 0 && py < height && plane[py * width + px] === label;

  const corners: number[] = [];
  visited[sy * width + sx] = 1;
  let x = sx + 1;
  let y = sy;
  let dir = EAST;
  for (;;) {
    // The two pixels ahead of corner (x, y), to the left and to the right of the walking direction.
    let aheadLeft: boolean;
    let aheadRight: boolean;
    switch (dir) {
      case EAST:
        aheadLeft = inside(x, y - 1);
        aheadRight = inside(x, y);
        break;
      case SOUTH:
        aheadLeft = inside(x, y);
        aheadRight = inside(x - 1, y);
        break;
      case WEST:
        aheadLeft = inside(x - 1, y);
        aheadRight = inside(x - 1, y - 1);
        break;
      default:
        aheadLeft = inside(x - 1, y - 1);
        aheadRight = inside(x, y - 1);
    }
    // Left pixel inside: turn left (also when only diagonal: that is the 8-connected join).
    const next = aheadLeft ? (dir + 3) & 3 : aheadRight ? dir : (dir + 1) & 3;
    if (next !== dir) corners.push(x, y);
    if (next === EAST && x === sx && y === sy) break; // back on the first edge: closed
    dir = next;
    switch (dir) {
      case EAST:
        visited[y * width + x] = 1;
        x++;
        break;
      case SOUTH:
        y++;
        break;
      case WEST:
        x--;
        break;
      default:
        y--;
    }
  }
  return Int32Array.from(corners);
}
