/**
 * Benchmark: masks → Cellpose `_cp_outlines.txt` bytes for the L case (8192², ~80,000 touching cells,
 * uint32). Run `node dist/bench/outlines-txt.js [size] [meanDiameter]`.
 */
import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { labelStats, type Masks } from '../src/core/masks.js';
import { outlinesText } from '../src/write/outlines-txt.js';
import { syntheticCells } from './synthetic-cells.js';

const size = Number(process.argv[2] ?? 8192);
const diameter = Number(process.argv[3] ?? 30);

let t0 = performance.now();
const masks: Masks = { width: size, height: size, depth: 1, is3d: false, data: syntheticCells(size, size, diameter, 1) };
const generateMs = performance.now() - t0;
const { count } = labelStats(masks);

t0 = performance.now();
const txt = outlinesText(masks);
const traceMs = performance.now() - t0;

const file = path.join(tmpdir(), `cp2ij-bench-${process.pid}_cp_outlines.txt`);
t0 = performance.now();
writeFileSync(file, txt);
const writeMs = performance.now() - t0;
rmSync(file);

const ms = (v: number): string => `${(v / 1000).toFixed(2)} s`;
console.log(`outlines-txt: ${size}×${size}, ${count} labels, mean diameter ${diameter}px (generated in ${ms(generateMs)})`);
console.log(`  masks → txt bytes: ${ms(traceMs)}  (${(txt.length / 1e6).toFixed(1)} MB)`);
console.log(`  write file:        ${ms(writeMs)}`);
console.log(`  process so far:    ${ms(performance.now())} (includes generation)`);
