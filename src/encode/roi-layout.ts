/**
 * Byte offsets and small primitives shared by the `.roi` decoder and encoder (doc §2, §7, §9).
 */

export const HEADER_SIZE = 64;
export const HEADER2_SIZE = 64;

/** Header offsets (absolute). */
export const H = {
  VERSION: 4,
  TYPE: 6,
  TOP: 8,
  LEFT: 10,
  BOTTOM: 12,
  RIGHT: 14,
  N_COORDINATES: 16,
  X1: 18,
  Y1: 22,
  X2: 26,
  Y2: 30,
  /** i32 vertex count when the u16 at 16 is 0 (overlaps X1). */
  N_COORDINATES_I32: 18,
  STROKE_WIDTH: 34,
  SHAPE_ROI_SIZE: 36,
  STROKE_COLOR: 40,
  FILL_COLOR: 44,
  SUBTYPE: 48,
  OPTIONS: 50,
  ARROW_STYLE: 52,
  FLOAT_PARAM: 52,
  ARROW_HEAD_SIZE: 53,
  ROUNDED_RECT_ARC_SIZE: 54,
  POSITION: 56,
  HEADER2_OFFSET: 60,
} as const;

/** Header2 offsets, relative to its start. */
export const H2 = {
  C: 4,
  Z: 8,
  T: 12,
  NAME_OFFSET: 16,
  NAME_LENGTH: 20,
  OVERLAY_LABEL_COLOR: 24,
  OVERLAY_FONT_SIZE: 28,
  GROUP: 30,
  IMAGE_OPACITY: 31,
  IMAGE_SIZE: 32,
  FLOAT_STROKE_WIDTH: 36,
  PROPS_OFFSET: 40,
  PROPS_LENGTH: 44,
  COUNTERS_OFFSET: 48,
  EXTENDED_GROUP: 52,
} as const;

/** ImageJ reads every i16 signed and re-reads values below −5000 as unsigned (doc §9). */
export function fromStoredI16(raw: number): number {
  const signed = (raw << 16) >> 16;
  return signed < -5000 ? raw & 0xffff : signed;
}

/** The lowest value an i16 field can carry through the −5000 rule (the highest is 60535). */
export const I16_MIN = -5000;

/** The doc's writer safety rule: beyond this a bound needs float coordinates. */
export const SAFE_BOUND_MAX = 60000;

export function readUtf16BE(bytes: Uint8Array, offset: number, units: number): string {
  const chunk = 8192;
  let out = '';
  for (let start = 0; start < units; start += chunk) {
    const end = Math.min(units, start + chunk);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const p = offset + 2 * i;
      codes[i - start] = (bytes[p]! << 8) | bytes[p + 1]!;
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

export function writeUtf16BE(bytes: Uint8Array, offset: number, s: string): void {
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    bytes[offset + 2 * i] = u >> 8;
    bytes[offset + 2 * i + 1] = u & 0xff;
  }
}
