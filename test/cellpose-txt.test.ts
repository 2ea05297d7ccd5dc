/**
 * `_cp_outlines.txt` bytes against what Cellpose wrote for every 2D shared fixture, and against real
 * OpenCV (Debian python3-opencv) running Cellpose's outline logic on generated hard cases.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Masks } from '../src/core/masks.js';
import { outlinesText, outlinesTextFiles } from '../src/write/outlines-txt.js';
import { masksToNpy, readMasksNpy } from './cellpose-npy.js';
import { hardCases } from './cellpose-cases.js';

const FIXTURES = path.resolve('../shared/fixtures');
const CELLPOSE = path.join(FIXTURES, 'cellpose');
/** Debian's python3 is the one that has cv2 (python3-opencv). */
const CV2_PYTHON = '/usr/bin/python3';

function fixtureMasks(name: string): Masks {
  for (const dir of ['np1', 'np2']) {
    const file = path.join(FIXTURES, 'seg', dir, `${name}_masks.npy`);
    if (existsSync(file)) return readMasksNpy(file);
  }
  throw new Error(`no masks for fixture ${name}`);
}

/** Line number and both lines at the first difference, for a readable failure. */
function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) return `line ${i + 1}:\n ours:     ${a[i]?.slice(0, 200)}\n cellpose: ${e[i]?.slice(0, 200)}`;
  }
  return 'same text';
}

const names = readdirSync(CELLPOSE)
  .filter((f) => f.endsWith('_cp_outlines.txt'))
  .map((f) => f.slice(0, -'_cp_outlines.txt'.length));

test('there are Cellpose-written outline fixtures to compare against', (t) => {
  t.true(names.length >= 15, `found ${names.length}`);
});

for (const name of names) {
  test(`txt bytes equal Cellpose's for fixture ${name}`, (t) => {
    const expected = readFileSync(path.join(CELLPOSE, `${name}_cp_outlines.txt`));
    const actual = outlinesText(fixtureMasks(name));
    const same = Buffer.compare(Buffer.from(actual), expected) === 0;
    t.true(same, same ? '' : firstDifference(Buffer.from(actual).toString('latin1'), expected.toString('latin1')));
  });
}

/** Cellpose's outlines_list_single + outlines_to_text, run by real OpenCV on each .npy given. */
const CV2_SCRIPT = `
import sys, cv2, numpy as np
for path in sys.argv[1:]:
    masks = np.load(path)
    lines = []
    for n in np.unique(masks)[1:]:
        contours = cv2.findContours((masks == n).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)[-2]
        pix = contours[int(np.argmax([c.shape[0] for c in contours]))].astype(int).squeeze()
        lines.append(','.join(str(v) for v in pix.flatten()) if len(pix) > 4 else '')
    with open(path[:-4] + '.txt', 'w') as f:
        f.write(''.join(line + '\\n' for line in lines))
print(cv2.__version__)
`;

test('txt bytes equal real OpenCV + Cellpose logic on generated hard cases', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-cellpose-'));
  try {
    const cases = hardCases();
    const files = cases.map((c) => {
      const file = path.join(dir, `${c.name}.npy`);
      writeFileSync(file, masksToNpy(c.masks));
      return file;
    });
    const version = execFileSync(CV2_PYTHON, ['-c', CV2_SCRIPT, ...files], { encoding: 'utf8' }).trim();
    t.log(`OpenCV ${version}, ${cases.length} cases`);
    let failures = 0;
    cases.forEach((c, i) => {
      const expected = readFileSync(files[i]!.replace(/\.npy$/, '.txt'));
      const actual = Buffer.from(outlinesText(c.masks));
      if (Buffer.compare(actual, expected) !== 0) {
        failures++;
        if (failures <= 3) t.log(`${c.name}: ${firstDifference(actual.toString('latin1'), expected.toString('latin1'))}`);
      }
    });
    t.is(failures, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('3D masks give one Cellpose txt per plane, each equal to that plane traced as 2D', (t) => {
  const stack = fixtureMasks('stack3d_cli');
  const files = outlinesTextFiles(stack, 'cells');
  t.is(files.length, stack.depth);
  t.is(files[3]!.name, 'cells_z003_cp_outlines.txt');
  const n = stack.width * stack.height;
  const plane3: Masks = { ...stack, depth: 1, is3d: false, data: stack.data.slice(3 * n, 4 * n) };
  t.deepEqual(files[3]!.bytes, outlinesText(plane3));
  t.throws(() => outlinesText(stack), { message: /3D masks are written one file per plane/ });
});
