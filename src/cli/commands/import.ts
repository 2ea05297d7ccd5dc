/**
 * `cp2ij import ROIS… --out NEW (--like ORIG_seg.npy | --shape [Z,]Y,X) [--overlap last|first|error]`:
 * ImageJ ROIs (RoiSet .zip, .roi) or Cellpose `_cp_outlines.txt` → label masks written as NEW's name
 * says (`_seg.npy`, `_cp_masks.png`/`.tif`, `.npy`). Rules for labels, planes and overlaps:
 * src/pipeline/import.ts.
 */
import type { Command } from 'commander';
import { Cp2ijError } from '../../core/errors.js';
import type { OverlapRule } from '../../pipeline/import.js';
import { Reporter } from '../report.js';

interface ImportCommandOptions {
  readonly out: string;
  readonly like?: string;
  readonly shape?: string;
  readonly overlap: string;
  readonly prefix?: string;
  readonly overwrite?: boolean;
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
    .option('--overwrite', 'replace an existing output that cp2ij did not write or that was edited since (kept otherwise)')
    .option('-q, --quiet', 'no messages (errors are still printed)')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (rois: string[], options: ImportCommandOptions) => {
      process.exitCode = await importCommand(rois, options);
    });
}

async function importCommand(rois: string[], options: ImportCommandOptions): Promise<number> {
  const { parseShapeOption, runImport } = await import('../../pipeline/import.js'); // loaded only when it runs
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
    });
    if (summary.skipped.length > 0) reporter.info(skippedLine(summary.skipped));
    if (options.json) reporter.printJson({ version: 1, ...summary });
    else reporter.info(`${summary.painted} of ${summary.items} ROI(s) → ${summary.labels} labels in ${summary.out}${summary.overlapPixels ? ` (${summary.overlapPixels} overlapping pixels, --overlap ${options.overlap})` : ''}`);
  } catch (e) {
    // a problem without a file of its own (a size, a rule) is about the output that was asked for
    reporter.error(e, options.out);
  }
  return reporter.finish();
}

/** All skipped ROIs in one line, grouped by why: `skipped 3 ROI(s): 12, 15 (it covers no pixel …); 40 (straight line …)`. */
function skippedLine(skipped: readonly { name: string; reason: string }[]): string {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) {
    const names = byReason.get(s.reason) ?? [];
    names.push(s.name);
    byReason.set(s.reason, names);
  }
  const SHOWN = 10;
  const groups = [...byReason].map(([reason, names]) => `${names.slice(0, SHOWN).map((n) => JSON.stringify(n)).join(', ')}${names.length > SHOWN ? ` and ${names.length - SHOWN} more` : ''} (${reason})`);
  return `skipped ${skipped.length} ROI(s): ${groups.join('; ')}`;
}
