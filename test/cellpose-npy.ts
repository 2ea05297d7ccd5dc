/**
 * Test-only: read the shared fixtures' plain `<name>_masks.npy` (little-endian, C order, unsigned)
 * into Masks, so the Cellpose comparisons do not depend on the production .npy reader.
 */
import { readFileSync } from 'node:fs';
import type { Masks } from '../src/core/masks.js';

export function readMasksNpy(file: string): Masks {
  const bytes = readFileSync(file);
  const headerLen = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLen).toString('latin1');
  const descr = /'descr': '([^']+)'/.exec(header)?.[1];
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').filter((s) => s.trim()).map(Number);
  if (/'fortran_order': True/.test(header)) throw new Error(`${file}: Fortran order not handled by this test reader`);
  const data = new Uint8Array(bytes.subarray(10 + headerLen)).slice().buffer;
  const typed = descr === '<u2' ? new Uint16Array(data) : descr === '<u4' ? new Uint32Array(data) : descr === '|u1' ? new Uint8Array(data) : undefined;
  if (!typed) throw new Error(`${file}: dtype ${descr} not handled by this test reader`);
  const is3d = shape.length === 3;
  const [depth, height, width] = is3d ? shape : [1, ...shape];
  return { width: width!, height: height!, depth: depth!, is3d, data: typed };
}

/** Write masks as a .npy (uint32, C order) for python to read. */
export function masksToNpy(masks: Masks): Buffer {
  const shape = masks.is3d ? `(${masks.depth}, ${masks.height}, ${masks.width})` : `(${masks.height}, ${masks.width})`;
  let header = `{'descr': '<u4', 'fortran_order': False, 'shape': ${shape}, }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const data = Uint32Array.from(masks.data);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data.buffer)]);
}
