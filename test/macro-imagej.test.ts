/**
 * The generated macros and Fiji commands, run in REAL ImageJ 1.53t headless: each scenario is one
 * ImageJ launch whose wrapper macro runs the generated file (runMacro(file, arg), or the menu
 * command) and then prints what the ROI Manager holds: count, names, bounds, colours.
 */
import test from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { ijString, runImageJ, runImageJFile } from './helpers/imagej.js';
import {
  converterMacroName,
  DEFAULT_COLORS,
  macroStringExpression,
  PLUGIN_COMMANDS,
  PYTHON_DROP_IN,
  renderConverterMacro,
  renderPluginCommand,
} from '../src/write/macro.js';
import { loadMacroTemplates, TEMPLATES_DIR } from '../src/node/macro-templates.js';
import { readRoiSet } from '../src/read/roiset.js';

const FIXTURES = path.resolve('../shared/fixtures/cellpose');
const SHARED_SEG = path.resolve('../shared/fixtures/seg');
const MACROS_DIR = path.resolve('macros');

interface Bounds {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** name → bounds of each non-empty line of a _cp_outlines.txt (name = 1-based line number). */
function outlineBounds(text: string): Map<string, Bounds> {
  const result = new Map<string, Bounds>();
  text.replace(/\r/g, '').split('\n').forEach((line, k) => {
    if (line === '') return;
    const v = line.split(',').map(Number);
    const xs = v.filter((_, i) => i % 2 === 0);
    const ys = v.filter((_, i) => i % 2 === 1);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    result.set(String(k + 1), { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y });
  });
  return result;
}

/** Macro code printing every ROI Manager entry as `ROI|name|x|y|w|h|colour`. */
const DUMP_ROIS = `
function dumpRois(tag) {
  n = roiManager("count");
  print(tag + " count=" + n);
  if (nImages == 0) newImage("dump", "8-bit black", 1024, 1024, 1); // selecting needs an image
  for (i = 0; i < n; i++) {
    roiManager("select", i);
    getSelectionBounds(x, y, w, h);
    print("ROI|" + tag + "|" + RoiManager.getName(i) + "|" + x + "|" + y + "|" + w + "|" + h + "|" + Roi.getStrokeColor);
  }
  roiManager("deselect");
}
`;

interface Dumped {
  count: number;
  rois: Map<string, Bounds & { color: string }>;
}

function parseDump(lines: string[], tag: string): Dumped {
  const countLine = lines.find((l) => l.startsWith(`${tag} count=`));
  if (countLine === undefined) throw new Error(`no "${tag} count=" in ImageJ output:\n${lines.join('\n')}`);
  const rois = new Map<string, Bounds & { color: string }>();
  for (const line of lines) {
    const f = line.split('|');
    if (f[0] !== 'ROI' || f[1] !== tag) continue;
    rois.set(f[2]!, { x: Number(f[3]), y: Number(f[4]), w: Number(f[5]), h: Number(f[6]), color: f[7]! });
  }
  return { count: Number(countLine.split('=')[1]), rois };
}

/** ImageJ prints named colours for the pure ones; compare as lower-case hex. */
function hexColor(c: string): string {
  const named: Record<string, string> = { red: '#ff0000', green: '#00ff00', blue: '#0000ff', yellow: '#ffff00', cyan: '#00ffff', magenta: '#ff00ff', white: '#ffffff', black: '#000000' };
  return (named[c] ?? c).toLowerCase();
}

/** The default colour of the ROI of label `name`. */
function paletteColor(name: string): string {
  return DEFAULT_COLORS[(Number(name) - 1) % DEFAULT_COLORS.length]!;
}

function expectOutlines(t: import('ava').ExecutionContext, dumped: Dumped, expected: Map<string, Bounds>, prefix = ''): void {
  t.is(dumped.count, expected.size);
  for (const [name, b] of expected) {
    const got = dumped.rois.get(prefix + name);
    t.truthy(got, `ROI ${prefix + name} missing`);
    if (!got) continue;
    t.deepEqual({ x: got.x, y: got.y, w: got.w, h: got.h }, b, `bounds of ${prefix + name}`);
  }
}

async function zipEntryNames(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  return Object.keys(zip.files);
}

function tempDir(t: import('ava').ExecutionContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-macro-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const typical = outlineBounds(readFileSync(path.join(FIXTURES, 'typical_cli_cp_outlines.txt'), 'utf8'));

/** 4096 labels on a 64×64 grid (octagons), every tenth line empty as Cellpose writes them. */
function bigOutlines(): string {
  const lines: string[] = [];
  for (let k = 0; k < 4096; k++) {
    if (k % 10 === 9) {
      lines.push('');
      continue;
    }
    const cx = (k % 64) * 16 + 8;
    const cy = Math.floor(k / 64) * 16 + 8;
    const pts = [[-2, -4], [2, -4], [4, -2], [4, 2], [2, 4], [-2, 4], [-4, 2], [-4, -2]];
    lines.push(pts.map(([dx, dy]) => `${cx + dx!},${cy + dy!}`).join(','));
  }
  return `${lines.join('\n')}\n`;
}

test('converter macro: loads the RoiSet next to it, or the outlines given as argument (empty lines, 3,000+ ROIs), named by label and coloured', async (t) => {
  const dir = tempDir(t);
  const templates = await loadMacroTemplates();
  for (const f of ['typical_cli_rois.zip', 'tiny_cp_outlines.txt']) copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
  const big = path.join(dir, 'big_cp_outlines.txt');
  writeFileSync(big, bigOutlines());
  // Rendered for another folder: the macro must find its own folder, not trust the recorded one.
  const macro = path.join(dir, converterMacroName('typical_cli'));
  writeFileSync(macro, renderConverterMacro({ base: 'typical_cli', dir: '/nonexistent/elsewhere' }, templates));
  const nasty = 'a"b\\c\td é€😀 {{base}}';
  // a cp2ij RoiSet of a GUI seg carries the seg's colours
  spawnSync(process.execPath, ['bin/cp2ij.js', 'export', path.join(SHARED_SEG, 'np2', 'typical_gui_seg.npy'), '--format', 'zip', '--out', dir, '--quiet']);
  const guiZip = path.join(dir, 'typical_gui_rois.zip');

  const wrapper = `${DUMP_ROIS}
print("version=" + getVersion());
print("nasty=" + ${macroStringExpression(nasty)});
runMacro(${ijString(macro)}, "");
dumpRois("zip");
roiManager("reset"); close("*");
runMacro(${ijString(macro)}, ${ijString(path.join(dir, 'tiny_cp_outlines.txt'))});
dumpRois("tiny");
roiManager("reset"); close("*");
runMacro(${ijString(macro)}, ${ijString(guiZip)});
dumpRois("gui");
roiManager("reset"); close("*");
runMacro(${ijString(macro)}, ${ijString(big)});
print("big count=" + roiManager("count") + " first=" + RoiManager.getName(0) + " last=" + RoiManager.getName(roiManager("count") - 1));
roiManager("reset"); close("*");
r = runMacro(${ijString(macro)}, ${ijString(path.join(dir, 'missing_cp_outlines.txt'))});
print("after missing=" + r);
`;
  const r = await runImageJ(wrapper, '', { timeoutMs: 120_000 });
  t.log(r.lines[0]);
  t.is(r.lines.find((l) => l.startsWith('nasty='))?.slice(6), nasty);

  // Same polygons in the Cellpose RoiSet and outlines: zip ROI "k" has the bounds of txt line k.
  const typical = outlineBounds(readFileSync(path.join(FIXTURES, 'typical_cli_cp_outlines.txt'), 'utf8'));
  const zip = parseDump(r.lines, 'zip');
  expectOutlines(t, zip, typical);
  t.deepEqual([...zip.rois.keys()].sort(), (await zipEntryNames(path.join(dir, 'typical_cli_rois.zip'))).map((n) => n.replace(/\.roi$/, '')).sort());
  // the RoiSet's own colours are kept: Cellpose's stores none
  for (const [name, roi] of zip.rois) t.is(roi.color, 'none', `colour of ${name} kept`);
  const gui = parseDump(r.lines, 'gui');
  const stored = readRoiSet(readFileSync(guiZip));
  t.is(gui.count, stored.length);
  for (const item of stored) t.is(hexColor(gui.rois.get(item.label)!.color), `#${(item.roi.strokeColor & 0xffffff).toString(16).padStart(6, '0')}`, `stored colour of ${item.label} kept`);

  const tiny = parseDump(r.lines, 'tiny');
  expectOutlines(t, tiny, outlineBounds(readFileSync(path.join(FIXTURES, 'tiny_cp_outlines.txt'), 'utf8')));
  t.deepEqual([...tiny.rois.keys()], ['11', '12']);
  for (const [name, roi] of tiny.rois) t.is(hexColor(roi.color), paletteColor(name));

  t.true(r.lines.includes('big count=3687 first=1 last=4096'), r.lines.filter((l) => l.startsWith('big')).join('\n'));

  t.true(r.lines.some((l) => l.startsWith('cp2ij: ') && l.includes('missing_cp_outlines.txt: file not found')));
  t.true(r.lines.includes('after missing=[aborted]'));
});

test('converter macro run as a user runs it: ImageJ -batch FILE PATH', async (t) => {
  const dir = tempDir(t);
  const templates = await loadMacroTemplates();
  copyFileSync(path.join(FIXTURES, 'tiny_cp_outlines.txt'), path.join(dir, 'tiny_cp_outlines.txt'));
  const macro = path.join(dir, converterMacroName('tiny'));
  writeFileSync(macro, renderConverterMacro({ base: 'tiny', dir }, templates));
  const byArg = await runImageJFile(macro, path.join(dir, 'tiny_cp_outlines.txt'), { timeoutMs: 60_000 });
  t.true(byArg.lines.some((l) => /^cp2ij: loaded 2 ROIs from .*tiny_cp_outlines\.txt/.test(l)), byArg.stdout);
});

test('Fiji menu commands: listed under Plugins from plugins/cp2ij/, import next to the image, batch-import a folder, save back as <image>_rois.zip', async (t) => {
  const home = tempDir(t);
  const pluginDir = path.join(home, 'plugins', 'cp2ij');
  mkdirSync(pluginDir, { recursive: true });
  // The committed macros/ are what users install.
  for (const name of PLUGIN_COMMANDS) copyFileSync(path.join(MACROS_DIR, name), path.join(pluginDir, name));
  const data = path.join(home, 'data');
  const folder = path.join(home, 'folder');
  mkdirSync(data);
  mkdirSync(folder);
  copyFileSync(path.join(FIXTURES, 'typical_cli_cp_outlines.txt'), path.join(data, 'cells_cp_outlines.txt'));
  for (const f of ['typical_cli_rois.zip', 'tiny_cp_outlines.txt', 'holes_rois.zip', 'holes_cp_outlines.txt', 'empty_rois.zip']) copyFileSync(path.join(FIXTURES, f), path.join(folder, f));
  const image = path.join(data, 'cells.tif');
  const saved = path.join(data, 'cells_rois.zip');

  const wrapper = `${DUMP_ROIS}
// Headless, the ROI Manager window can only be made outside batch mode (see cp2ijManager).
setBatchMode(false); run("ROI Manager..."); setBatchMode(true);
List.setCommands;
print("cmd Import=" + List.get("Import Cellpose ROIs"));
print("cmd Batch=" + List.get("Batch Import Cellpose Folder"));
print("cmd Save=" + List.get("Save ROIs for cp2ij"));
newImage("cells", "8-bit black", 512, 512, 1);
saveAs("Tiff", ${ijString(image)});
run("Import Cellpose ROIs");
dumpRois("import");
run("Save ROIs for cp2ij");
roiManager("reset");
roiManager("open", ${ijString(saved)});
print("reopened count=" + roiManager("count"));
roiManager("reset"); close("*");
runMacro(${ijString(path.join(pluginDir, 'Batch_Import_Cellpose_Folder.ijm'))}, ${ijString(folder)});
dumpRois("batch");
roiManager("reset");
r = runMacro(${ijString(path.join(pluginDir, 'Save_ROIs_for_cp2ij.ijm'))}, "");
print("empty save=" + r);
roiManager("reset"); close("*");
run("Import Cellpose ROIs", ${ijString(path.join(folder, 'holes_rois.zip'))});
print("run with path count=" + roiManager("count"));
roiManager("reset");
run("Import Cellpose ROIs", ${ijString(`path=[${path.join(folder, 'tiny_cp_outlines.txt')}]`)});
print("run with path= count=" + roiManager("count"));
roiManager("reset");
run("Batch Import Cellpose Folder", ${ijString(folder)});
print("run batch count=" + roiManager("count"));
`;
  // ImageJ builds its Plugins menu from <plugins.dir>/plugins, as Fiji does from Fiji.app/plugins.
  const rr = await runImageJFileWithPlugins(home, wrapper);
  t.true(rr.lines.includes('cmd Import=ij.plugin.Macro_Runner("cp2ij/Import_Cellpose_ROIs.ijm")'), rr.stdout);
  t.true(rr.lines.includes('cmd Batch=ij.plugin.Macro_Runner("cp2ij/Batch_Import_Cellpose_Folder.ijm")'));
  t.true(rr.lines.includes('cmd Save=ij.plugin.Macro_Runner("cp2ij/Save_ROIs_for_cp2ij.ijm")'));

  const cells = outlineBounds(readFileSync(path.join(FIXTURES, 'typical_cli_cp_outlines.txt'), 'utf8'));
  expectOutlines(t, parseDump(rr.lines, 'import'), cells);
  // run("Command", "options"): the path comes from the options, bare or as path=[...]
  const holes = readRoiSet(readFileSync(path.join(folder, 'holes_rois.zip'))).length;
  t.true(rr.lines.includes(`run with path count=${holes}`), rr.stdout);
  t.true(rr.lines.includes('run with path= count=2'), rr.stdout);
  const batchCount = Number(rr.lines.find((l) => l.startsWith('run batch count='))?.split('=')[1]);
  t.is(batchCount, Number(parseDump(rr.lines, 'batch').count), 'run() of the batch command loads the same as runMacro with the folder');
  t.true(existsSync(saved));
  t.true(rr.lines.includes(`reopened count=${cells.size}`));
  t.deepEqual((await zipEntryNames(saved)).sort(), [...cells.keys()].map((n) => `${n}.roi`).sort());

  const batch = parseDump(rr.lines, 'batch');
  const holesNames = (await zipEntryNames(path.join(FIXTURES, 'holes_rois.zip'))).map((n) => `holes:${n.replace(/\.roi$/, '')}`);
  const expected = [
    ...holesNames,
    ...[...outlineBounds(readFileSync(path.join(FIXTURES, 'tiny_cp_outlines.txt'), 'utf8')).keys()].map((n) => `tiny:${n}`),
    ...[...typical.keys()].map((n) => `typical_cli:${n}`),
  ];
  t.deepEqual([...batch.rois.keys()].sort(), expected.sort());
  t.is(batch.count, expected.length);
  t.deepEqual(batch.rois.get('typical_cli:7') && { ...batch.rois.get('typical_cli:7'), color: undefined }, { ...typical.get('7')!, color: undefined });
  t.true(rr.lines.some((l) => l.includes('empty_rois.zip: the RoiSet holds no ROIs')));
  t.true(rr.lines.includes('cp2ij: the ROI Manager is empty: nothing to save'));
});

async function runImageJFileWithPlugins(home: string, macroSource: string) {
  const file = path.join(home, 'wrapper.ijm');
  writeFileSync(file, macroSource);
  return runImageJFile(file, '', { timeoutMs: 120_000, javaOptions: [`-Dplugins.dir=${home}`] });
}

test('committed macros/ are exactly what `cp2ij plugin` renders from templates/', async (t) => {
  const templates = await loadMacroTemplates();
  for (const name of PLUGIN_COMMANDS) t.is(readFileSync(path.join(MACROS_DIR, name), 'utf8'), renderPluginCommand(name, templates), `${name} is stale: run cp2ij plugin --out macros`);
  // no Jython script among what users install: plain ImageJ would offer to download Jython in a modal dialog
  t.deepEqual(readdirSync(MACROS_DIR).filter((f) => !f.endsWith('.ijm')), []);
});

test('the Python drop-in parses as Python 3 and as Python 2.7 (Jython) syntax', (t) => {
  const file = path.join(TEMPLATES_DIR, PYTHON_DROP_IN);
  const check = 'import ast, sys; ast.parse(open(sys.argv[1]).read()); print("ok")';
  t.is(execFileSync('/usr/bin/python3', ['-c', check, file], { encoding: 'utf8' }).trim(), 'ok');
  const py27 = '/root/.pyenv/versions/2.7.18/bin/python';
  t.true(existsSync(py27), 'Python 2.7 (pyenv 2.7.18) is needed to check Jython syntax');
  t.is(execFileSync(py27, ['-c', check, file], { encoding: 'utf8' }).trim(), 'ok');
  const source = readFileSync(file, 'utf8');
  t.regex(source, /^#@ File /m);
  t.regex(source, /sys\.argv/);
  t.notRegex(source, /FileDialog|OpenDialog/);
});

test('macro string values are quoted so that no value can end the literal', (t) => {
  t.is(macroStringExpression('plain'), '"plain"');
  t.is(macroStringExpression('a"b\\c'), '"a\\"b\\\\c"');
  t.is(macroStringExpression('x\ny'), '"x" + fromCharCode(10) + "y"');
  t.is(macroStringExpression('é'), '"" + fromCharCode(233)');
  t.is(macroStringExpression(''), '""');
});

test('macro inputs: folders expanded as export does, missing inputs exit 1, the drop-in only on request, plugin writes macros only; run by its bare name the converter finds its files', async (t) => {
  const dir = tempDir(t);
  copyFileSync(path.join(SHARED_SEG, 'np1', 'tiny_seg.npy'), path.join(dir, 'cells_seg.npy'));
  const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/cp2ij.js', ...args], { encoding: 'utf8' });
  const missing = cli('macro', path.join(dir, 'nothing_seg.npy'));
  t.is(missing.status, 1);
  t.regex(missing.stderr, /^cp2ij: .*nothing_seg\.npy: no such file or folder\n$/);
  t.is(cli('macro', dir, '--quiet').status, 0);
  t.true(existsSync(path.join(dir, 'cells_imagej_roi_converter.ijm')), 'written inside the folder, for the result found there');
  t.false(existsSync(path.join(dir, PYTHON_DROP_IN)), 'no Jython drop-in unless asked');
  t.is(cli('macro', dir, '--python', '--quiet').status, 0);
  t.true(existsSync(path.join(dir, PYTHON_DROP_IN)));
  const plugins = path.join(dir, 'plugins');
  t.is(cli('plugin', '--out', plugins, '--quiet').status, 0);
  t.deepEqual(readdirSync(plugins).filter((f) => !f.endsWith('.ijm')), []);
  t.is(cli('export', path.join(dir, 'cells_seg.npy'), '--quiet').status, 0);
  // ImageJ -batch NAME.ijm from the macro's folder: ImageJ itself knows no folder for it
  const r = await runImageJFile('cells_imagej_roi_converter.ijm', '', { cwd: dir });
  t.true(r.lines.some((l) => /^cp2ij: loaded 16 ROIs from .*cells_rois\.zip/.test(l)), r.stdout);
});
