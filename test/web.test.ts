/**
 * The web page in a real browser: Debian's chromium, driven by playwright-core, loads the built page
 * (dist/web/, from `npm run build:web`) from a local static server, is given Cellpose results through
 * its file input, and must show them without console errors and offer downloads whose bytes are what
 * `cp2ij export` / `cp2ij import` write for the same files.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decode as decodePng } from 'fast-png';
import JSZip from 'jszip';
import { type Browser, type Page, chromium } from 'playwright-core';
import { serveStatic } from './helpers/static-server.js';

const CHROMIUM = process.env.CP2IJ_CHROMIUM ?? '/usr/bin/chromium';
const WEB = path.resolve('dist', 'web');
const SEG = path.resolve('..', 'shared', 'fixtures', 'seg');
// what a root user in a container needs, and no calls home (this machine's network is closed)
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const cli = (...args: string[]): string => {
  const r = spawnSync(process.execPath, ['bin/cp2ij.js', ...args, '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cp2ij ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};

interface Shown {
  readonly page: Page;
  readonly errors: string[];
  readonly downloads: Map<string, Buffer>;
}

/** Open the page, give it `files`, wait until it is done, and download every link it offers. */
async function showPage(browser: Browser, url: string, files: string[], formats?: string[]): Promise<Shown> {
  const page = await browser.newPage({ acceptDownloads: true });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  if (formats) {
    for (const box of await page.locator('#formats input').all()) await box.setChecked(formats.includes(await box.getAttribute('value') ?? ''));
  }
  await page.setInputFiles('#files', files);
  await page.waitForSelector('body[data-state="done"]', { timeout: 120_000 });
  // every link's bytes, read in the page from its blob URL; the first link is also downloaded for real
  const links = await page.locator('a[download]').evaluateAll((as) => as.map((a) => [a.getAttribute('download') ?? '', a.getAttribute('href') ?? ''] as const));
  const downloads = new Map<string, Buffer>();
  for (const [name, href] of links) {
    const base64 = await page.evaluate(async (url) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(text);
    }, href);
    downloads.set(name, Buffer.from(base64, 'base64'));
  }
  const first = page.locator('a[download]').first();
  if (links.length > 0) {
    const [download] = await Promise.all([page.waitForEvent('download'), first.click()]);
    if (!readFileSync(await download.path()).equals(downloads.get(download.suggestedFilename())!)) throw new Error('a real download differs from its link');
  }
  return { page, errors, downloads };
}

/** The decoded samples of a PNG (the page's deflate is not Node's, so only pixels can be equal). */
function pixels(png: Uint8Array): string {
  const d = decodePng(png);
  return `${d.width}x${d.height}x${d.channels}:${Buffer.from(d.data.buffer, d.data.byteOffset, d.data.byteLength).toString('base64')}`;
}

