import { seededRandom } from '../test/helpers/random.js';

/**
 * A deterministic label image that looks like a dense Cellpose result: touching round cells whose
 * diameters vary ±33 % around `meanDiameter`, thin background gaps between some of them, labels
 * 1…N in raster order of their seeds. Shared by the benchmarks.
 */
export function syntheticCells(width: number, height: number, meanDiameter: number, seed: number): Uint32Array {
  const random = seededRandom(seed);
  const spacing = meanDiameter * 0.95;
  const cols = Math.ceil(width / spacing);
  const rows = Math.ceil(height / spacing);
  // one jittered seed per grid cell, with its own radius
  const cx = new Float64Array(cols * rows);
  const cy = new Float64Array(cols * rows);
  const invRadius2 = new Float64Array(cols * rows);
  for (let g = 0; g < cols * rows; g++) {
    cx[g] = ((g % cols) + 0.15 + 0.7 * random()) * spacing;
    cy[g] = (Math.floor(g / cols) + 0.15 + 0.7 * random()) * spacing;
    invRadius2[g] = (meanDiameter * (0.335 + 0.33 * random())) ** -2;
  }
  const labels = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = Math.min(rows - 1, Math.floor(y / spacing));
    for (let x = 0; x < width; x++) {
      const gx = Math.min(cols - 1, Math.floor(x / spacing));
      // the seed with the smallest radius-relative distance wins, if the pixel is inside its disc
      let best = 1;
      let owner = -1;
      for (let j = Math.max(0, gy - 1); j <= Math.min(rows - 1, gy + 1); j++) {
        for (let i = Math.max(0, gx - 1); i <= Math.min(cols - 1, gx + 1); i++) {
          const g = j * cols + i;
          const dx = x - cx[g]!;
          const dy = y - cy[g]!;
          const d = (dx * dx + dy * dy) * invRadius2[g]!;
          if (d < best) {
            best = d;
            owner = g;
          }
        }
      }
      if (owner >= 0) labels[y * width + x] = owner + 1;
    }
  }
  return labels;
}
