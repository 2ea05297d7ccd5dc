/**
 * Cellpose's `transforms.normalize99` (facts from its source): 1st and 99th percentiles by numpy's default
 * linear interpolation, then (x − p1) / (p99 − p1) in float32; a range of 1e-3 or less gives all zeros.
 *
 * Percentiles are exact order statistics found without a full sort (a sort of 4 M floats costs ~0.4 s):
 * a histogram when the values are small integers (8/16-bit images), a selection otherwise.
 */
export function normalize99(values: Float32Array): Float32Array {
  const [p1, p99] = percentiles(values, [1, 99]).map(Math.fround);
  const out = new Float32Array(values.length);
  const range = Math.fround(p99! - p1!);
  if (!(range > 1e-3)) return out;
  // float32 steps, as numpy does on a float32 array
  for (let i = 0; i < values.length; i++) out[i] = Math.fround(values[i]! - p1!) / range;
  return out;
}

/** numpy.percentile(values, q) with the default 'linear' method, for each q in 0…100. */
export function percentiles(values: Float32Array, qs: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return qs.map(() => NaN);
  return interpolate(n, qs, smallIntegers(values) ? byHistogram(histogramOf(values)) : bySelection(values));
}

/** The same percentiles from a histogram of integer values (`counts[v]` = how many equal v), `n` in all. */
export function histogramPercentiles(counts: ArrayLike<number>, n: number, qs: readonly number[]): number[] {
  if (n === 0) return qs.map(() => NaN);
  return interpolate(n, qs, byHistogram(counts));
}

/** numpy's 'linear' method between the order statistics around rank q/100·(n − 1). */
function interpolate(n: number, qs: readonly number[], at: (k: number) => number): number[] {
  const ranks = qs.map((q) => (q / 100) * (n - 1));
  return ranks.map((r) => {
    const lo = Math.floor(r);
    const a = at(lo);
    return lo + 1 < n ? a + (at(lo + 1) - a) * (r - lo) : a;
  });
}

/** True when every value is an integer in 0…65535 (so a histogram finds any order statistic). */
function smallIntegers(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 65535 && v === Math.floor(v))) return false;
  }
  return true;
}

function histogramOf(values: Float32Array): Float64Array {
  const counts = new Float64Array(65536);
  for (let i = 0; i < values.length; i++) counts[values[i]!] = counts[values[i]!]! + 1;
  return counts;
}

/** The k-th smallest value (0-based) of the values a histogram counts. */
function byHistogram(counts: ArrayLike<number>): (k: number) => number {
  return (k) => {
    let seen = 0;
    for (let v = 0; v < counts.length; v++) {
      seen += counts[v]!;
      if (seen > k) return v;
    }
    return counts.length - 1;
  };
}

/** The k-th smallest value (0-based) by quickselect on a private copy; NaNs sort last as in numpy. */
function bySelection(values: Float32Array): (k: number) => number {
  const a = new Float64Array(values.length);
  let nans = 0;
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) nans++;
    else a[m++] = v;
  }
  // numpy returns NaN for any percentile of data holding NaN
  if (nans > 0) return () => NaN;
  return (k) => select(a, k);
}

function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const pivot = median3(a[lo]!, a[mid]!, a[hi]!);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

function median3(x: number, y: number, z: number): number {
  return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
}
