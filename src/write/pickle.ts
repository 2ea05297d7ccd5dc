/**
 * PyValue → pickle protocol 3 with `numpy.core.multiarray` names: the one form numpy 1.x and 2.x
 * both load (seg-npy-format.md §2, §6 "Writer recipe"). Globals and dtypes are written out again
 * each time (a few bytes per array). A value referenced from several places — which a hostile or
 * unusual seg can nest so that expanding it would never end — is written once and memoized, and
 * every further reference is a memo GET, so the pickle is linear in the value graph.
 *
 * The result is a list of chunks so that big array payloads are referenced, not copied; the caller
 * joins them once (`joinChunks` in core/ndarray.ts).
 */
import { Cp2ijError } from '../core/errors.js';
import { PICKLE_OP } from '../core/pickle-opcodes.js';
import { ITEM_SIZE, NUMPY_KIND, bytesOf, type DType } from '../core/ndarray.js';
import { NumpyDType, NumpyScalar, PyBytes, PyNdArray, PyObjectArray, PyTuple, type PyValue } from '../read/pyvalue.js';

const OP = PICKLE_OP;

/** Python batches APPENDS/SETITEMS by 1000; numpy's own files look the same. */
const BATCH = 1000;
/** Payloads at least this big become their own chunk instead of being copied. */
const BIG_PAYLOAD = 1 << 16;
/** Protocol 3 has no 8-byte length opcodes. */
const MAX_BINBYTES = 0xffffffff;
const MAX_DEPTH = 100;

const utf8 = new TextEncoder();

/** The pickle of `value` as chunks (PROTO 3 … STOP). */
export function pickleChunks(value: PyValue): Uint8Array[] {
  const w = new PickleWriter(sharedValues(value));
  w.op(OP.PROTO, 3);
  w.value(value, 0);
  w.op(OP.STOP);
  return w.finish();
}

/** Objects reachable from `root` along more than one path (found in one walk that never descends twice). */
function sharedValues(root: PyValue): Set<object> {
  const seen = new Set<object>();
  const shared = new Set<object>();
  const stack: PyValue[] = [root];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (seen.has(v)) {
      shared.add(v);
      continue;
    }
    seen.add(v);
    if (v instanceof PyTuple) for (const item of v.items) stack.push(item);
    else if (Array.isArray(v)) for (const item of v as PyValue[]) stack.push(item);
    else if (v instanceof Map) for (const item of v.values()) stack.push(item);
    else if (v instanceof PyObjectArray) for (const item of v.items) stack.push(item);
  }
  return shared;
}

class PickleWriter {
  private readonly chunks: Uint8Array[] = [];
  /** Memo index of each shared object already written. */
  private readonly memo = new Map<object, number>();
  private buf = new Uint8Array(1 << 12);
  private len = 0;
  private readonly view8 = new DataView(new ArrayBuffer(8));

  constructor(private readonly shared: ReadonlySet<object>) {}

  finish(): Uint8Array[] {
    this.flush();
    return this.chunks;
  }

  op(...bytes: number[]): void {
    this.ensure(bytes.length);
    for (const b of bytes) this.buf[this.len++] = b;
  }

  value(v: PyValue, depth: number): void {
    if (depth > MAX_DEPTH) throw new Cp2ijError('limit', `value nested deeper than ${MAX_DEPTH} levels cannot be pickled`);
    if (v !== null && typeof v === 'object' && this.shared.has(v)) {
      const index = this.memo.get(v);
      if (index !== undefined) return this.memoOp(OP.BINGET, OP.LONG_BINGET, index);
      this.plainValue(v, depth);
      this.memo.set(v, this.memo.size);
      return this.memoOp(OP.BINPUT, OP.LONG_BINPUT, this.memo.size - 1);
    }
    this.plainValue(v, depth);
  }

  private memoOp(short: number, long: number, index: number): void {
    if (index < 256) this.op(short, index);
    else this.opU32(long, index);
  }

