/** `cp2ij export` through the built command: outputs, formats, --json, bad inputs, protected inputs. */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRoiSet } from '../src/read/roiset.js';
import { runImageJFile } from './helpers/imagej.js';

const SHARED = path.resolve('..', 'shared', 'fixtures');
const cp2ij = (...args: string[]) => spawnSync(process.execPath, ['bin/cp2ij.js', 'export', ...args], { encoding: 'utf8' });
const tmp = () => mkdtempSync(path.join(tmpdir(), 'cp2ij-export-'));

interface ExportDoc {
  version: number;
  exported: Array<{ file: string; kind: string; width: number; height: number; planes: number; labels: number; rois: number; written: string[]; messages: string[] }>;
  failed: Array<{ file: string; error: string }>;
  summary: { ok: number; failed: number };
}

test('default export writes <base>_rois.zip and a Cellpose-identical <base>_cp_outlines.txt', (t) => {
  const out = tmp();
  const r = cp2ij(path.join(SHARED, 'seg', 'np2', 'typical_gui_seg.npy'), '--out', out, '--quiet');
  t.is(r.status, 0, r.stderr);
  t.is(r.stderr, '');
  t.deepEqual(readdirSync(out).sort(), ['.cp2ij-outputs.json', 'typical_gui_cp_outlines.txt', 'typical_gui_rois.zip'], 'the outputs and the record of what cp2ij wrote');
  t.deepEqual(readFileSync(path.join(out, 'typical_gui_cp_outlines.txt')), readFileSync(path.join(SHARED, 'cellpose', 'typical_gui_cp_outlines.txt')));
  const rois = readRoiSet(readFileSync(path.join(out, 'typical_gui_rois.zip')));
  const manifest = JSON.parse(readFileSync(path.join(SHARED, 'seg', 'np2', 'manifest.json'), 'utf8')) as Record<string, { n_labels: number }>;
  t.is(rois.length, manifest.typical_gui!.n_labels);
  t.deepEqual(rois.slice(0, 3).map((r) => r.label), ['1', '2', '3']);
  t.true(rois.every((r) => r.roi.strokeColor >>> 24 === 0xff), "GUI seg colors become stroke colours");
});

test('3D: names <label>-z<plane>, positions, one txt per plane, a .roi folder; --json summary', (t) => {
  const out = tmp();
  const seg = path.join(SHARED, 'seg', 'np1', 'stack3d_cli_seg.npy');
  const r = cp2ij(seg, '--out', out, '--format', 'zip,roi', '-f', 'txt', '--json');
  t.is(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as ExportDoc;
  t.is(doc.version, 1);
  t.deepEqual(doc.summary, { ok: 1, failed: 0 });
  t.like(doc.exported[0], { kind: 'seg', width: 192, height: 160, planes: 8 });
  const rois = readRoiSet(readFileSync(path.join(out, 'stack3d_cli_rois.zip')));
  t.is(rois.length, doc.exported[0]!.rois);
  for (const { label, roi } of rois) {
    const m = /^(\d+)-z(\d+)$/.exec(label);
    t.truthy(m, label);
    t.is(roi.position, Number(m![2]), `${label}: stack position = plane`);
  }
  t.deepEqual(readdirSync(path.join(out, 'stack3d_cli_rois')).sort(), rois.map((r) => `${r.label}.roi`).sort());
  t.is(readdirSync(out).filter((f) => /^stack3d_cli_z\d{3}_cp_outlines\.txt$/.test(f)).length, 8);
});

test('--pad and --prefix name ROIs like Cellpose save_rois; --geometry cellpose writes Cellpose\'s own ROIs', (t) => {
  const out = tmp();
  const seg = path.join(SHARED, 'seg', 'np1', 'typical_cli_seg.npy');
  t.is(cp2ij(seg, '--out', out, '-f', 'zip', '--prefix', 'cell_', '--pad', '-q').status, 0);
  t.deepEqual(readRoiSet(readFileSync(path.join(out, 'typical_cli_rois.zip'))).slice(0, 2).map((r) => r.label), ['cell_001', 'cell_002']);
  const cp = tmp();
  t.is(cp2ij(seg, '--out', cp, '-f', 'zip', '--geometry', 'cellpose', '-q').status, 0);
  const mine = readRoiSet(readFileSync(path.join(cp, 'typical_cli_rois.zip')));
  const theirs = readRoiSet(readFileSync(path.join(SHARED, 'cellpose', 'typical_cli_rois.zip')));
  t.deepEqual(mine.map((r) => r.label), theirs.map((r) => r.label));
  t.deepEqual(mine.map((r) => r.roi.type), theirs.map((r) => r.roi.type));
});

test('empty masks: no RoiSet, a message, exit 0', (t) => {
  const out = tmp();
  const r = cp2ij(path.join(SHARED, 'seg', 'np1', 'empty_seg.npy'), '--out', out, '-f', 'zip');
  t.is(r.status, 0);
  t.regex(r.stderr, /no labels in the masks, so no ROIs were written/);
  t.deepEqual(readdirSync(out), []);
});

test('bad inputs: one line each naming the file, the batch goes on, exit 1, nothing half-written', (t) => {
  const dir = tmp();
  const truncated = path.join(dir, 'cut_seg.npy');
  writeFileSync(truncated, readFileSync(path.join(SHARED, 'seg', 'np1', 'tiny_seg.npy')).subarray(0, 300));
  const good = path.join(dir, 'tiny_seg.npy');
  copyFileSync(path.join(SHARED, 'seg', 'np1', 'tiny_seg.npy'), good);
  const r = cp2ij(truncated, path.join(dir, 'missing_seg.npy'), good, '-f', 'zip', '--json');
  t.is(r.status, 1);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('cp2ij: '));
  t.is(errors.length, 2, r.stderr);
  t.true(errors.some((e) => /cut_seg\.npy: .*(truncated|ends|beyond)/i.test(e)), r.stderr);
  t.true(errors.some((e) => e.endsWith('missing_seg.npy: no such file or folder')), r.stderr);
  const doc = JSON.parse(r.stdout) as ExportDoc;
  t.deepEqual(doc.summary, { ok: 1, failed: 2 });
  t.deepEqual(readdirSync(dir).sort(), ['.cp2ij-outputs.json', 'cut_seg.npy', 'tiny_rois.zip', 'tiny_seg.npy'], 'no temporary or partial files');
});

