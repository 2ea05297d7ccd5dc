/**
 * The page's worker: runs the same jobs as the command on dropped files, off the page's thread, and
 * posts back per item the counts, the problems in plain words, the outputs as Blobs and a preview.
 * Compression is the core's default, fflate.
 * Files are read lazily, range by range (read/byte-source.ts), so a big seg's flows are never read
 * unless pictures need them. Nothing leaves the machine: there is no network code here.
 */
import { Cp2ijError, isCp2ijError } from '../core/errors.js';
import { limits } from '../core/limits.js';
import type { NdArray } from '../core/ndarray.js';
import { type Output, isFolder } from '../core/output.js';
import { exportJob } from '../jobs/export.js';
import { importJob } from '../jobs/import.js';
import { blobSource } from '../read/byte-source.js';
import { baseName, parseInputAsync } from '../read/input.js';
import { decodeImage } from '../render/decode-image.js';
import { CONVERTER_TEMPLATE, LOADER_TEMPLATE } from '../write/macro.js';
import { zipStored } from '../write/zip.js';
import converterTemplate from '../../templates/imagej_roi_converter.ijm';
import loaderTemplate from '../../templates/cp2ij_loader.ijm';
import { namedImage, planBatch } from './batch.js';
import { preview } from './preview.js';
import type { Download, ItemReport, RunRequest, WorkerMessage } from './protocol.js';

const TEMPLATES = { [CONVERTER_TEMPLATE]: converterTemplate, [LOADER_TEMPLATE]: loaderTemplate };
/** Longest side of the preview the page draws. */
const PREVIEW_SIDE = 1024;
/** The archive of everything, offered for a batch. */
const BUNDLE_NAME = 'cp2ij_outputs.zip';

interface WorkerScope {
  onmessage: ((event: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: WorkerMessage): void;
}
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (event) => {
  run(event.data).catch((e: unknown) => {
    scope.postMessage({ type: 'item', item: { file: '(all files)', kind: 'export', problem: describe(e), messages: [], downloads: [] } });
    scope.postMessage({ type: 'done' });
  });
};

async function run({ files, formats }: RunRequest): Promise<void> {
  const batch = planBatch(files);
  const total = batch.results.length + batch.edits.length;
  const everything: Download[] = [];
  let done = 0;
  const progress = (what: string) => scope.postMessage({ type: 'progress', done, total, what });
  for (const file of batch.results) {
    progress(`reading ${file.name}`);
    const item = await exportOne(file, formats, files, progress);
    everything.push(...item.downloads);
    scope.postMessage({ type: 'item', item });
    done++;
  }
  for (const edit of batch.edits) {
    progress(`importing ${edit.rois.map((f) => f.name).join(', ')}`);
    const item = await importOne(edit.base, edit.rois, edit.original);
    everything.push(...item.downloads);
    scope.postMessage({ type: 'item', item });
    done++;
  }
  if (total === 0) {
    const names = files.map((f) => f.name).join(', ');
    scope.postMessage({ type: 'item', item: { file: names, kind: 'export', problem: 'no Cellpose result here: drop _seg.npy, _cp_masks.png/.tif or label .npy files (and edited RoiSets or GeoJSON with their _seg.npy)', messages: [], downloads: [] } });
  }
  progress('done');
  const bundle = everything.length > 1 ? await bundleOf(everything) : undefined;
  scope.postMessage({ type: 'done', bundle });
}

async function exportOne(file: File, formats: RunRequest['formats'], all: readonly File[], progress: (what: string) => void): Promise<ItemReport> {
  try {
    const pictures = formats.includes('png') || formats.includes('svg');
    const input = await parseInputAsync(blobSource(file), pictures ? ['img', 'flows'] : []);
    const base = baseName(file.name);
    const imageFile = input.seg && !input.seg.img ? namedImage(input.seg.filename, all) : undefined;
    const image = imageFile ? await imageOf(imageFile) : undefined;
    progress(`tracing ${file.name}`);
    const result = await exportJob(input, base, {
      formats,
      macro: { templates: TEMPLATES, dir: '', imageName: imageFile?.name ?? '' },
      image: image?.array,
      imageNote: image?.note,
    });
    const downloads = result.outputs.flatMap(downloadsOf);
    const seen = input.seg?.img ?? image?.array;
    return { file: file.name, kind: 'export', width: result.width, height: result.height, planes: result.planes, labels: result.labels, messages: result.messages, downloads, preview: preview(input, seen, PREVIEW_SIDE) };
  } catch (e) {
    return { file: file.name, kind: 'export', problem: describe(e), messages: [], downloads: [] };
  }
}

async function importOne(base: string, rois: readonly File[], original: File | undefined): Promise<ItemReport> {
  const names = rois.map((f) => f.name).join(', ');
  if (!original) return { file: names, kind: 'import', problem: `to make a new _seg.npy, drop ${base}_seg.npy (the original) together with it`, messages: [], downloads: [] };
  try {
    const like = (await parseInputAsync(blobSource(original), 'all')).seg;
    if (!like) throw new Cp2ijError('bad-argument', `${original.name} is a label image, not a Cellpose _seg.npy`);
    const sources = [];
    for (const f of rois) sources.push({ name: f.name, bytes: await wholeFile(f) });
    const { output, summary } = await importJob(sources, { out: `${base}_edited_seg.npy`, like });
    const messages = [`${summary.items} ROI(s) → ${summary.labels} labels`];
    if (summary.skipped.length) messages.push(`${summary.skipped.length} skipped: ${summary.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}`);
    return { file: names, kind: 'import', width: like.masks.width, height: like.masks.height, planes: like.masks.depth, labels: summary.labels, messages, downloads: downloadsOf(output) };
  } catch (e) {
    return { file: names, kind: 'import', problem: describe(e), messages: [], downloads: [] };
  }
}

async function imageOf(file: File): Promise<{ array?: NdArray; note?: string }> {
  try {
    return { array: decodeImage(await wholeFile(file, limits.image)) };
  } catch (e) {
    if (!isCp2ijError(e)) throw e;
    return { note: `no image: ${file.name}: ${e.detail}; pictures show the masks only` };
  }
}

async function wholeFile(file: File, maxBytes = limits.memory): Promise<Uint8Array> {
  if (file.size > maxBytes) throw new Cp2ijError('limit', `${file.name} is larger than the ${maxBytes} bytes cp2ij reads for it`);
  return new Uint8Array(await file.arrayBuffer());
}

function downloadsOf(output: Output): Download[] {
  if (isFolder(output)) return []; // one .roi per ROI is for the command; the page offers the RoiSet
  const parts = output.data instanceof Uint8Array ? [output.data] : [...output.data];
  return [{ name: output.name, blob: new Blob(parts as BlobPart[]) }];
}

async function bundleOf(downloads: readonly Download[]): Promise<Download> {
  const payloads = await Promise.all(downloads.map(async (d) => new Uint8Array(await d.blob.arrayBuffer())));
  return { name: BUNDLE_NAME, blob: new Blob([zipStored(downloads.map((d) => d.name), payloads) as BlobPart]) };
}

/** A problem in plain words: cp2ij's own message, or, for anything else, that it is a fault of cp2ij's. */
function describe(e: unknown): string {
  if (isCp2ijError(e)) return e.detail;
  return `internal error (a bug in cp2ij, please report it): ${e instanceof Error ? e.message : String(e)}`;
}
