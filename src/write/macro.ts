/**
 * ImageJ macros cp2ij generates: the per-dataset `<base>_imagej_roi_converter.ijm` and the generic
 * Fiji menu commands. Each is a template main part followed by the shared loader functions, with
 * `{{name}}` placeholders replaced by ImageJ macro string literals (never raw text, so a value can
 * never inject macro code). Pure: template sources come in as strings (see macro-templates.ts).
 */
import { Cp2ijError } from '../core/errors.js';

/** The template sources, keyed by template file name (as in `templates/`). */
export type MacroTemplates = Readonly<Record<string, string>>;

export const LOADER_TEMPLATE = 'cp2ij_loader.ijm';
export const CONVERTER_TEMPLATE = 'imagej_roi_converter.ijm';
export const PYTHON_DROP_IN = 'imagej_roi_converter.py';

/** Fiji menu commands: file name (underscores → ImageJ lists it as "Import Cellpose ROIs" etc.) = template name. */
export const PLUGIN_COMMANDS = ['Import_Cellpose_ROIs.ijm', 'Batch_Import_Cellpose_Folder.ijm', 'Save_ROIs_for_cp2ij.ijm'] as const;

/** Ten well-separated colours; a ROI gets the one at (label − 1) mod 10. */
export const DEFAULT_COLORS: readonly string[] = [
  '#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c', '#fabebe',
];

export interface ConverterMacroOptions {
  /** Dataset base name (`img` for `img_seg.npy`). */
  readonly base: string;
  /** Absolute folder the macro is written to: its fallback when ImageJ cannot tell the macro's own path ('' if unknown). */
  readonly dir: string;
  /** RoiSet to load, relative to the macro's folder (default `<base>_rois.zip`). */
  readonly roiSetName?: string;
  /** Outlines to load when the RoiSet is missing (default `<base>_cp_outlines.txt`). */
  readonly outlinesName?: string;
  /** Image to open when none is open, relative to the macro's folder ('' = never open one). */
  readonly imageName?: string;
  /**
   * Stroke colours as `#rrggbb`, cycled by label. Not given: the RoiSet's own colours are kept and
   * DEFAULT_COLORS colour outlines text (which stores none); given: everything is recoloured; [] = never.
   */
  readonly colors?: readonly string[];
}

export function converterMacroName(base: string): string {
  return `${base}_imagej_roi_converter.ijm`;
}

/** The per-dataset converter macro. */
export function renderConverterMacro(options: ConverterMacroOptions, templates: MacroTemplates): string {
  const macroName = converterMacroName(options.base);
  return renderMacro(CONVERTER_TEMPLATE, templates, {
    title: `${macroName}: load the Cellpose ROIs of ${options.base} into ImageJ`,
    base: options.base,
    macroName,
    renderDir: withTrailingSeparator(options.dir),
    roiSetName: options.roiSetName ?? `${options.base}_rois.zip`,
    outlinesName: options.outlinesName ?? `${options.base}_cp_outlines.txt`,
    imageName: options.imageName ?? '',
    ...colorValues(options.colors),
  });
}

/** `colors` for outlines text, and `roiSetColors`: "" keeps a RoiSet's stored colours. */
function colorValues(colors: readonly string[] | undefined): { colors: string; roiSetColors: string } {
  return { colors: colorList(colors ?? DEFAULT_COLORS), roiSetColors: colors === undefined ? '' : colorList(colors) };
}

/** One generic Fiji menu command (a name from PLUGIN_COMMANDS). */
export function renderPluginCommand(name: (typeof PLUGIN_COMMANDS)[number], templates: MacroTemplates, colors?: readonly string[]): string {
  return renderMacro(name, templates, {
    title: `${name.replace(/\.ijm$/, '').replace(/_/g, ' ')} (cp2ij)`,
    ...colorValues(colors),
  });
}

/** Template `name` + the loader functions, every `{{key}}` replaced by the quoted value. */
export function renderMacro(name: string, templates: MacroTemplates, values: Readonly<Record<string, string>>): string {
  const main = templateSource(templates, name);
  const loader = templateSource(templates, LOADER_TEMPLATE);
  const rendered = main.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Cp2ijError('bad-argument', `macro template ${name} uses {{${key}}}, which has no value`);
    return macroStringExpression(value);
  });
  if (/\{\{\w+\}\}/.test(loader)) throw new Cp2ijError('bad-argument', `${LOADER_TEMPLATE} must not contain placeholders`);
  return `${rendered.trimEnd()}\n${loader}`;
}

/**
 * `value` as an ImageJ macro string expression. ImageJ 1.53t reads macro files as Latin-1 and knows
 * no `\u` escape, so every non-ASCII or control character becomes `fromCharCode(n)` concatenated in.
 */
export function macroStringExpression(value: string): string {
  const parts: string[] = [];
  let literal = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) {
      const ch = value[i]!;
      literal += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    } else {
      if (literal !== '') parts.push(`"${literal}"`);
      literal = '';
      parts.push(`fromCharCode(${code})`);
    }
  }
  if (literal !== '' || parts.length === 0) parts.push(`"${literal}"`);
  // A leading string keeps `+` a concatenation even when the first part is fromCharCode(n).
  if (!parts[0]!.startsWith('"')) parts.unshift('""');
  return parts.join(' + ');
}

function colorList(colors: readonly string[]): string {
  for (const c of colors) {
    if (!/^#[0-9a-fA-F]{6}$/.test(c)) throw new Cp2ijError('bad-argument', `colour "${c}" is not #rrggbb`);
  }
  return colors.join(',');
}

function withTrailingSeparator(dir: string): string {
  if (dir === '') return ''; // unknown (a macro made in the browser): the macro finds its folder itself
  return /[/\\]$/.test(dir) ? dir : `${dir}${dir.includes('\\') && !dir.includes('/') ? '\\' : '/'}`;
}

function templateSource(templates: MacroTemplates, name: string): string {
  const source = templates[name];
  if (source === undefined) throw new Cp2ijError('bad-argument', `macro template ${name} is missing`);
  return source;
}
