/**
 * The `.npy` container, version 1.0, as `np.save` writes it (seg-npy-format.md §1): a plain array
 * (little-endian, C order) or an object value (a pickle of a 0-d object array, what `np.save(dict)` makes).
 */
import { Cp2ijError } from '../core/errors.js';
import { ITEM_SIZE, NUMPY_KIND, bytesOf, elementCount, joinChunks, type NdArray } from '../core/ndarray.js';
import { PyObjectArray, type PyValue } from '../read/pyvalue.js';
import { pickleChunks } from './pickle.js';

/** A plain `.npy` of a numeric array. */
export function npyBytes(array: NdArray): Uint8Array {
  if (array.data.length !== elementCount(array.shape)) {
    throw new Cp2ijError('bad-argument', `array data has ${array.data.length} elements but shape (${array.shape.join(', ')}) needs ${elementCount(array.shape)}`);
  }
  const order = ITEM_SIZE[array.dtype] === 1 ? '|' : '<';
  return joinChunks([npyHeader(`${order}${NUMPY_KIND[array.dtype]}`, array.shape), bytesOf(array.data)]);
}

/** A `.npy` holding `value` the way `np.save(path, value)` stores a Python object (load with allow_pickle). */
export function npyObjectBytes(value: PyValue): Uint8Array {
  return joinChunks(npyObjectChunks(value));
}

/** The same file as chunks in order, big array payloads referenced rather than copied (write them in sequence). */
export function npyObjectChunks(value: PyValue): Uint8Array[] {
  return [npyHeader('|O', []), ...pickleChunks(new PyObjectArray([], [value]))];
}

/** Magic, version 1.0, length, then the header dict literal padded with spaces so the data starts on a 64-byte boundary. */
function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + dict.length + 1;
  const text = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  if (text.length > 0xffff) throw new Cp2ijError('unsupported', 'array has too many dimensions for a .npy v1.0 header');
  const out = new Uint8Array(10 + text.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length & 0xff, text.length >> 8]);
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}
