/**
 * What every job gives back: files named as the command names them, as bytes. The Node layer writes
 * them (atomically, protecting what a person edited); the web page offers them as downloads. Neither
 * the jobs nor the formats ever see a file system.
 */
export interface OutputFile {
  /** File name, no folder (`img_rois.zip`). */
  readonly name: string;
  /** The bytes, whole or as chunks in order; an iterable (a streamed GeoJSON) is consumed once. */
  readonly data: Uint8Array | Iterable<Uint8Array>;
  /** A file people edit and save again under the same name (a RoiSet): replaced only when they allow it. */
  readonly editable?: boolean;
}

/** A folder of small files (`img_rois/` with one `.roi` per ROI). */
export interface OutputFolder {
  readonly name: string;
  readonly files: readonly { readonly name: string; readonly data: Uint8Array }[];
  readonly editable?: boolean;
}

export type Output = OutputFile | OutputFolder;

export function isFolder(output: Output): output is OutputFolder {
  return 'files' in output;
}

/** UTF-8 bytes of a text output (macros, SVG). */
export function textBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
