/**
 * Sort a node's feature values together with its sample indices: introsort with a median-of-three pivot and a
 * three-way partition (robust to many equal values), falling back to heapsort past depth 2·log2(n). The order it
 * leaves equal values in is the one scikit-learn's splitter leaves them in, so later floating-point sums over the
 * samples of a node add in the same order. introsortKeys is the same algorithm on rank keys (one int32 per
 * element); sortDistinctKeys is a plain sort for distinct keys, where any algorithm gives the same order.
 */

/**
 * Sort vals[start, start + n) ascending, applying the same swaps to samples.
 * @param vals - feature values (float32)
 * @param samples - sample indices, permuted alongside
 * @param start - first position
 * @param n - number of elements
 * @param maxd - depth limit before heapsort (scikit-learn's 2·⌊log2 n⌋; smaller only in tests)
 * @example
 * sortSamples(Float32Array.of(3, 1, 2), Int32Array.of(0, 1, 2), 0, 3); // samples → [1, 2, 0]
 */
export function sortSamples(vals: Float32Array, samples: Int32Array, start: number, n: number,
  maxd = maxDepth(n)): void {
  if (n <= 1) return;
  introsort(vals, samples, start, n, maxd);
}

/**
 * scikit-learn's depth limit 2·⌊log(n)/log(2)⌋ (its `log` is base 2), computed as 2·⌊log2 n⌋ from the bit length —
 * the two agree for every n up to 2³¹ (checked exhaustively below 2²², and at every 2^k and 2^k − 1 above).
 */
function maxDepth(n: number): number {
  return 2 * (31 - Math.clz32(n));
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

/**
 * Sort distinct int32 keys a[start, start + n) ascending (insertion sort on short runs, median-of-three quicksort
 * otherwise, recursing on the smaller part). The keys are distinct, so any correct sort leaves the same order.
 * @param a - keys (all different)
 * @param start - first position
 * @param n - number of keys
 * @example
 * sortDistinctKeys(Int32Array.of(5, 2, 9), 0, 3); // → [2, 5, 9]
 */
export function sortDistinctKeys(a: Int32Array, start: number, n: number): void {
  let lo = start, hi = start + n - 1;
  while (hi - lo >= 16) {
    // median of three to a[lo]
    const mid = (lo + hi) >>> 1;
    let x = a[lo], y = a[mid], z = a[hi];
    if (y < x) { const t = x; x = y; y = t; }
    if (z < y) { const t = y; y = z; z = t; if (y < x) { const u = x; x = y; y = u; } }
    a[lo] = x; a[mid] = a[lo + 1]; a[lo + 1] = y; a[hi] = z;
    const pivot = y;
    let i = lo + 1, j = hi;
    for (;;) {
      do i++; while (a[i] < pivot);
      do j--; while (a[j] > pivot);
      if (i >= j) break;
      const t = a[i]; a[i] = a[j]; a[j] = t;
    }
    a[lo + 1] = a[j]; a[j] = pivot;
    if (j - lo < hi - j) {
      sortDistinctKeys(a, lo, j - lo);
      lo = j + 1;
    } else {
      sortDistinctKeys(a, j + 1, hi - j);
      hi = j - 1;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}

/**
 * {@link sortSamples} on rank keys (rank << shift | row): the same introsort — same pivots, same three-way
 * partition, same heapsort fallback — comparing only the ranks, so rows end in exactly the order sortSamples
 * leaves them in for the values those ranks stand for, while each swap moves one int32 instead of two arrays' entries.
 * @param keys - keys, permuted in place
 * @param start - first position
 * @param n - number of keys
 * @param shift - bits of the row in a key
 * @param maxd - depth limit before heapsort (as {@link sortSamples})
 * @example
 * introsortKeys(Int32Array.of(1 << 2 | 0, 0 << 2 | 1, 1 << 2 | 2), 0, 3, 2); // rows → [1, 0, 2]
 */
export function introsortKeys(keys: Int32Array, start: number, n: number, shift: number,
  maxd = maxDepth(n)): void {
  if (n <= 1) return;
  introKeys(keys, start, n, maxd, shift);
}

function introKeys(k: Int32Array, base: number, n: number, maxd: number, shift: number): void {
  while (n > 1) {
    if (maxd <= 0) {
      heapsortKeys(k, base, n, shift);
      return;
    }
    if (n === 2) {
      // What the partition below does with two keys: swap them only if the first ranks higher.
      const a = k[base], b = k[base + 1];
      if ((a >> shift) > (b >> shift)) { k[base] = b; k[base + 1] = a; }
      return;
    }
    maxd--;
    // median of three on ranks
    const a = k[base] >> shift, b = k[base + (n >>> 1)] >> shift, c = k[base + n - 1] >> shift;
    let pivot: number;
    if (a < b) pivot = b < c ? b : a < c ? c : a;
    else pivot = b < c ? (a < c ? a : c) : b;
    // rank < pivot ⇔ key < lo; rank > pivot ⇔ key ≥ hi
    const lo = pivot * (1 << shift), hi = lo + (1 << shift);
    let i = base, l = base, r = base + n;
    while (i < r) {
      const x = k[i];
      if (x < lo) {
        if (i !== l) { k[i] = k[l]; k[l] = x; }
        i++; l++;
      } else if (x >= hi) {
        r--;
        k[i] = k[r]; k[r] = x;
      } else {
        i++;
      }
    }
    introKeys(k, base, l - base, maxd, shift);
    n -= r - base;
    base = r;
  }
}

function heapsortKeys(k: Int32Array, base: number, n: number, shift: number): void {
  let start = Math.trunc((n - 2) / 2);
  for (;;) {
    siftDownKeys(k, base, start, n, shift);
    if (start === 0) break;
    start--;
  }
  for (let end = n - 1; end > 0; end--) {
    const t = k[base]; k[base] = k[base + end]; k[base + end] = t;
    siftDownKeys(k, base, 0, end, shift);
  }
}

function siftDownKeys(k: Int32Array, base: number, root: number, end: number, shift: number): void {
  for (;;) {
    const child = root * 2 + 1;
    let maxind = root;
    if (child < end && (k[base + maxind] >> shift) < (k[base + child] >> shift)) maxind = child;
    if (child + 1 < end && (k[base + maxind] >> shift) < (k[base + child + 1] >> shift)) maxind = child + 1;
    if (maxind === root) return;
    const t = k[base + root]; k[base + root] = k[base + maxind]; k[base + maxind] = t;
    root = maxind;
  }
}