  private plainValue(v: PyValue, depth: number): void {
    if (v === null) this.op(OP.NONE);
    else if (typeof v === 'boolean') this.op(v ? OP.NEWTRUE : OP.NEWFALSE);
    else if (typeof v === 'number') this.float(v);
    else if (typeof v === 'bigint') this.int(v);
    else if (typeof v === 'string') this.str(v);
    else if (v instanceof PyBytes) this.bytes(v.bytes);
    else if (v instanceof PyTuple) this.tuple(v.items, depth);
    else if (Array.isArray(v)) this.list(v, depth);
    else if (v instanceof Map) this.dict(v, depth);
    else if (v instanceof PyNdArray) this.ndarray(v);
    else if (v instanceof PyObjectArray) this.objectArray(v, depth);
    else if (v instanceof NumpyScalar) this.scalar(v);
    else if (v instanceof NumpyDType) this.dtypeObject(v);
    else throw new Cp2ijError('unsupported', 'cannot pickle a value of unknown kind');
  }

  private float(v: number): void {
    this.view8.setFloat64(0, v, false); // BINFLOAT is big-endian
    this.op(OP.BINFLOAT);
    this.raw(new Uint8Array(this.view8.buffer.slice(0)));
  }

  private int(v: bigint): void {
    if (v >= 0n && v < 256n) this.op(OP.BININT1, Number(v));
    else if (v >= 0n && v < 65536n) this.op(OP.BININT2, Number(v) & 0xff, Number(v) >> 8);
    else if (v >= -(2n ** 31n) && v < 2n ** 31n) {
      this.view8.setInt32(0, Number(v), true);
      this.op(OP.BININT);
      this.raw(new Uint8Array(this.view8.buffer.slice(0, 4)));
    } else {
      const body = twosComplementLE(v);
      if (body.length < 256) this.op(OP.LONG1, body.length);
      else this.opU32(OP.LONG4, body.length);
      this.raw(body);
    }
  }

  private str(v: string): void {
    const b = utf8.encode(v);
    this.opU32(OP.BINUNICODE, b.length);
    this.raw(b);
  }

  private bytes(b: Uint8Array): void {
    if (b.length > MAX_BINBYTES) throw new Cp2ijError('limit', `a ${b.length}-byte payload exceeds pickle protocol 3's 4 GiB limit`);
    if (b.length < 256) this.op(OP.SHORT_BINBYTES, b.length);
    else this.opU32(OP.BINBYTES, b.length);
    this.raw(b);
  }

  private tuple(items: readonly PyValue[], depth: number): void {
    if (items.length === 0) return this.op(OP.EMPTY_TUPLE);
    if (items.length > 3) this.op(OP.MARK);
    for (const item of items) this.value(item, depth + 1);
    this.op(items.length === 1 ? OP.TUPLE1 : items.length === 2 ? OP.TUPLE2 : items.length === 3 ? OP.TUPLE3 : OP.TUPLE);
  }

