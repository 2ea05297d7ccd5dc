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
