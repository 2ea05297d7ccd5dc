/**
 * Hostile and broken input: pickles naming dangerous globals or opcodes are refused by name (nothing
 * runs), and thousands of mutations of real fixtures fail only with cp2ij's own error, quickly.
 */
import test from 'ava';
import { seededRandom } from './helpers/random.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Cp2ijError } from '../src/core/errors.js';
import { parseInput } from '../src/read/input.js';
import { parseSeg } from '../src/read/seg.js';
import { numpyPythons, runPython } from './helpers/numpy.js';

const OWN = path.resolve('test/fixtures/seg');

/** A `.npy` v1.0 object-array file around a pickle, as np.save lays it out. */
function objectNpy(pickle: Uint8Array): Uint8Array {
  let header = "{'descr': '|O', 'fortran_order': False, 'shape': (), }";
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + pickle.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(pickle, 10 + header.length);
  return out;
}

const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

function refused(t: import('ava').ExecutionContext, bytes: Uint8Array, code: string, needle: string): void {
  const e = t.throws(() => parseSeg(objectNpy(bytes)), { instanceOf: Cp2ijError });
  t.is(e?.code as string, code);
  t.true(e!.message.includes(needle), e!.message);
}

test('os.system via GLOBAL (protocol 2) is refused by name', (t) => {
  refused(t, bytesOf('\x80\x02cos\nsystem\nX\x04\x00\x00\x00true\x85R.'), 'unsafe-pickle', '`os.system`');
});

test('os.system via STACK_GLOBAL (protocol 4) is refused by name', (t) => {
  refused(t, bytesOf('\x80\x04\x8c\x02os\x8c\x06system\x93\x8c\x04true\x85R.'), 'unsafe-pickle', '`os.system`');
});

test('builtins.eval, posix.system, subprocess.Popen, numpy.load are refused by name', (t) => {
  for (const g of ['builtins\neval', 'posix\nsystem', 'subprocess\nPopen', 'numpy\nload', '__builtin__\ngetattr']) {
    refused(t, bytesOf(`\x80\x02c${g}\nX\x01\x00\x00\x001\x85R.`), 'unsafe-pickle', `\`${g.replace('\n', '.')}\``);
  }
});

test('NEWOBJ, NEWOBJ_EX, OBJ, INST, PERSID, EXT1 opcodes are refused by name', (t) => {
  const cases: Array<[string, string]> = [
    ['\x80\x02N)\x81.', 'NEWOBJ'],
    ['\x80\x04N)}\x92.', 'NEWOBJ_EX'],
    ['\x80\x02(N)o.', 'OBJ'],
    ['\x80\x02(ios\nsystem\n.', 'INST'],
    ['\x80\x02Pxx\n.', 'PERSID'],
    ['\x80\x02\x82\x01.', 'EXT1'],
  ];
  for (const [p, name] of cases) refused(t, bytesOf(p), 'unsafe-pickle', name);
});

test('REDUCE of a non-callable and BUILD on a dict are refused', (t) => {
  refused(t, bytesOf('\x80\x02N)R.'), 'bad-pickle', 'REDUCE');
  refused(t, bytesOf('\x80\x02}}b.'), 'unsafe-pickle', 'BUILD');
});

test('real hostile pickles written by Python (protocols 2 and 4) are refused before anything runs', (t) => {
  const py = numpyPythons()[0]!;
  const script = `
import os, pickle, sys
class Evil:
    def __reduce__(self):
        return (os.system, ('touch /tmp/cp2ij-pwned',))
sys.stdout.write(pickle.dumps({'masks': Evil()}, protocol=2).hex() + ' ' + pickle.dumps({'masks': Evil()}, protocol=4).hex())`;
  for (const hex of runPython(py, script).trim().split(' ')) {
    const e = t.throws(() => parseSeg(objectNpy(Uint8Array.from(Buffer.from(hex, 'hex')))), { instanceOf: Cp2ijError });
    t.regex(e!.message, /refusing to unpickle global `(os|posix)\.system`/);
  }
});

