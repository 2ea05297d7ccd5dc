/**
 * A deliberately simple even–odd filler used as the test oracle for the tracer: a pixel is inside iff a
 * ray from its centre to the right crosses an odd number of vertical ring edges. Slow, obviously right.
 */
export function fillRingsEvenOdd(rings: Int32Array[], width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (const ring of rings) {
    const n = ring.length;
    for (let k = 0; k < n; k += 2) {
      const x0 = ring[k]!;
      const y0 = ring[k + 1]!;
      const x1 = ring[(k + 2) % n]!;
      const y1 = ring[(k + 3) % n]!;
      if (x0 !== x1) continue; // horizontal edges never cross a ray through pixel centres
      // A vertical edge at x0 spanning rows min(y)…max(y)−1 flips every pixel left of it in those rows.
      for (let y = Math.max(0, Math.min(y0, y1)); y < Math.min(height, Math.max(y0, y1)); y++) {
        for (let x = 0; x < Math.min(x0, width); x++) out[y * width + x]! ^= 1;
      }
    }
  }
  return out;
}
