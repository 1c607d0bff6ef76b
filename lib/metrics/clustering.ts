/**
 * Clustering comparison metrics from the contingency table of two labelings (scikit-learn's semantics): the Rand
 * index and its chance-adjusted form (exact integer pair counts), mutual information and its normalized form.
 */
import { NDArray } from "../array/ndarray";
import { pairwiseSum } from "../array/reduce";
import { checkConsistentLength } from "../base/validation";
import { LabelsLike, classesOf, encodeLabels, toLabelVector } from "./labels";
import { checkChoice } from "./targets";

interface Table { rows: number; cols: number; data: Float64Array; n: number }

function table(labelsTrue: LabelsLike, labelsPred: LabelsLike): Table {
  const a = toLabelVector(labelsTrue, "labelsTrue", false);
  const b = toLabelVector(labelsPred, "labelsPred", false);
  checkConsistentLength(["labelsTrue", a.length], ["labelsPred", b.length]);
  const ca = classesOf([a], ["labelsTrue"]).values, cb = classesOf([b], ["labelsPred"]).values;
  const ea = encodeLabels(a, ca), eb = encodeLabels(b, cb);
  const rows = ca.length, cols = cb.length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < a.length; i++) data[ea[i] * cols + eb[i]]++;
  return { rows, cols, data, n: a.length };
}

/**
 * The contingency table: C[i, j] counts samples of true class i (sorted) in predicted cluster j (sorted).
 * @param labelsTrue - reference labels
 * @param labelsPred - cluster labels
 * @returns an int32 NDArray [classes, clusters]
 * @example
 * contingencyMatrix([0, 0, 1, 1], [0, 1, 1, 1]); // [[1, 1], [0, 2]]
 */
export function contingencyMatrix(labelsTrue: LabelsLike, labelsPred: LabelsLike): NDArray {
  const t = table(labelsTrue, labelsPred);
  return new NDArray(Int32Array.from(t.data), [t.rows, t.cols]);
}

/** Pair counts (tn, fp, fn, tp) over all ordered pairs of distinct samples, as exact BigInts. */
function pairConfusion(t: Table): [bigint, bigint, bigint, bigint] {
  const nc = new Float64Array(t.rows), nk = new Float64Array(t.cols);
  let sumSq = 0n;
  for (let i = 0; i < t.rows; i++) {
    for (let j = 0; j < t.cols; j++) {
      const v = t.data[i * t.cols + j];
      nc[i] += v; nk[j] += v;
      sumSq += BigInt(v) * BigInt(v);
    }
  }
  let ck = 0n, cc = 0n;
  for (let i = 0; i < t.rows; i++) for (let j = 0; j < t.cols; j++) {
    const v = BigInt(t.data[i * t.cols + j]);
    ck += v * BigInt(nk[j]);
    cc += v * BigInt(nc[i]);
  }
  const n = BigInt(t.n);
  const tp = sumSq - n, fp = ck - sumSq, fn = cc - sumSq;
  const tn = n * n - fp - fn - sumSq;
  return [tn, fp, fn, tp];
}

/**
 * The Rand index: the fraction of sample pairs on which two labelings agree (sklearn's `rand_score`).
 * @param labelsTrue - reference labels (numbers or strings)
 * @param labelsPred - cluster labels
 * @example
 * randScore([0, 0, 1, 2], [0, 0, 1, 1]); // 0.8333…
 */
export function randScore(labelsTrue: LabelsLike, labelsPred: LabelsLike): number {
  const [tn, fp, fn, tp] = pairConfusion(table(labelsTrue, labelsPred));
  const num = tn + tp, den = tn + fp + fn + tp;
  if (num === den || den === 0n) return 1.0;
  return Number(num) / Number(den);
}

/**
 * The Rand index adjusted for chance: 1 for identical partitions, about 0 for random ones, down to −0.5
 * (sklearn's `adjusted_rand_score`; pair counts are exact integers).
 * @param labelsTrue - reference labels (numbers or strings)
 * @param labelsPred - cluster labels
 * @example
 * adjustedRandScore([0, 0, 1, 2], [0, 0, 1, 1]); // 0.5714…
 * adjustedRandScore([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 */
