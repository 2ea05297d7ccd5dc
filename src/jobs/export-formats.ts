/** What `cp2ij export` can write, and the parsing of `--format` (kept apart so the command loads nothing heavy). */
import { Cp2ijError } from '../core/errors.js';

export const EXPORT_FORMATS = ['zip', 'roi', 'txt', 'geojson', 'macro', 'png', 'svg'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const DEFAULT_FORMATS: readonly ExportFormat[] = ['zip', 'txt'];

/** Parse `--format` values (comma-separated or repeated). */
export function parseFormats(values: readonly string[]): ExportFormat[] {
  const formats: ExportFormat[] = [];
  for (const value of values.flatMap((v) => v.split(','))) {
    const f = value.trim().toLowerCase();
    if (!(EXPORT_FORMATS as readonly string[]).includes(f)) {
      throw new Cp2ijError('bad-argument', `--format: "${value}" is not one of ${EXPORT_FORMATS.join(', ')}`);
    }
    if (!formats.includes(f as ExportFormat)) formats.push(f as ExportFormat);
  }
  return formats;
}
