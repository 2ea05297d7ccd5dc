/**
 * Runs real ImageJ headless, the judge of every ROI file and macro cp2ij writes.
 *
 * `xvfb-run -a java -jar ij.jar -batch macro.ijm ARG`, always under a time limit: a macro error opens a
 * modal dialog nobody can close, so on expiry the whole process group we started is killed.
 * A missing ImageJ is an error, never a skip.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const IJ_JAR = process.env.CP2IJ_IJ_JAR ?? '/usr/share/java/ij.jar';

export interface ImageJResult {
  /** Everything the macro printed (the Log window goes to stdout in batch mode). */
  readonly stdout: string;
  readonly stderr: string;
  /** stdout split into lines, without empty trailing lines. */
  readonly lines: string[];
}

export class ImageJError extends Error {
  constructor(
    message: string,
    readonly stdout = '',
    readonly stderr = '',
  ) {
    super(message);
  }
}

export function assertImageJInstalled(): void {
  if (!existsSync(IJ_JAR)) {
    throw new ImageJError(`ImageJ not found at ${IJ_JAR}: install the Debian package 'imagej' (and 'xvfb'), or set CP2IJ_IJ_JAR`);
  }
}

/** Run `macro` (source text) in ImageJ with `arg` as getArgument(); resolve with what it printed. */
export async function runImageJ(macro: string, arg = '', options: { timeoutMs?: number } = {}): Promise<ImageJResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-ij-'));
  const file = path.join(dir, 'macro.ijm');
  writeFileSync(file, macro);
  try {
    return await runImageJFile(file, arg, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Run a macro FILE exactly as a user does (`-batch FILE ARG`). `javaOptions` go before `-jar`, e.g.
 * `-Dplugins.dir=DIR` to make ImageJ build its Plugins menu from `DIR/plugins`.
 */
export async function runImageJFile(file: string, arg = '', options: { timeoutMs?: number; javaOptions?: readonly string[]; cwd?: string } = {}): Promise<ImageJResult> {
  assertImageJInstalled();
  // xvfb-run -a can race another xvfb-run for the same display number: retry that case only.
  for (let attempt = 1; ; attempt++) {
    const result = await runOnce(file, arg, options.timeoutMs ?? 120_000, options.javaOptions ?? [], options.cwd);
    const xvfbRace = /Xvfb failed to start|Server is already active/i.test(result.stderr) && result.stdout === '';
    if (xvfbRace && attempt < 4) continue;
    if (result.code !== 0 || xvfbRace) {
      throw new ImageJError(`ImageJ exited with ${result.code}: ${result.stderr.trim().slice(-2000)}`, result.stdout, result.stderr);
    }
    return { stdout: result.stdout, stderr: result.stderr, lines: result.stdout.replace(/\s+$/, '').split('\n') };
  }
}

/** Process groups of the ImageJ runs under way: killed if this test process ends first (e.g. at ava's timeout). */
const running = new Set<number>();
const killRunning = () => {
  for (const pid of running) killGroup(pid);
};
process.on('exit', killRunning);
process.once('SIGTERM', () => {
  killRunning();
  process.exit(143);
});

function runOnce(file: string, arg: string, timeoutMs: number, javaOptions: readonly string[], cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const args = ['-a', '-s', '-screen 0 1280x1024x24', 'java', '-Xmx4g', ...javaOptions, '-jar', IJ_JAR, '-batch', file];
    if (arg !== '') args.push(arg);
    const child = spawn('xvfb-run', args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], cwd });
    if (child.pid !== undefined) running.add(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      killGroup(child.pid);
      reject(new ImageJError(`ImageJ did not finish within ${timeoutMs} ms (a modal dialog?); killed. Output so far:\n${stdout}\n${stderr}`, stdout, stderr));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new ImageJError(`could not start xvfb-run: ${e.message} (install the Debian package 'xvfb')`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      killGroup(child.pid); // Xvfb or a stray JVM must not outlive the run
      if (child.pid !== undefined) running.delete(child.pid);
      resolve({ code, stdout, stderr });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Quote a string as an ImageJ macro string literal. */
export function ijString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
