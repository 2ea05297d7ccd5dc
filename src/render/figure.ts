/**
 * The `_cp_output.png` figure, laid out like Cellpose's `show_segmentation`: panels side by side on white,
 * each under its title. Panels wider or taller than MAX_PANEL pixels are shrunk by a whole factor (box
 * average), as a figure is for looking at and a full-size 4-panel strip of a large image would be huge.
 */
import { blankRgb, type Rgb } from './rgb.js';
import { drawText, textHeight, textWidth } from './font.js';

export const MAX_PANEL = 1024;

export interface Panel {
  readonly title: string;
  readonly picture: Rgb;
}

export function composeFigure(panels: readonly Panel[]): Rgb {
  const factors = panels.map((p) => Math.ceil(Math.max(p.picture.width, p.picture.height) / MAX_PANEL));
  const panelWidth = Math.max(...panels.map((p, k) => Math.ceil(p.picture.width / Math.max(1, factors[k]!))));
  const panelHeight = Math.max(...panels.map((p, k) => Math.ceil(p.picture.height / Math.max(1, factors[k]!))));
  // titles keep a readable size relative to the panels, at least one font cell per pixel
  const scale = Math.max(1, Math.round(Math.max(panelWidth, panelHeight) / 200));
  const margin = 4 * scale;
  const titleBand = textHeight(scale) + 2 * margin;
  const width = margin + panels.length * (panelWidth + margin);
  const height = titleBand + panelHeight + margin;
  const figure = blankRgb(width, height, 255);
  panels.forEach((p, k) => {
    const left = margin + k * (panelWidth + margin);
    const { picture } = p;
    // the common 2048² case halves straight into the figure, without a picture in between
    if (factors[k] === 2 && picture.width % 2 === 0 && picture.height % 2 === 0) halveInto(figure, picture, left, titleBand);
    else paste(figure, shrink(picture, factors[k]!), left, titleBand);
    const title = fitTitle(p.title, panelWidth, scale);
    drawText(figure, title, left + Math.floor((panelWidth - textWidth(title, scale)) / 2), margin, scale, [0, 0, 0]);
  });
  return figure;
}

/** The title, cut with an ellipsis-like '..' if it does not fit the panel. */
function fitTitle(title: string, width: number, scale: number): string {
  let t = title;
  while (t.length > 2 && textWidth(t, scale) > width) t = `${t.slice(0, -3)}..`;
  return t;
}

function paste(target: Rgb, source: Rgb, left: number, top: number): void {
  for (let y = 0; y < source.height; y++) {
    const from = 3 * y * source.width;
    target.data.set(source.data.subarray(from, from + 3 * source.width), 3 * ((top + y) * target.width + left));
  }
}

/** Shrink by `factor` in both directions, each output pixel the mean of its (edge-clipped) block. */
export function shrink(rgb: Rgb, factor: number): Rgb {
  if (factor <= 1) return rgb;
  if (factor === 2 && rgb.width % 2 === 0 && rgb.height % 2 === 0) {
    const half = blankRgb(rgb.width / 2, rgb.height / 2);
    halveInto(half, rgb, 0, 0);
    return half;
  }
  const width = Math.ceil(rgb.width / factor);
  const height = Math.ceil(rgb.height / factor);
  const column = new Int32Array(rgb.width); // output sample offset of each input column
  for (let x = 0; x < rgb.width; x++) column[x] = 3 * Math.floor(x / factor);
  const blockWidth = (ox: number) => Math.min(rgb.width, (ox + 1) * factor) - ox * factor;
  const sums = new Uint32Array(width * 3);
  const out = new Uint8Array(width * height * 3);
  const src = rgb.data;
  for (let oy = 0; oy < height; oy++) {
    sums.fill(0);
    const y1 = Math.min(rgb.height, (oy + 1) * factor);
    for (let y = oy * factor; y < y1; y++) {
      for (let x = 0, s = 3 * y * rgb.width; x < rgb.width; x++, s += 3) {
        const o = column[x]!;
        sums[o] = sums[o]! + src[s]!;
        sums[o + 1] = sums[o + 1]! + src[s + 1]!;
        sums[o + 2] = sums[o + 2]! + src[s + 2]!;
      }
    }
    const rows = y1 - oy * factor;
    for (let ox = 0; ox < width; ox++) {
      const count = rows * blockWidth(ox);
      const o = 3 * (oy * width + ox);
      out[o] = Math.round(sums[3 * ox]! / count);
      out[o + 1] = Math.round(sums[3 * ox + 1]! / count);
      out[o + 2] = Math.round(sums[3 * ox + 2]! / count);
    }
  }
  return { width, height, data: out };
}

/** Factor 2 on even sizes, drawn at (left, top) of `target`: the common case without the general loop's bookkeeping, ~3× faster. */
function halveInto(target: Rgb, rgb: Rgb, left: number, top: number): void {
  const width = rgb.width / 2;
  const height = rgb.height / 2;
  const out = target.data;
  const src = rgb.data;
  const row = 3 * rgb.width;
  for (let oy = 0; oy < height; oy++) {
    let a = 2 * oy * row;
    let o = 3 * ((top + oy) * target.width + left);
    for (let ox = 0; ox < width; ox++, a += 6) {
      const b = a + row;
      out[o++] = (src[a]! + src[a + 3]! + src[b]! + src[b + 3]! + 2) >> 2;
      out[o++] = (src[a + 1]! + src[a + 4]! + src[b + 1]! + src[b + 4]! + 2) >> 2;
      out[o++] = (src[a + 2]! + src[a + 5]! + src[b + 2]! + src[b + 5]! + 2) >> 2;
    }
  }
}
