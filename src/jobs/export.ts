/**
 * `export` as a pure job: one parsed Cellpose result and options in, the output files out, as bytes.
 * The CLI (through src/node/export.ts) writes them; the web page offers them as downloads.
 *
 * Exact geometry (default): every label is traced along its pixel edges (src/trace), each outline becomes
 * a traced polygon or, with holes or several parts, a composite ROI (src/encode), so ImageJ fills exactly
 * the label's pixels. Cellpose geometry reproduces Cellpose's own `save_rois` (pixel-centre polygons).
 */
import { labelStats } from '../core/masks.js';
import type { NdArray } from '../core/ndarray.js';
import { type Output, textBytes } from '../core/output.js';
import { roiEntries } from '../encode/roi-entries.js';
import type { ParsedInput } from '../read/input.js';
import type { QupathObjectType } from '../write/geojson-types.js';
import { geojsonChunks } from '../write/geojson.js';
import { type MacroTemplates, converterMacroName, renderConverterMacro } from '../write/macro.js';
import { outlinesTextFiles } from '../write/outlines-txt.js';
import { roiSetZip } from '../write/roiset.js';
import { DEFAULT_FORMATS, type ExportFormat } from './export-formats.js';

export interface ExportJobOptions {
  readonly formats?: readonly ExportFormat[];
  /** `exact` (pixel-edge outlines, default) or `cellpose` (what Cellpose's save_rois writes). */
  readonly geometry?: 'exact' | 'cellpose';
  /** Text before each ROI's label. */
  readonly prefix?: string;
  /** Zero-pad labels to the digits of the largest label (Cellpose's `pad=True`). */
  readonly pad?: boolean;
  /** Use the seg's `colors` as stroke colours (default true). */
  readonly colors?: boolean;
  /** QuPath objectType of the GeoJSON features (default detection). */
  readonly qupathObject?: QupathObjectType;
  /** ROI type of one-ring labels: traced (default) or polygon (for readers that refuse traced ROIs). */
  readonly roiType?: 'traced' | 'polygon';
  /** For `macro`: the templates, and where the macro will live (its fallback folder; '' when unknown). */
  readonly macro?: { readonly templates: MacroTemplates; readonly dir: string; readonly imageName?: string };
  /** For pictures: the segmented image when the result does not hold it (the seg's `img` wins). */
  readonly image?: NdArray;
  /** For pictures: why there is no image, when the caller looked for one and found none. */
  readonly imageNote?: string;
}

export interface ExportResult {
  readonly width: number;
  readonly height: number;
  readonly planes: number;
  readonly labels: number;
  /** ROIs in the RoiSet / .roi folder (0 if neither was asked for). */
  readonly rois: number;
  readonly outputs: Output[];
  /** Things the user should know that are not errors (e.g. empty masks). */
  readonly messages: string[];
}

/** Export one parsed input whose outputs are named after `name` (the base: `img` for `img_seg.npy`). */
export async function exportJob(input: ParsedInput, name: string, options: ExportJobOptions = {}): Promise<ExportResult> {
  const formats = new Set(options.formats ?? DEFAULT_FORMATS);
  const masks = input.masks;
  const colors = options.colors === false ? undefined : input.seg?.colors;
  const outputs: Output[] = [];
  const messages: string[] = [];

  let rois = 0;
  let labels: number | undefined;
  if (formats.has('zip') || formats.has('roi')) {
    const { entries, labelCount } = roiEntries(masks, { ...options, colors });
    rois = entries.length;
    labels = labelCount;
    if (entries.length === 0) {
      messages.push('no labels in the masks, so no ROIs were written (an empty RoiSet makes ImageJ show an error)');
    } else {
      if (formats.has('zip')) outputs.push({ name: `${name}_rois.zip`, data: roiSetZip(entries), editable: true });
      if (formats.has('roi')) outputs.push({ name: `${name}_rois`, files: entries.map((e) => ({ name: `${e.name}.roi`, data: e.bytes })), editable: true });
    }
  }
  if (formats.has('txt')) {
    for (const f of outlinesTextFiles(masks, name)) outputs.push({ name: f.name, data: f.bytes });
  }
  if (formats.has('geojson')) {
    outputs.push({ name: `${name}.geojson`, data: geojsonChunks(masks, { objectType: options.qupathObject, prefix: options.prefix, colors }) });
  }
  if (formats.has('macro')) {
    const macro = options.macro;
    if (!macro) throw new TypeError('exportJob: the macro format needs options.macro (the templates)');
    const text = renderConverterMacro({ base: name, dir: macro.dir, imageName: macro.imageName ?? '' }, macro.templates);
    outputs.push({ name: converterMacroName(name), data: textBytes(text) });
  }
  const pictureFormats = (['png', 'svg'] as const).filter((f) => formats.has(f));
  if (pictureFormats.length > 0) {
    const { picturesJob } = await import('./pictures.js'); // rendering code loads only when pictures are asked for
    const pictures = await picturesJob(input, name, { formats: pictureFormats, image: options.image, imageNote: options.imageNote });
    outputs.push(...pictures.outputs);
    messages.push(...pictures.messages);
  }
  return {
    width: masks.width,
    height: masks.height,
    planes: masks.depth,
    labels: labels ?? labelStats(masks).count,
    rois,
    outputs,
    messages,
  };
}

export { EXPORT_FORMATS, DEFAULT_FORMATS, parseFormats, type ExportFormat } from './export-formats.js';
