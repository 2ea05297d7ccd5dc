/**
 * A safe unpickler for what `np.save` / `pickle.dump` write for a Cellpose dict (protocols 2–5).
 *
 * Nothing is ever executed: the only "callables" are a fixed allow-list of numpy reconstructors
 * (`_reconstruct`, `ndarray`, `dtype`, `scalar`, `_frombuffer`) and `_codecs.encode`/`bytes` for
 * protocol-2 byte strings, each interpreted here by a small TypeScript function that validates its
 * arguments. Any other global or opcode is refused with its name. Every length is checked against the
 * input, and stack, memo, nesting and integer sizes are bounded, so hostile input fails fast.
 * Array payloads stay views of the input bytes (copied only to align, byte-swap or un-Fortran them).
 *
 * The input is a ByteSource. Byte strings longer than LAZY_PAYLOAD are not read while unpickling: their
 * range is checked against the source's length and recorded, and an array built on one reads it on the
 * first access of its `data` (so a `_seg.npy` export never reads the flows it does not use).
 */
import { Cp2ijError } from '../core/errors.js';
import { type DType, type TypedArray, ITEM_SIZE, dtypeFromKind } from '../core/ndarray.js';
import { type ByteSource, memorySource } from './byte-source.js';
import { arrayFromBytes, checkedElementCount } from './ndbytes.js';
import {
  NumpyDType,
  NumpyScalar,
  PyBytes,
  type PyDict,
  PyNdArray,
  PyObjectArray,
  PyTuple,
  type PyValue,
} from './pyvalue.js';

export const PICKLE_LIMITS = {
  maxStack: 1_000_000,
  maxMarks: 1000,
  maxMemo: 1_000_000,
  maxOps: 50_000_000,
  maxLongBytes: 64,
  maxDepth: 200,
};

/** Byte strings above this size are read only when an array over them is used. */
export const LAZY_PAYLOAD = 64 * 1024;
/** How many bytes of opcode stream the unpickler asks its source for at a time. */
const WINDOW = 4096;

/** The callables a pickle may name, by `module.name`. */
type Callable = 'reconstruct' | 'ndarray' | 'dtype' | 'scalar' | 'frombuffer' | 'encode' | 'bytes';
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

// Objects that exist only while unpickling; `finish` turns them into PyValues.
class Global {
  constructor(
    readonly fn: Callable,
    readonly name: string,
  ) {}
}
/** An ndarray between REDUCE (_reconstruct) and BUILD (its state). */
class ArrayShell {
  built: PyNdArray | PyObjectArray | undefined;
  /** Object-array elements still holding shells, converted by `finish`. */
  rawItems: Item[] | undefined;
}
/** A dtype between REDUCE (numpy.dtype) and BUILD (its byte order). */
class DTypeShell {
  constructor(
    readonly code: string,
    public byteOrder: '<' | '>' | '|',
  ) {}
}
class RawList {
  constructor(readonly items: Item[]) {}
}
class RawTuple {
  constructor(readonly items: Item[]) {}
}
class RawDict {
  readonly entries = new Map<string, Item>();
}
/** A byte string not read yet: its range in the source. */
class LazyBytes {
  constructor(
    readonly source: ByteSource,
    readonly offset: number,
    readonly length: number,
  ) {}
  read(): Uint8Array {
    return this.source.read(this.offset, this.length);
  }
}
const MARK = Symbol('mark');
type Item = null | boolean | number | bigint | string | PyBytes | LazyBytes | NumpyScalar | PyNdArray | Global | ArrayShell | DTypeShell | RawList | RawTuple | RawDict;

function bad(detail: string): never {
  throw new Cp2ijError('bad-pickle', detail);
}
function unsafe(detail: string): never {
  throw new Cp2ijError('unsafe-pickle', detail);
}
function limit(detail: string): never {
  throw new Cp2ijError('limit', detail);
}

