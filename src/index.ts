/**
 * cp2ij as a library that runs unchanged in a browser and in Node: bytes in, bytes out. Jobs take parsed
 * inputs and options and give the output files as `{name, data}` (src/core/output.ts); formats work on
 * bytes or on a ByteSource. Nothing here touches a file system, `Buffer` or a Node module: reading and
 * writing files is `cp2ij/node` (src/node/index.ts). Compression is fflate by default, Node's native zlib
 * once `cp2ij/node` is imported (or any other through `useCompression`).
 */
export { Cp2ijError, isCp2ijError, type ErrorCode } from './core/errors.js';
export type { Masks, LabelData } from './core/masks.js';
export type { NdArray, DType } from './core/ndarray.js';
export type { Output, OutputFile, OutputFolder } from './core/output.js';
export { useCompression, FFLATE, InflateOverflow, type Compression, type DeflateSettings } from './core/compression.js';
export { limits, setLimits } from './core/limits.js';

// read
export { parseInput, parseInputSource, parseInputAsync, baseName, type ParsedInput, type InputKind } from './read/input.js';
export { type ByteSource, type AsyncByteSource, memorySource, blobSource } from './read/byte-source.js';
export { parseSeg, type CellposeSeg } from './read/seg.js';
export { parseNpy } from './read/npy.js';
export { unpickle } from './read/pickle.js';
export type { PyValue } from './read/pyvalue.js';
export { readRoiSet, readRois, type RoiSetItem } from './read/roiset.js';

// trace
export { traceMasks } from './trace/tracer.js';
export type { Outline } from './trace/outline.js';
export { cellposeContours } from './trace/cellpose-contours.js';

// encode (both directions)
export { encodeRoi } from './encode/roi-encode.js';
export { decodeRoi } from './encode/roi-decode.js';
export { roiFromOutline, roiName } from './encode/from-outline.js';
export { roiEntries, type RoiSetEntry, type RoiEntryOptions } from './encode/roi-entries.js';
export { cellposeRois } from './encode/cellpose-rois.js';
export { RoiType, RoiSubtype, RoiOption, PathOp, type Roi, type PathSegment } from './encode/roi-model.js';

// write
export { roiSetZip } from './write/roiset.js';
export { outlinesText, outlinesTextFiles } from './write/outlines-txt.js';
export { renderConverterMacro, type MacroTemplates } from './write/macro.js';
export { outlinesSvg } from './write/svg.js';

// jobs
export { inspectInput, type InspectReport } from './jobs/inspect.js';
export { exportJob, type ExportJobOptions, type ExportResult, type ExportFormat, EXPORT_FORMATS, DEFAULT_FORMATS } from './jobs/export.js';
export { picturesJob, type PictureFormat } from './jobs/pictures.js';
export { importJob, type ImportSource, type ImportJobOptions, type ImportResult, type ImportSummary } from './jobs/import.js';

// back: ROIs → pixels
export { fillRois, roiMask } from './fill/index.js';
