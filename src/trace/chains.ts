/**
 * Open pieces of rings while the tracer scans: each chain is a linked list of corner vertices in walking
 * order. Its tail waits for its next edge in a slot (see corner-table.ts); its head waits likewise.
 * Joining, extending and closing are O(1); vertices live in flat typed arrays and are recycled.
 */
import { Arena } from '../core/arena.js';
import { SLOT_H_NORTH, SLOT_H_SOUTH, SLOT_V_EAST, type Connection } from './corner-table.js';

export class ChainStore {
  // Vertex nodes, three values each (x, y, next node in walking order; −1 = none / end of free list),
  // interleaved so following a chain touches one cache line per vertex.
  private nodes = new Int32Array(3 << 16);
  private nodesUsed = 0;
  private freeNodes = -1;

  // Chains: first and last node, the slot its tail waits in, its label.
  private head = new Int32Array(1 << 12);
  private tail = new Int32Array(1 << 12);
  private tailSlot = new Int32Array(1 << 12);
  private size = new Int32Array(1 << 12); // vertices in the chain
  private label = new Uint32Array(1 << 12);
  private chainsUsed = 0;
  private freeChains: number[] = [];

  /**
   * Per slot, the chain waiting there (−1 = none). Slots are double-buffered so that an edge arriving at
   * the current corner ("past") and one leaving it ("future") never share storage, whatever the order in
   * which the labels around the corner are linked: a vertical edge from corner row r to r+1 lives in
   * buffer r mod 2 at 2x (west side) or 2x+1 (east side); a horizontal edge from corner column c to c+1
   * lives after those, in buffer c mod 2 (south side, then north side).
   */
  private readonly slots: Int32Array;
  private readonly rowBuffer: number;
  private x = 0;
  private y = 0;
  // One pool and one set of node arrays serve every plane of a stack: a plane's closed rings leave
  // nothing open behind them, so only where the rings go changes.
  private readonly rings = new Arena((n) => new Int32Array(n), 1 << 20);
  private onRing: (label: number, ring: Int32Array) => void = () => {};

  constructor(width: number) {
    this.rowBuffer = 2 * (width + 1);
    this.slots = new Int32Array(2 * this.rowBuffer + 4).fill(-1);
  }

  /** Start a plane; its closed rings go to `onRing`. */
  beginPlane(onRing: (label: number, ring: Int32Array) => void): void {
    this.onRing = onRing;
  }

  beginCorner(x: number, y: number): void {
    this.x = x;
    this.y = y;
  }

  private slotIndex(slot: number, past: boolean): number {
    if (slot === SLOT_H_SOUTH || slot === SLOT_H_NORTH) {
      const column = past ? this.x - 1 : this.x;
      return 2 * this.rowBuffer + 2 * (column & 1) + (slot === SLOT_H_NORTH ? 1 : 0);
    }
    const row = past ? this.y - 1 : this.y;
    return (row & 1) * this.rowBuffer + 2 * this.x + (slot === SLOT_V_EAST ? 1 : 0);
  }

  /** Link one pass of `label`'s boundary through the current corner. */
  connect(label: number, c: Connection): void {
    const slots = this.slots;
    const inIdx = this.slotIndex(c.inSlot, c.inPast);
    const outIdx = this.slotIndex(c.outSlot, c.outPast);
    if (c.inPast && c.outPast) {
      // Chain a arrives here, chain b leaves from here: one ring closes, or two chains become one.
      const a = slots[inIdx]!;
      const b = slots[outIdx]!;
      slots[inIdx] = -1;
      slots[outIdx] = -1;
      if (c.corner) this.append(a);
      if (a === b) {
        this.emit(a);
      } else {
        this.nodes[this.tail[a]! + 2] = this.head[b]!;
        this.tail[a] = this.tail[b]!;
        this.tailSlot[a] = this.tailSlot[b]!;
        this.size[a]! += this.size[b]!;
        slots[this.tailSlot[a]!] = a;
        this.freeChains.push(b);
      }
    } else if (c.inPast) {
      const a = slots[inIdx]!;
      slots[inIdx] = -1;
      if (c.corner) this.append(a);
      this.tailSlot[a] = outIdx;
      slots[outIdx] = a;
    } else if (c.outPast) {
      const b = slots[outIdx]!;
      slots[outIdx] = -1;
      if (c.corner) this.prepend(b);
      slots[inIdx] = b;
    } else {
      // Both edges lead ahead: a new chain starts with this corner (always a turn).
      const n = this.newNode();
      const k = this.newChain(label, n);
      this.tailSlot[k] = outIdx;
      slots[inIdx] = k;
      slots[outIdx] = k;
    }
  }

  private newNode(): number {
    let n = this.freeNodes;
    if (n >= 0) {
      this.freeNodes = this.nodes[n + 2]!;
    } else {
      n = 3 * this.nodesUsed++;
      if (n === this.nodes.length) this.nodes = grow(this.nodes);
    }
    this.nodes[n] = this.x;
    this.nodes[n + 1] = this.y;
    this.nodes[n + 2] = -1;
    return n;
  }

  private newChain(label: number, node: number): number {
    let k = this.freeChains.pop();
    if (k === undefined) {
      k = this.chainsUsed++;
      if (k === this.head.length) {
        this.head = grow(this.head);
        this.tail = grow(this.tail);
        this.tailSlot = grow(this.tailSlot);
        this.size = grow(this.size);
        const labels = new Uint32Array(this.label.length * 2);
        labels.set(this.label);
        this.label = labels;
      }
    }
    this.head[k] = node;
    this.tail[k] = node;
    this.size[k] = 1;
    this.label[k] = label;
    return k;
  }

  private append(k: number): void {
    const n = this.newNode();
    this.nodes[this.tail[k]! + 2] = n;
    this.tail[k] = n;
    this.size[k]!++;
  }

  private prepend(k: number): void {
    const n = this.newNode();
    this.nodes[n + 2] = this.head[k]!;
    this.head[k] = n;
    this.size[k]!++;
  }

  /** A closed chain: hand its vertices over as a ring and recycle its nodes. */
  private emit(k: number): void {
    const ring = this.rings.alloc(2 * this.size[k]!);
    const nodes = this.nodes;
    let at = 0;
    for (let n = this.head[k]!; n >= 0; n = nodes[n + 2]!) {
      ring[at++] = nodes[n]!;
      ring[at++] = nodes[n + 1]!;
    }
    nodes[this.tail[k]! + 2] = this.freeNodes;
    this.freeNodes = this.head[k]!;
    this.freeChains.push(k);
    this.onRing(this.label[k]!, ring);
  }
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
