/**
 * The numpy side of unpickling: the allow-listed callables (`_reconstruct`, `ndarray`, `dtype`,
 * `scalar`, `_frombuffer`, and `_codecs.encode`/`bytes` for protocol-2 byte strings), each a small
 * function that validates its arguments, BUILD for arrays and dtypes, and the final conversion of the
 * machine's objects into PyValues. Nothing is ever executed.
 */
import { Cp2ijError } from '../core/errors.js';
import { type DType, type TypedArray, ITEM_SIZE, dtypeFromKind, fortranToC } from '../core/ndarray.js';
import { arrayFromBytes, checkedElementCount } from './ndbytes.js';
import { ArrayShell, type Callable, DTypeShell, Global, type Item, LazyBytes, PICKLE_LIMITS, RawDict, RawList, RawTuple, bad, limit, unsafe } from './pickle-items.js';
import { NumpyDType, NumpyScalar, PyBytes, type PyDict, PyNdArray, PyObjectArray, PyTuple, type PyValue } from './pyvalue.js';

/** The callables a pickle may name, by `module.name`. */
const ALLOWED_GLOBALS: ReadonlyMap<string, Callable> = new Map([
  ['numpy.core.multiarray._reconstruct', 'reconstruct'],
  ['numpy._core.multiarray._reconstruct', 'reconstruct'],
  ['numpy.ndarray', 'ndarray'],
  ['numpy.dtype', 'dtype'],
  ['numpy.core.multiarray.scalar', 'scalar'],
  ['numpy._core.multiarray.scalar', 'scalar'],
  ['numpy.core.numeric._frombuffer', 'frombuffer'],
  ['numpy._core.numeric._frombuffer', 'frombuffer'],
  ['_codecs.encode', 'encode'],
  ['builtins.bytes', 'bytes'],
  ['__builtin__.bytes', 'bytes'],
] as [string, Callable][]);

export function resolveGlobal(module: string, name: string): Global {
  const full = `${module}.${name}`;
  const fn = ALLOWED_GLOBALS.get(full);
  if (!fn) unsafe(`refusing to unpickle global \`${full}\` — not a NumPy array/dtype/scalar`);
  return new Global(fn, full);
}

/** REDUCE: one allowed callable applied to its arguments. */
export function call(fn: Global, args: Item[]): Item {
  switch (fn.fn) {
    case 'reconstruct': {
      if (args.length !== 3 || !(args[0] instanceof Global) || args[0].fn !== 'ndarray') bad('_reconstruct needs (numpy.ndarray, shape, dtype code)');
      return new ArrayShell();
    }
    case 'dtype': {
      const code = args[0];
      if (args.length !== 3 || typeof code !== 'string') bad('numpy.dtype needs (code, align, copy)');
      if (!/^[a-zA-Z]\d*(\[\w+\])?$/.test(code)) bad(`bad dtype code '${code}'`);
      const size = ITEM_SIZE[dtypeFromKind(code) ?? 'uint8'];
      return new DTypeShell(code, size === 1 || code.startsWith('O') ? '|' : '<');
    }
    case 'scalar':
      return makeScalar(args);
    case 'frombuffer':
      return fromBuffer(args);
    case 'encode': {
      const [s, enc] = args;
      if (args.length !== 2 || typeof s !== 'string' || (enc !== 'latin1' && enc !== 'latin-1')) bad("_codecs.encode is only accepted as (str, 'latin1')");
      return new PyBytes(latin1Encode(s));
    }
    case 'bytes':
      if (args.length !== 0) bad('bytes() is only accepted without arguments');
      return new PyBytes(new Uint8Array(0));
    case 'ndarray':
      return bad('numpy.ndarray may only be passed to _reconstruct');
  }
}

function latin1Encode(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) bad('latin-1 byte string holds a character above U+00FF');
    out[i] = c;
  }
  return out;
}

function dtypeOf(item: Item, what: string): NumpyDType {
  if (!(item instanceof DTypeShell)) bad(`${what}: expected a numpy dtype`);
  return toDType(item);
}

