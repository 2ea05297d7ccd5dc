/**
 * `cp2ij export INPUT… [--out DIR]`: Cellpose results → `<base>_rois.zip` (exact ImageJ ROIs) and
 * `<base>_cp_outlines.txt` by default; `--format` picks others. Bad inputs are reported one line each
 * and skipped; the exit code is 1 if any failed.
 */
import type { Command } from 'commander';
import { Cp2ijError } from '../../core/errors.js';
import { ProtectedPaths, isPlainFileName } from '../../node/files.js';
import { OwnedOutputs } from '../../node/ownership.js';
import type { ExportSummary } from '../../node/export.js';
import { DEFAULT_FORMATS, EXPORT_FORMATS, parseFormats } from '../../jobs/export-formats.js';
import { QUPATH_OBJECT_TYPES, type QupathObjectType } from '../../write/geojson-types.js';
import { Reporter, errorMessage } from '../report.js';

interface ExportCommandOptions {
  readonly out?: string;
  readonly format: string[];
  readonly geometry: string;
  readonly prefix?: string;
  readonly pad?: boolean;
  readonly colors: boolean;
  readonly overwrite?: boolean;
  readonly qupathObject: string;
  readonly roiType: string;
  readonly quiet?: boolean;
  readonly json?: boolean;
}

export function register(program: Command): void {
  program
    .command('export')
    .description('write ImageJ ROIs (<base>_rois.zip, exact pixel outlines) and Cellpose outlines (<base>_cp_outlines.txt) for Cellpose results')
    .argument('<inputs...>', '_seg.npy, label .npy, _cp_masks.png/.tif files, or folders of them')
    .option('-o, --out <dir>', "output folder (default: each input's folder)")
    .option('-f, --format <formats>', `what to write, comma-separated or repeated: ${EXPORT_FORMATS.join(', ')} (default ${DEFAULT_FORMATS.join(',')})`, collect, [])
    .option('-g, --geometry <kind>', 'ROI geometry: exact (pixel edges, fills back exactly in ImageJ) or cellpose (pixel centres, as Cellpose save_rois)', 'exact')
    .option('--prefix <text>', 'text before each ROI name (the label)')
    .option('--pad', 'zero-pad labels to the digits of the largest label, as Cellpose save_rois(pad=True)')
    .option('--no-colors', "ignore the seg's colors (ImageJ's default ROI colour)")
    .option('--qupath-object <type>', 'GeoJSON objectType: detection (many, light), annotation (to edit) or cell', 'detection')
    .option('--roi-type <type>', 'one-region labels as traced (ImageJ Wand) or polygon ROIs (for readers that refuse traced ones)', 'traced')
    .option('--overwrite', 'replace a RoiSet or _rois/ folder that cp2ij did not write or that was edited since (kept otherwise)')
    .option('-q, --quiet', 'no progress or messages (errors are still printed)')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (inputs: string[], options: ExportCommandOptions) => {
      process.exitCode = await runExport(inputs, options);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runExport(paths: string[], options: ExportCommandOptions): Promise<number> {
  // The job's modules load only when it runs, so `cp2ij --help` and the other commands start fast.
  const [{ exportInput }, { collectInputs, loadInput }] = await Promise.all([import('../../node/export.js'), import('../../node/inputs.js')]);
  const reporter = new Reporter(options);
  if (options.geometry !== 'exact' && options.geometry !== 'cellpose') {
    reporter.error(new Cp2ijError('bad-argument', `--geometry: "${options.geometry}" is not exact or cellpose`));
    return reporter.finish();
  }
  let formats;
  try {
    formats = options.format.length ? parseFormats(options.format) : DEFAULT_FORMATS;
  } catch (e) {
    reporter.error(e);
    return reporter.finish();
  }
  if (!(QUPATH_OBJECT_TYPES as readonly string[]).includes(options.qupathObject)) {
    reporter.error(new Cp2ijError('bad-argument', `--qupath-object: "${options.qupathObject}" is not ${QUPATH_OBJECT_TYPES.join(', ')}`));
    return reporter.finish();
  }
  if (options.roiType !== 'traced' && options.roiType !== 'polygon') {
    reporter.error(new Cp2ijError('bad-argument', `--roi-type: "${options.roiType}" is not traced or polygon`));
    return reporter.finish();
  }
  if (options.prefix !== undefined && !isPlainFileName(`${options.prefix}1`)) {
    reporter.error(new Cp2ijError('bad-argument', `--prefix: ${JSON.stringify(options.prefix)} may not hold path separators or control characters (ROI names become file names)`));
    return reporter.finish();
  }
  const files: string[] = [];
  for (const p of paths) {
    try {
      for (const f of await collectInputs([p])) files.push(f);
    } catch (e) {
      reporter.error(e);
    }
  }
  const protect = new ProtectedPaths();
  for (const f of files) protect.add(f);
  const owned = new OwnedOutputs(Boolean(options.overwrite));

  const done: ExportSummary[] = [];
  const failed: { file: string; error: string }[] = [];
  for (const [i, file] of files.entries()) {
    reporter.progress(i, files.length, file);
    try {
      const input = await loadInput(file);
      const summary = await exportInput(input, {
        outDir: options.out,
        formats,
        geometry: options.geometry,
        prefix: options.prefix,
        pad: options.pad,
        colors: options.colors,
        protect,
        owned,
        qupathObject: options.qupathObject as QupathObjectType,
        roiType: options.roiType as 'traced' | 'polygon',
      });
      done.push(summary);
      for (const m of summary.messages) reporter.info(m);
      if (!options.json) reporter.info(`${file}: ${summary.labels} labels → ${summary.written.join(', ') || 'nothing written'}`);
    } catch (e) {
      reporter.error(e, file);
      failed.push({ file, error: errorMessage(e, file) });
    }
  }
  reporter.progress(files.length, files.length, 'done');
  if (options.json) reporter.printJson({ version: 1, exported: done, failed, summary: { ok: done.length, failed: reporter.failures } });
  if (files.length > 1) reporter.info(`exported ${done.length} of ${files.length} input(s), ${reporter.failures} failed`);
  return reporter.finish();
}
