/**
 * `cp2ij export`: one Cellpose result in, ImageJ-ready files out. Shared by the CLI and the library.
 *
 * Exact geometry (default): every label is traced along its pixel edges (src/trace), each outline becomes
 * a traced polygon or, with holes or several parts, a composite ROI (src/encode), so ImageJ fills exactly
 * the label's pixels. Cellpose geometry reproduces Cellpose's own `save_rois` (pixel-centre polygons).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Arena } from '../core/arena.js';
import { labelRgb } from '../core/label-colors.js';
import { labelStats } from '../core/masks.js';
import type { NdArray } from '../core/ndarray.js';
import { cellposeRois } from '../encode/cellpose-rois.js';
import { cellposePadWidth, encodeOutline, roiName } from '../encode/from-outline.js';
import { RoiType } from '../encode/roi-model.js';
import { ProtectedPaths, writeAtomic, writeDirAtomic } from '../io/files.js';
import { OwnedOutputs } from '../io/ownership.js';
import { type LoadedInput, defaultOutputDir } from '../read/input.js';
import { tracePlanes } from '../trace/tracer.js';
import { type QupathObjectType, geojsonChunks } from '../write/geojson.js';
import { outlinesTextFiles } from '../write/outlines-txt.js';
import { roiSetZip, type RoiSetEntry } from '../write/roiset.js';
import { DEFAULT_FORMATS, type ExportFormat } from './export-formats.js';

export interface ExportOptions {
  /** Output folder; default: the input's own folder. */
  outDir?: string;
  formats?: readonly ExportFormat[];
  /** `exact` (pixel-edge outlines, default) or `cellpose` (what Cellpose's save_rois writes). */
  geometry?: 'exact' | 'cellpose';
  /** Text before each ROI's label. */
  prefix?: string;
  /** Zero-pad labels to the digits of the largest label (Cellpose's `pad=True`). */
  pad?: boolean;
  /** Use the seg's `colors` as stroke colours (default true). */
  colors?: boolean;
  /** Inputs of the run, never to be written over. */
  protect?: ProtectedPaths;
  /** Keeps a RoiSet or `_rois/` folder a person made or edited (default: keep them; see io/ownership.ts). */
  owned?: OwnedOutputs;
  /** QuPath objectType of the GeoJSON features (default detection). */
  qupathObject?: QupathObjectType;
  /** ROI type of one-ring labels: traced (default) or polygon (for readers that refuse traced ROIs). */
  roiType?: 'traced' | 'polygon';
}

export interface ExportSummary {
  readonly file: string;
  readonly kind: string;
  readonly width: number;
  readonly height: number;
  readonly planes: number;
  readonly labels: number;
  /** ROIs written to the RoiSet / .roi folder (0 if neither was asked for). */
  readonly rois: number;
  readonly written: string[];
  /** Things the user should know that are not errors (e.g. empty masks). */
  readonly messages: string[];
}