const OP_NAMES: Readonly<Record<number, string>> = {
  0x28: 'MARK', 0x2e: 'STOP', 0x30: 'POP', 0x31: 'POP_MARK', 0x32: 'DUP', 0x46: 'FLOAT', 0x49: 'INT', 0x4c: 'LONG',
  0x50: 'PERSID', 0x51: 'BINPERSID', 0x53: 'STRING', 0x56: 'UNICODE', 0x63: 'GLOBAL', 0x64: 'DICT', 0x67: 'GET',
  0x69: 'INST', 0x6c: 'LIST', 0x6f: 'OBJ', 0x70: 'PUT', 0x81: 'NEWOBJ', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4',
  0x8f: 'EMPTY_SET', 0x90: 'ADDITEMS', 0x91: 'FROZENSET', 0x92: 'NEWOBJ_EX', 0x97: 'NEXT_BUFFER', 0x98: 'READONLY_BUFFER',
};

/** Unpickle `bytes` (one pickle, up to STOP) into a PyValue. */
export function unpickle(bytes: Uint8Array): PyValue {
  return unpickleSource(memorySource(bytes));
}

/** Unpickle the pickle at the start of `source`; large byte strings stay unread until used. */
export function unpickleSource(source: ByteSource): PyValue {
  return new Unpickler(source).run();
}

class Unpickler {
  /** Position in the source. */
  private pos = 0;
  /** The window of the source being decoded, which starts at `windowAt`. */
  private window: Uint8Array = new Uint8Array(0);
  private windowAt = 0;
  private view = new DataView(this.window.buffer);
  private stack: Array<Item | typeof MARK> = [];
  private marks: number[] = [];
  private readonly memo = new Map<number, Item>();

  constructor(private readonly source: ByteSource) {}

  run(): PyValue {
    for (let ops = 0; ops < PICKLE_LIMITS.maxOps; ops++) {
      if (this.pos >= this.source.length) bad('pickle ends without STOP (truncated)');
      const op = this.u8();
      if (op === 0x2e) {
        // STOP
        if (this.stack.length !== 1 || this.marks.length !== 0) bad('pickle stack is not a single value at STOP');
        return finish(this.pop());
      }
      this.step(op);
      if (this.stack.length > PICKLE_LIMITS.maxStack) limit('pickle stack too large');
    }
    return limit('too many pickle opcodes');
  }

