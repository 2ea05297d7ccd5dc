/**
 * One tagged error family for everything cp2ij reports about its inputs and outputs.
 * Format parsers throw it without a file name (they only see bytes); the file layer
 * attaches the path, so every message reaches the user as `path: what is wrong`.
 */
export type ErrorCode =
  | 'truncated' // input ends before a declared length or structure
  | 'bad-magic' // not the file kind it claims to be
  | 'bad-header' // container header malformed
  | 'unsupported' // well-formed but outside what cp2ij handles (dtype, version, layout…)
  | 'unsafe-pickle' // pickle names a global or opcode cp2ij refuses to honour
  | 'bad-pickle' // pickle stream malformed
  | 'limit' // a safety bound (size, nesting, count) was exceeded
  | 'bad-seg' // a readable file that is not a usable Cellpose result
  | 'bad-roi' // ImageJ ROI bytes malformed
  | 'bad-zip' // archive malformed
  | 'bad-image' // PNG/TIFF label image malformed or unsuitable
  | 'bad-argument' // the user asked for something inconsistent
  | 'exists' // an output would replace a file a person made or edited (see io/ownership.ts)
  | 'io'; // the file system refused

export class Cp2ijError extends Error {
  override readonly name = 'Cp2ijError';
  readonly code: ErrorCode;
  /** The file the problem is about, once the file layer knows it. */
  readonly file: string | undefined;
  /** The message without the file prefix. */
  readonly detail: string;

  constructor(code: ErrorCode, detail: string, file?: string, options?: { cause?: unknown }) {
    super(file ? `${file}: ${detail}` : detail, options);
    this.code = code;
    this.detail = detail;
    this.file = file;
  }

  /** The same error, attributed to a file (keeps an existing attribution). */
  inFile(file: string): Cp2ijError {
    if (this.file !== undefined) return this;
    return new Cp2ijError(this.code, this.detail, file, { cause: this.cause });
  }
}

export function isCp2ijError(e: unknown): e is Cp2ijError {
  return e instanceof Cp2ijError;
}

const IO_MESSAGES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
};

/** Attach `file` to a cp2ij error; wrap anything else as an I/O or internal failure. */
export function attributeError(e: unknown, file: string): Cp2ijError {
  if (e instanceof Cp2ijError) return e.inFile(file);
  const err = e as { code?: unknown; syscall?: unknown } | undefined;
  if (err && typeof err.code === 'string' && typeof err.syscall === 'string') {
    return new Cp2ijError('io', IO_MESSAGES[err.code] ?? `${err.syscall} failed (${err.code})`, file, { cause: e });
  }
  throw e; // a bug, not a property of the input: let it surface with its stack
}