export function adjustedRandScore(labelsTrue: LabelsLike, labelsPred: LabelsLike): number {
  const [tn, fp, fn, tp] = pairConfusion(table(labelsTrue, labelsPred));
  if (fn === 0n && fp === 0n) return 1.0;
  return 2.0 * Number(tp * tn - fn * fp) / Number((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

function mutualInfo(t: Table): number {
  if (t.rows === 1 || t.cols === 1) return 0;
  const pi = new Float64Array(t.rows), pj = new Float64Array(t.cols);
  for (let i = 0; i < t.rows; i++) for (let j = 0; j < t.cols; j++) { pi[i] += t.data[i * t.cols + j]; pj[j] += t.data[i * t.cols + j]; }
  const total = pairwiseSum(t.data, 0, t.data.length);
  const logSums = Math.log(pairwiseSum(pi, 0, t.rows)) + Math.log(pairwiseSum(pj, 0, t.cols));
  const terms: number[] = [];
  for (let i = 0; i < t.rows; i++) {
    for (let j = 0; j < t.cols; j++) {
      const v = t.data[i * t.cols + j];
      if (v === 0) continue;
      const nm = v / total;
      const logOuter = -Math.log(pi[i] * pj[j]) + logSums;
      const mi = nm * (Math.log(v) - Math.log(total)) + nm * logOuter;
      terms.push(Math.abs(mi) < Number.EPSILON ? 0 : mi);
    }
  }
  return Math.max(pairwiseSum(terms, 0, terms.length), 0);
}

function entropy(counts: Float64Array): number {
  const pi = counts.filter((v) => v > 0);
  if (pi.length <= 1) return 0;
  const s = pairwiseSum(pi, 0, pi.length), ls = Math.log(s);
  const t = pi.map((v) => (v / s) * (Math.log(v) - ls));
  return -pairwiseSum(t, 0, t.length);
}

/**
 * Mutual information (natural log) between two labelings (sklearn's `mutual_info_score`).
 * @param labelsTrue - reference labels (numbers or strings)
 * @param labelsPred - cluster labels
 * @example
 * mutualInfoScore([0, 0, 1, 1], [0, 0, 1, 1]); // 0.6931… (= ln 2)
 */
export function mutualInfoScore(labelsTrue: LabelsLike, labelsPred: LabelsLike): number {
  return mutualInfo(table(labelsTrue, labelsPred));
}

/**
 * Normalized mutual information: MI divided by a mean of the two entropies (sklearn's
 * `normalized_mutual_info_score`).
 * @param labelsTrue - reference labels (numbers or strings)
 * @param labelsPred - cluster labels
 * @param options - averageMethod: "arithmetic" (default), "geometric", "min" or "max"
 * @example
 * normalizedMutualInfoScore([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 */
export function normalizedMutualInfoScore(labelsTrue: LabelsLike, labelsPred: LabelsLike,
  options: { averageMethod?: "arithmetic" | "geometric" | "min" | "max" } = {}): number {
  const method = checkChoice("averageMethod", options.averageMethod ?? "arithmetic", ["arithmetic", "geometric", "min", "max"]);
  const t = table(labelsTrue, labelsPred);
  if ((t.rows === 1 && t.cols === 1) || (t.rows === 0 && t.cols === 0)) return 1.0;
  const mi = mutualInfo(t);
  if (mi === 0) return 0.0;
  const rowSums = new Float64Array(t.rows), colSums = new Float64Array(t.cols);
  for (let i = 0; i < t.rows; i++) for (let j = 0; j < t.cols; j++) { rowSums[i] += t.data[i * t.cols + j]; colSums[j] += t.data[i * t.cols + j]; }
  const hT = entropy(rowSums), hP = entropy(colSums);
  const norm = method === "min" ? Math.min(hT, hP) : method === "max" ? Math.max(hT, hP)
    : method === "geometric" ? Math.sqrt(hT * hP) : (hT + hP) / 2;
  return mi / norm;
}
