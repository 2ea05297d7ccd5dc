/**
 * The exact tracer. One raster pass over the pixel corners of each plane links every label's boundary
 * edges into closed rings; it reads the image strictly row after row (two rows at a time), so the cost
 * is O(pixels + boundary) with sequential memory access, whatever the number of labels.
 *
 * Geometry: an edge between two pixels belongs to the boundary of each label on either side. A label's
 * edges are directed with the label on the right-hand side (y points down), so outer boundaries run
 * clockwise on screen and holes counter-clockwise. At a corner where a label meets itself only
 * diagonally, the walk turns towards the diagonal pixel: diagonal neighbours join one ring
 * (8-connectivity, as Cellpose and ImageJ's Wand see cells). The ring then touches that corner twice;
 * even–odd filling, which ImageJ uses for polygons and composite shapes alike, still yields exactly the
 * label's pixels.
 *
 * Linking: scanning corners in raster order, every boundary edge at a corner leads either to a corner
 * already seen (the one above, or the one to the left) or to one still ahead (below, or to the right).
 * Open pieces of rings ("chains" of corner vertices) wait in slots named by the edge they end on; at
 * each corner the chains arriving from the past are extended, joined, or closed into a ring.
 */
import type { LabelData, Masks } from '../core/masks.js';
import { planeOf } from '../core/masks.js';
import type { Outline } from './outline.js';
import { CONNECTIONS, CONNECTIONS_4, type CornerTable } from './corner-table.js';
import { ChainStore } from './chains.js';

/** An outline being built: the same object becomes the Outline handed out (no copy per label). */
interface LabelRings {
  readonly label: number;
  plane: number;
  readonly rings: Int32Array[];
  /** Twice the signed area while tracing, the pixel count once the plane is done. */
  area: number;
  /** The label meets itself diagonally somewhere: only then can a ring pass a corner twice. */
  diagonal: boolean;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Trace every label of every plane; outlines sorted by label, then plane. */
export function traceMasks(masks: Masks): Outline[] {
  const outlines: Outline[] = [];
  for (const plane of tracePlanes(masks)) for (const o of plane) outlines.push(o);
  if (masks.depth > 1) outlines.sort((a, b) => a.label - b.label || a.plane - b.plane);
  return outlines;
}

/**
 * The outlines of each plane in turn (labels ascending within a plane), so a caller can use and drop
 * one plane's outlines before the next is traced.
 */
export function* tracePlanes(masks: Masks, connectivity: 4 | 8 = 8): Generator<Outline[]> {
  const { width, height, depth } = masks;
  const chains = new ChainStore(width);
  const table = connectivity === 4 ? CONNECTIONS_4 : CONNECTIONS;
  for (let z = 0; z < depth; z++) {
    const outlines = tracePlane(planeOf(masks, z), width, height, chains, table);
    for (const o of outlines) o.plane = z;
    yield outlines;
  }
}

/** Labels of the plane being traced that meet themselves diagonally (tracing is synchronous: one set serves all). */
const diagonalLabels = new Set<number>();

/** Trace one plane: every label's rings, labels ascending. */
export function tracePlane(plane: LabelData, width: number, height: number, chains = new ChainStore(width), table: CornerTable = CONNECTIONS): LabelRings[] {
  const byLabel = new Map<number, LabelRings>();
  diagonalLabels.clear();
  chains.beginPlane((label, ring) => {
    let entry = byLabel.get(label);
    if (!entry) {
      entry = { label, plane: 0, rings: [], area: 0, diagonal: false, left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
      byLabel.set(label, entry);
    }
    addRing(entry, ring);
  });

  // Rows outside the image read as background from a row of zeros (of the same array type, so the
  // loop stays monomorphic).
  const zeros = new (plane.constructor as new (n: number) => LabelData)(width);
  for (let y = 0; y <= height; y++) {
    const rowAbove = y > 0 ? plane : zeros;
    const offAbove = y > 0 ? (y - 1) * width : 0;
    const rowBelow = y < height ? plane : zeros;
    const offBelow = y < height ? y * width : 0;
    // The four pixels around corner (x, y): the west pair carries over from the previous corner. The
    // last corner of the row (x = width) has only background to its east.
    let nw = 0;
    let sw = 0;
    for (let x = 0; x <= width; x++) {
      const ne = x < width ? rowAbove[offAbove + x]! : 0;
      const se = x < width ? rowBelow[offBelow + x]! : 0;
      if (nw !== ne || sw !== se || nw !== sw) linkCorner(chains, table, x, y, nw, ne, sw, se);
      nw = ne;
      sw = se;
    }
  }
  const outlines = [...byLabel.values()].sort((a, b) => a.label - b.label);
  for (const o of outlines) {
    o.area /= 2;
    o.diagonal = diagonalLabels.has(o.label);
  }
  return outlines;
}

/** Link every label's edges at corner (x, y), each distinct label around it once. */
function linkCorner(chains: ChainStore, table: CornerTable, x: number, y: number, nw: number, ne: number, sw: number, se: number): void {
  chains.beginCorner(x, y);
  if (nw !== 0) linkLabel(chains, table, nw, nw, ne, sw, se);
  if (ne !== 0 && ne !== nw) linkLabel(chains, table, ne, nw, ne, sw, se);
  if (sw !== 0 && sw !== nw && sw !== ne) linkLabel(chains, table, sw, nw, ne, sw, se);
  if (se !== 0 && se !== nw && se !== ne && se !== sw) linkLabel(chains, table, se, nw, ne, sw, se);
}

function linkLabel(chains: ChainStore, table: CornerTable, label: number, nw: number, ne: number, sw: number, se: number): void {
  const pattern = (nw === label ? 1 : 0) | (ne === label ? 2 : 0) | (sw === label ? 4 : 0) | (se === label ? 8 : 0);
  if (pattern === 6 || pattern === 9) diagonalLabels.add(label); // ne+sw or nw+se only: a diagonal contact
  const connections = table[pattern]!;
  for (let k = 0; k < connections.length; k++) chains.connect(label, connections[k]!);
}

function addRing(entry: LabelRings, ring: Int32Array): void {
  entry.rings.push(ring);
  const n = ring.length;
  let twice = 0;
  for (let k = 0; k < n; k += 2) {
    const x = ring[k]!;
    const y = ring[k + 1]!;
    const nx = ring[k + 2 < n ? k + 2 : 0]!;
    const ny = ring[k + 2 < n ? k + 3 : 1]!;
    twice += x * ny - nx * y;
    if (x < entry.left) entry.left = x;
    if (x > entry.right) entry.right = x;
    if (y < entry.top) entry.top = y;
    if (y > entry.bottom) entry.bottom = y;
  }
  entry.area += twice; // twice the area: outer rings count positive, holes negative
}
