/** ZIP archives as cp2ij writes them: RoiSets (write/roiset.ts) and the web page's bundle of outputs. */
import { crc32 } from '../core/crc32.js';
import { Cp2ijError } from '../core/errors.js';
import { CENTRAL, EOCD, LOCAL, ZIP, ZIP64_EOCD, ZIP64_LOCATOR } from '../core/zip-layout.js';

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
    view.setUint16(local + LOCAL.VERSION, 10, true); // version needed: 1.0 suffices for stored
    view.setUint16(local + LOCAL.FLAGS, flags, true);
    view.setUint16(local + LOCAL.METHOD, 0, true); // method: stored
    view.setUint16(local + LOCAL.TIME, DOS_TIME, true);
    view.setUint16(local + LOCAL.DATE, DOS_DATE, true);
    view.setUint32(local + LOCAL.CRC, crc, true);
    view.setUint32(local + LOCAL.COMPRESSED_SIZE, data.length, true);
    view.setUint32(local + LOCAL.SIZE, data.length, true);
    view.setUint16(local + LOCAL.NAME_LENGTH, name.length, true);
    view.setUint16(local + LOCAL.EXTRA_LENGTH, 0, true);
    out.set(name, local + LOCAL_SIZE);
    out.set(data, local + LOCAL_SIZE + name.length);
    // central directory header
    view.setUint32(central, CENTRAL_SIG, true);
    view.setUint16(central + CENTRAL.MADE_BY, 20, true); // made by: MS-DOS/FAT, spec 2.0
    view.setUint16(central + CENTRAL.VERSION, 10, true);
    view.setUint16(central + CENTRAL.FLAGS, flags, true);
    view.setUint16(central + CENTRAL.METHOD, 0, true);
    view.setUint16(central + CENTRAL.TIME, DOS_TIME, true);
    view.setUint16(central + CENTRAL.DATE, DOS_DATE, true);
    view.setUint32(central + CENTRAL.CRC, crc, true);
    view.setUint32(central + CENTRAL.COMPRESSED_SIZE, data.length, true);
    view.setUint32(central + CENTRAL.SIZE, data.length, true);
    view.setUint16(central + CENTRAL.NAME_LENGTH, name.length, true);
    // extra, comment, disk, attributes: all 0
    view.setUint32(central + CENTRAL.LOCAL_OFFSET, local, true);
    out.set(name, central + CENTRAL_SIZE);
    local += LOCAL_SIZE + name.length + data.length;
    central += CENTRAL_SIZE + name.length;
  }

  let end = central;
  if (zip64) {
    view.setUint32(end, ZIP64_EOCD_SIG, true);
    view.setBigUint64(end + ZIP64_EOCD.RECORD_SIZE, BigInt(ZIP64_EOCD_SIZE - 12), true);
    view.setUint16(end + ZIP64_EOCD.MADE_BY, 45, true);
    view.setUint16(end + ZIP64_EOCD.VERSION, 45, true);
    view.setBigUint64(end + ZIP64_EOCD.DISK_ENTRIES, BigInt(payloads.length), true);
    view.setBigUint64(end + ZIP64_EOCD.ENTRIES, BigInt(payloads.length), true);
    view.setBigUint64(end + ZIP64_EOCD.CD_SIZE, BigInt(centralTotal), true);
    view.setBigUint64(end + ZIP64_EOCD.CD_OFFSET, BigInt(localTotal), true);
    const locator = end + ZIP64_EOCD_SIZE;
    view.setUint32(locator, ZIP64_LOCATOR_SIG, true);
    view.setBigUint64(locator + ZIP64_LOCATOR.EOCD_OFFSET, BigInt(end), true);
    view.setUint32(locator + ZIP64_LOCATOR.DISKS, 1, true);
    end = locator + ZIP64_LOCATOR_SIZE;
  }
  const count = zip64 ? 0xffff : payloads.length;
  view.setUint32(end, EOCD_SIG, true);
  view.setUint16(end + EOCD.DISK_ENTRIES, count, true);
  view.setUint16(end + EOCD.ENTRIES, count, true);
  view.setUint32(end + EOCD.CD_SIZE, centralTotal, true);
  view.setUint32(end + EOCD.CD_OFFSET, localTotal, true);
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