/** Export one loaded input; returns what was written. */
export async function exportInput(input: LoadedInput, options: ExportOptions = {}): Promise<ExportSummary> {
  const formats = new Set(options.formats ?? DEFAULT_FORMATS);
  const outDir = path.resolve(options.outDir ?? defaultOutputDir(input.file));
  const name = path.basename(input.base);
  const at = (file: string) => path.join(outDir, file);
  const masks = input.masks;
  const written: string[] = [];
  const messages: string[] = [];
  const write = async (file: string, data: Uint8Array | string | Iterable<Uint8Array>) => {
    await writeAtomic(file, data, options.protect);
    written.push(file);
  };

  let rois = 0;
  let labels: number | undefined;
  if (formats.has('zip') || formats.has('roi')) {
    const { entries, labelCount } = roiEntries(input, options);
    rois = entries.length;
    labels = labelCount;
    if (entries.length === 0) {
      messages.push(`${input.file}: no labels in the masks, so no ROIs were written (an empty RoiSet makes ImageJ show an error)`);
    } else {
      // what a person may have edited is checked before anything of this input is written
      const owned = options.owned ?? new OwnedOutputs(false);
      const zip = formats.has('zip') ? at(`${name}_rois.zip`) : undefined;
      const dir = formats.has('roi') ? at(`${name}_rois`) : undefined;
      for (const target of [zip, dir]) if (target) await owned.check(target);
      if (zip) {
        await write(zip, roiSetZip(entries));
        await owned.record(zip);
      }
      if (dir) {
        await writeDirAtomic(dir, entries.map((e) => ({ name: `${e.name}.roi`, data: e.bytes })), options.protect);
        written.push(dir);
        await owned.record(dir);
      }
    }
  }
  if (formats.has('txt')) {
    for (const f of outlinesTextFiles(masks, name)) await write(at(f.name), f.bytes);
  }
  if (formats.has('geojson')) {
    const colors = options.colors === false ? undefined : input.seg?.colors;
    await write(at(`${name}.geojson`), geojsonChunks(masks, { objectType: options.qupathObject, prefix: options.prefix, colors }));
  }
  if (formats.has('macro')) {
    const [{ converterMacroName, renderConverterMacro }, { loadMacroTemplates }] = await Promise.all([import('../write/macro.js'), import('../write/macro-templates.js')]);
    const templates = await loadMacroTemplates();
    const imageName = imageNextTo(input, outDir);
    await write(at(converterMacroName(name)), renderConverterMacro({ base: name, dir: outDir, imageName }, templates));
  }
  const pictureFormats = (['png', 'svg'] as const).filter((f) => formats.has(f));
  if (pictureFormats.length > 0) {
    const { writePictures } = await import('./pictures.js'); // rendering code loads only when pictures are asked for
    const pictures = await writePictures(input, outDir, { formats: pictureFormats, protect: options.protect });
    written.push(...pictures.written);
    messages.push(...pictures.messages);
  }
  return {
    file: input.file,
    kind: input.kind,
    width: masks.width,
    height: masks.height,
    planes: masks.depth,
    labels: labels ?? labelStats(masks).count,
    rois,
    written,
    messages,
  };
}

/** The RoiSet entries in archive order (ascending label, then plane), and how many labels they cover. */
export function roiEntries(input: Pick<LoadedInput, 'masks' | 'seg'>, options: ExportOptions): { entries: RoiSetEntry[]; labelCount: number } {
  const masks = input.masks;
  if (options.geometry === 'cellpose') {
    const entries = cellposeRois(masks, { prefix: options.prefix ?? '', pad: options.pad ?? false });
    return { entries, labelCount: labelStats(masks).count };
  }
  const pad = options.pad ? cellposePadWidth(labelStats(masks).max) : 0;
  const colors = options.colors === false ? undefined : input.seg?.colors;
  // Each plane is traced and encoded before the next, so a stack's outlines never all sit in memory.
  const arena = new Arena((n) => new Uint8Array(n), 1 << 22);
  const alloc = (n: number) => arena.alloc(n);
  const encoded: { label: number; plane: number; entry: RoiSetEntry }[] = [];
  for (const outlines of tracePlanes(masks)) {
    for (const outline of outlines) {
      const plane = masks.is3d ? outline.plane : undefined;
      const name = roiName(outline.label, { prefix: options.prefix ?? '', pad, plane });
      const bytes = encodeOutline(outline, {
        name,
        strokeColor: colors ? labelColor(colors, outline.label) : undefined,
        position: plane === undefined ? undefined : plane + 1,
        singleType: options.roiType === 'polygon' ? RoiType.POLYGON : RoiType.TRACED,
      }, alloc);
      encoded.push({ label: outline.label, plane: outline.plane, entry: { name, bytes } });
    }
  }
  if (masks.depth > 1) encoded.sort((a, b) => a.label - b.label || a.plane - b.plane);
  let labelCount = 0;
  const entries = encoded.map((e, i) => {
    if (i === 0 || encoded[i - 1]!.label !== e.label) labelCount++;
    return e.entry;
  });
  return { entries, labelCount };
}

/** ARGB stroke colour of a label from Cellpose's `colors` ((N, 3) RGB, row = label − 1), if it has one. */
function labelColor(colors: NdArray, label: number): number | undefined {
  const rgb = labelRgb(colors, label);
  return rgb ? (0xff000000 | (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]) >>> 0 : undefined;
}

/** The segmented image, relative to the output folder, when the seg names one that exists ('' if none). */
function imageNextTo(input: LoadedInput, outDir: string): string {
  const named = input.seg?.filename;
  const candidates = [
    ...(named ? [path.resolve(path.dirname(input.file), named), path.join(path.dirname(input.file), path.basename(named))] : []),
  ];
  const found = candidates.find((f) => existsSync(f));
  return found ? path.relative(outDir, found).split(path.sep).join('/') : '';
}

export { EXPORT_FORMATS, DEFAULT_FORMATS, parseFormats, type ExportFormat } from './export-formats.js';
