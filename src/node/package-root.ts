/**
 * The installed package's folder (the one holding cp2ij's package.json), found by walking up from the
 * running module: the same answer from dist/src/… (tsc output) and from dist/bundle/ (the bundled command).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'cp2ij') return (root = dir);
    dir = path.dirname(dir);
  }
  throw new Error('cp2ij: cannot find its own package.json above the running module');
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