  private step(op: number): void {
    switch (op) {
      case 0x80: { // PROTO
        const p = this.u8();
        if (p < 2 || p > 5) throw new Cp2ijError('unsupported', `pickle protocol ${p} is not supported (2–5 are)`);
        return;
      }
      case 0x95: // FRAME: a buffering hint only
        this.length64();
        return;
      case 0x63: { // GLOBAL
        const module = this.line();
        const name = this.line();
        return this.push(resolveGlobal(module, name));
      }
      case 0x93: { // STACK_GLOBAL
        const name = this.pop();
        const module = this.pop();
        if (typeof module !== 'string' || typeof name !== 'string') bad('STACK_GLOBAL needs two strings');
        return this.push(resolveGlobal(module, name));
      }
      case 0x58: return this.push(this.utf8(this.length32()));  // BINUNICODE
      case 0x8c: return this.push(this.utf8(this.u8()));         // SHORT_BINUNICODE
      case 0x8d: return this.push(this.utf8(this.length64()));  // BINUNICODE8
      case 0x55: return this.push(latin1(this.take(this.u8())));     // SHORT_BINSTRING (Python 2: numpy reads as str)
      case 0x54: return this.push(latin1(this.take(this.length32()))); // BINSTRING
      case 0x43: return this.push(this.byteString(this.u8()));       // SHORT_BINBYTES
      case 0x42: return this.push(this.byteString(this.length32()));  // BINBYTES
      case 0x8e: return this.push(this.byteString(this.length64()));  // BINBYTES8
      case 0x96: return this.push(this.byteString(this.length64()));  // BYTEARRAY8 (protocol 5 in-band buffer)
      case 0x94: return this.memoize(this.memo.size, this.top());            // MEMOIZE
      case 0x71: return this.memoize(this.u8(), this.top());                 // BINPUT
      case 0x72: return this.memoize(this.length32(), this.top());           // LONG_BINPUT
      case 0x68: return this.push(this.memoGet(this.u8()));                  // BINGET
      case 0x6a: return this.push(this.memoGet(this.length32()));            // LONG_BINGET
      case 0x28: // MARK
        if (this.marks.length >= PICKLE_LIMITS.maxMarks) limit('pickle MARK nesting too deep');
        this.marks.push(this.stack.length);
        this.stack.push(MARK);
        return;
      case 0x29: return this.push(new RawTuple([]));                          // EMPTY_TUPLE
      case 0x85: return this.push(new RawTuple(this.popN(1)));                // TUPLE1
      case 0x86: return this.push(new RawTuple(this.popN(2)));                // TUPLE2
      case 0x87: return this.push(new RawTuple(this.popN(3)));                // TUPLE3
      case 0x74: return this.push(new RawTuple(this.popMark()));              // TUPLE
      case 0x5d: return this.push(new RawList([]));                           // EMPTY_LIST
      case 0x61: { // APPEND
        const v = this.pop();
        this.listOnTop().items.push(v);
        return;
      }
      case 0x65: { // APPENDS
        const items = this.popMark();
        const list = this.listOnTop();
        for (const v of items) list.items.push(v);
        return;
      }
      case 0x7d: return this.push(new RawDict());                             // EMPTY_DICT
      case 0x73: { // SETITEM
        const [k, v] = this.popN(2) as [Item, Item];
        setItem(this.dictOnTop(), k, v);
        return;
      }
      case 0x75: { // SETITEMS
        const items = this.popMark();
        if (items.length % 2 !== 0) bad('SETITEMS with an odd number of items');
        const dict = this.dictOnTop();
        for (let i = 0; i < items.length; i += 2) setItem(dict, items[i]!, items[i + 1]!);
        return;
      }
      case 0x4b: return this.push(BigInt(this.u8()));                        // BININT1
      case 0x4d: return this.push(BigInt(this.u16()));                       // BININT2
      case 0x4a: { // BININT
        const at = this.need(4); // before reading this.view: need() may move the window
        return this.push(BigInt(this.view.getInt32(at, true)));
      }
      case 0x8a: return this.push(this.long(this.u8()));                      // LONG1
      case 0x8b: return this.push(this.long(this.length32()));                // LONG4
      case 0x47: { // BINFLOAT (big-endian)
        const at = this.need(8);
        return this.push(this.view.getFloat64(at, false));
      }
      case 0x88: return this.push(true);                                      // NEWTRUE
      case 0x89: return this.push(false);                                     // NEWFALSE
      case 0x4e: return this.push(null);                                      // NONE
      case 0x52: { // REDUCE
        const args = this.pop();
        const fn = this.pop();
        if (!(fn instanceof Global)) bad('REDUCE of something that is not an allowed callable');
        if (!(args instanceof RawTuple)) bad(`REDUCE of ${fn.name} without an argument tuple`);
        return this.push(call(fn, args.items));
      }
      case 0x62: { // BUILD
        const state = this.pop();
        build(this.top(), state);
        return;
      }
      default: {
        const name = OP_NAMES[op];
        if (name) unsafe(`refusing pickle opcode ${name}: np.save never writes it`);
        bad(`unknown pickle opcode 0x${op.toString(16).padStart(2, '0')} at byte ${this.pos - 1}`);
      }
    }
  }

  private push(v: Item): void {
    this.stack.push(v);
  }
  private pop(): Item {
    const v = this.stack.pop();
    if (v === undefined) bad('pickle stack underflow');
    if (v === MARK) bad('pickle MARK where a value was expected');
    return v;
  }
  private top(): Item {
    const v = this.stack[this.stack.length - 1];
    if (v === undefined) bad('pickle stack underflow');
    if (v === MARK) bad('pickle MARK where a value was expected');
    return v;
  }
  private popN(n: number): Item[] {
    const start = this.stack.length - n;
    const base = this.marks.length ? this.marks[this.marks.length - 1]! + 1 : 0;
    if (start < base) bad('pickle stack underflow');
    return this.stack.splice(start) as Item[];
  }
  private popMark(): Item[] {
    const mark = this.marks.pop();
    if (mark === undefined) bad('pickle needs a MARK that is not there');
    const items = this.stack.splice(mark);
    items.shift();
    return items as Item[];
  }
  private listOnTop(): RawList {
    const l = this.top();
    if (!(l instanceof RawList)) bad('APPEND to something that is not a list');
    return l;
  }
  private dictOnTop(): RawDict {
    const d = this.top();
    if (!(d instanceof RawDict)) bad('SETITEM on something that is not a dict');
    return d;
  }
  private memoize(index: number, v: Item): void {
    if (!this.memo.has(index) && this.memo.size >= PICKLE_LIMITS.maxMemo) limit('pickle memo too large');
    this.memo.set(index, v);
  }
  private memoGet(index: number): Item {
    const v = this.memo.get(index);
    if (v === undefined) bad(`pickle refers to memo entry ${index}, which was never stored`);
    return v;
  }