function toDType(shell: DTypeShell): NumpyDType {
  const kind = dtypeFromKind(shell.code);
  const dtype = kind ?? (/^O\d*$/.test(shell.code) ? 'object' : undefined);
  return new NumpyDType(shell.code, shell.byteOrder, dtype);
}

function numericDType(dt: NumpyDType, what: string): DType {
  if (dt.dtype === undefined || dt.dtype === 'object') {
    throw new Cp2ijError('unsupported', `${what} has numpy dtype ${dt.byteOrder}${dt.code}, which cp2ij does not read`);
  }
  return dt.dtype;
}

function makeScalar(args: Item[]): NumpyScalar {
  const [dtItem, raw] = args;
  if (args.length !== 2) bad('numpy scalar needs (dtype, bytes)');
  const dt = dtypeOf(dtItem!, 'numpy scalar');
  const dtype = numericDType(dt, 'a numpy scalar');
  if (raw instanceof LazyBytes) bad(`numpy scalar of ${dtype} with ${raw.length} bytes`);
  const bytes = raw instanceof PyBytes ? raw.bytes : typeof raw === 'string' ? latin1Encode(raw) : bad('numpy scalar data must be bytes');
  if (bytes.length !== ITEM_SIZE[dtype]) bad(`numpy scalar of ${dtype} with ${bytes.length} bytes`);
  const arr = arrayFromBytes(dtype, [], bytes, dt.byteOrder === '>', false);
  const le = new Uint8Array(arr.data.buffer, arr.data.byteOffset, arr.data.byteLength).slice();
  const v = arr.data[0]!;
  const value = dtype === 'bool' ? v !== 0 : dtype === 'float16' ? halfToNumber(v as number) : v;
  return new NumpyScalar(dtype, value, le);
}

function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** `_frombuffer(buf, dtype, shape, order)`: protocol 5's in-band arrays. */
function fromBuffer(args: Item[]): PyNdArray {
  const [buf, dtItem, shapeItem, order] = args;
  if (args.length !== 4 || !(buf instanceof PyBytes || buf instanceof LazyBytes)) bad('_frombuffer needs (buffer, dtype, shape, order)');
  const dt = dtypeOf(dtItem!, '_frombuffer');
  if (order !== 'C' && order !== 'F') bad('_frombuffer order must be C or F');
  return makeArray(numericDType(dt, 'an array'), shapeOf(shapeItem!), buf, dt.byteOrder === '>', order === 'F');
}

/** An array over a payload: built now from bytes in hand, or on first use from a range not read yet. */
function makeArray(dtype: DType, shape: number[], payload: PyBytes | LazyBytes, bigEndian: boolean, fortran: boolean): PyNdArray {
  if (payload instanceof PyBytes) {
    checkSize(shape, dtype, payload.bytes.length);
    return toPyArray(arrayFromBytes(dtype, shape, payload.bytes, bigEndian, fortran));
  }
  checkSize(shape, dtype, payload.length);
  return new PyNdArray(dtype, shape, () => arrayFromBytes(dtype, shape, payload.read(), bigEndian, fortran).data);
}

function shapeOf(item: Item): number[] {
  if (!(item instanceof RawTuple)) bad('array shape must be a tuple');
  if (item.items.length > 64) bad('array has more than 64 dimensions');
  return item.items.map((d) => {
    if (typeof d !== 'bigint' || d < 0n || d > BigInt(Number.MAX_SAFE_INTEGER)) bad('array shape entries must be non-negative ints');
    return Number(d);
  });
}

function checkSize(shape: number[], dtype: DType, byteLength: number): void {
  const n = checkedElementCount(shape);
  if (n * ITEM_SIZE[dtype] !== byteLength) {
    bad(`array data has ${byteLength} bytes but shape (${shape.join(', ')}) of ${dtype} needs ${n * ITEM_SIZE[dtype]}`);
  }
}

function toPyArray(a: { dtype: DType; shape: readonly number[]; data: TypedArray }): PyNdArray {
  return new PyNdArray(a.dtype, a.shape, a.data);
}

