/**
 * Test-only: deterministic hard label images for the Cellpose/OpenCV comparisons — pixel noise (holes,
 * nested pieces, diagonal touches everywhere), overlapping blobs, spirals, thin rings with pieces in
 * their holes, labels on every border, images without background.
 */
import type { Masks } from '../src/core/masks.js';
import { seededRandom as rng } from './helpers/random.js';

export interface HardCase {
  readonly name: string;
  readonly masks: Masks;
}

export { seededRandom as rng } from './helpers/random.js';

function plane(width: number, height: number, data: Uint32Array): Masks {
  return { width, height, depth: 1, is3d: false, data };
}

function noise(seed: number, labels: number, density: number): HardCase {
  const r = rng(seed);
  const w = 8 + Math.floor(r() * 40);
  const h = 8 + Math.floor(r() * 40);
  const data = new Uint32Array(w * h);
  for (let i = 0; i < data.length; i++) if (r() < density) data[i] = 1 + Math.floor(r() * labels);
  return { name: `noise_${seed}_${labels}_${density}`, masks: plane(w, h, data) };
}

function blobs(seed: number): HardCase {
  const r = rng(seed);
  const w = 30 + Math.floor(r() * 60);
  const h = 30 + Math.floor(r() * 60);
  const data = new Uint32Array(w * h);
  const n = 3 + Math.floor(r() * 25);
  for (let k = 0; k < n; k++) {
    const cx = r() * w;
    const cy = r() * h;
    const rad = 1 + r() * 12;
    const label = 1 + Math.floor(r() * 12);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) if ((x - cx) ** 2 + ((y - cy) * (0.5 + r() * 0.01 + 0.7)) ** 2 < rad * rad) data[y * w + x] = label;
    }
  }
  return { name: `blobs_${seed}`, masks: plane(w, h, data) };
}

function spiral(seed: number): HardCase {
  const w = 41 + seed;
  const h = 37 + 2 * seed;
  const data = new Uint32Array(w * h);
  let x = 1;
  let y = 1;
  let x0 = 1;
  let y0 = 1;
  let x1 = w - 2;
  let y1 = h - 2;
  // a 1-pixel path winding inwards with a 1-pixel gap between turns
  while (x0 <= x1 && y0 <= y1) {
    for (x = x0; x <= x1; x++) data[y0 * w + x] = 1;
    for (y = y0; y <= y1; y++) data[y * w + x1] = 1;
    for (x = x1; x >= x0; x--) data[y1 * w + x] = 1;
    for (y = y1; y >= y0 + 2; y--) data[y * w + x0] = 1;
    x0 += 2;
    y0 += 2;
    x1 -= 2;
    y1 -= 2;
    if (x0 <= x1) data[y0 * w + x0 - 1] = 1;
  }
  return { name: `spiral_${seed}`, masks: plane(w, h, data) };
}

/** Rings of label 1 with walls 1–3 px thick, pieces of labels 1 and 2 inside their holes. */
function rings(seed: number): HardCase {
  const r = rng(seed);
  const w = 40;
  const h = 40;
  const data = new Uint32Array(w * h);
  for (let k = 0; k < 3; k++) {
    const left = Math.floor(r() * 20);
    const top = Math.floor(r() * 20);
    const size = 8 + Math.floor(r() * 12);
    const wall = 1 + Math.floor(r() * 3);
    for (let y = top; y < Math.min(h, top + size); y++) {
      for (let x = left; x < Math.min(w, left + size); x++) {
        const edge = Math.min(x - left, y - top, left + size - 1 - x, top + size - 1 - y);
        if (edge < wall) data[y * w + x] = 1;
        else if (r() < 0.25) data[y * w + x] = r() < 0.5 ? 1 : 2;
      }
    }
  }
  return { name: `rings_${seed}`, masks: plane(w, h, data) };
}

export function hardCases(): HardCase[] {
  const cases: HardCase[] = [];
  for (let seed = 1; seed <= 12; seed++) {
    cases.push(noise(seed, 1, 0.5), noise(seed + 100, 3, 0.6), noise(seed + 200, 5, 1), noise(seed + 300, 2, 0.85));
    cases.push(blobs(seed), rings(seed));
  }
  for (let seed = 0; seed < 4; seed++) cases.push(spiral(seed));
  const full = new Uint32Array(12 * 9).fill(7);
  cases.push({ name: 'full_single', masks: plane(12, 9, full) });
  const two = Uint32Array.from({ length: 10 * 10 }, (_, i) => (i % 10 < 5 ? 3 : 9));
  cases.push({ name: 'two_halves', masks: plane(10, 10, two) });
  return cases;
}
