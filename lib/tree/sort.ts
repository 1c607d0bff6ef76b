/**
 * Sort a node's feature values together with its sample indices: introsort with a median-of-three pivot and a
 * three-way partition (robust to many equal values), falling back to heapsort past depth 2·log2(n). The order it
 * leaves equal values in is the one scikit-learn's splitter leaves them in, so later floating-point sums over the
 * samples of a node add in the same order.
 */

/**
 * Sort vals[start, start + n) ascending, applying the same swaps to samples.
 * @param vals - feature values (float32)
 * @param samples - sample indices, permuted alongside
 * @param start - first position
 * @param n - number of elements
 * @example
 * sortSamples(Float32Array.of(3, 1, 2), Int32Array.of(0, 1, 2), 0, 3); // samples → [1, 2, 0]
 */
export function sortSamples(vals: Float32Array, samples: Int32Array, start: number, n: number): void {
  if (n <= 1) return;
  const maxd = 2 * Math.trunc(Math.log(n) / Math.log(2.0));
  introsort(vals, samples, start, n, maxd);
}

function introsort(v: Float32Array, s: Int32Array, base: number, n: number, maxd: number): void {
  while (n > 1) {
    if (maxd <= 0) {
      heapsort(v, s, base, n);
      return;
    }
    maxd--;
    const pivot = median3(v, base, n);
    let i = base, l = base, r = base + n;
    while (i < r) {
      const x = v[i];
      if (x < pivot) {
        if (i !== l) { v[i] = v[l]; v[l] = x; const t = s[i]; s[i] = s[l]; s[l] = t; }
        i++; l++;
      } else if (x > pivot) {
        r--;
        v[i] = v[r]; v[r] = x; const t = s[i]; s[i] = s[r]; s[r] = t;
      } else {
        i++;
      }
    }
    introsort(v, s, base, l - base, maxd);
    n -= r - base;
    base = r;
  }
}

function median3(v: Float32Array, base: number, n: number): number {
  const a = v[base], b = v[base + (n >>> 1)], c = v[base + n - 1];
  if (a < b) {
    if (b < c) return b;
    return a < c ? c : a;
  }
  if (b < c) return a < c ? a : c;
  return b;
}

function siftDown(v: Float32Array, s: Int32Array, base: number, root: number, end: number): void {
  for (;;) {
    const child = root * 2 + 1;
    let maxind = root;
    if (child < end && v[base + maxind] < v[base + child]) maxind = child;
    if (child + 1 < end && v[base + maxind] < v[base + child + 1]) maxind = child + 1;
    if (maxind === root) return;
    swap(v, s, base + root, base + maxind);
    root = maxind;
  }
}

function heapsort(v: Float32Array, s: Int32Array, base: number, n: number): void {
  let start = Math.trunc((n - 2) / 2);
  for (;;) {
    siftDown(v, s, base, start, n);
    if (start === 0) break;
    start--;
  }
  for (let end = n - 1; end > 0; end--) {
    swap(v, s, base, base + end);
    siftDown(v, s, base, 0, end);
  }
}

function swap(v: Float32Array, s: Int32Array, i: number, j: number): void {
  const x = v[i]; v[i] = v[j]; v[j] = x;
  const t = s[i]; s[i] = s[j]; s[j] = t;
}
