/** An 8-bit RGB picture, rows top to bottom, samples interleaved: what every renderer draws into. */
export interface Rgb {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export function blankRgb(width: number, height: number, grey = 0): Rgb {
  const data = new Uint8Array(width * height * 3);
  if (grey) data.fill(grey);
  return { width, height, data };
}

export function copyRgb(rgb: Rgb): Rgb {
  return { width: rgb.width, height: rgb.height, data: rgb.data.slice() };
}

/** As a PNG-encodable picture. */
export function asPicture(rgb: Rgb): { width: number; height: number; channels: 3; data: Uint8Array } {
  return { width: rgb.width, height: rgb.height, channels: 3, data: rgb.data };
}
