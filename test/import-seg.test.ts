/**
 * The `_seg.npy` / `.npy` writers against real numpy 1.24 and 2.4 (warnings as errors): every shared
 * fixture re-emitted key for key, every PyValue kind (written by numpy, read and re-written by cp2ij)
 * compared value, type, dtype and shape; segDict keeps the original's keys and rebuilds the mask keys.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseNpy } from '../src/read/npy.js';
import { unpickle } from '../src/read/pickle.js';
import { PyNdArray } from '../src/read/pyvalue.js';
import { parseSeg } from '../src/read/seg.js';
import { npyBytes, npyObjectBytes } from '../src/write/npy.js';
import { segDict, segNpyBytes } from '../src/write/seg.js';
import { numpyPythons, runPython } from './helpers/numpy.js';

const SEG = path.resolve('../shared/fixtures/seg');

/** Deep equality as Python sees it: same types, same dtype kind/size, same shapes and values (NaN = NaN). */
const COMPARE_PY = `
import sys, json, warnings, numpy as np
warnings.simplefilter('error')
def same(a, b, where):
    if type(a) is not type(b):
        return f'{where}: type {type(a).__name__} vs {type(b).__name__}'
    if isinstance(a, np.ndarray):
        if (a.dtype.kind, a.dtype.itemsize, a.shape) != (b.dtype.kind, b.dtype.itemsize, b.shape):
            return f'{where}: {a.dtype.str}{a.shape} vs {b.dtype.str}{b.shape}'
        if a.dtype.kind == 'O':
            for i, (x, y) in enumerate(zip(a.ravel(), b.ravel())):
                r = same(x, y, f'{where}[{i}]')
                if r: return r
            return None
        if b.dtype.byteorder == '>' or not b.flags.c_contiguous:
            return f'{where}: cp2ij wrote a non-native or non-C array'
        eq = np.array_equal(a, b, equal_nan=a.dtype.kind in 'fc')
        return None if eq else f'{where}: values differ'
    if isinstance(a, dict):
        if list(a) != list(b):
            return f'{where}: keys {list(a)} vs {list(b)}'
        for k in a:
            r = same(a[k], b[k], f'{where}.{k}')
            if r: return r
        return None
    if isinstance(a, (list, tuple)):
        if len(a) != len(b): return f'{where}: length {len(a)} vs {len(b)}'
        for i, (x, y) in enumerate(zip(a, b)):
            r = same(x, y, f'{where}[{i}]')
            if r: return r
        return None
    if isinstance(a, np.dtype):
        return None if a == b else f'{where}: dtype {a} vs {b}'
    if isinstance(a, (float, np.floating)) and np.isnan(a):
        return None if np.isnan(b) else f'{where}: nan vs {b}'
    if isinstance(a, np.generic) and a.dtype != b.dtype:
        return f'{where}: scalar dtype {a.dtype} vs {b.dtype}'
    return None if a == b else f'{where}: {a!r} vs {b!r}'
out = {}
for i in range(1, len(sys.argv), 2):
    b = np.load(sys.argv[i + 1], allow_pickle=True)
    try:
        a = np.load(sys.argv[i], allow_pickle=True)
    except ModuleNotFoundError:
        out[sys.argv[i + 1]] = 'loaded'  # numpy 1 cannot open numpy-2 originals; ours still had to load
        continue
    out[sys.argv[i + 1]] = same(a, b, '') or 'same'
print(json.dumps(out))
`;

function segFixtures(): string[] {
  return ['np1', 'np2'].flatMap((dir) =>
    readdirSync(path.join(SEG, dir))
      .filter((f) => f.endsWith('_seg.npy'))
      .map((f) => path.join(SEG, dir, f)),
  );
}

/** Ours must load under every numpy and equal the original under every numpy that can open the original. */
function compareAll(pairs: [string, string][]): void {
  for (const py of numpyPythons()) {
    const result = JSON.parse(runPython(py, COMPARE_PY, pairs.flat())) as Record<string, string>;
    for (const [orig, ours] of pairs) {
      const ok = result[ours] === 'same' || (result[ours] === 'loaded' && py.major === 1);
      if (!ok) throw new Error(`numpy ${py.version}: ${path.basename(orig)}: ${result[ours]}`);
    }
  }
}

test('both numpy majors are available', (t) => {
  const majors = new Set(numpyPythons().map((p) => p.major));
  t.true(majors.has(1) && majors.has(2), `numpy majors found: ${[...majors].join(', ')}`);
});

