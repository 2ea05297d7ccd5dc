/**
 * `cp2ij inspect FILE… [--json]`: kind, keys, image size, planes and labels of each Cellpose result.
 * Bad files get one error line each; the others are still inspected; the exit code is 1 if any failed.
 */
import type { Command } from 'commander';
import { escapeControl } from '../../core/text.js';
import { Reporter } from '../report.js';

interface InspectOptions {
  readonly json?: boolean;
  readonly quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command('inspect')
    .description('show what Cellpose results hold: kind, keys with type/dtype/shape, image size, z planes, labels')
    .argument('<files...>', '_seg.npy, label .npy, _cp_masks.png or _cp_masks.tif files, or folders of them')
    .option('--json', 'print the reports as JSON (schema: docs/inspect-json.md)')
    .option('-q, --quiet', 'no summary line')
    .action(async (files: string[], options: InspectOptions) => {
      process.exitCode = await inspect(files, options);
    });
}

async function inspect(paths: string[], options: InspectOptions): Promise<number> {
  const [{ formatReport }, { inspectFiles }, { collectInputs }] = await Promise.all([import('../../jobs/inspect.js'), import('../../node/inspect.js'), import('../../node/inputs.js')]);
  const reporter = new Reporter(options);
  const files: string[] = [];
  for (const p of paths) {
    try {
      for (const f of await collectInputs([p])) files.push(f);
    } catch {
      files.push(p); // unreadable: inspecting it reports why, in the same list as the others
    }
  }
  let done = 0;
  const results = await inspectFiles(files, (r, error) => {
    reporter.progress(++done, files.length, r.file);
    if (error) reporter.error(error, r.file);
    else if (r.ok && !options.json) process.stdout.write(`${escapeControl(formatReport(r), true)}\n`);
  });
  const ok = results.filter((r) => r.ok).length;
  const failed = reporter.failures;
  if (options.json) reporter.printJson({ version: 1, files: results, summary: { ok, failed } });
  if (files.length > 1) reporter.info(`inspected ${ok + failed} file(s): ${ok} ok, ${failed} failed`);
  return reporter.finish();
}
