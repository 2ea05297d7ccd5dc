/**
 * masksToOutlines against real OpenCV (Debian python3-opencv 4.6, numpy 1.24) running Cellpose's
 * masks_to_outlines logic (per plane, per label box, all RETR_EXTERNAL contours, times the masks) on
 * every shared fixture, the OpenCV hard cases and random label noise.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Masks } from '../src/core/masks.js';
import { masksToOutlines } from '../src/trace/mask-outlines.js';
import { masksToNpy, readMasksNpy } from './cellpose-npy.js';
import { hardCases, rng } from './cellpose-cases.js';

const SEG_FIXTURES = path.resolve('../shared/fixtures/seg/np1');
const CV2_PYTHON = '/usr/bin/python3';

/** Cellpose's masks_to_outlines (written from its documented behaviour), result times masks, as <u4 .npy. */
const CV2_SCRIPT = `
import sys, cv2, numpy as np
def plane_outlines(m):
    out = np.zeros(m.shape, bool)
    for label in np.unique(m):
        if label == 0:
            continue
        ys, xs = np.nonzero(m == label)
        r0, r1, c0, c1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
        box = (m[r0:r1, c0:c1] == label).astype(np.uint8)
        contours = cv2.findContours(box, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)[-2]
        pts = np.concatenate(contours, axis=0).reshape(-1, 2)
        out[pts[:, 1] + r0, pts[:, 0] + c0] = True
    return out
for src in sys.argv[1:]:
    m = np.load(src)
    o = np.stack([plane_outlines(p) for p in m]) if m.ndim == 3 else plane_outlines(m)
    np.save(src + '.out.npy', (o * m).astype('<u4'))
`;

function randomMasks(seed: number): Masks {
  const r = rng(seed);
  const width = 5 + Math.floor(r() * 60);
  const height = 5 + Math.floor(r() * 60);
  const depth = seed % 3 === 0 ? 2 + Math.floor(r() * 3) : 1;
  const labels = 1 + Math.floor(r() * 6);
  const density = 0.3 + r() * 0.7;
  const data = new Uint32Array(width * height * depth);
  for (let i = 0; i < data.length; i++) if (r() < density) data[i] = 1 + Math.floor(r() * labels);
  return { width, height, depth, is3d: depth > 1, data };
}

function fixtureMasks(): { name: string; masks: Masks }[] {
  return readdirSync(SEG_FIXTURES)
    .filter((f) => f.endsWith('_masks.npy') && !f.startsWith('fortran') && !f.startsWith('bigendian'))
    .map((f) => ({ name: f, masks: readMasksNpy(path.join(SEG_FIXTURES, f)) }));
}

test('masksToOutlines equals OpenCV-run Cellpose masks_to_outlines on fixtures, hard cases and random masks', (t) => {
  const cases = [
    ...fixtureMasks(),
    ...hardCases(),
    ...Array.from({ length: 150 }, (_, i) => ({ name: `random_${i}`, masks: randomMasks(i + 1) })),
  ];
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-outlines-'));
  try {
    const files = cases.map((c, i) => {
      const file = path.join(dir, `${i}.npy`);
      writeFileSync(file, masksToNpy(c.masks));
      return file;
    });
    execFileSync(CV2_PYTHON, ['-c', CV2_SCRIPT, ...files], { stdio: ['ignore', 'ignore', 'pipe'] });
    let failures = 0;
    cases.forEach((c, i) => {
      const expected = readMasksNpy(`${files[i]!}.out.npy`).data;
      const actual = masksToOutlines(c.masks);
      let diff = 0;
      for (let k = 0; k < expected.length; k++) if (expected[k] !== actual[k]) diff++;
      if (diff > 0 && failures++ < 5) t.log(`${c.name}: ${diff} differing pixels`);
    });
    t.is(failures, 0);
    t.true(cases.length > 200);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('masksToOutlines keeps the masks typed-array type and marks a 3x3 block ring', (t) => {
  const data = new Uint16Array(5 * 5);
  for (let y = 1; y <= 3; y++) for (let x = 1; x <= 3; x++) data[y * 5 + x] = 9;
  const out = masksToOutlines({ width: 5, height: 5, depth: 1, is3d: false, data });
  t.true(out instanceof Uint16Array);
  t.is(out[2 * 5 + 2], 0);
  t.is(Array.from(out).filter((v) => v === 9).length, 8);
});
