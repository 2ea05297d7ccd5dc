/**
 * The stored flow picture, `flows[0]` of a seg: Cellpose's RGB rendering of the XY flow, 8-bit, shaped
 * (Ly, Lx, 3), (1, Ly, Lx, 3) (CLI 2D) or (Lz, Ly, Lx, 3) (3D). Taken as stored, no recolouring.
 */
import type { PyValue } from '../read/pyvalue.js';
import { PyNdArray } from '../read/pyvalue.js';
import type { PlaneGeometry } from './display-image.js';
import type { Rgb } from './rgb.js';

/** Plane z of the flow picture, or the reason there is none. */
export function flowPicture(flows: readonly PyValue[] | undefined, z: number, { width, height, depth }: PlaneGeometry): Rgb | { reason: string } {
  const first = flows?.[0];
  if (!(first instanceof PyNdArray)) return { reason: 'the seg holds no flows[0] picture' };
  const shape = first.shape;
  const describe = `flows[0] is ${first.dtype} (${shape.join(', ')})`;
  if (first.dtype !== 'uint8') return { reason: `${describe}, not an 8-bit RGB picture` };
  const n = width * height * 3;
  const planeShape = shape.slice(-3);
  if (planeShape.length !== 3 || planeShape[0] !== height || planeShape[1] !== width || planeShape[2] !== 3) {
    return { reason: `${describe} does not match the ${height}×${width} masks` };
  }
  const planes = shape.length === 3 ? 1 : shape.length === 4 ? shape[0]! : 0;
  if (planes !== 1 && planes !== depth) return { reason: `${describe} does not match the ${depth} mask planes` };
  const start = (planes === 1 ? 0 : z) * n;
  const data = first.data as Uint8Array;
  return { width, height, data: data.subarray(start, start + n) };
}
