/**
 * The opcode machine of a safe unpickler for what `np.save` / `pickle.dump` write for a Cellpose dict (protocols 2–5).
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
import { PICKLE_OP as OP, REFUSED_OPS } from '../core/pickle-opcodes.js';
import { type ByteSource, memorySource } from './byte-source.js';
import { Global, type Item, LazyBytes, PICKLE_LIMITS, RawDict, RawList, RawTuple, bad, limit, unsafe } from './pickle-items.js';
import { build, call, finish, resolveGlobal } from './pickle-numpy.js';
import { PyBytes, type PyValue } from './pyvalue.js';

export { PICKLE_LIMITS } from './pickle-items.js';

/** Byte strings above this size are read only when an array over them is used. */
export const LAZY_PAYLOAD = 64 * 1024;
/** How many bytes of opcode stream the unpickler asks its source for at a time. */
const WINDOW = 4096;

const MARK = Symbol('mark');

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
      if (op === OP.STOP) {
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
      case OP.PROTO: {
        const p = this.u8();
        if (p < 2 || p > 5) throw new Cp2ijError('unsupported', `pickle protocol ${p} is not supported (2–5 are)`);
        return;
      }
      case OP.FRAME: // a buffering hint only
        this.length64();
        return;
      case OP.GLOBAL: {
        const module = this.line();
        const name = this.line();
        return this.push(resolveGlobal(module, name));
      }
      case OP.STACK_GLOBAL: {
        const name = this.pop();
        const module = this.pop();
        if (typeof module !== 'string' || typeof name !== 'string') bad('STACK_GLOBAL needs two strings');
        return this.push(resolveGlobal(module, name));
      }
      case OP.BINUNICODE: return this.push(this.utf8(this.length32()));
      case OP.SHORT_BINUNICODE: return this.push(this.utf8(this.u8()));
      case OP.BINUNICODE8: return this.push(this.utf8(this.length64()));
      case OP.SHORT_BINSTRING: return this.push(latin1(this.take(this.u8()))); // Python 2: numpy reads as str
      case OP.BINSTRING: return this.push(latin1(this.take(this.length32())));
      case OP.SHORT_BINBYTES: return this.push(this.byteString(this.u8()));
      case OP.BINBYTES: return this.push(this.byteString(this.length32()));
      case OP.BINBYTES8: return this.push(this.byteString(this.length64()));
      case OP.BYTEARRAY8: return this.push(this.byteString(this.length64())); // protocol 5 in-band buffer
      case OP.MEMOIZE: return this.memoize(this.memo.size, this.top());
      case OP.BINPUT: return this.memoize(this.u8(), this.top());
      case OP.LONG_BINPUT: return this.memoize(this.length32(), this.top());
      case OP.BINGET: return this.push(this.memoGet(this.u8()));
      case OP.LONG_BINGET: return this.push(this.memoGet(this.length32()));
      case OP.MARK:
        if (this.marks.length >= PICKLE_LIMITS.maxMarks) limit('pickle MARK nesting too deep');
        this.marks.push(this.stack.length);
        this.stack.push(MARK);
        return;
      case OP.EMPTY_TUPLE: return this.push(new RawTuple([]));
      case OP.TUPLE1: return this.push(new RawTuple(this.popN(1)));
      case OP.TUPLE2: return this.push(new RawTuple(this.popN(2)));
      case OP.TUPLE3: return this.push(new RawTuple(this.popN(3)));
      case OP.TUPLE: return this.push(new RawTuple(this.popMark()));
      case OP.EMPTY_LIST: return this.push(new RawList([]));
      case OP.APPEND: {
        const v = this.pop();
        this.listOnTop().items.push(v);
        return;
      }
      case OP.APPENDS: {
        const items = this.popMark();
        const list = this.listOnTop();
        for (const v of items) list.items.push(v);
        return;
      }
      case OP.EMPTY_DICT: return this.push(new RawDict());
      case OP.SETITEM: {
        const [k, v] = this.popN(2) as [Item, Item];
        setItem(this.dictOnTop(), k, v);
        return;
      }
      case OP.SETITEMS: {
        const items = this.popMark();
        if (items.length % 2 !== 0) bad('SETITEMS with an odd number of items');
        const dict = this.dictOnTop();
        for (let i = 0; i < items.length; i += 2) setItem(dict, items[i]!, items[i + 1]!);
        return;
      }
      case OP.BININT1: return this.push(BigInt(this.u8()));
      case OP.BININT2: return this.push(BigInt(this.u16()));
      case OP.BININT: {
        const at = this.need(4); // before reading this.view: need() may move the window
        return this.push(BigInt(this.view.getInt32(at, true)));
      }
      case OP.LONG1: return this.push(this.long(this.u8()));
      case OP.LONG4: return this.push(this.long(this.length32()));
      case OP.BINFLOAT: { // big-endian
        const at = this.need(8);
        return this.push(this.view.getFloat64(at, false));
      }
      case OP.NEWTRUE: return this.push(true);
      case OP.NEWFALSE: return this.push(false);
      case OP.NONE: return this.push(null);
      case OP.REDUCE: {
        const args = this.pop();
        const fn = this.pop();
        if (!(fn instanceof Global)) bad('REDUCE of something that is not an allowed callable');
        if (!(args instanceof RawTuple)) bad(`REDUCE of ${fn.name} without an argument tuple`);
        return this.push(call(fn, args.items));
      }
      case OP.BUILD: {
        const state = this.pop();
        build(this.top(), state);
        return;
      }
      default: {
        const name = REFUSED_OPS[op];
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

function setItem(dict: RawDict, k: Item, v: Item): void {
  if (typeof k !== 'string') throw new Cp2ijError('unsupported', 'only dicts with string keys are supported');
  dict.entries.set(k, v); // like Python: a repeated key keeps its first position, takes the last value
}
