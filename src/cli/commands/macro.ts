/**
 * `cp2ij macro INPUT… [--out DIR]`: write `<base>_imagej_roi_converter.ijm` (ImageJ macro language)
 * and Cellpose's `imagej_roi_converter.py` drop-in into the folder where the RoiSet/outlines are.
 */
import type { Command } from 'commander';
import path from 'node:path';
import { writeAtomic, ProtectedPaths } from '../../node/files.js';
import { Cp2ijError } from '../../core/errors.js';
import { converterMacroName, PYTHON_DROP_IN, renderConverterMacro } from '../../write/macro.js';
import { loadMacroTemplates } from '../../node/macro-templates.js';
import { baseOf, collectInputs } from '../../node/inputs.js';
import { Reporter } from '../report.js';

interface MacroCommandOptions {
  readonly out?: string;
  readonly image?: string;
  readonly colors?: string;
  readonly python?: boolean;
  readonly quiet?: boolean;
  readonly json?: boolean;
}

export function register(program: Command): void {
  program
    .command('macro')
    .description('write <base>_imagej_roi_converter.ijm (plain ImageJ or Fiji, interactive or -batch); --python adds Cellpose\'s Fiji-only drop-in')
    .argument('<inputs...>', 'Cellpose results (_seg.npy, _cp_masks.png/.tif, _rois.zip, _cp_outlines.txt) or folders of them: only their names and folders are used')
    .option('-o, --out <dir>', 'folder holding (or that will hold) the RoiSet/outlines; default: each input\'s folder')
    .option('--image <file>', 'image the macro opens when none is open (stored relative to the macro)')
    .option('--colors <list>', 'comma-separated #rrggbb stroke colours cycled by label, or "none"')
    .option('--python', "also write Cellpose's imagej_roi_converter.py (Fiji only: it needs Jython, which plain ImageJ lacks)")
    .option('-q, --quiet', 'no messages')
    .option('--json', 'print what was written as JSON')
    .action(async (inputs: string[], options: MacroCommandOptions) => {
      process.exitCode = await writeConverterMacros(inputs, options);
    });
}

async function writeConverterMacros(inputs: string[], options: MacroCommandOptions): Promise<number> {
  const reporter = new Reporter(options);
  const templates = await loadMacroTemplates();
  const protect = new ProtectedPaths();
  for (const input of inputs) protect.add(input);
  const written: string[] = [];
  const colors = parseColors(options.colors);
  // folders are expanded as export expands them; a name that does not exist is an error, not a macro for nothing
  const files: string[] = [];
  for (const input of inputs) {
    try {
      for (const f of await collectInputs([input])) files.push(f);
    } catch (e) {
      reporter.error(e, input);
    }
  }
  for (const input of files) {
    try {
      const dir = path.resolve(options.out ?? path.dirname(input));
      const base = path.basename(baseOf(input));
      const imageName = options.image === undefined ? '' : path.relative(dir, path.resolve(options.image)).split(path.sep).join('/');
      const file = path.join(dir, converterMacroName(base));
      await writeAtomic(file, renderConverterMacro({ base, dir, imageName, colors }, templates), protect);
      written.push(file);
      if (options.python) {
        const drop = path.join(dir, PYTHON_DROP_IN);
        await writeAtomic(drop, templates[PYTHON_DROP_IN]!, protect);
        if (!written.includes(drop)) written.push(drop);
      }
      reporter.info(`${input} → ${file}`);
    } catch (e) {
      reporter.error(e, input);
    }
  }
  if (reporter.json) reporter.printJson({ written });
  return reporter.finish();
}

/** `--colors`: undefined = keep a RoiSet's colours (outlines text gets the default palette), "none" = leave colours alone. */
export function parseColors(list: string | undefined): readonly string[] | undefined {
  if (list === undefined) return undefined;
  if (list.trim().toLowerCase() === 'none') return [];
  const colors = list.split(',').map((c) => c.trim());
  for (const c of colors) {
    if (!/^#[0-9a-fA-F]{6}$/.test(c)) throw new Cp2ijError('bad-argument', `--colors: "${c}" is not #rrggbb`);
  }
  return colors;
}
