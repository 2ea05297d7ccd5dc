/**
 * cp2ij as a library. The API mirrors the command: read (loadInput/parseInput), inspect, export (trace →
 * encode → write), and the way back (decode → fill → write). Format functions work on bytes; the
 * pipeline functions take file paths.
 */
export { Cp2ijError, isCp2ijError, type ErrorCode } from './core/errors.js';
export type { Masks, LabelData } from './core/masks.js';
export type { NdArray, DType } from './core/ndarray.js';

// read
export { loadInput, parseInput, collectInputs, baseOf, type LoadedInput, type InputKind } from './read/input.js';
export { parseSeg, type CellposeSeg } from './read/seg.js';
export { parseNpy } from './read/npy.js';
export { unpickle } from './read/pickle.js';
export type { PyValue } from './read/pyvalue.js';
export { readRoiSet, readRois, type RoiSetItem } from './read/roiset.js';

// inspect
export { inspectFile, inspectFiles, type InspectReport } from './pipeline/inspect.js';

// trace
export { traceMasks } from './trace/tracer.js';
export type { Outline } from './trace/outline.js';
export { cellposeContours } from './trace/cellpose-contours.js';

// encode (both directions)
export { encodeRoi } from './encode/roi-encode.js';
export { decodeRoi } from './encode/roi-decode.js';
export { roiFromOutline, roiName } from './encode/from-outline.js';
export { cellposeRois } from './encode/cellpose-rois.js';
export { RoiType, RoiSubtype, RoiOption, PathOp, type Roi, type PathSegment } from './encode/roi-model.js';

// write
export { roiSetZip, type RoiSetEntry } from './write/roiset.js';
export { outlinesText, outlinesTextFiles } from './write/outlines-txt.js';
export { renderConverterMacro } from './write/macro.js';

// export
export { exportInput, roiEntries, type ExportOptions, type ExportSummary, type ExportFormat } from './pipeline/export.js';

// back: ROIs → pixels
export { fillRois, roiMask } from './fill/index.js';

// pictures
export { writePictures, type PictureFormat } from './pipeline/pictures.js';
export { outlinesSvg } from './write/svg.js';