test('every fixture _seg.npy re-emitted from its parsed dict loads in numpy 1 and 2 with every key equal', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-seg-'));
  try {
    const pairs = segFixtures().map((file, i): [string, string] => {
      const seg = parseSeg(new Uint8Array(readFileSync(file)));
      const out = path.join(dir, `${i}_${path.basename(file)}`);
      writeFileSync(out, npyObjectBytes(seg.dict));
      return [file, out];
    });
    t.true(pairs.length >= 20);
    compareAll(pairs);
    t.pass();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** numpy writes a dict of every value kind; cp2ij reads and re-writes it. */
const EVERY_KIND_PY = `
import sys, numpy as np
dtypes = ['?', 'i1', 'u1', '<i2', '>i2', '<u2', '<i4', '<u4', '>u4', '<i8', '<u8', '<f2', '<f4', '>f4', '<f8']
d = {
    'none': None, 'true': True, 'false': False,
    'ints': [0, 1, 255, 256, 65535, 65536, -1, -2**31, 2**31 - 1, 2**31, 2**40, -2**40, 2**63, 2**70, -2**70, 10**60],
    'floats': [0.0, -0.0, 1.5, float('nan'), float('inf'), -1e300],
    'str': 'caf\\u00e9 \\u2603', 'long_str': 'x' * 70000, 'empty_str': '',
    'bytes': b'\\x00\\xffab', 'long_bytes': bytes(range(256)) * 300,
    'tuples': [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4, 5)],
    'big_list': list(range(2500)),
    'big_dict': {f'k{i}': i for i in range(1001)},
    'nested': {'a': [[], [[]], {'b': (None, [1.0])}]},
    'arrays': [np.arange(24).astype(t).reshape(2, 3, 4) for t in dtypes],
    'zero_d': np.array(7, dtype='<u2'), 'empty': np.zeros((0, 3), dtype='<f4'), 'four_d': np.ones((2, 1, 2, 3), 'u1'),
    'fortran': np.asfortranarray(np.arange(12, dtype='<i4').reshape(3, 4)),
    'bools': np.array([True, False, True]),
    'object_array': np.array([np.zeros(2, 'i4'), np.ones(3, 'f8'), 'text', None], dtype=object),
    'scalars': [np.dtype(t).type(3) for t in dtypes] + [np.float64('nan'), np.int16(-1), np.bool_(True)],
    'dtypes': [np.dtype('<u2'), np.dtype('O'), np.dtype('<U5'), np.dtype('S3'), np.dtype('|b1'), np.dtype('>f8')],
}
np.save(sys.argv[1], d)
`;

test('every PyValue kind numpy writes survives read + re-write, in numpy 1 and 2', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-kinds-'));
  try {
    const pairs: [string, string][] = [];
    for (const py of numpyPythons()) {
      const orig = path.join(dir, `np${py.major}_kinds.npy`);
      runPython(py, EVERY_KIND_PY, [orig]);
      const npy = parseNpy(new Uint8Array(readFileSync(orig)));
      if (npy.kind !== 'object') throw new Error('expected an object .npy');
      const value = unpickle(npy.pickle);
      const ours = path.join(dir, `np${py.major}_ours.npy`);
      // unpickle gives the 0-d object array; npyObjectBytes wraps its argument, so pass the dict
      writeFileSync(ours, npyObjectBytes((value as unknown as { items: unknown[] }).items[0] as never));
      pairs.push([orig, ours]);
    }
    compareAll(pairs);
    t.pass();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('segDict keeps every key of the original and rebuilds masks, outlines, ismanual, colors like Cellpose', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-segdict-'));
  try {
    const pairs = segFixtures().map((file, i): [string, string] => {
      const seg = parseSeg(new Uint8Array(readFileSync(file)));
      const out = path.join(dir, `${i}_${path.basename(file)}`);
      writeFileSync(out, segNpyBytes(segDict(seg.masks, { like: seg })));
      return [file, out];
    });
    // unchanged masks: the whole dict must come back equal, including the recomputed outlines
    compareAll(pairs);
    t.pass();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('segDict marks added and changed labels manual, extends colors, and picks uint32 at 65535', (t) => {
  const seg = parseSeg(new Uint8Array(readFileSync(path.join(SEG, 'np2', 'typical_gui_seg.npy'))));
  const data = Uint16Array.from(seg.masks.data);
  const max = data.reduce((m, v) => Math.max(m, v), 0);
  data[data.indexOf(0)] = max + 2; // a new label on background
  const victim = data[data.findIndex((v, i) => i > 1000 && v > 0)]!;
  const at = data.indexOf(victim);
  data[at] = 0; // a changed label
  const dict = segDict({ ...seg.masks, data }, { like: seg });
  const ismanual = dict.get('ismanual') as PyNdArray;
  const colors = dict.get('colors') as PyNdArray;
  t.is(ismanual.shape[0], max + 2);
  t.is(ismanual.data[max + 1], 1);
  t.is(ismanual.data[victim - 1], 1);
  const before = Array.from((seg.ismanual as PyNdArray).data as Uint8Array);
  const expected = [...before, 0, 1];
  expected[victim - 1] = 1;
  t.deepEqual(Array.from(ismanual.data as Uint8Array), expected);
  t.deepEqual(colors.shape, [max + 2, 3]);
  t.deepEqual(Array.from(colors.data as Uint8Array).slice(0, 3 * max), Array.from((seg.colors as PyNdArray).data as Uint8Array).slice(0, 3 * max));
  t.deepEqual([...dict.keys()], [...seg.dict.keys()]);

  const big = new Uint32Array(4);
  big[1] = 65535;
  const wide = segDict({ width: 2, height: 2, depth: 1, is3d: false, data: big });
  t.is((wide.get('masks') as PyNdArray).dtype, 'uint32');
  t.is((wide.get('outlines') as PyNdArray).dtype, 'uint32');
  big[1] = 65534;
  t.is((segDict({ width: 2, height: 2, depth: 1, is3d: false, data: big }).get('masks') as PyNdArray).dtype, 'uint16');
});

test('plain .npy label arrays load in numpy 1 and 2', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-npy-'));
  try {
    const file = path.join(dir, 'labels.npy');
    writeFileSync(file, npyBytes(new PyNdArray('uint32', [2, 3, 4], Uint32Array.from({ length: 24 }, (_, i) => i * 100000))));
    for (const py of numpyPythons()) {
      const out = runPython(py, `import sys, warnings, numpy as np; warnings.simplefilter('error'); a = np.load(sys.argv[1]); print(a.dtype.str, a.shape, int(a[1, 2, 3]))`, [file]);
      t.is(out.trim(), '<u4 (2, 3, 4) 2300000', `numpy ${py.version}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
