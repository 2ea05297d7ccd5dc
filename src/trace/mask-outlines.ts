/**
 * Cellpose's `outlines` array (`utils.masks_to_outlines`, multiplied by the masks as `io.masks_flows_to_seg`
 * and the GUI store it): per plane and per label, every pixel on ANY of the label's external contours
 * as OpenCV reports them (`findContours(box == label, RETR_EXTERNAL, CHAIN_APPROX_NONE)` on the label's
 * tight bounding box), set to the label; 0 elsewhere.
 *
 * Unlike `outlines_list` (src/trace/cellpose-contours.ts), every external contour counts, not only the
 * longest, and no label is dropped (labels come from `find_objects`, not `np.unique(...)[1:]`).
 *
 * OpenCV's external-only border following decides "is this start inside something already traced?"
 * from the marks left on the last border pixel met on the row (positive = inside, negative = the
 * pixel's east neighbour was background). That heuristic, not true nesting, decides which contours
 * exist, so it is reproduced here rather than replaced by a flood fill.
 */
import type { LabelData, Masks } from '../core/masks.js';
import { labelBoxes } from './cellpose-boxes.js';

const MARK = 2;
const MARK_RIGHT = 2 - 128;

/** Steps for direction codes 0…7 = E, NE, N, NW, W, SW, S, SE (y grows downwards). */
const DX = [1, 1, 0, -1, -1, -1, 0, 1] as const;
const DY = [0, -1, -1, -1, 0, 1, 1, 1] as const;

/** The outlines of every plane, in the masks' own typed-array type (so uint16 masks give uint16 outlines). */
export function masksToOutlines(masks: Masks): LabelData {
  const { width, height, depth } = masks;
  const out = newLike(masks.data);
  const painter = new OutlinePainter();
  const n = width * height;
  for (let z = 0; z < depth; z++) {
    painter.paintPlane(masks.data.subarray(z * n, (z + 1) * n) as LabelData, out.subarray(z * n, (z + 1) * n) as LabelData, width, height);
  }
  return out;
}

function newLike(data: LabelData): LabelData {
  if (data instanceof Uint8Array) return new Uint8Array(data.length);
  if (data instanceof Uint16Array) return new Uint16Array(data.length);
  return new Uint32Array(data.length);
}

/** Reusable work image for one label box after another. */
class OutlinePainter {
  private work = new Int8Array(0);

  paintPlane(plane: LabelData, out: LabelData, width: number, height: number): void {
    const boxes = labelBoxes(plane, width, height);
    for (let i = 0; i < boxes.labels.length; i++) {
      this.paintLabel(plane, out, width, boxes.labels[i]!, boxes.minX[i]!, boxes.minY[i]!, boxes.maxX[i]!, boxes.maxY[i]!);
    }
  }

  /** Scan the label's framed box row by row; follow each outer border OpenCV would start. */
  private paintLabel(plane: LabelData, out: LabelData, width: number, label: number, x0: number, y0: number, x1: number, y1: number): void {
    const w = x1 - x0 + 3;
    const h = y1 - y0 + 3;
    const img = this.binaryBox(plane, width, label, x0, y0, x1, y1, w, h);
    for (let y = 1; y < h - 1; y++) {
      const row = y * w;
      let prev = 0;
      let lastBorder = row; // the frame pixel until a border is met on this row
      for (let x = 1; x < w - 1; x++) {
        let p = img[row + x]!;
        if (p === prev) continue;
        if (prev === 0 && p === 1 && img[lastBorder]! <= 0) {
          this.followOuter(img, w, row + x, out, width, label, x0 - 1, y0 - 1);
          p = img[row + x]!;
        }
        prev = p;
        if ((p & -2) !== 0) lastBorder = row + x;
      }
    }
  }

  /** 0/1 copy of the box inside a zero frame, as findContours sees it. */
  private binaryBox(plane: LabelData, width: number, label: number, x0: number, y0: number, x1: number, y1: number, w: number, h: number): Int8Array {
    if (this.work.length < w * h) this.work = new Int8Array(Math.max(w * h, 2 * this.work.length));
    const img = this.work;
    img.fill(0, 0, w);
    img.fill(0, (h - 1) * w, h * w);
    for (let y = y0; y <= y1; y++) {
      const row = (y - y0 + 1) * w;
      img[row] = 0;
      img[row + w - 1] = 0;
      const src = y * width;
      const dst = row + 1 - x0;
      for (let x = x0; x <= x1; x++) img[dst + x] = plane[src + x] === label ? 1 : 0;
    }
    return img;
  }

  /**
   * Suzuki–Abe outer border following as OpenCV runs it (first neighbour clockwise from north-west,
   * then counter-clockwise sweeps), leaving its marks in `img` and painting each visited pixel.
   * (ox, oy) maps box-with-frame coordinates to image coordinates.
   */
  private followOuter(img: Int8Array, w: number, start: number, out: LabelData, width: number, label: number, ox: number, oy: number): void {
    const delta = [1, 1 - w, -w, -w - 1, -1, w - 1, w, w + 1];
    let x = (start % w) + ox;
    let y = Math.floor(start / w) + oy;
    let s = 4;
    let first = start;
    do {
      s = (s - 1) & 7;
      first = start + delta[s]!;
    } while (img[first] === 0 && s !== 4);
    if (s === 4) {
      // an isolated pixel
      img[start] = MARK_RIGHT;
      out[y * width + x] = label;
      return;
    }
    let here = start;
    for (;;) {
      const from = s;
      let next = here;
      for (let k = 1; k <= 8; k++) {
        s = from + k;
        next = here + delta[s & 7]!;
        if (img[next] !== 0) break;
      }
      s &= 7;
      if (s - 1 >= 0 && s - 1 < from) img[here] = MARK_RIGHT;
      else if (img[here] === 1) img[here] = MARK;
      out[y * width + x] = label;
      x += DX[s]!;
      y += DY[s]!;
      if (next === start && here === first) break;
      here = next;
      s = (s + 4) & 7;
    }
  }
}
