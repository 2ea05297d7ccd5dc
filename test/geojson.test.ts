/**
 * QuPath GeoJSON out and back: every geometry cp2ij writes is valid for shapely (GEOS, the rules JTS and
 * QuPath apply), an independent pixel-centre rasteriser in numpy gives back exactly each label's pixels,
 * import of the exports is bit for bit, and GeoJSON written the way QuPath writes it imports as expected.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Masks } from '../src/core/masks.js';
import { RoiType } from '../src/encode/roi-model.js';
import { roiEntries } from '../src/encode/roi-entries.js';
import { runImport } from '../src/node/import.js';
import { loadInput } from '../src/node/inputs.js';
import { readRoiSet } from '../src/read/roiset.js';
import { npyBytes } from '../src/write/npy.js';
import { imagejFillsBack } from './helpers/imagej-fill.js';
import { seededRandom } from './helpers/random.js';

const SHARED = path.resolve('..', 'shared', 'fixtures', 'seg');
const cp2ij = (...args: string[]) => execFileSync(process.execPath, ['bin/cp2ij.js', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Hard cases: diagonal contacts, checkerboards, nested rings, holes touching shells, parts, borders, 1-px lines, big ids, 3D. */
function hardCases(): { name: string; masks: Masks }[] {
  const cases: { name: string; masks: Masks }[] = [];
  const add = (name: string, width: number, height: number, depth: number, f: (x: number, y: number, z: number) => number) => {
    const data = new Uint32Array(width * height * depth);
    for (let z = 0; z < depth; z++) for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[(z * height + y) * width + x] = f(x, y, z);
    cases.push({ name, masks: { width, height, depth, is3d: depth > 1, data } });
  };
  add('checkerboard', 12, 10, 1, (x, y) => ((x + y) % 2 === 0 ? 7 : 0));
  add('checker2', 9, 9, 1, (x, y) => ((x + y) % 2 === 0 ? 1 : 2));
  add('nested', 15, 15, 1, (x, y) => { const r = Math.max(Math.abs(x - 7), Math.abs(y - 7)); return r % 2 === 0 ? 3 : 0; });
  // a C closed only by a diagonal contact: a hole touching its shell at one point
  add('c-diagonal', 6, 6, 1, (x, y) => ((x === 1 || y === 1 || y === 4 || (x === 4 && y >= 3)) && x >= 1 && x <= 4 && y >= 1 && y <= 4 && !(x === 4 && y === 2) ? 5 : 0) + (x === 5 && y === 2 ? 0 : 0));
  add('hole-diagonal-holes', 7, 7, 1, (x, y) => (x >= 1 && x <= 5 && y >= 1 && y <= 5 && !((x === 2 && y === 2) || (x === 3 && y === 3) || (x === 4 && y === 4)) ? 9 : 0));
  add('lines', 11, 5, 1, (x, y) => (y === 2 ? 4 : x === 5 ? 6 : 0));
  add('borders-full', 5, 4, 1, () => 2 ** 32 - 1);
  add('bigids', 6, 6, 1, (x, y) => (x < 3 ? 65536 + y : 16777217 + (y % 2)));
  add('stack', 8, 7, 3, (x, y, z) => ((x + y + z) % 3 === 0 ? 1 + z : (x * y) % 5 === 0 ? 40 : 0));
  const random = seededRandom(99);
  for (let k = 0; k < 150; k++) {
    const labels = 1 + Math.floor(random() * 3);
    const density = 0.3 + random() * 0.5;
    add(`random${k}`, 9 + Math.floor(random() * 8), 8 + Math.floor(random() * 8), 1, () => (random() < density ? 1 + Math.floor(random() * labels) : 0));
  }
  return cases;
}

const CHECK = `
import json, sys, numpy as np
from shapely.geometry import shape
from shapely.validation import explain_validity

def raster(polys, h, w):
    """pixel centres inside (even-odd per polygon, union over polygons): independent of cp2ij"""
    out = np.zeros((h, w), bool)
    cy, cx = np.mgrid[0:h, 0:w] + 0.5
    for rings in polys:
        inside = np.zeros((h, w), bool)
        for ring in rings:
            r = np.asarray(ring, float)
            for (x0, y0), (x1, y1) in zip(r[:-1], r[1:]):
                if y0 == y1: continue
                cross = ((y0 > cy) != (y1 > cy)) & (cx < (x1 - x0) * (cy - y0) / (y1 - y0) + x0)
                inside ^= cross
        out |= inside
    return out

problems = []
checked = 0
for line in open(sys.argv[1]):
    gj, truth = line.split()
    masks = np.load(truth)
    if masks.ndim == 2: masks = masks[None]
    fc = json.load(open(gj))
    seen = set()
    for f in fc['features']:
        g = f['geometry']
        shp = shape(g)
        if not shp.is_valid: problems.append(f"{gj} {f['properties']['name']}: {explain_validity(shp)}")
        polys = [g['coordinates']] if g['type'] == 'Polygon' else g['coordinates']
        for rings in polys:
            for ring in rings:
                if ring[0] != ring[-1]: problems.append(f'{gj}: ring not closed')
                pts = np.asarray(ring)
                if not np.issubdtype(pts.dtype, np.integer): problems.append(f'{gj}: non-integer vertex')
                d = np.diff(pts, axis=0)
                turn = d[:-1, 0] * d[1:, 1] - d[:-1, 1] * d[1:, 0]
                if (turn == 0).any(): problems.append(f'{gj}: a vertex where the direction does not change')
        z = g.get('plane', {}).get('z', 0)
        label = f['properties']['measurements']['Label']
        seen.add((label, z))
        got = raster(polys, masks.shape[1], masks.shape[2])
        if not (got == (masks[z] == label)).all(): problems.append(f"{gj} label {label} z {z}: pixels differ")
        checked += 1
    want = {(int(v), z) for z in range(masks.shape[0]) for v in np.unique(masks[z]) if v != 0}
    if seen != want: problems.append(f'{gj}: features {len(seen)} != label planes {len(want)}')
print(json.dumps({'checked': checked, 'problems': problems[:20]}))
`;

