/**
 * The PNG encoder decoded by fast-png (pako inflate, its own filter code): every filter on every channel
 * count, 8 and 16 bits, odd sizes, pixel data at unaligned offsets (the word-at-a-time filter path versus
 * its byte fallback), and a large picture per filter, pixel for pixel.
 */
import test from 'ava';
import { decode } from 'fast-png';
import { encodePng, type Picture } from '../src/write/png.js';

const FILTERS = ['none', 'sub', 'up', 'auto'] as const;

function noise(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 255;
}

async function roundTrips(picture: Picture, filter: (typeof FILTERS)[number]): Promise<boolean> {
  const back = decode(await encodePng(picture, { filter }));
  const want = picture.data;
  return back.width === picture.width && back.height === picture.height && back.data.length === want.length && back.data.every((v, i) => v === want[i]);
}

test('every filter, channel count, bit depth, odd size and data offset decodes to the same samples', async (t) => {
  const next = noise(5);
  const failures: string[] = [];
  for (const channels of [1, 2, 3, 4] as const) {
    for (const [width, height] of [[1, 1], [3, 2], [7, 9], [13, 40], [101, 30]] as const) {
      for (const offset of [0, 1, 2, 3]) {
        const n = width * height * channels;
        // runs and noise, so that every filter has something to subtract
        const bytes = new Uint8Array(new ArrayBuffer(n + offset), offset, n).map(() => (next() & 1 ? next() : 7));
        const words = new Uint16Array(n).map(() => next() * 257 + (next() & 3));
        for (const filter of FILTERS) {
          for (const data of [bytes, words]) {
            if (!(await roundTrips({ width, height, channels, data }, filter))) failures.push(`${width}×${height}×${channels} ${data.BYTES_PER_ELEMENT * 8}-bit offset ${offset} ${filter}`);
          }
        }
      }
    }
  }
  t.deepEqual(failures, []);
});

test('a 1024² RGB picture (smooth rows and noise) decodes to the same samples with every filter', async (t) => {
  const next = noise(9);
  const width = 1024;
  const data = new Uint8Array(width * width * 3).map((_, i) => (i % (3 * width) < 3 * 512 ? (i >> 4) & 255 : next()));
  for (const filter of FILTERS) t.true(await roundTrips({ width, height: width, channels: 3, data }, filter), filter);
});