test.before(() => {
  if (!existsSync(path.join(WEB, 'index.html'))) throw new Error('dist/web/ is missing: run npm run build (it runs build:web)');
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), as .ci/run does`);
});

test('the page converts Cellpose results in chromium: counts, problems, outlines drawn, and every download equals the command\'s output', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-web-'));
  const inputs = path.join(dir, 'in');
  const cliOut = path.join(dir, 'cli');
  cli('export', path.join(SEG, 'np1', 'nonsquare_seg.npy'), '--format', 'png', '--out', path.join(dir, 'made'));
  const files = [
    path.join(SEG, 'np2', 'typical_gui_seg.npy'), // GUI layout, holds its image
    path.join(SEG, 'np1', 'stack3d_cli_seg.npy'), // 3D
    path.join(SEG, 'np1', 'holes_masks.npy'), // a label .npy
    path.join(dir, 'made', 'nonsquare_cp_masks.png'), // a label PNG
  ];
  spawnSync('mkdir', ['-p', inputs]);
  const given = files.map((f) => {
    const to = path.join(inputs, path.basename(f));
    copyFileSync(f, to);
    return to;
  });
  const broken = path.join(inputs, 'broken_seg.npy');
  writeFileSync(broken, '\x93NUMPY garbage that is not a .npy header');
  const summary = JSON.parse(cli('export', ...given, '--format', 'zip,txt,geojson,macro,png,svg', '--out', cliOut, '--json')) as { exported: { file: string; labels: number }[] };
  const cliLabels = new Map(summary.exported.map((e) => [path.basename(e.file), e.labels]));

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const server = await serveStatic(WEB);
    try {
      const { page, errors, downloads } = await showPage(browser, server.url, [...given, broken], ['zip', 'txt', 'geojson', 'macro', 'png', 'svg']);
      t.deepEqual(errors, [], 'no console errors');
      t.regex(await page.locator('.private').innerText(), /never uploaded/);
      // one result per input, in name order; the broken one says what is wrong in words
      const shown = await page.locator('.result').evaluateAll((sections) => sections.map((s) => ({ file: s.getAttribute('data-file'), labels: s.querySelector('.count')?.getAttribute('data-labels'), problem: s.querySelector('.problem')?.textContent })));
      t.deepEqual(shown.map((s) => s.file), ['broken_seg.npy', 'holes_masks.npy', 'nonsquare_cp_masks.png', 'stack3d_cli_seg.npy', 'typical_gui_seg.npy']);
      t.regex(shown[0]!.problem ?? '', /^Problem: .*(header|npy)/i);
      for (const s of shown.slice(1)) t.is(Number(s.labels), cliLabels.get(s.file!) ?? -1, `${s.file}: the cell count the command gives`);

      // every file the command wrote is offered, with the same bytes (pictures: the same pixels)
      const cliFiles = readdirSync(cliOut).filter((f) => !f.startsWith('.'));
      t.true(cliFiles.length >= 20, `${cliFiles.length} outputs`);
      for (const name of cliFiles) {
        const ours = downloads.get(name);
        if (!ours) {
          t.fail(`the page offers no ${name}`);
          continue;
        }
        const theirs = readFileSync(path.join(cliOut, name));
        if (name.endsWith('.png')) t.is(pixels(ours), pixels(theirs), name);
        else if (name.endsWith('.ijm')) {
          // the one difference: the command bakes in the folder it wrote the macro to; the page cannot know it
          t.is(ours.toString('latin1'), theirs.toString('latin1').replace(/^renderDir = "[^"]*"/m, 'renderDir = ""'), name);
        } else if (name.endsWith('.svg')) {
          const strip = (svg: string) => svg.replace(/base64,[A-Za-z0-9+/=]+/, 'base64,');
          const png = (svg: string) => Buffer.from(/base64,([A-Za-z0-9+/=]+)/.exec(svg)?.[1] ?? '', 'base64');
          t.is(strip(ours.toString('utf8')), strip(theirs.toString('utf8')), name);
          if (png(theirs.toString('utf8')).length) t.is(pixels(png(ours.toString('utf8'))), pixels(png(theirs.toString('utf8'))), `${name} image`);
        } else t.true(ours.equals(theirs), `${name}: ${ours.length} vs ${theirs.length} bytes`);
      }
      // and one archive of everything
      const bundle = downloads.get('cp2ij_outputs.zip');
      t.truthy(bundle);
      const entries = Object.keys((await JSZip.loadAsync(bundle!)).files).sort();
      t.deepEqual(entries, [...downloads.keys()].filter((n) => n !== 'cp2ij_outputs.zip').sort());

      // the picture shows red outline pixels over the image
      const shot = decodePng(await page.locator('.result[data-file="typical_gui_seg.npy"] canvas').screenshot());
      let red = 0;
      for (let i = 0; i < shot.width * shot.height; i++) {
        const [r, g, b] = [shot.data[i * shot.channels]!, shot.data[i * shot.channels + 1]!, shot.data[i * shot.channels + 2]!];
        if (r > 200 && g < 60 && b < 60) red++;
      }
      t.true(red > 1000, `${red} red outline pixels in the screenshot`);
      await page.close();
    } finally {
      await server.close();
    }
  } finally {
    await browser.close();
  }
});

test('the way back in the browser: an edited RoiSet with its _seg.npy gives the _seg.npy `cp2ij import` writes', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-web-back-'));
  const seg = path.join(dir, 'cells_seg.npy');
  copyFileSync(path.join(SEG, 'np2', 'typical_gui_seg.npy'), seg);
  const edited = path.join(dir, 'edited');
  cli('export', seg, '--format', 'zip', '--out', edited);
  // the edit: a RoiSet without its first ROI, as after deleting a cell in the ROI Manager
  const zip = await JSZip.loadAsync(readFileSync(path.join(edited, 'cells_rois.zip')));
  const first = Object.keys(zip.files)[0]!;
  zip.remove(first);
  const rois = path.join(dir, 'cells_rois.zip');
  writeFileSync(rois, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  const expected = path.join(dir, 'cli', 'cells_edited_seg.npy');
  cli('import', rois, '--like', seg, '--out', expected);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const server = await serveStatic(WEB);
    try {
      const { errors, downloads, page } = await showPage(browser, server.url, [seg, rois], ['zip']);
      t.deepEqual(errors, []);
      const ours = downloads.get('cells_edited_seg.npy');
      t.truthy(ours, 'the new _seg.npy is offered');
      t.true(ours!.equals(readFileSync(expected)), 'byte for byte what cp2ij import writes');
      t.regex(await page.locator('.result[data-file="cells_rois.zip"] .count').innerText(), /new _seg\.npy: \d+ cells/);
      // a RoiSet without its original says what to do
      const alone = await showPage(browser, server.url, [rois], ['zip']);
      t.regex(await alone.page.locator('.problem').innerText(), /drop cells_seg\.npy/);
    } finally {
      await server.close();
    }
  } finally {
    await browser.close();
  }
});
