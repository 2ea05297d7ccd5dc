/** Messages between the page (app.ts) and its worker (worker.ts). */
import type { Preview } from './preview.js';

export type Format = 'zip' | 'txt' | 'geojson' | 'macro' | 'png' | 'svg';

export interface RunRequest {
  readonly type: 'run';
  readonly files: File[];
  readonly formats: Format[];
}

export interface Download {
  readonly name: string;
  readonly blob: Blob;
}

/** One Cellpose result, or one way back (`kind: 'import'`), as the page lists it. */
export interface ItemReport {
  readonly file: string;
  readonly kind: 'export' | 'import';
  /** What went wrong, in plain words (then nothing else is set). */
  readonly problem?: string;
  readonly width?: number;
  readonly height?: number;
  readonly planes?: number;
  readonly labels?: number;
  readonly messages: string[];
  readonly downloads: Download[];
  readonly preview?: Preview;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly what: string }
  | { readonly type: 'item'; readonly item: ItemReport }
  | { readonly type: 'done'; readonly bundle?: Download };