test('runaway nesting, huge declared lengths, unknown memo and truncation are clean errors', (t) => {
  const deep = '\x80\x02' + 'N' + '\x85'.repeat(100_000) + '.';
  t.is(t.throws(() => parseSeg(objectNpy(bytesOf(deep))), { instanceOf: Cp2ijError })!.code, 'limit');
  const marks = '\x80\x02' + '('.repeat(5000) + '.';
  t.is(t.throws(() => parseSeg(objectNpy(bytesOf(marks))), { instanceOf: Cp2ijError })!.code, 'limit');
  t.is(t.throws(() => parseSeg(objectNpy(bytesOf('\x80\x03B\xff\xff\xff\x7f..'))), { instanceOf: Cp2ijError })!.code, 'truncated');
  t.is(t.throws(() => parseSeg(objectNpy(bytesOf('\x80\x04\x8e\xff\xff\xff\xff\xff\xff\xff\xff.'))), { instanceOf: Cp2ijError })!.code, 'truncated');
  t.is(t.throws(() => parseSeg(objectNpy(bytesOf('\x80\x02h\x07.'))), { instanceOf: Cp2ijError })!.code, 'bad-pickle');
  t.is(t.throws(() => parseSeg(objectNpy(bytesOf('\x80\x02\x8b\x00\x00\x01\x00.'))), { instanceOf: Cp2ijError })!.code, 'limit');
  t.is(t.throws(() => parseSeg(objectNpy(bytesOf('\x80\x02}'))), { instanceOf: Cp2ijError })!.code, 'bad-pickle');
});

test('an empty dict, a pickled list, a dict without masks are bad-seg', (t) => {
  t.is(t.throws(() => parseSeg(objectNpy(bytesOf('\x80\x02}.'))), { instanceOf: Cp2ijError })!.code, 'bad-seg');
  t.is(t.throws(() => parseSeg(objectNpy(bytesOf('\x80\x02].'))), { instanceOf: Cp2ijError })!.code, 'bad-seg');
  const e = t.throws(() => parseSeg(objectNpy(bytesOf('\x80\x02}X\x01\x00\x00\x00aNs.'))), { instanceOf: Cp2ijError });
  t.is(e!.code, 'bad-seg');
  t.regex(e!.message, /no 'masks'/);
});


test('fuzz: 6000 mutations of real fixtures fail only with Cp2ijError', async (t) => {
  const sources = ['np1/cli2d_seg.npy', 'np2/gui3d_seg.npy', 'np1/every_p2_seg.npy', 'np2/every_p5_seg.npy', 'np1/legacy_minus1_seg.npy', 'np2/labels_v3.npy', 'np1/labels_fortran_be.npy'].map(
    (f) => new Uint8Array(readFileSync(path.join(OWN, f))),
  );
  const random = seededRandom(20240601);
  const pick = (n: number): number => Math.floor(random() * n);
  let failures = 0;
  let cases = 0;
  for (; cases < 6000; cases++) {
    const src = sources[cases % sources.length]!;
    let bytes = src.slice();
    const mode = cases % 3;
    if (mode === 0) {
      for (let k = 1 + pick(4); k > 0; k--) bytes[pick(bytes.length)]! ^= 1 << pick(8);
    } else if (mode === 1) {
      bytes = bytes.subarray(0, pick(bytes.length));
    } else {
      // overwrite a would-be length field with a hostile value
      const at = pick(bytes.length - 8);
      const v = [0xffffffff, 0x7fffffff, 0x80000000, bytes.length, pick(1 << 30)][pick(5)]!;
      new DataView(bytes.buffer).setUint32(at, v, true);
    }
    try {
      await parseInput(bytes);
    } catch (e) {
      if (!(e instanceof Cp2ijError)) t.fail(`case ${cases} (mode ${mode}) threw ${String(e)}`);
      failures++;
    }
  }
  t.true(failures > cases / 3);
});
