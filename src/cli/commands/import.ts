/**
 * `cp2ij import ROIS… --out NEW (--like ORIG_seg.npy | --shape [Z,]Y,X) [--overlap last|first|error]`:
 * ImageJ ROIs (RoiSet .zip, .roi) or Cellpose `_cp_outlines.txt` → label masks written as NEW's name
 * says (`_seg.npy`, `_cp_masks.png`/`.tif`, `.npy`). Rules for labels, planes and overlaps:
 * src/jobs/import-labels.ts, import-paint.ts.
 */
import type { Command } from 'commander';
import { Cp2ijError } from '../../core/errors.js';
import type { ImportSummary, OverlapRule } from '../../jobs/import.js';
import { namesText } from '../../jobs/import-names.js';
import { Reporter } from '../report.js';

interface ImportCommandOptions {
  readonly out: string;
  readonly like?: string;
  readonly shape?: string;
  readonly overlap: string;
  readonly prefix?: string;
  readonly overwrite?: boolean;
  readonly clip?: boolean;
  readonly flatten?: boolean;
  readonly keepLabels?: boolean;
  readonly quiet?: boolean;
  readonly json?: boolean;
}

const OVERLAP_RULES: readonly OverlapRule[] = ['last', 'first', 'error'];

export function register(program: Command): void {
  program
    .command('import')
    .description('ImageJ ROIs (RoiSet .zip, .roi) or _cp_outlines.txt back to Cellpose masks: _seg.npy, _cp_masks.png/.tif or .npy, chosen by --out')
    .argument('<rois...>', 'RoiSet .zip, .roi or _cp_outlines.txt files; labels come from the ROI names (leading number)')
    .requiredOption('-o, --out <file>', 'output: NAME_seg.npy, NAME_cp_masks.png, NAME_cp_masks.tif, NAME_cp_masks (Cellpose picks PNG/TIFF) or NAME.npy')
    .option('--like <seg>', 'the original _seg.npy: image size and every key to keep (flows, colors, filename…)')
    .option('--shape <dims>', 'image size without an original: Y,X or Z,Y,X')
    .option('--prefix <text>', "text in front of the label in the ROI names (as given to export --prefix)")
    .option('--overlap <rule>', 'where ROIs of different labels overlap: last (later ROI wins), first (earlier stays) or error', 'last')
    .option('--clip', 'allow ROIs that reach beyond the image (they are cut to it); without it such an import fails')
    .option('--flatten', 'allow ROIs placed on z planes to be painted onto a 2D image; without it such an import fails')
    .option('--keep-labels', 'keep the ROI label ids in a _seg.npy (by default they are renumbered 1…N, as the Cellpose GUI needs)')
    .option('--overwrite', 'replace an existing output that cp2ij did not write or that was edited since (kept otherwise)')
    .option('-q, --quiet', 'no messages (errors are still printed)')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (rois: string[], options: ImportCommandOptions) => {
      process.exitCode = await importCommand(rois, options);
    });
}

async function importCommand(rois: string[], options: ImportCommandOptions): Promise<number> {
  const [{ parseShapeOption }, { runImport }] = await Promise.all([import('../../jobs/import.js'), import('../../node/import.js')]); // loaded only when it runs
  const reporter = new Reporter(options);
  try {
    if (!OVERLAP_RULES.includes(options.overlap as OverlapRule)) {
      throw new Cp2ijError('bad-argument', `--overlap: "${options.overlap}" is not last, first or error`);
    }
    if (options.like && options.shape) throw new Cp2ijError('bad-argument', 'give --like or --shape, not both');
    const summary = await runImport({
      inputs: rois,
      out: options.out,
      like: options.like,
      shape: options.shape ? parseShapeOption(options.shape) : undefined,
      overlap: options.overlap as OverlapRule,
      prefix: options.prefix,
      overwrite: options.overwrite,
      clip: options.clip,
      flatten: options.flatten,
      keepLabels: options.keepLabels,
    });
    const warning = warningLine(summary);
    if (warning) reporter.info(warning);
    if (options.json) reporter.printJson({ version: 1, ...summary });
    else reporter.info(`${summary.painted} of ${summary.items} ROI(s) → ${summary.labels} labels in ${summary.out}${summary.overlapPixels ? ` (${summary.overlapPixels} overlapping pixels, --overlap ${options.overlap})` : ''}`);
  } catch (e) {
    // a problem without a file of its own (a size, a rule) is about the output that was asked for
    reporter.error(e, options.out);
  }
  return reporter.finish();
}

/** Everything the import dropped, cut, flattened, merged or renumbered, in one line (empty if nothing). */
function warningLine(s: ImportSummary): string {
  const parts: string[] = [];
  if (s.skipped.length > 0) parts.push(skippedText(s.skipped));
  if (s.clipped.length > 0) parts.push(`cut to the image ${s.clipped.length}: ${namesText(s.clipped)}`);
  if (s.flattened.length > 0) parts.push(`flattened onto one plane ${s.flattened.length}: ${namesText(s.flattened)}`);
  if (s.merged.length > 0) parts.push(`merged ${s.merged.reduce((n, m) => n + m.names.length, 0)} ROI(s) into ${s.merged.length} label(s): ${s.merged.slice(0, 5).map((m) => `${m.label} ← ${namesText(m.names)}`).join('; ')}${s.merged.length > 5 ? '; …' : ''}`);
  if (s.relabelled.length > 0) parts.push(`labels renumbered 1…${s.labels} for the Cellpose GUI (${s.relabelled.length} changed; --keep-labels keeps them; --json lists them)`);
  return parts.length > 0 ? `warning: ${parts.join(' | ')}` : '';
}

/** All skipped ROIs, grouped by why: `skipped 3 ROI(s): 12, 15 (it covers no pixel …); 40 (straight line …)`. */
function skippedText(skipped: readonly { name: string; reason: string }[]): string {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) {
    const names = byReason.get(s.reason) ?? [];
    names.push(s.name);
    byReason.set(s.reason, names);
  }
  const groups = [...byReason].map(([reason, names]) => `${namesText(names)} (${reason})`);
  return `skipped ${skipped.length} ROI(s): ${groups.join('; ')}`;
}
