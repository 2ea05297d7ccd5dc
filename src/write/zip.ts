/** ZIP archives as cp2ij writes them: RoiSets (write/roiset.ts) and the web page's bundle of outputs. */
import { crc32 } from '../core/crc32.js';
import { Cp2ijError } from '../core/errors.js';
import { ZIP } from '../core/zip-layout.js';

const { LOCAL_SIG, CENTRAL_SIG, EOCD_SIG, ZIP64_EOCD_SIG, ZIP64_LOCATOR_SIG, LOCAL_SIZE, CENTRAL_SIZE, EOCD_SIZE, ZIP64_EOCD_SIZE, ZIP64_LOCATOR_SIZE } = ZIP;
const UTF8_FLAG = 0x0800;
/** 1980-01-01 00:00:00, the DOS epoch: no clock in the output. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

/**
 * A stored (uncompressed) archive of `payloads` under `entryNames`, in one preallocated buffer: sizes in
 * the local headers (what ImageJ's reader requires), ZIP64 above 65,535 entries, the DOS epoch as every
 * timestamp, so the same entries always give the same bytes.
 */
export function zipStored(entryNames: readonly string[], payloads: readonly Uint8Array[]): Uint8Array {
  const encoder = new TextEncoder();
  const names = entryNames.map((n) => asciiBytes(n) ?? encoder.encode(n));
  let localTotal = 0;
  let centralTotal = 0;
  for (let i = 0; i < payloads.length; i++) {
    localTotal += LOCAL_SIZE + names[i]!.length + payloads[i]!.length;
    centralTotal += CENTRAL_SIZE + names[i]!.length;
  }
  if (localTotal + centralTotal > ZIP.U32_MAX) throw new Cp2ijError('limit', 'archive larger than 4 GiB');
  const zip64 = payloads.length > 0xffff;
  const total = localTotal + centralTotal + (zip64 ? ZIP64_EOCD_SIZE + ZIP64_LOCATOR_SIZE : 0) + EOCD_SIZE;

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let local = 0;
  let central = localTotal;
  for (let i = 0; i < payloads.length; i++) {
    const name = names[i]!;
    const data = payloads[i]!;
    const crc = crc32(data);
    const flags = isAscii(name) ? 0 : UTF8_FLAG;
    // local file header
    view.setUint32(local, LOCAL_SIG, true);
    view.setUint16(local + 4, 10, true); // version needed: 1.0 suffices for stored
    view.setUint16(local + 6, flags, true);
    view.setUint16(local + 8, 0, true); // method: stored
    view.setUint16(local + 10, DOS_TIME, true);
    view.setUint16(local + 12, DOS_DATE, true);
    view.setUint32(local + 14, crc, true);
    view.setUint32(local + 18, data.length, true);
    view.setUint32(local + 22, data.length, true);
    view.setUint16(local + 26, name.length, true);
    view.setUint16(local + 28, 0, true);
    out.set(name, local + LOCAL_SIZE);
    out.set(data, local + LOCAL_SIZE + name.length);
    // central directory header
    view.setUint32(central, CENTRAL_SIG, true);
    view.setUint16(central + 4, 20, true); // made by: MS-DOS/FAT, spec 2.0
    view.setUint16(central + 6, 10, true);
    view.setUint16(central + 8, flags, true);
    view.setUint16(central + 10, 0, true);
    view.setUint16(central + 12, DOS_TIME, true);
    view.setUint16(central + 14, DOS_DATE, true);
    view.setUint32(central + 16, crc, true);
    view.setUint32(central + 20, data.length, true);
    view.setUint32(central + 24, data.length, true);
    view.setUint16(central + 28, name.length, true);
    // extra, comment, disk, attributes: all 0
    view.setUint32(central + 42, local, true);
    out.set(name, central + CENTRAL_SIZE);
    local += LOCAL_SIZE + name.length + data.length;
    central += CENTRAL_SIZE + name.length;
  }

  let end = central;
  if (zip64) {
    view.setUint32(end, ZIP64_EOCD_SIG, true);
    view.setBigUint64(end + 4, BigInt(ZIP64_EOCD_SIZE - 12), true);
    view.setUint16(end + 12, 45, true);
    view.setUint16(end + 14, 45, true);
    view.setBigUint64(end + 24, BigInt(payloads.length), true);
    view.setBigUint64(end + 32, BigInt(payloads.length), true);
    view.setBigUint64(end + 40, BigInt(centralTotal), true);
    view.setBigUint64(end + 48, BigInt(localTotal), true);
    const locator = end + ZIP64_EOCD_SIZE;
    view.setUint32(locator, ZIP64_LOCATOR_SIG, true);
    view.setBigUint64(locator + 8, BigInt(end), true);
    view.setUint32(locator + 16, 1, true);
    end = locator + ZIP64_LOCATOR_SIZE;
  }
  const count = zip64 ? 0xffff : payloads.length;
  view.setUint32(end, EOCD_SIG, true);
  view.setUint16(end + 8, count, true);
  view.setUint16(end + 10, count, true);
  view.setUint32(end + 12, centralTotal, true);
  view.setUint32(end + 16, localTotal, true);
  return out;
}

/** Names are nearly always ASCII label numbers; a JS loop beats a TextEncoder call per short name. */
function asciiBytes(s: string): Uint8Array | null {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return null;
    out[i] = c;
  }
  return out;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}
