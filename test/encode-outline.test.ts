/** The export's direct outline encoder writes exactly the bytes of the general model → encoder path. */
import test from 'ava';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Masks } from '../src/core/masks.js';
import { encodeOutline, roiFromOutline } from '../src/encode/from-outline.js';
import { encodeRoi } from '../src/encode/roi-encode.js';
import { loadInput } from '../src/node/inputs.js';
import { traceMasks } from '../src/trace/tracer.js';

const SHARED = path.resolve('..', 'shared', 'fixtures', 'seg', 'np1');

function assertSameBytes(t: import('ava').ExecutionContext, masks: Masks, what: string): number {
  let compared = 0;
  for (const [i, o] of traceMasks(masks).entries()) {
    const opts = { name: i % 3 === 0 ? `${o.label}` : `cell_ä${o.label}-z${o.plane + 1}`, strokeColor: i % 2 ? 0xff336699 : undefined, position: i % 4 ? o.plane + 1 : undefined };
    const fast = encodeOutline(o, opts);
    const general = encodeRoi(roiFromOutline(o, opts));
    if (Buffer.compare(Buffer.from(fast), Buffer.from(general)) !== 0) {
      t.fail(`${what}: label ${o.label} plane ${o.plane} (${o.rings.length} rings) encodes differently`);
      return compared;
    }
    compared++;
  }
  return compared;
}

test('same bytes as encodeRoi(roiFromOutline()) for every outline of every fixture', async (t) => {
  let compared = 0;
  for (const file of readdirSync(SHARED).filter((f) => f.endsWith('_seg.npy'))) {
    compared += assertSameBytes(t, (await loadInput(path.join(SHARED, file))).masks, file);
  }
  t.true(compared > 700, `${compared} outlines compared`);
});

test('outlines beyond the 16-bit safe range take the general path (float coordinates)', (t) => {
  const width = 70_000;
  const data = new Uint32Array(width * 2);
  for (let x = 60_100; x < 60_120; x++) data[x] = 3;
  data[width + 69_999] = 4;
  t.is(assertSameBytes(t, { width, height: 2, depth: 1, is3d: false, data }, 'wide'), 2);
});
