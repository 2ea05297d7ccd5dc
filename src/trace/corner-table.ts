/**
 * What one label's boundary does at one pixel corner, for each of the 16 ways the label can occupy the
 * four pixels around it. Built once from the walking rule (label on the right; at a diagonal contact,
 * turn towards the diagonal pixel — or, for 4-connectivity, away from it) so the tracer's inner loop
 * is a table lookup.
 */

/** Where an edge at a corner waits for its other end: the vertical edge of this column, on the west or
 * east side, or the horizontal edge of this row, on the south or north side. */
export const SLOT_V_WEST = 0;
export const SLOT_V_EAST = 1;
export const SLOT_H_SOUTH = 2;
export const SLOT_H_NORTH = 3;

/** One pass of a ring through the corner: in along one edge, out along another. */
export interface Connection {
  readonly inSlot: number;
  /** The in-edge comes from a corner already scanned (above or to the left). */
  readonly inPast: boolean;
  readonly outSlot: number;
  readonly outPast: boolean;
  /** The direction changes here, so the corner is a vertex of the ring. */
  readonly corner: boolean;
}

// Walking directions, clockwise on screen (y down).
const EAST = 0;
const SOUTH = 1;
const WEST = 2;
const NORTH = 3;

interface Edge {
  readonly dir: number;
  readonly slot: number;
  readonly past: boolean;
}

function connectionsFor(pattern: number, joinDiagonals: boolean): Connection[] {
  const nw = (pattern & 1) !== 0;
  const ne = (pattern & 2) !== 0;
  const sw = (pattern & 4) !== 0;
  const se = (pattern & 8) !== 0;
  // Pixels around the corner by quadrant, indexed like the directions: the pixel ahead-right when walking
  // in direction d is quadrant d, the one ahead-left is quadrant d+3.
  const quadrant = [se, sw, nw, ne];
  const ins: Edge[] = [];
  const outs: Edge[] = [];
  // Edge above the corner (vertical), below (vertical), left (horizontal), right (horizontal).
  if (nw && !ne) ins.push({ dir: SOUTH, slot: SLOT_V_WEST, past: true });
  if (ne && !nw) outs.push({ dir: NORTH, slot: SLOT_V_EAST, past: true });
  if (se && !sw) ins.push({ dir: NORTH, slot: SLOT_V_EAST, past: false });
  if (sw && !se) outs.push({ dir: SOUTH, slot: SLOT_V_WEST, past: false });
  if (sw && !nw) ins.push({ dir: EAST, slot: SLOT_H_SOUTH, past: true });
  if (nw && !sw) outs.push({ dir: WEST, slot: SLOT_H_NORTH, past: true });
  if (ne && !se) ins.push({ dir: WEST, slot: SLOT_H_NORTH, past: false });
  if (se && !ne) outs.push({ dir: EAST, slot: SLOT_H_SOUTH, past: false });
  return ins.map((edgeIn) => {
    const left = quadrant[(edgeIn.dir + 3) & 3];
    const right = quadrant[edgeIn.dir];
    // at a diagonal contact (left but not right) 8-connectivity turns left, onto the diagonal pixel
    const next = left && (right || joinDiagonals) ? (edgeIn.dir + 3) & 3 : right ? edgeIn.dir : (edgeIn.dir + 1) & 3;
    const edgeOut = outs.find((o) => o.dir === next);
    if (!edgeOut) throw new Error(`corner table: no way out of pattern ${pattern} heading ${edgeIn.dir}`);
    return { inSlot: edgeIn.slot, inPast: edgeIn.past, outSlot: edgeOut.slot, outPast: edgeOut.past, corner: next !== edgeIn.dir };
  });
}

export type CornerTable = readonly (readonly Connection[])[];

/**
 * CONNECTIONS[pattern], pattern = nw·1 | ne·2 | sw·4 | se·8 (bit set = pixel holds the label): diagonal
 * neighbours join one ring (8-connectivity, what the RoiSet uses).
 */
export const CONNECTIONS: CornerTable = Array.from({ length: 16 }, (_, p) => connectionsFor(p, true));

/**
 * The same for 4-connectivity: diagonal neighbours stay apart, so every ring is a simple polygon
 * except where a ring meets itself at a corner across background (GeoJSON splits those there).
 */
export const CONNECTIONS_4: CornerTable = Array.from({ length: 16 }, (_, p) => connectionsFor(p, false));
