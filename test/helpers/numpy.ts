/**
 * Real numpy, for writing test inputs and loading what cp2ij writes. Every python3 on the machine
 * that has numpy is a candidate; tests run against each (numpy 1.x from Debian, 2.x where present).
 */
import { execFileSync } from 'node:child_process';

export interface NumpyPython {
  readonly exe: string;
  readonly version: string; // numpy.__version__
  readonly major: number;
}

const CANDIDATES = ['/usr/bin/python3', 'python3', `${process.env.HOME ?? '/root'}/.pyenv/shims/python3`];

let found: NumpyPython[] | undefined;

/** The distinct numpy installations reachable, one per numpy version. Throws if there is none. */
export function numpyPythons(): NumpyPython[] {
  if (!found) {
    const byVersion = new Map<string, NumpyPython>();
    for (const exe of CANDIDATES) {
      try {
        const version = execFileSync(exe, ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
        if (!byVersion.has(version)) byVersion.set(version, { exe, version, major: Number(version.split('.')[0]) });
      } catch {
        // not there, or no numpy
      }
    }
    found = [...byVersion.values()];
    if (found.length === 0) throw new Error('no python3 with numpy found: install the Debian package python3-numpy');
  }
  return found;
}

/** Run a python script (source text) with arguments under the given interpreter; return stdout. */
export function runPython(py: NumpyPython, script: string, args: string[] = []): string {
  return execFileSync(py.exe, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
}
