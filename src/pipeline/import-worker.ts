/** Worker thread of the import: rasterises its share of the RoiSet (see import-spans.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { Cp2ijError } from '../core/errors.js';
import { rasteriseEntries, type SpanJob, type SpanReply } from './import-spans.js';

let reply: SpanReply;
try {
  reply = { ok: true, batch: rasteriseEntries(workerData as SpanJob) };
} catch (e) {
  if (e instanceof Cp2ijError) reply = { ok: false, code: e.code, detail: e.detail };
  else reply = { ok: false, detail: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined };
}
// the span lists are plain ArrayBuffers made by the worker: moved, not copied
const transfer = reply.ok ? [reply.batch.starts.buffer as ArrayBuffer, reply.batch.spans.buffer as ArrayBuffer] : [];
parentPort!.postMessage(reply, transfer);