/** BUILD: apply a state tuple to an array or dtype under construction. */
export function build(target: Item, state: Item): void {
  if (target instanceof DTypeShell) {
    if (!(state instanceof RawTuple) || state.items.length < 5 || state.items.length > 9) bad('dtype state must be a 5–9 item tuple');
    const order = state.items[1];
    if (order !== '<' && order !== '>' && order !== '|' && order !== '=') bad('dtype byte order must be one of < > | =');
    const [, , subarray, names, fields] = state.items;
    if (subarray !== null || names !== null || fields !== null) {
      throw new Cp2ijError('unsupported', 'structured or sub-array numpy dtypes are not supported');
    }
    target.byteOrder = order === '=' ? '<' : order;
    return;
  }
  if (target instanceof ArrayShell) {
    if (target.built || target.rawItems) bad('ndarray state applied twice');
    if (!(state instanceof RawTuple)) bad('ndarray state must be a tuple');
    // (version, shape, dtype, is_fortran, data) or the legacy form without the version
    const items = state.items.length === 5 ? state.items.slice(1) : state.items;
    if (items.length !== 4) bad('ndarray state must have 4 or 5 items');
    const [shapeItem, dtItem, fortran, raw] = items as [Item, Item, Item, Item];
    const shape = shapeOf(shapeItem);
    const dt = dtypeOf(dtItem, 'ndarray state');
    if (typeof fortran !== 'boolean') bad('ndarray fortran flag must be a bool');
    if (dt.dtype === 'object') {
      if (!(raw instanceof RawList)) bad('object ndarray data must be a list');
      if (raw.items.length !== checkedElementCount(shape)) bad('object ndarray list length does not match its shape');
      target.rawItems = fortran ? fortranToC(raw.items, new Array<Item>(raw.items.length), shape) : raw.items;
      target.built = new PyObjectArray(shape, []);
      return;
    }
    const dtype = numericDType(dt, 'an array');
    const payload = raw instanceof PyBytes || raw instanceof LazyBytes ? raw : typeof raw === 'string' ? new PyBytes(latin1Encode(raw)) : bad('ndarray data must be bytes');
    target.built = makeArray(dtype, shape, payload, dt.byteOrder === '>', fortran);
    return;
  }
  unsafe('refusing BUILD on something that is not a numpy array or dtype');
}

// ---- from the unpickler's objects to PyValues -----------------------------------------------

export function finish(root: Item): PyValue {
  const done = new Map<object, PyValue>();
  const active = new Set<object>();
  const convert = (item: Item, depth: number): PyValue => {
    if (item === null || typeof item !== 'object') return item;
    if (item instanceof PyBytes || item instanceof NumpyScalar || item instanceof PyNdArray) return item;
    // A large byte string that is a value itself rather than array data (np.save never writes one).
    if (item instanceof LazyBytes) return new PyBytes(item.read());
    if (item instanceof Global) throw new Cp2ijError('unsupported', `pickle holds the bare callable ${item.name} as a value`);
    if (depth > PICKLE_LIMITS.maxDepth) limit('pickled value nested too deeply');
    const cached = done.get(item);
    if (cached !== undefined) return cached;
    if (active.has(item)) throw new Cp2ijError('unsupported', 'pickled value contains itself (cycle)');
    active.add(item);
    let out: PyValue;
    if (item instanceof DTypeShell) out = toDType(item);
    else if (item instanceof RawList) out = item.items.map((v) => convert(v, depth + 1));
    else if (item instanceof RawTuple) out = new PyTuple(item.items.map((v) => convert(v, depth + 1)));
    else if (item instanceof RawDict) {
      const dict: PyDict = new Map();
      for (const [k, v] of item.entries) dict.set(k, convert(v, depth + 1));
      out = dict;
    } else {
      if (!item.built) bad('ndarray created but never given its data');
      out = item.rawItems ? new PyObjectArray(item.built.shape, item.rawItems.map((v) => convert(v, depth + 1))) : item.built;
    }
    active.delete(item);
    done.set(item, out);
    return out;
  };
  return convert(root, 0);
}
