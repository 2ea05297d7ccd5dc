import test from 'ava';
import type { Masks } from '../src/core/masks.js';
import { traceMasks } from '../src/trace/tracer.js';
import { fillRingsEvenOdd } from './helpers/evenodd.js';

function masksOf(rows: string[]): Masks {
  // '.' = background, digits/letters = labels (base 36)
  const height = rows.length;
  const width = rows[0]!.length;
  const data = new Uint32Array(width * height);
  rows.forEach((row, y) => [...row].forEach((c, x) => (data[y * width + x] = c === '.' ? 0 : parseInt(c, 36))));
  return { width, height, depth: 1, is3d: false, data };
}

function cornerSet(ring: Int32Array): string[] {
  const out: string[] = [];
  for (let k = 0; k < ring.length; k += 2) out.push(`${ring[k]},${ring[k + 1]}`);
  return out.sort();
}

/** Every label's rings, filled even–odd, must give back exactly that label's pixels; area must match. */
function assertExact(t: import('ava').ExecutionContext, masks: Masks): void {
  const outlines = traceMasks(masks);
  const n = masks.width * masks.height;
  const seen = new Set<string>();
  for (const o of outlines) {
    seen.add(`${o.label}/${o.plane}`);
    const fill = fillRingsEvenOdd(o.rings, masks.width, masks.height);
    let area = 0;
    for (let i = 0; i < n; i++) {
      const want = masks.data[o.plane * n + i] === o.label ? 1 : 0;
      area += want;
      if (fill[i] !== want) {
        t.fail(`label ${o.label} plane ${o.plane}: pixel ${i % masks.width},${Math.floor(i / masks.width)} filled=${fill[i]} want=${want}`);
        return;
      }
    }
    t.is(o.area, area, `area of label ${o.label}`);
  }
  const labels = new Set<string>();
  for (let i = 0; i < masks.data.length; i++) if (masks.data[i]) labels.add(`${masks.data[i]}/${Math.floor(i / n)}`);
  t.deepEqual([...seen].sort(), [...labels].sort(), 'one outline per label and plane');
}

test('a 1-pixel cell is a 4-corner square', (t) => {
  const [o] = traceMasks(masksOf(['...', '.1.', '...']));
  t.deepEqual(cornerSet(o!.rings[0]!), ['1,1', '1,2', '2,1', '2,2']);
  t.is(o!.area, 1);
  t.deepEqual([o!.left, o!.top, o!.right, o!.bottom], [1, 1, 2, 2]);
});

test('a block has corners only where the direction changes', (t) => {
  const [o] = traceMasks(masksOf(['111', '111', '111']));
  t.is(o!.rings.length, 1);
  t.is(o!.rings[0]!.length, 8);
  t.is(o!.area, 9);
});

test('a hole is a second ring; a label nested in the hole is its own outline', (t) => {
  const m = masksOf(['11111', '1...1', '1.2.1', '1...1', '11111']);
  const outlines = traceMasks(m);
  t.deepEqual(outlines.map((o) => [o.label, o.rings.length, o.area]), [[1, 2, 16], [2, 1, 1]]);
  assertExact(t, m);
});

test('diagonal neighbours join one ring (8-connectivity) and still fill exactly', (t) => {
  const m = masksOf(['11..', '11..', '..11', '..11']);
  const [o] = traceMasks(m);
  t.is(o!.rings.length, 1);
  t.is(o!.rings[0]!.length / 2, 8);
  assertExact(t, m);
});

test('pieces apart are separate rings of the same label', (t) => {
  const m = masksOf(['1.1', '...', '1.1']);
  t.is(traceMasks(m)[0]!.rings.length, 4);
  assertExact(t, m);
});

test('labels at every border and corner, lines, non-consecutive and huge ids', (t) => {
  const m = masksOf(['1..2', '1.33', 'aaa.', '...z']);
  assertExact(t, m);
  const big: Masks = { width: 3, height: 2, depth: 1, is3d: false, data: new Uint32Array([0xffffffff, 0xffffffff, 7, 0, 0xfffffffe, 7]) };
  t.deepEqual(traceMasks(big).map((o) => o.label), [7, 0xfffffffe, 0xffffffff]);
  assertExact(t, big);
});

test('3D: one outline per label per plane, sorted by label then plane', (t) => {
  const data = new Uint16Array([1, 0, 2, 2, /* z1 */ 0, 0, 0, 0, /* z2 */ 1, 1, 0, 2]);
  const m: Masks = { width: 2, height: 2, depth: 3, is3d: true, data };
  t.deepEqual(traceMasks(m).map((o) => [o.label, o.plane]), [[1, 0], [1, 2], [2, 0], [2, 2]]);
  assertExact(t, m);
});

test('random label images fill back exactly, label for label', (t) => {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let trial = 0; trial < 60; trial++) {
    const width = 1 + Math.floor(rand() * 24);
    const height = 1 + Math.floor(rand() * 24);
    const labels = 1 + Math.floor(rand() * 5);
    const density = rand();
    const data = new Uint8Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = rand() < density ? 1 + Math.floor(rand() * labels) : 0;
    assertExact(t, { width, height, depth: 1, is3d: false, data });
  }
});
