/**
 * Loads the macro templates shipped in the package's `templates/` folder (through the file layer).
 */
import path from 'node:path';
import { readBytes } from './files.js';
import { packageRoot } from './package-root.js';
import { CONVERTER_TEMPLATE, LOADER_TEMPLATE, PLUGIN_COMMANDS, PYTHON_DROP_IN, type MacroTemplates } from '../write/macro.js';

/** `templates/` of the installed package. */
export const TEMPLATES_DIR = path.join(packageRoot(), 'templates');

export async function loadMacroTemplates(dir = TEMPLATES_DIR): Promise<MacroTemplates> {
  const names = [LOADER_TEMPLATE, CONVERTER_TEMPLATE, PYTHON_DROP_IN, ...PLUGIN_COMMANDS];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const entries = await Promise.all(names.map(async (name) => [name, decoder.decode(await readBytes(path.join(dir, name)))] as const));
  return Object.fromEntries(entries);
}
