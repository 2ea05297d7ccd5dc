/**
 * `<base>_outlines.svg`: one `<path>` per ROI (a label on a plane) with the tracer's exact pixel-edge rings,
 * filled even–odd so holes stay holes, over the image as an embedded PNG when there is one. Each path
 * carries its label as `id="label-N"`, `data-label="N"` and a `<title>`, and its colour as fill (translucent)
 * and stroke. Coordinates are pixel corners, so the viewBox is exactly the image, one unit per pixel.
 */
import { base64 } from '../core/base64.js';
import type { Outline } from '../trace/outline.js';

export interface SvgOptions {
  readonly width: number;
  readonly height: number;
  /** RGB 0…255 for a label. */
  readonly colourOf: (label: number) => readonly [number, number, number];
  /** The picture under the outlines, as PNG bytes. */
  readonly imagePng?: Uint8Array;
  /** Opacity of each ROI's fill (its stroke is opaque). */
  readonly fillOpacity?: number;
}

export function outlinesSvg(outlines: readonly Outline[], options: SvgOptions): string {
  const { width, height, colourOf, imagePng } = options;
  const fillOpacity = options.fillOpacity ?? 0.35;
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n`,
  ];
  if (imagePng) {
    parts.push(
      `<image x="0" y="0" width="${width}" height="${height}" style="image-rendering:pixelated" href="data:image/png;base64,${base64(imagePng)}"/>\n`,
    );
  }
  parts.push(`<g fill-rule="evenodd" fill-opacity="${fillOpacity}" stroke-width="0.5" stroke-linejoin="miter">\n`);
  for (const o of outlines) {
    const colour = hex(colourOf(o.label));
    parts.push(`<path id="label-${o.label}" data-label="${o.label}" fill="${colour}" stroke="${colour}" d="${pathData(o.rings)}"><title>label ${o.label}</title></path>\n`);
  }
  parts.push('</g>\n</svg>\n');
  return parts.join('');
}

/** Rings as SVG path data: each ring `M x y` then H/V steps (edges are axis-aligned), closed with Z. */
export function pathData(rings: readonly Int32Array[]): string {
  const out: string[] = [];
  for (const ring of rings) {
    let x = ring[0]!;
    let y = ring[1]!;
    out.push(`M${x} ${y}`);
    for (let k = 2; k < ring.length; k += 2) {
      const nx = ring[k]!;
      const ny = ring[k + 1]!;
      if (ny === y) out.push(`H${nx}`);
      else if (nx === x) out.push(`V${ny}`);
      else out.push(`L${nx} ${ny}`);
      x = nx;
      y = ny;
    }
    out.push('Z');
  }
  return out.join('');
}

function hex([r, g, b]: readonly [number, number, number]): string {
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}