test('an output that would replace an input is refused', (t) => {
  const dir = tmp();
  const seg = path.join(dir, 'x_seg.npy');
  copyFileSync(path.join(SHARED, 'seg', 'np1', 'tiny_seg.npy'), seg);
  // a label image whose base makes its RoiSet name collide with another input
  const zipInput = path.join(dir, 'x_rois.zip');
  writeFileSync(zipInput, 'not a zip, but an input');
  const r = spawnSync(process.execPath, ['bin/cp2ij.js', 'export', seg, zipInput, '-f', 'zip'], { encoding: 'utf8' });
  t.is(r.status, 1);
  t.is(readFileSync(zipInput, 'utf8'), 'not a zip, but an input');
  t.false(existsSync(path.join(dir, 'x_rois.zip.tmp')));
});

test('unknown --format and --geometry values are refused with a clear message', (t) => {
  const r = cp2ij(path.join(SHARED, 'seg', 'np1', 'tiny_seg.npy'), '-f', 'zip,jpeg');
  t.is(r.status, 1);
  t.regex(r.stderr, /--format: "jpeg" is not one of/);
  const g = cp2ij(path.join(SHARED, 'seg', 'np1', 'tiny_seg.npy'), '-g', 'round');
  t.is(g.status, 1);
  t.regex(g.stderr, /--geometry: "round" is not exact or cellpose/);
});

test('--format macro: the bundled example exported with its macro loads in real ImageJ, headless, and ImageJ exits', async (t) => {
  const out = tmp();
  copyFileSync(path.resolve('examples', 'cells_seg.npy'), path.join(out, 'cells_seg.npy'));
  copyFileSync(path.resolve('examples', 'cells.png'), path.join(out, 'cells.png'));
  const r = cp2ij(path.join(out, 'cells_seg.npy'), '-f', 'zip,macro', '-q');
  t.is(r.status, 0, r.stderr);
  const macro = path.join(out, 'cells_imagej_roi_converter.ijm');
  // the seg names its image (cells.png, found next to it): the macro opens it when none is open
  t.regex(readFileSync(macro, 'utf8'), /^imageName = "cells\.png";$/m);
  // as a user runs it headless; a hang (modal dialog) would fail at the time limit
  const ij = await runImageJFile(macro, '', { timeoutMs: 120_000 });
  t.true(ij.lines.some((l) => /^cp2ij: loaded 36 ROIs from .*cells_rois\.zip/.test(l)), ij.stdout);
});