test('GeoJSON of every fixture and 159 hard cases: valid for shapely, exact by pixel centres, integer corners only where the direction turns, and imported back bit for bit', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-geojson-'));
  const inputs: { file: string; truth: string }[] = [];
  for (const v of ['np1', 'np2']) {
    for (const f of readdirSync(path.join(SHARED, v)).filter((f) => f.endsWith('_seg.npy') && !f.startsWith('empty'))) {
      inputs.push({ file: path.join(SHARED, v, f), truth: path.join(SHARED, v, f.replace('_seg.npy', '_masks.npy')) });
    }
  }
  for (const c of hardCases()) {
    const file = path.join(dir, `${c.name}_masks.npy`);
    const { width, height, depth, is3d } = c.masks;
    writeFileSync(file, npyBytes({ dtype: 'uint32', shape: is3d ? [depth, height, width] : [height, width], data: c.masks.data }));
    inputs.push({ file, truth: file });
  }
  const out = path.join(dir, 'out');
  const lines: string[] = [];
  for (const v of ['np1', 'np2']) {
    // one call per folder of inputs; names collide across np1/np2, so each goes to its own folder
    cp2ij('export', ...inputs.filter((i) => i.file.includes(`/${v}/`)).map((i) => i.file), '--format', 'geojson', '--out', path.join(out, v), '--quiet');
  }
  cp2ij('export', ...inputs.filter((i) => i.file.startsWith(dir)).map((i) => i.file), '--format', 'geojson', '--out', path.join(out, 'hard'), '--quiet');
  for (const i of inputs) {
    const group = i.file.includes('/np1/') ? 'np1' : i.file.includes('/np2/') ? 'np2' : 'hard';
    lines.push(`${path.join(out, group, path.basename(i.file).replace(/(_seg|_masks)\.npy$/, '.geojson'))} ${i.truth}`);
  }
  writeFileSync(path.join(dir, 'list.txt'), lines.join('\n'));
  const report = JSON.parse(execFileSync('/usr/bin/python3', ['-c', CHECK, path.join(dir, 'list.txt')], { encoding: 'utf8', maxBuffer: 1 << 26 })) as { checked: number; problems: string[] };
  t.deepEqual(report.problems, []);
  t.true(report.checked > 1000, `${report.checked} features checked`);
  t.log(`${inputs.length} label images, ${report.checked} features: all valid and exact`);

  // back: import each export onto its own size, bit for bit
  let differing = 0;
  for (const i of inputs) {
    const group = i.file.includes('/np1/') ? 'np1' : i.file.includes('/np2/') ? 'np2' : 'hard';
    const gj = path.join(out, group, path.basename(i.file).replace(/(_seg|_masks)\.npy$/, '.geojson'));
    const truth = (await loadInput(i.truth)).masks;
    const back = path.join(dir, `back_${group}_${path.basename(i.truth)}`);
    await runImport({ inputs: [gj], out: back, shape: { width: truth.width, height: truth.height, depth: truth.depth, is3d: truth.is3d } });
    const got = (await loadInput(back)).masks.data;
    for (let k = 0; k < got.length; k++) if (got[k] !== truth.data[k]) differing++;
  }
  t.is(differing, 0, 'pixels that differ after export → import');
});

