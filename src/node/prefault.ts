/**
 * Memory for big arrays, made ready on the side. The first write to each 4 KiB page of a fresh array
 * costs a page fault (about 0.12 s per 256 MiB on this project's machines); a worker thread that touches
 * the pages while the main thread is busy with other work takes that cost off the critical path.
 * Small arrays are not worth a thread and are allocated as usual.
 */
import { Worker } from 'node:worker_threads';

const WORTH_A_THREAD = 64 << 20;

// Plain CommonJS evaluated by the worker: it needs no module of ours, so it starts in a few ms.
const TOUCH_PAGES = `
const { workerData, parentPort } = require('node:worker_threads');
const bytes = new Uint8Array(workerData);
for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 0;
parentPort.postMessage('ready');
`;

export interface PreparedMemory {
  readonly buffer: ArrayBufferLike;
  /** Resolves once every page has been touched (at once for small buffers). */
  readonly ready: Promise<void>;
}

/** A zeroed buffer of `byteLength` bytes whose pages are being faulted in by a worker thread. */
export function prepareMemory(byteLength: number): PreparedMemory {
  if (byteLength < WORTH_A_THREAD) return { buffer: new ArrayBuffer(byteLength), ready: Promise.resolve() };
  const buffer = new SharedArrayBuffer(byteLength);
  const worker = new Worker(TOUCH_PAGES, { eval: true, workerData: buffer });
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  }).finally(() => worker.terminate());
  // A caller that fails before awaiting must not turn a worker error into an unhandled rejection.
  ready.catch(() => {});
  return { buffer, ready };
}
