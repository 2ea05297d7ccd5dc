/**
 * How commands talk to people: one-line errors on stderr, a progress line only on a terminal,
 * silence with --quiet, and machine-readable JSON on stdout with --json.
 */
import { isCp2ijError } from '../core/errors.js';
import { escapeControl } from '../core/text.js';

/** Exit code of a run in which cp2ij itself failed on some input (a bug, not the input's fault). */
export const INTERNAL_ERROR_EXIT = 70;

export interface OutputOptions {
  readonly quiet?: boolean;
  readonly json?: boolean;
}

export class Reporter {
  readonly quiet: boolean;
  readonly json: boolean;
  private readonly tty: boolean;
  private progressShown = false;
  failures = 0;
  /** Inputs on which cp2ij hit a bug: reported, the batch goes on, and the run ends with exit 70. */
  internalErrors = 0;

  constructor(options: OutputOptions, private readonly stderr: NodeJS.WriteStream = process.stderr) {
    this.quiet = Boolean(options.quiet);
    this.json = Boolean(options.json);
    this.tty = Boolean(stderr.isTTY);
  }

  /** A human message on stderr (not with --quiet). */
  info(message: string): void {
    if (this.quiet) return;
    this.clearProgress();
    this.stderr.write(`${escapeControl(message)}\n`);
  }

  /**
   * A bad input or failed output: one line naming the file and the cause; never silenced. Anything that
   * is not a Cp2ijError is a bug in cp2ij: it is reported with its stack for `file`, and the batch goes on.
   */
  error(e: unknown, file?: string): void {
    this.failures++;
    this.clearProgress();
    this.stderr.write(`cp2ij: ${escapeControl(errorMessage(e, file))}\n`);
    if (!isCp2ijError(e)) {
      this.internalErrors++;
      if (e instanceof Error && e.stack) this.stderr.write(`${escapeControl(e.stack)}\n`);
    }
  }

  /** `done` of `total` items; drawn in place on a terminal, not at all elsewhere or with --quiet. */
  progress(done: number, total: number, what: string): void {
    if (this.quiet || !this.tty) return;
    const width = 30;
    const filled = total > 0 ? Math.round((done / total) * width) : width;
    this.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${escapeControl(what)}`.slice(0, 200) + '\x1b[K');
    this.progressShown = true;
  }

  private clearProgress(): void {
    if (this.progressShown) {
      this.stderr.write('\r\x1b[K');
      this.progressShown = false;
    }
  }

  /** Print a JSON document on stdout. */
  printJson(value: unknown): void {
    this.clearProgress();
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** End of a command: clear the progress line; the exit code is 1 if any input failed. */
  finish(): number {
    this.clearProgress();
    return this.internalErrors > 0 ? INTERNAL_ERROR_EXIT : this.failures > 0 ? 1 : 0;
  }
}

/** The one-line text of an error about `file`, as printed after `cp2ij: ` and kept in --json summaries. */
export function errorMessage(e: unknown, file?: string): string {
  if (isCp2ijError(e)) return file && e.file === undefined ? `${file}: ${e.message}` : e.message;
  const what = e instanceof Error ? e.message : String(e);
  return `${file ? `${file}: ` : ''}internal error (a bug in cp2ij, please report it): ${what}`;
}
