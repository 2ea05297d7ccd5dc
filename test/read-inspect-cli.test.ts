/** `cp2ij inspect` through the built command: text, --json, and a bad file in a batch. */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const OWN = path.resolve('test/fixtures/seg');
const cp2ij = (...args: string[]) => spawnSync(process.execPath, ['bin/cp2ij.js', 'inspect', ...args], { encoding: 'utf8' });

test('inspect prints kind, size, planes, labels and keys', (t) => {
  const r = cp2ij(path.join(OWN, 'np2', 'gui3d_seg.npy'));
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /gui3d_seg\.npy: seg, 24×20×3 planes, masks uint16, 8 labels \(1…9\)/);
  t.regex(r.stdout, /zdraw\s+list \(9\)/);
  t.regex(r.stdout, /masks\s+ndarray uint16 \(3, 20, 24\)/);
});

test('inspect --json with a bad file: the batch goes on, one error line, exit 1, summary', (t) => {
  const good = path.join(OWN, 'np1', 'cli3d_uint32_seg.npy');
  const r = cp2ij('--json', good, 'package.json', path.join(OWN, 'np1', 'labels_v2.npy'));
  t.is(r.status, 1);
  const doc = JSON.parse(r.stdout) as { version: number; files: Array<Record<string, unknown>>; summary: { ok: number; failed: number } };
  t.is(doc.version, 1);
  t.deepEqual(doc.summary, { ok: 2, failed: 1 });
  t.like(doc.files[0], { ok: true, kind: 'seg', width: 20, height: 16, planes: 2, is3d: true, masksDtype: 'uint32', labels: { count: 7, min: 70001, max: 70007 } });
  t.like(doc.files[1], { ok: false, file: 'package.json', error: { code: 'bad-magic' } });
  t.like(doc.files[2], { ok: true, kind: 'npy' });
  const lines = r.stderr.trim().split('\n');
  t.deepEqual(lines, ['cp2ij: package.json: not a Cellpose result: expected a .npy, PNG or TIFF file', 'inspected 3 file(s): 2 ok, 1 failed']);
});
