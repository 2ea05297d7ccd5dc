/**
 * The page: takes files (picker, folder picker or drop), hands them to the worker, and shows per item
 * the picture with its outlines, the cell count, problems in plain words, and the download links.
 */
import type { Download, Format, ItemReport, WorkerMessage } from './protocol.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const results = $<HTMLDivElement>('results');
const progress = $<HTMLProgressElement>('progress');
const status = $<HTMLDivElement>('status');
const bundle = $<HTMLDivElement>('bundle');
const drop = $<HTMLDivElement>('drop');
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
/** Blob URLs of the current run, released when the next one starts. */
let urls: string[] = [];

for (const id of ['files', 'folder']) {
  const input = $<HTMLInputElement>(id);
  input.addEventListener('change', () => start([...(input.files ?? [])]));
}
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  start([...(e.dataTransfer?.files ?? [])]);
});

function start(files: File[]): void {
  if (files.length === 0) return;
  for (const url of urls) URL.revokeObjectURL(url);
  urls = [];
  results.replaceChildren();
  bundle.replaceChildren();
  progress.value = 0;
  document.body.dataset.state = 'working';
  const formats = [...document.querySelectorAll<HTMLInputElement>('#formats input:checked')].map((i) => i.value as Format);
  worker.postMessage({ type: 'run', files, formats });
}

worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
  const message = event.data;
  if (message.type === 'progress') {
    progress.max = Math.max(1, message.total);
    progress.value = message.done;
    status.textContent = message.what;
  } else if (message.type === 'item') {
    results.append(itemView(message.item));
  } else {
    progress.value = progress.max;
    status.textContent = `done: ${results.querySelectorAll('.result').length} item(s), ${results.querySelectorAll('.problem').length} with problems`;
    if (message.bundle) bundle.append('Everything in one archive: ', link(message.bundle));
    document.body.dataset.state = 'done';
  }
};

function itemView(item: ItemReport): HTMLElement {
  const section = element('section', 'result');
  section.dataset.file = item.file;
  const text = element('div');
  text.append(element('h2', '', item.file));
  if (item.problem) text.append(element('p', 'problem', `Problem: ${item.problem}`));
  else {
    const size = `${item.width}×${item.height}${item.planes && item.planes > 1 ? `×${item.planes} planes` : ''}`;
    const count = element('p', 'count', item.kind === 'import' ? `new _seg.npy: ${item.labels} cells, ${size}` : `${item.labels} cells, ${size}`);
    count.dataset.labels = String(item.labels);
    text.append(count);
  }
  for (const m of item.messages) text.append(element('p', 'note', m));
  const list = element('div', 'downloads');
  for (const d of item.downloads) list.append(link(d));
  text.append(list);
  section.append(text);
  if (item.preview) {
    const canvas = document.createElement('canvas');
    canvas.width = item.preview.width;
    canvas.height = item.preview.height;
    canvas.getContext('2d')?.putImageData(new ImageData(item.preview.rgba, item.preview.width, item.preview.height), 0, 0);
    section.append(canvas);
  }
  return section;
}

function link(d: Download): HTMLAnchorElement {
  const a = document.createElement('a');
  const url = URL.createObjectURL(d.blob);
  urls.push(url);
  a.href = url;
  a.download = d.name;
  a.textContent = `${d.name} (${formatSize(d.blob.size)})`;
  return a;
}

function element(tag: string, className = '', text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1 << 20 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}
