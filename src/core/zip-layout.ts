/**
 * The ZIP records a RoiSet uses (PKWARE APPNOTE): their signatures and fixed sizes, shared by the
 * RoiSet reader and writer so the two can never disagree on the layout.
 */
export const ZIP = {
  LOCAL_SIG: 0x04034b50,
  CENTRAL_SIG: 0x02014b50,
  EOCD_SIG: 0x06054b50,
  ZIP64_EOCD_SIG: 0x06064b50,
  ZIP64_LOCATOR_SIG: 0x07064b50,
  /** Fixed parts of the records, before their variable-length name/extra/comment fields. */
  LOCAL_SIZE: 30,
  CENTRAL_SIZE: 46,
  EOCD_SIZE: 22,
  ZIP64_EOCD_SIZE: 56,
  ZIP64_LOCATOR_SIZE: 20,
  /** A 32-bit size or offset field set to this means "see the ZIP64 record". */
  U32_MAX: 0xffffffff,
} as const;

/** Field offsets within a local file header. */
export const LOCAL = { VERSION: 4, FLAGS: 6, METHOD: 8, TIME: 10, DATE: 12, CRC: 14, COMPRESSED_SIZE: 18, SIZE: 22, NAME_LENGTH: 26, EXTRA_LENGTH: 28 } as const;
/** Field offsets within a central directory header. */
export const CENTRAL = {
  MADE_BY: 4, VERSION: 6, FLAGS: 8, METHOD: 10, TIME: 12, DATE: 14, CRC: 16, COMPRESSED_SIZE: 20, SIZE: 24,
  NAME_LENGTH: 28, EXTRA_LENGTH: 30, COMMENT_LENGTH: 32, LOCAL_OFFSET: 42,
} as const;
/** Field offsets within the end of central directory record. */
export const EOCD = { DISK_ENTRIES: 8, ENTRIES: 10, CD_SIZE: 12, CD_OFFSET: 16 } as const;
/** Field offsets within the ZIP64 end of central directory record and its locator. */
export const ZIP64_EOCD = { RECORD_SIZE: 4, MADE_BY: 12, VERSION: 14, DISK_ENTRIES: 24, ENTRIES: 32, CD_SIZE: 40, CD_OFFSET: 48 } as const;
export const ZIP64_LOCATOR = { EOCD_OFFSET: 8, DISKS: 16 } as const;
