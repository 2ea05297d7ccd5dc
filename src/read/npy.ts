/**
 * The `.npy` container: versions 1.0/2.0/3.0, every numeric dtype in either byte order, C or Fortran
 * order, 0-d to n-d; object arrays (what `np.save` writes for a dict) are handed back as their pickle.
 *
 * Why not npyjs (1.2.x, the usual JS choice; checked against its source): it throws "Unsupported dtype"
 * on `|O`, so a `_seg.npy` (a pickled dict) cannot be opened at all; it reports `fortranOrder` but
 * returns the data untransposed and never byte-swaps `>` data; it finds the header keys with regular
 * expressions rather than parsing the literal, and views `source.buffer` ignoring a view's byteOffset
 * (wrong data for Node's pooled Buffers).
 */
import { Cp2ijError } from '../core/errors.js';
import { type DType, type NdArray, ITEM_SIZE, dtypeFromKind } from '../core/ndarray.js';
import { type ByteSource, memorySource, sliceSource } from './byte-source.js';
import { arrayFromBytes, checkedElementCount } from './ndbytes.js';

export const NPY_MAGIC = Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59); // \x93NUMPY
const MAX_HEADER = 65536;

export interface NpyHeader {
  readonly version: 1 | 2 | 3;
  /** numpy's `descr`, e.g. `<u2`, `|O`. */
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Where the array data (or pickle) starts. */
  readonly dataOffset: number;
}

export type NpyContent =
  | { readonly kind: 'array'; readonly header: NpyHeader; readonly array: NdArray }
  | { readonly kind: 'object'; readonly header: NpyHeader; /** the pickle of the whole object array */ readonly pickle: Uint8Array };

/** A `.npy` read from a ByteSource: an object array's pickle stays in the source, unread. */
export type NpySourceContent =
  | { readonly kind: 'array'; readonly header: NpyHeader; readonly array: NdArray }
  | { readonly kind: 'object'; readonly header: NpyHeader; /** the pickle of the whole object array */ readonly pickle: ByteSource };

export function isNpy(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && NPY_MAGIC.every((b, i) => bytes[i] === b);
}

export function parseNpy(bytes: Uint8Array): NpyContent {
  const content = parseNpySource(memorySource(bytes));
  if (content.kind === 'array') return content;
  return { kind: 'object', header: content.header, pickle: bytes.subarray(content.header.dataOffset) };
}

/** Parse a `.npy` from a source: a numeric array's data is read (in one read), a pickle is not. */
export function parseNpySource(source: ByteSource): NpySourceContent {
  const header = readNpyHeaderFrom(source);
  if (header.descr === '|O') return { kind: 'object', header, pickle: sliceSource(source, header.dataOffset) };
  const { dtype, bigEndian } = parseDescr(header.descr);
  const n = checkedElementCount(header.shape);
  const need = n * ITEM_SIZE[dtype];
  const have = source.length - header.dataOffset;
  if (have < need) throw new Cp2ijError('truncated', `.npy data has ${have} bytes, shape (${header.shape.join(', ')}) of ${dtype} needs ${need}`);
  if (have > need) throw new Cp2ijError('bad-header', `.npy has ${have - need} bytes after its array data`);
  const body = source.read(header.dataOffset, need);
  return { kind: 'array', header, array: arrayFromBytes(dtype, header.shape, body, bigEndian, header.fortranOrder) };
}

/** The header of the `.npy` in `source`, reading only the header's bytes. */
export function readNpyHeaderFrom(source: ByteSource): NpyHeader {
  const prefix = source.read(0, Math.min(source.length, 12));
  if (!isNpy(prefix)) throw new Cp2ijError('bad-magic', 'not a .npy file (no \\x93NUMPY magic)');
  if (prefix.length < 10) throw new Cp2ijError('truncated', '.npy header is cut short');
  const major = prefix[6]!;
  const minor = prefix[7]!;
  if ((major !== 1 && major !== 2 && major !== 3) || minor !== 0) {
    throw new Cp2ijError('unsupported', `.npy format version ${major}.${minor} is not supported (1.0, 2.0, 3.0 are)`);
  }
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  const lengthAt = major === 1 ? 2 : 4;
  if (prefix.length < 8 + lengthAt) throw new Cp2ijError('truncated', '.npy header is cut short');
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthAt;
  if (headerLen > MAX_HEADER) throw new Cp2ijError('limit', `.npy header of ${headerLen} bytes is larger than cp2ij accepts`);
  if (start + headerLen > source.length) throw new Cp2ijError('truncated', `.npy header declares ${headerLen} bytes but the file ends first`);
  const raw = source.read(start, headerLen);
  let text: string;
  try {
    text = major === 3 ? new TextDecoder('utf-8', { fatal: true }).decode(raw) : String.fromCharCode(...raw);
  } catch {
    throw new Cp2ijError('bad-header', '.npy v3 header is not valid UTF-8');
  }
  const dict = parseHeaderLiteral(text);
  return { version: major, ...dict, dataOffset: start + headerLen };
}

