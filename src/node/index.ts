/**
 * `cp2ij/node`: the jobs of the root export on files. Reading regular files only, expanding folders,
 * atomic writes that never replace an input or an output a person edited, Node's native zlib (installed
 * on import), memory paged in on a worker. The `cp2ij` command is a thin layer over this.
 */
import './platform.js';

export { loadInput, collectInputs, baseOf, defaultOutputDir, type LoadedInput } from './inputs.js';
export { inspectFile, inspectFiles } from './inspect.js';
export { exportInput, type ExportOptions, type ExportSummary } from './export.js';
export { writePictures } from './pictures.js';
export { runImport, type ImportFiles } from './import.js';
export { writeOutputs, type WriteOptions } from './outputs.js';
export { loadMacroTemplates } from './macro-templates.js';
export { FileSource } from './file-source.js';
export { ProtectedPaths } from './files.js';
