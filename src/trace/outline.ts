/**
 * What the tracer yields: for one label on one plane, its boundary as closed pixel-edge polygons.
 *
 * Coordinates are pixel *corners* (ImageJ's convention for area ROIs): pixel (x, y) is the unit square
 * (x, y)–(x+1, y+1). A ring is a flat `[x0, y0, x1, y1, …]` list of the vertices where the direction
 * changes; it is implicitly closed (the first vertex is not repeated). Outer boundaries and holes are
 * all rings; filling the rings together under the even–odd rule gives back exactly the label's pixels.
 */
export interface Outline {
  readonly label: number;
  /** 0-based z plane (0 for 2D masks). */
  readonly plane: number;
  /** Rings in tracing order (raster order of their first top edge). */
  readonly rings: Int32Array[];
  /** Number of pixels of the label on this plane. */
  readonly area: number;
  /** The label touches itself diagonally on this plane: only then may a ring pass a corner twice. */
  readonly diagonal?: boolean;
  /** Bounds of all vertices: right/bottom are the largest vertex x/y (= exclusive pixel bounds). */
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}