/** `<u2` → uint16 little-endian; refuses what cp2ij cannot hold. */
export function parseDescr(descr: string): { dtype: DType; bigEndian: boolean } {
  const m = /^([<>|=])([a-zA-Z]\d+)$/.exec(descr);
  const dtype = m ? dtypeFromKind(m[2]!) : undefined;
  if (!m || !dtype) throw new Cp2ijError('unsupported', `.npy dtype '${descr}' is not supported (bool, (u)int8–64, float16–64 are)`);
  return { dtype, bigEndian: m[1] === '>' };
}

// ---- the header literal: {'descr': str, 'fortran_order': bool, 'shape': (int, …)} ----------

type Literal = string | number | boolean | Literal[] | Map<string, Literal>;

function parseHeaderLiteral(text: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const value = new LiteralParser(text).parseAll();
  if (!(value instanceof Map)) throw new Cp2ijError('bad-header', '.npy header is not a dict');
  const keys = [...value.keys()].sort().join(',');
  if (keys !== 'descr,fortran_order,shape') throw new Cp2ijError('bad-header', `.npy header must have exactly descr, fortran_order, shape (has ${keys})`);
  const descr = value.get('descr');
  const fortran = value.get('fortran_order');
  const shape = value.get('shape');
  if (typeof descr !== 'string') {
    throw new Cp2ijError('unsupported', '.npy descr is not a simple dtype string (structured dtypes are not supported)');
  }
  if (typeof fortran !== 'boolean') throw new Cp2ijError('bad-header', '.npy fortran_order is not a bool');
  if (!Array.isArray(shape) || shape.length > 64 || !shape.every((d) => typeof d === 'number')) {
    throw new Cp2ijError('bad-header', '.npy shape is not a tuple of at most 64 ints');
  }
  return { descr, fortranOrder: fortran, shape: shape as number[] };
}

/** A parser for the few Python literals a .npy header may contain; nothing is evaluated. */
class LiteralParser {
  private pos = 0;
  constructor(private readonly s: string) {}

  parseAll(): Literal {
    const v = this.value(0);
    this.ws();
    if (this.pos !== this.s.length) this.fail('unexpected text after the header dict');
    return v;
  }

  private fail(why: string): never {
    throw new Cp2ijError('bad-header', `.npy header: ${why} at character ${this.pos}`);
  }
  private ws(): void {
    while (this.pos < this.s.length && ' \t\n\r'.includes(this.s[this.pos]!)) this.pos++;
  }
  private eat(c: string): boolean {
    this.ws();
    if (this.s[this.pos] === c) {
      this.pos++;
      return true;
    }
    return false;
  }

  private value(depth: number): Literal {
    if (depth > 8) this.fail('nested too deeply');
    this.ws();
    const c = this.s[this.pos];
    if (c === '{') return this.dict(depth);
    if (c === '(' || c === '[') return this.sequence(depth, c === '(' ? ')' : ']');
    if (c === "'" || c === '"') return this.string();
    const word = /^(True|False|-?\d+L?)/.exec(this.s.slice(this.pos, this.pos + 32));
    if (!word) this.fail('expected a literal');
    this.pos += word[0].length;
    if (word[0] === 'True' || word[0] === 'False') return word[0] === 'True';
    const n = Number(word[0].replace('L', ''));
    if (!Number.isSafeInteger(n) || n < 0) this.fail(`integer ${word[0]} out of range`);
    return n;
  }

  private dict(depth: number): Map<string, Literal> {
    this.pos++;
    const out = new Map<string, Literal>();
    while (!this.eat('}')) {
      this.ws();
      const key = this.string();
      if (!this.eat(':')) this.fail("expected ':'");
      if (out.has(key)) this.fail(`duplicate key '${key}'`);
      out.set(key, this.value(depth + 1));
      if (!this.eat(',')) {
        if (!this.eat('}')) this.fail("expected ',' or '}'");
        break;
      }
    }
    return out;
  }

  private sequence(depth: number, close: string): Literal[] {
    this.pos++;
    const out: Literal[] = [];
    while (!this.eat(close)) {
      out.push(this.value(depth + 1));
      if (!this.eat(',')) {
        if (!this.eat(close)) this.fail(`expected ',' or '${close}'`);
        break;
      }
    }
    return out;
  }

  private string(): string {
    const q = this.s[this.pos];
    if (q !== "'" && q !== '"') this.fail('expected a string');
    const end = this.s.indexOf(q, this.pos + 1);
    if (end < 0) this.fail('unterminated string');
    const body = this.s.slice(this.pos + 1, end);
    if (body.includes('\\')) this.fail('escapes in strings are not supported');
    this.pos = end + 1;
    return body;
  }
}