  private list(items: readonly PyValue[], depth: number): void {
    this.op(OP.EMPTY_LIST);
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
      if (batch.length === 1) {
        this.value(batch[0]!, depth + 1);
        this.op(OP.APPEND);
      } else {
        this.op(OP.MARK);
        for (const item of batch) this.value(item, depth + 1);
        this.op(OP.APPENDS);
      }
    }
  }

  private dict(d: ReadonlyMap<string, PyValue>, depth: number): void {
    this.op(OP.EMPTY_DICT);
    const entries = [...d];
    for (let i = 0; i < entries.length; i += BATCH) {
      const batch = entries.slice(i, i + BATCH);
      if (batch.length > 1) this.op(OP.MARK);
      for (const [k, v] of batch) {
        this.str(k);
        this.value(v, depth + 1);
      }
      this.op(batch.length > 1 ? OP.SETITEMS : OP.SETITEM);
    }
  }

  /** `_reconstruct(ndarray, (0,), b'b')`: the empty shell BUILD fills. */
  private arrayShell(): void {
    this.global('numpy.core.multiarray', '_reconstruct');
    this.global('numpy', 'ndarray');
    this.op(OP.BININT1, 0, OP.TUPLE1, OP.SHORT_BINBYTES, 1, 0x62, OP.TUPLE3, OP.REDUCE);
  }

  private ndarray(a: PyNdArray): void {
    this.arrayShell();
    this.op(OP.MARK, OP.BININT1, 1);
    this.shape(a.shape);
    this.dtype(a.dtype);
    this.op(OP.NEWFALSE); // C order: the model always holds C-order data
    this.bytes(bytesOf(a.data));
    this.op(OP.TUPLE, OP.BUILD);
  }

  private objectArray(a: PyObjectArray, depth: number): void {
    this.arrayShell();
    this.op(OP.MARK, OP.BININT1, 1);
    this.shape(a.shape);
    this.dtypeBuild('O8', '|', -1, -1, 63);
    this.op(OP.NEWFALSE);
    this.list(a.items, depth + 1);
    this.op(OP.TUPLE, OP.BUILD);
  }

  private scalar(s: NumpyScalar): void {
    this.global('numpy.core.multiarray', 'scalar');
    this.dtype(s.dtype);
    this.bytes(s.raw);
    this.op(OP.TUPLE2, OP.REDUCE);
  }

  private shape(shape: readonly number[]): void {
    this.tuple(shape.map((d) => BigInt(d)), 0);
  }

  private dtype(d: DType): void {
    this.dtypeBuild(NUMPY_KIND[d], ITEM_SIZE[d] === 1 ? '|' : '<', -1, -1, 0);
  }

  /** A standalone dtype value, e.g. one stored in a dict; flexible kinds carry their sizes in the state. */
  private dtypeObject(d: NumpyDType): void {
    const m = /^([a-zA-Z])(\d*)$/.exec(d.code);
    if (!m || m[1] === 'M' || m[1] === 'm') throw new Cp2ijError('unsupported', `cannot pickle numpy dtype '${d.code}'`);
    const n = Number(m[2] || '0');
    if (m[1] === 'O') this.dtypeBuild(d.code, '|', -1, -1, 63);
    else if (m[1] === 'U') this.dtypeBuild(d.code, d.byteOrder, 4 * n, 4, 8);
    else if (m[1] === 'S' || m[1] === 'V') this.dtypeBuild(d.code, '|', n, 1, 0);
    else this.dtypeBuild(d.code, d.byteOrder, -1, -1, 0);
  }

  /** `dtype(code, False, True)` then its version-3 state `(3, order, None, None, None, elsize, align, flags)`. */
  private dtypeBuild(code: string, order: string, elsize: number, align: number, flags: number): void {
    this.global('numpy', 'dtype');
    this.str(code);
    this.op(OP.NEWFALSE, OP.NEWTRUE, OP.TUPLE3, OP.REDUCE, OP.MARK, OP.BININT1, 3);
    this.str(order);
    this.op(OP.NONE, OP.NONE, OP.NONE);
    this.int(BigInt(elsize));
    this.int(BigInt(align));
    this.int(BigInt(flags));
    this.op(OP.TUPLE, OP.BUILD);
  }

  private global(module: string, name: string): void {
    this.op(OP.GLOBAL);
    this.raw(utf8.encode(`${module}\n${name}\n`));
  }

  private opU32(op: number, n: number): void {
    this.op(op, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  }

  private raw(b: Uint8Array): void {
    if (b.length >= BIG_PAYLOAD) {
      this.flush();
      this.chunks.push(b);
      return;
    }
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    bigger.set(this.buf.subarray(0, this.len));
    this.buf = bigger;
  }

  private flush(): void {
    if (this.len === 0) return;
    this.chunks.push(this.buf.slice(0, this.len));
    this.len = 0;
  }
}

/** Minimal little-endian two's complement bytes of a big int (pickle's LONG encoding). */
function twosComplementLE(v: bigint): Uint8Array {
  const out: number[] = [];
  let x = v;
  for (;;) {
    const byte = Number(x & 0xffn);
    out.push(byte);
    x >>= 8n; // arithmetic shift keeps the sign
    const signBit = (byte & 0x80) !== 0;
    if ((x === 0n && !signBit) || (x === -1n && signBit)) break;
  }
  return Uint8Array.from(out);
}
