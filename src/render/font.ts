/**
 * A tiny built-in 5×7 bitmap font for figure titles (no canvas, no native dependencies). Glyphs are drawn
 * for lower-case letters, digits and a little punctuation; upper case uses the lower-case shapes and any
 * other character shows as an empty box.
 */
import type { Rgb } from './rgb.js';

const ROWS = 7;
const COLS = 5;

/** Each glyph: 7 rows of 5 cells, rows separated by spaces, '#' = ink. */
const GLYPHS: Readonly<Record<string, string>> = {
  a: '..... ..... .###. ....# .#### #...# .####',
  b: '#.... #.... ####. #...# #...# #...# ####.',
  c: '..... ..... .###. #.... #.... #.... .###.',
  d: '....# ....# .#### #...# #...# #...# .####',
  e: '..... ..... .###. #...# ##### #.... .###.',
  f: '..##. .#... ####. .#... .#... .#... .#...',
  g: '..... .#### #...# #...# .#### ....# .###.',
  h: '#.... #.... ####. #...# #...# #...# #...#',
  i: '..#.. ..... .##.. ..#.. ..#.. ..#.. .###.',
  j: '...#. ..... ..##. ...#. ...#. #..#. .##..',
  k: '#.... #.... #..#. #.#.. ##... #.#.. #..#.',
  l: '.##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  m: '..... ..... ##.#. #.#.# #.#.# #.#.# #.#.#',
  n: '..... ..... ####. #...# #...# #...# #...#',
  o: '..... ..... .###. #...# #...# #...# .###.',
  p: '..... ..... ####. #...# #...# ####. #....',
  q: '..... ..... .#### #...# #...# .#### ....#',
  r: '..... ..... #.##. ##..# #.... #.... #....',
  s: '..... ..... .#### #.... .###. ....# ####.',
  t: '.#... .#... ####. .#... .#... .#..# ..##.',
  u: '..... ..... #...# #...# #...# #..## .##.#',
  v: '..... ..... #...# #...# #...# .#.#. ..#..',
  w: '..... ..... #...# #...# #.#.# #.#.# .#.#.',
  x: '..... ..... #...# .#.#. ..#.. .#.#. #...#',
  y: '..... #...# #...# #...# .#### ....# .###.',
  z: '..... ..... ##### ...#. ..#.. .#... #####',
  '0': '.###. #...# #..## #.#.# ##..# #...# .###.',
  '1': '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
  '2': '.###. #...# ....# ...#. ..#.. .#... #####',
  '3': '####. ....# ....# .###. ....# ....# ####.',
  '4': '...#. ..##. .#.#. #..#. ##### ...#. ...#.',
  '5': '##### #.... ####. ....# ....# #...# .###.',
  '6': '..##. .#... #.... ####. #...# #...# .###.',
  '7': '##### ....# ...#. ..#.. .#... .#... .#...',
  '8': '.###. #...# #...# .###. #...# #...# .###.',
  '9': '.###. #...# #...# .#### ....# ...#. .##..',
  ' ': '..... ..... ..... ..... ..... ..... .....',
  '.': '..... ..... ..... ..... ..... .##.. .##..',
  ',': '..... ..... ..... ..... .##.. ..#.. .#...',
  ':': '..... .##.. .##.. ..... .##.. .##.. .....',
  '-': '..... ..... ..... ##### ..... ..... .....',
  _: '..... ..... ..... ..... ..... ..... #####',
  '/': '....# ....# ...#. ..#.. .#... #.... #....',
  '(': '...#. ..#.. .#... .#... .#... ..#.. ...#.',
  ')': '.#... ..#.. ...#. ...#. ...#. ..#.. .#...',
};
const UNKNOWN = '##### #...# #...# #...# #...# #...# #####';

const BITMAPS = new Map<string, Uint8Array>();
function bitmap(ch: string): Uint8Array {
  const key = ch.toLowerCase();
  let bits = BITMAPS.get(key);
  if (!bits) {
    const rows = (GLYPHS[key] ?? UNKNOWN).split(' ');
    bits = Uint8Array.from(rows.join(''), (c) => (c === '#' ? 1 : 0));
    BITMAPS.set(key, bits);
  }
  return bits;
}

/** Height of a line of text drawn at `scale`. */
export function textHeight(scale: number): number {
  return ROWS * scale;
}

/** Width of `text` at `scale` (one blank column between glyphs). */
export function textWidth(text: string, scale: number): number {
  const n = [...text].length;
  return n === 0 ? 0 : (n * (COLS + 1) - 1) * scale;
}

/** Draw `text` with its top-left corner at (x, y), each font cell a `scale`×`scale` square; clipped to the picture. */
export function drawText(rgb: Rgb, text: string, x: number, y: number, scale: number, colour: readonly [number, number, number]): void {
  let left = x;
  for (const ch of text) {
    const bits = bitmap(ch);
    for (let r = 0; r < ROWS; r++) {
      for (let c = 0; c < COLS; c++) {
        if (bits[r * COLS + c]) fillRect(rgb, left + c * scale, y + r * scale, scale, scale, colour);
      }
    }
    left += (COLS + 1) * scale;
  }
}

export function fillRect(rgb: Rgb, x: number, y: number, w: number, h: number, colour: readonly [number, number, number]): void {
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(rgb.width, x + w);
  const y1 = Math.min(rgb.height, y + h);
  for (let yy = y0; yy < y1; yy++) {
    for (let xx = x0; xx < x1; xx++) {
      const o = 3 * (yy * rgb.width + xx);
      rgb.data[o] = colour[0];
      rgb.data[o + 1] = colour[1];
      rgb.data[o + 2] = colour[2];
    }
  }
}
