/**
 * `cp2ij plugin --out DIR`: write the Fiji/ImageJ menu commands (macros whose names contain an
 * underscore, which ImageJ lists under Plugins when they sit in `plugins/` or one folder below it).
 */
import type { Command } from 'commander';
import path from 'node:path';
import { writeAtomic } from '../../node/files.js';
import { PLUGIN_COMMANDS, renderPluginCommand } from '../../write/macro.js';
import { loadMacroTemplates } from '../../node/macro-templates.js';
import { Reporter } from '../report.js';
import { parseColors } from './macro.js';

interface PluginCommandOptions {
  readonly out: string;
  readonly colors?: string;
  readonly quiet?: boolean;
  readonly json?: boolean;
}

export function register(program: Command): void {
  program
    .command('plugin')
    .description('write the Fiji menu commands "Import Cellpose ROIs", "Batch Import Cellpose Folder", "Save ROIs for cp2ij" (copy DIR into Fiji.app/plugins/)')
    .requiredOption('-o, --out <dir>', 'folder to write the commands to, e.g. Fiji.app/plugins/cp2ij')
    .option('--colors <list>', 'comma-separated #rrggbb stroke colours cycled by label, or "none"')
    .option('-q, --quiet', 'no messages')
    .option('--json', 'print what was written as JSON')
    .action(async (options: PluginCommandOptions) => {
      process.exitCode = await writePluginCommands(options);
    });
}

async function writePluginCommands(options: PluginCommandOptions): Promise<number> {
  const reporter = new Reporter(options);
  const written: string[] = [];
  try {
    const templates = await loadMacroTemplates();
    const colors = parseColors(options.colors);
    for (const name of PLUGIN_COMMANDS) {
      const file = path.join(options.out, name);
      await writeAtomic(file, renderPluginCommand(name, templates, colors));
      written.push(file);
    }
    // Only macros: a Jython script in plugins/ would make plain ImageJ offer to download Jython in a
    // modal dialog (and hang a headless run); the drop-in comes from `cp2ij macro --python`.
    reporter.info(`wrote ${written.length} files to ${options.out}; copy them into Fiji.app/plugins/ (or a folder below it) and restart Fiji`);
  } catch (e) {
    reporter.error(e);
  }
  if (reporter.json) reporter.printJson({ written });
  return reporter.finish();
}
