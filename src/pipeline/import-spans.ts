/**
 * Rasterising a run of RoiSet entries to compact span lists, on the second core: the import's main
 * thread decodes and paints the first entries while a worker decodes and rasterises the rest; the main
 * thread then paints the worker's spans in input order, so the overlap rule sees the same order as a
 * serial import.
 */
import { Worker } from 'node:worker_threads';
import { Cp2ijError, type ErrorCode } from '../core/errors.js';
import { roiSpans } from '../fill/index.js';
import { roiSetEntries } from '../read/roiset.js';

/** What the worker is asked: entries from…to−1 of the RoiSet in `bytes`, clipped to width × height. */
export interface SpanJob {
  readonly bytes: Uint8Array;
  readonly from: number;
  readonly to: number;
  readonly width: number;
  readonly height: number;
}

/** Entry k's runs are spans[3·starts[k] …] up to starts[k+1], as (y, x0, x1) triples; ROIs without area are in `skipped`. */
export interface SpanBatch {
  readonly starts: Int32Array;
  readonly spans: Int32Array;
  /** [k, why] for entries without area, k relative to `from`. */
  readonly skipped: [number, string][];
}

/** The worker's answer: the batch, or the error it met (Cp2ijErrors keep their code and message). */
export type SpanReply =
  | { readonly ok: true; readonly batch: SpanBatch }
  | { readonly ok: false; readonly code?: ErrorCode; readonly detail: string; readonly stack?: string };

/** Decode and rasterise the job's entries (what the worker runs). */
export function rasteriseEntries(job: SpanJob): SpanBatch {
  const entries = roiSetEntries(job.bytes).slice(job.from, job.to);
  const starts = new Int32Array(entries.length + 1);
  let spans = new Int32Array(1 << 16);
  let n = 0;
  const skipped: [number, string][] = [];
  const sink = (y: number, x0: number, x1: number): void => {
    if (n + 3 > spans.length) {
      const bigger = new Int32Array(spans.length * 2);
      bigger.set(spans);
      spans = bigger;
    }
    spans[n] = y;
    spans[n + 1] = x0;
    spans[n + 2] = x1;
    n += 3;
  };
  entries.forEach((entry, k) => {
    const skip = roiSpans(entry.decode(), job.width, job.height, sink);
    if (skip) skipped.push([k, skip.skipped]);
    starts[k + 1] = n / 3;
  });
  return { starts, spans: spans.slice(0, n), skipped };
}

/** rasteriseEntries in a worker thread: its batch (rejected with the worker's error) and a way to stop it. */
export function rasteriseInWorker(job: SpanJob): { batch: Promise<SpanBatch>; stop: () => void } {
  const worker = new Worker(new URL('./import-worker.js', import.meta.url), { workerData: job });
  const batch = new Promise<SpanBatch>((resolve, reject) => {
    worker.once('message', (reply: SpanReply) => {
      if (reply.ok) resolve(reply.batch);
      else if (reply.code) reject(new Cp2ijError(reply.code, reply.detail));
      else reject(Object.assign(new Error(reply.detail), { stack: reply.stack }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`import worker exited (${code}) without an answer`)));
  });
  return { batch, stop: () => void worker.terminate() };
}