  /** Advance past `n` bytes that must exist; return where they start in the source. */
  private skip(n: number): number {
    if (n > this.source.length - this.pos) throw new Cp2ijError('truncated', `pickle declares ${n} bytes at byte ${this.pos} but the input ends first`);
    const at = this.pos;
    this.pos += n;
    return at;
  }
  /** Advance past `n` bytes that must exist, making them readable; return where they start in `window`. */
  private need(n: number): number {
    const at = this.skip(n);
    if (at < this.windowAt || at + n > this.windowAt + this.window.length) {
      this.window = this.source.read(at, Math.min(this.source.length - at, Math.max(n, WINDOW)));
      this.windowAt = at;
      this.view = new DataView(this.window.buffer, this.window.byteOffset, this.window.byteLength);
    }
    return at - this.windowAt;
  }
  private take(n: number): Uint8Array {
    const at = this.need(n);
    return this.window.subarray(at, at + n);
  }
  private byteString(n: number): PyBytes | LazyBytes {
    return n > LAZY_PAYLOAD ? new LazyBytes(this.source, this.skip(n), n) : new PyBytes(this.take(n));
  }
  private u8(): number {
    const at = this.need(1); // before reading this.window: need() may move it
    return this.window[at]!;
  }
  private u16(): number {
    const at = this.need(2);
    return this.view.getUint16(at, true);
  }
  private length32(): number {
    const at = this.need(4);
    return this.view.getUint32(at, true);
  }
  private length64(): number {
    const at = this.need(8);
    const v = this.view.getBigUint64(at, true);
    if (v > BigInt(this.source.length)) throw new Cp2ijError('truncated', `pickle declares ${v} bytes, more than the whole input`);
    return Number(v);
  }
  private line(): string {
    const rest = Math.min(this.source.length - this.pos, 257);
    const text = this.take(rest);
    const end = text.indexOf(0x0a);
    if (end < 0) bad('GLOBAL name not terminated');
    this.pos -= rest - end - 1;
    return latin1(text.subarray(0, end));
  }
  private utf8(n: number): string {
    const bytes = this.take(n); // outside the try: only the decoding is refused as "not UTF-8"
    try {
      return UTF8.decode(bytes);
    } catch {
      return bad('pickled string is not valid UTF-8');
    }
  }
  private long(n: number): bigint {
    if (n > PICKLE_LIMITS.maxLongBytes) limit(`pickled integer of ${n} bytes is larger than cp2ij accepts`);
    const b = this.take(n);
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (n > 0 && b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
    return v;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
function latin1(b: Uint8Array): string {
  // TextDecoder('latin1') is really windows-1252; map bytes to code points one to one instead.
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

function resolveGlobal(module: string, name: string): Global {
  const full = `${module}.${name}`;
  const fn = ALLOWED_GLOBALS.get(full);
  if (!fn) unsafe(`refusing to unpickle global \`${full}\` — not a NumPy array/dtype/scalar`);
  return new Global(fn, full);
}

function setItem(dict: RawDict, k: Item, v: Item): void {
  if (typeof k !== 'string') throw new Cp2ijError('unsupported', 'only dicts with string keys are supported');
  dict.entries.set(k, v); // like Python: a repeated key keeps its first position, takes the last value
}

// ---- the allowed callables ------------------------------------------------------------------

function call(fn: Global, args: Item[]): Item {
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
function build(target: Item, state: Item): void {
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
      target.rawItems = fortran ? fortranToC(raw.items, shape) : raw.items;
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

function fortranToC<T>(items: readonly T[], shape: readonly number[]): T[] {
  const out: T[] = new Array(items.length);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  for (let c = 0; c < items.length; c++) {
    let f = 0;
    for (let d = nd - 1; d >= 0; d--) f = f * shape[d]! + idx[d]!;
    out[c] = items[f]!;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

// ---- from the unpickler's objects to PyValues -----------------------------------------------

function finish(root: Item): PyValue {
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
