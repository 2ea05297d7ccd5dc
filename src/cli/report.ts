/**
 * How commands talk to people: one-line errors on stderr, a progress line only on a terminal,
 * silence with --quiet, and machine-readable JSON on stdout with --json.
 */
import { isCp2ijError } from '../core/errors.js';

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

  constructor(options: OutputOptions, private readonly stderr: NodeJS.WriteStream = process.stderr) {
    this.quiet = Boolean(options.quiet);
    this.json = Boolean(options.json);
    this.tty = Boolean(stderr.isTTY);
  }

  /** A human message on stderr (not with --quiet). */
  info(message: string): void {
    if (this.quiet) return;
    this.clearProgress();
    this.stderr.write(`${message}\n`);
  }

  /** A bad input or failed output: one line naming the file and the cause; never silenced. */
  error(e: unknown): void {
    this.failures++;
    this.clearProgress();
    if (!isCp2ijError(e)) throw e;
    this.stderr.write(`cp2ij: ${e.message}\n`);
  }

  /** `done` of `total` items; drawn in place on a terminal, not at all elsewhere or with --quiet. */
  progress(done: number, total: number, what: string): void {
    if (this.quiet || !this.tty) return;
    const width = 30;
    const filled = total > 0 ? Math.round((done / total) * width) : width;
    this.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${what}`.slice(0, 200) + '\x1b[K');
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
    return this.failures > 0 ? 1 : 0;
  }
}
