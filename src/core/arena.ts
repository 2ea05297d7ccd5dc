/**
 * Many small typed arrays carved out of a few large blocks. Tens of thousands of separately allocated
 * small buffers (one per ring, one per encoded ROI) cost more in allocation and garbage collection than
 * the work that fills them; views into shared blocks cost one small object each.
 */
export class Arena<T extends Uint8Array | Int32Array> {
  private block: T;
  private used = 0;

  constructor(
    private readonly make: (length: number) => T,
    private readonly blockLength: number,
  ) {
    this.block = make(0);
  }

  /** A fresh zeroed view of `length` elements. */
  alloc(length: number): T {
    if (this.used + length > this.block.length) {
      this.block = this.make(Math.max(this.blockLength, length));
      this.used = 0;
    }
    const view = this.block.subarray(this.used, this.used + length) as T;
    this.used += length;
    return view;
  }
}