test('3D GeoJSON: one feature per label per plane, geometry.plane.z 0-based; objectType, name prefix and colours', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-geojson3d-'));
  cp2ij('export', path.join(SHARED, 'np1', 'stack3d_cli_seg.npy'), '--format', 'geojson', '--qupath-object', 'annotation', '--prefix', 'cell', '--out', dir, '--quiet');
  const fc = JSON.parse(readFileSync(path.join(dir, 'stack3d_cli.geojson'), 'utf8')) as { features: { geometry: { plane: { z: number; c: number } }; properties: { objectType: string; name: string; measurements: Record<string, number> } }[] };
  t.true(fc.features.length > 90);
  t.true(fc.features.every((f) => f.properties.objectType === 'annotation' && f.properties.name === `cell${f.properties.measurements.Label}` && f.geometry.plane.c === -1));
  t.deepEqual([...new Set(fc.features.map((f) => f.geometry.plane.z))].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
  cp2ij('export', path.join(SHARED, 'np2', 'typical_gui_seg.npy'), '--format', 'geojson', '--out', dir, '--quiet');
  const gui = JSON.parse(readFileSync(path.join(dir, 'typical_gui.geojson'), 'utf8')) as { features: { properties: { color?: number[] } }[] };
  t.true(gui.features.every((f) => Array.isArray(f.properties.color) && f.properties.color.length === 3), 'the seg colours become feature colours');
  t.is(readFileSync(path.join(dir, 'typical_gui.geojson'), 'utf8'), (cp2ij('export', path.join(SHARED, 'np2', 'typical_gui_seg.npy'), '--format', 'geojson', '--out', dir, '--quiet'), readFileSync(path.join(dir, 'typical_gui.geojson'), 'utf8')), 'deterministic bytes');
});

test('GeoJSON as QuPath writes it after editing: annotations, detections, cells (boundary, not nucleus), classifications, non-integer vertices, unnamed objects, holes, MultiPolygons; points and lines named as skipped', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-qupath-'));
  const feature = (geometry: object, properties: object) => ({ type: 'Feature', id: '6d1b1f4e-0000-4000-8000-000000000000', geometry, properties });
  const fc = {
    type: 'FeatureCollection',
    features: [
      feature({ type: 'Polygon', coordinates: [[[2, 2], [10, 2], [10, 10], [2, 10], [2, 2]], [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]]] }, { objectType: 'annotation', name: '5', classification: { name: 'Tumor', color: [200, 0, 0] }, isLocked: false }),
      feature({ type: 'Polygon', coordinates: [[[12.3, 1.7], [19.6, 1.7], [19.6, 6.2], [12.3, 6.2], [12.3, 1.7]]] }, { objectType: 'detection', measurements: { 'Nucleus: Area': 12 } }),
      feature({ type: 'Polygon', coordinates: [[[1, 12], [8, 12], [8, 18], [1, 18], [1, 12]]] }, { objectType: 'cell', name: '9', nucleusGeometry: { type: 'Polygon', coordinates: [[[3, 14], [5, 14], [5, 16], [3, 16], [3, 14]]] } }),
      feature({ type: 'MultiPolygon', coordinates: [[[[12, 12], [14, 12], [14, 14], [12, 14], [12, 12]]], [[[16, 16], [18, 16], [18, 18], [16, 18], [16, 16]]]] }, { objectType: 'annotation' }),
      feature({ type: 'Point', coordinates: [3, 3] }, { objectType: 'annotation', name: 'a point' }),
      feature({ type: 'LineString', coordinates: [[0, 0], [5, 5]] }, { objectType: 'annotation', name: 'a line' }),
    ],
  };
  const file = path.join(dir, 'edited.geojson');
  writeFileSync(file, JSON.stringify(fc));
  const out = path.join(dir, 'edited_masks.npy');
  const r = JSON.parse(cp2ij('import', file, '--shape', '20,20', '--out', out, '--json')) as { labels: number; painted: number; skipped: { name: string; reason: string }[] };
  t.is(r.painted, 4);
  t.deepEqual(r.skipped.map((s) => s.name), ['a point', 'a line']);
  const py = execFileSync('/usr/bin/python3', ['-c', `import numpy as np, sys
m = np.load(sys.argv[1])
print(m[3, 3], m[5, 5], m[3, 13], m[2, 12], m[6, 19], m[1, 13], m[15, 4], m[13, 13], m[17, 17], sorted(set(np.unique(m)) - {0}))`, out], { encoding: 'utf8' }).trim();
  // hole of 5 empty; the unnamed detection gets the first fresh id (10), the unnamed MultiPolygon the next (11)
  t.is(py, '5 0 10 10 0 0 9 11 11 [5, 9, 10, 11]');
});

test('--roi-type polygon: one-region labels become polygon ROIs (type 0) that real ImageJ fills exactly as the traced ones', async (t) => {
  const input = await loadInput(path.join(SHARED, 'np1', 'typical_cli_seg.npy'));
  const { entries } = roiEntries(input.masks, { roiType: 'polygon', colors: input.seg?.colors });
  const types = new Set(readRoiSet((await import('../src/write/roiset.js')).roiSetZip(entries)).map((i) => i.roi.type));
  t.true(types.has(RoiType.POLYGON) && !types.has(RoiType.TRACED), [...types].join(','));
  const holes = await loadInput(path.join(SHARED, 'np1', 'holes_seg.npy'));
  await imagejFillsBack(t, [
    { name: 'typical polygon ROIs', masks: input.masks, options: { roiType: 'polygon' } },
    { name: 'holes polygon ROIs', masks: holes.masks, options: { roiType: 'polygon' } },
  ]);
});
