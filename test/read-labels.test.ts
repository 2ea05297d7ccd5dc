/**
 * Label images written by REAL ImageJ (PNG 8/16-bit, TIFF 8/16-bit single and multi-page, 32-bit
 * float stacks) and a 32-bit integer TIFF written by hand-checked numpy bytes: loadInput must return
 * exactly the pixel values ImageJ put there.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadInput } from '../src/node/inputs.js';
import { ijString, runImageJ } from './helpers/imagej.js';
import { numpyPythons, runPython } from './helpers/numpy.js';

const W = 7;
const H = 5;
/** The value ImageJ and we both compute for pixel (x, y, z). */
const value = (x: number, y: number, z: number, max: number): number => ((x * 31 + y * 17 + z * 101) * 7919) % max;

test('PNG and TIFF label images written by ImageJ read back pixel-exact', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-labels-'));
  try {
    const cases = [
      { name: 'a_cp_masks.png', bits: 8, z: 1, max: 256, format: 'PNG' },
      { name: 'b_cp_masks.png', bits: 16, z: 1, max: 65536, format: 'PNG' },
      { name: 'c_cp_masks.tif', bits: 16, z: 1, max: 65536, format: 'Tiff' },
      { name: 'd_cp_masks.tif', bits: 16, z: 4, max: 65536, format: 'Tiff' },
      { name: 'e_cp_masks.tif', bits: 8, z: 3, max: 256, format: 'Tiff' },
      { name: 'f_cp_masks.tif', bits: 32, z: 2, max: 16777216, format: 'Tiff' },
    ];
    const macro = cases
      .map(
        (c) => `newImage("x", "${c.bits}-bit black", ${W}, ${H}, ${c.z});
for (z = 1; z <= ${c.z}; z++) { setSlice(z); for (y = 0; y < ${H}; y++) for (x = 0; x < ${W}; x++) setPixel(x, y, ((x*31 + y*17 + (z-1)*101) * 7919) % ${c.max}); }
saveAs("${c.format}", ${ijString(path.join(dir, c.name))}); close();`,
      )
      .join('\n');
    await runImageJ(`setBatchMode(true);\n${macro}\nprint("done");`, '', { timeoutMs: 90_000 });
    for (const c of cases) {
      const input = await loadInput(path.join(dir, c.name));
      const m = input.masks;
      t.is(input.kind, c.format === 'PNG' ? 'png' : 'tiff', c.name);
      t.deepEqual([m.width, m.height, m.depth, m.is3d], [W, H, c.z, c.z > 1], c.name);
      t.is(input.base, path.join(dir, c.name.split('_')[0]!));
      const expected = Array.from({ length: W * H * c.z }, (_, i) => value(i % W, Math.floor(i / W) % H, Math.floor(i / (W * H)), c.max));
      t.deepEqual([...m.data], expected, c.name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a 32-bit unsigned integer TIFF (as tifffile writes uint32 masks) reads pixel-exact', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-labels-'));
  try {
    // Minimal baseline TIFF built by numpy: one strip, uint32 samples above 2^16 (Cellpose's uint32 masks).
    const file = path.join(dir, 'big_cp_masks.tif');
    runPython(numpyPythons()[0]!, `
import numpy as np, struct, sys
a = (np.arange(${W * H}, dtype=np.uint32) * 100003 + 65536).reshape(${H}, ${W})
data = a.astype('<u4').tobytes()
tags = [(256, 4, ${W}), (257, 4, ${H}), (258, 3, 32), (259, 3, 1), (262, 3, 1), (273, 4, 8), (277, 3, 1), (278, 4, ${H}), (279, 4, len(data)), (339, 3, 1)]
ifd_at = 8 + len(data)
out = b'II*\\x00' + struct.pack('<I', ifd_at) + data + struct.pack('<H', len(tags))
for tag, typ, val in tags:
    out += struct.pack('<HHI', tag, typ, 1) + (struct.pack('<HH', val, 0) if typ == 3 else struct.pack('<I', val))
out += struct.pack('<I', 0)
open(sys.argv[1], 'wb').write(out)`, [file]);
    const { masks } = await loadInput(file);
    t.true(masks.data instanceof Uint32Array);
    t.deepEqual([...masks.data], Array.from({ length: W * H }, (_, i) => i * 100003 + 65536));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
