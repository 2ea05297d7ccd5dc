// `npm run build:web`: the web page as static files in dist/web/ (index.html, app.js, worker.js), bundled
// by esbuild for browsers; the macro templates become strings in the worker. No server code: any static
// host serves it, and it works offline once loaded.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'web');
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: [path.join(root, 'src/web/app.ts'), path.join(root, 'src/web/worker.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
  outdir: out,
  minify: true,
  sourcemap: true,
  loader: { '.ijm': 'text', '.py': 'text' },
  logLevel: 'warning',
});
await copyFile(path.join(root, 'src/web/index.html'), path.join(out, 'index.html'));
