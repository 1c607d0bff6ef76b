/**
 * The boosting loop shared by HistGradientBoostingClassifier and HistGradientBoostingRegressor (scikit-learn
 * 1.2's BaseHistGradientBoosting): draw the seed, resolve categorical features, hold out validation data for
 * early stopping, bin, start from the baseline prediction, then per iteration compute gradients/hessians and grow
 * one tree per class, stopping when the validation (or training) score stops improving.
 */
import { NDArray } from "../../array/ndarray";
import { BaseEstimator, fittedAttributes } from "../../base/estimator";
import type { Matrix } from "../../base/validation";
import { checkRandomState } from "../../random/global";
import { RandomState } from "../../random/random_state";
import { getScorer } from "../../selection/scoring";
import type { Scorer } from "../../selection/scoring";
import { trainTestSplitIndices } from "../../selection/split";
import { approximateMode, classMembers } from "../../selection/stratify";
import { BinMapperState, binData } from "./binning";
import { fitAndBin } from "./bin_threads";
import { histogramThreadsNow } from "./scan_pool";
import { GrowerWorkspace } from "./grower";
import { HGBLoss, median } from "./losses";
import { COMMON_DEFAULTS, HGBCommonOptions, resolveCategories } from "./options";
import { addTreeBinned, addTreeRaw, TreeArrays } from "./predictor";
import { predictForest } from "./predict_threads";

/** Training data reduced to what the loop needs, with the subclass's encoded target. */
export interface EncodedTarget {
  /** Target as float64: class codes 0…K−1 for classifiers. */
  y: Float64Array;
  loss: HGBLoss;
  /** Class codes to stratify the validation split by (classifiers), else null. */
  stratify: Int32Array | null;
}

/** Binned data wrapped for scorers during fit (scikit-learn scores pre-binned data the same way). */
export interface BinnedX { readonly binned: Uint8Array; readonly rows: number }

/** Base of the two histogram gradient boosting estimators. */
export abstract class BaseHistGradientBoosting extends BaseEstimator {
  declare learningRate: number;
  declare maxIter: number;
  declare maxLeafNodes: number | null;
  declare maxDepth: number | null;
  declare minSamplesLeaf: number;
  declare l2Regularization: number;
  declare maxBins: number;
  declare categoricalFeatures: HGBCommonOptions["categoricalFeatures"];
  declare earlyStopping: "auto" | boolean;
  declare scoring: string | Scorer | null;
  declare validationFraction: number | null;
  declare nIterNoChange: number;
  declare tol: number;
  declare randomState: number | RandomState | null;
  declare loss: string;

  /** Number of boosting iterations run (≤ maxIter with early stopping). */
  declare nIter_: number;
  /** Trees per iteration: the number of classes for multiclass, else 1. */
  declare nTreesPerIteration_: number;
  /** Scores on the training data per iteration (first entry: before any tree); empty without early stopping. */
  declare trainScore_: NDArray;
  /** Scores on the validation data per iteration; empty without early stopping or validation data. */
  declare validationScore_: NDArray;
  /** Per feature, whether it was treated as categorical (null when none was). */
  declare isCategorical_: NDArray | null;
  /** Whether early stopping was used. */
  declare doEarlyStopping_: boolean;
  /** The trees: predictors_[iteration][k] for class k (flat typed arrays). */
  declare predictors_: TreeArrays[][];
  /** The fitted binning (thresholds, categories, NaN bin). */
  declare binMapper_: BinMapperState;
  /** Raw prediction before any tree, one value per tree of an iteration. */
  declare baselinePrediction_: Float64Array;
  static { fittedAttributes(this, ["nIter_", "nTreesPerIteration_", "trainScore_", "validationScore_", "isCategorical_", "doEarlyStopping_", "predictors_", "binMapper_", "baselinePrediction_"]); }

  /** Encode y (and set classes_ for classifiers). */
  protected abstract encodeTarget(y: unknown, rows: number): EncodedTarget;
  /** What the estimator's score() means on binned data (scoring = null). */
  protected abstract defaultScorer(): Scorer;
  /** Predictions for scorers, computed from raw values (class-major) of n samples. */
  protected abstract scorerView(raw: (xb: BinnedX) => Float64Array): object;

  /** Validate the options against the estimator's table, then run the boosting loop. */
  protected fitBoosting(X: unknown, y: unknown): this {
    this.validateParams();
    const m = this.validateX(X, { reset: true, finite: false });
    const target = this.encodeTarget(y, m.rows);
    const { loss } = target;
    const rng = checkRandomState(this.randomState ?? undefined);
    const seed = rng.randint(4294967295) as number;
    const cats = resolveCategories(this.categoricalFeatures, m.data, m.rows, m.cols, this.featureNamesIn_, this.maxBins);
    this.isCategorical_ = cats.any ? new NDArray(cats.mask.slice(), [m.cols], "bool") : null;
    const n = m.rows, cols = m.cols, K = loss.nTrees;
    const doES = this.earlyStopping === "auto" ? n > 10000 : this.earlyStopping;
    const useVal = this.validationFraction !== null;
    let trainIdx: Int32Array | null = null, valIdx: Int32Array | null = null;
    if (doES && useVal) {
      const sp = trainTestSplitIndices(n, { testSize: this.validationFraction, stratify: target.stratify, randomState: seed });
      trainIdx = sp.train;
      valIdx = sp.test;
    }
    const xTrain = trainIdx ? gatherRows(m, trainIdx) : m.data;
    const nTrain = trainIdx ? trainIdx.length : n;
    const yTrain = trainIdx ? gather(target.y, trainIdx) : target.y;
    // the fit's binning and large nodes are shared with the worker on two cores (scan_pool.ts)
    const threads = histogramThreadsNow();
    const { bins, xb } = fitAndBin(xTrain, nTrain, cols, this.maxBins, cats.mask, cats.known, seed, threads);
    const nVal = valIdx ? valIdx.length : 0;
    const xbVal = valIdx ? binData(bins, m.data, n, cols, valIdx) : null;
    const yVal = valIdx ? gather(target.y, valIdx) : null;
    const hasMissing = new Uint8Array(cols);
    for (let j = 0; j < cols; j++) {
      const o = j * nTrain;
      for (let i = 0; i < nTrain; i++) if (xb[o + i] === bins.missingBin) { hasMissing[j] = 1; break; }
    }
    const baseline = loss.baseline(yTrain);
    const raw = new Float64Array(K * nTrain);
    for (let k = 0; k < K; k++) raw.fill(baseline[k], k * nTrain, (k + 1) * nTrain);
    const rawVal = new Float64Array(K * nVal);
    for (let k = 0; k < K; k++) rawVal.fill(baseline[k], k * nVal, (k + 1) * nVal);

    this.binMapper_ = bins;
    this.baselinePrediction_ = baseline;
    this.nTreesPerIteration_ = K;
    const predictors: TreeArrays[][] = [];
    this.predictors_ = predictors;
    const trainScores: number[] = [], valScores: number[] = [];

    let scorer: Scorer | null = null, small: { xb: Uint8Array; rows: number; y: Float64Array } | null = null;
    const scoreBinned = (xbS: Uint8Array, rows: number, yS: Float64Array): number => {
      const view = this.scorerView((b) => this.rawBinned(b.binned, b.rows));
      return scorer!(view, { binned: xbS, rows } as BinnedX, this.labelsFor(yS));
    };
    const checkLoss = (): boolean => {
      trainScores.push(-loss.loss(yTrain, raw));
      if (useVal) valScores.push(-loss.loss(yVal!, rawVal));
      return this.shouldStop(useVal ? valScores : trainScores);
    };
    const checkScorer = (): boolean => {
      trainScores.push(scoreBinned(small!.xb, small!.rows, small!.y));
      if (useVal) valScores.push(scoreBinned(xbVal!, nVal, yVal!));
      return this.shouldStop(useVal ? valScores : trainScores);
    };
    if (doES) {
      if (this.scoring === "loss") checkLoss();
      else {
        scorer = this.scoring === null ? this.defaultScorer() : getScorer(this.scoring);
        small = smallTrainset(xb, nTrain, cols, yTrain, target.stratify ? trainIdx ? gatherInt(target.stratify, trainIdx) : target.stratify : null, seed);
        checkScorer();
      }
    }

    const ws = new GrowerWorkspace(xb, nTrain, bins, hasMissing, threads, {
      maxLeafNodes: this.maxLeafNodes, maxDepth: this.maxDepth, minSamplesLeaf: this.minSamplesLeaf,
      l2Regularization: this.l2Regularization, minHessianToSplit: 1e-3, shrinkage: this.learningRate,
    }, loss.constantHessian);
    // one tree per iteration: the gradients go straight to the histogram builder's memory (same values, fewer copies)
    const inPlace = K === 1 ? ws.gradientBuffers() : null;
    const g = inPlace ? inPlace.gradients : new Float64Array(K * nTrain);
    const h = loss.constantHessian ? new Float64Array(1) : inPlace?.hessians ?? new Float64Array(K * nTrain);
    // the histogram worker holds this fit's memory until told the fit is over (also when it throws)
    try {
      for (let it = 0; it < this.maxIter; it++) {
        loss.gradHess(yTrain, raw, g, h);
        const trees: TreeArrays[] = [];
        for (let k = 0; k < K; k++) {
          const gk = g.subarray(k * nTrain, (k + 1) * nTrain);
          const hk = loss.constantHessian ? h : h.subarray(k * nTrain, (k + 1) * nTrain);
          const grown = ws.grow(gk, hk);
          const part = grown.partition, ro = k * nTrain;
          if (loss.updateLeaves) {
            for (const leaf of grown.leaves) {
              const res = new Float64Array(leaf.stop - leaf.start);
              for (let i = leaf.start; i < leaf.stop; i++) res[i - leaf.start] = yTrain[part[i]] - raw[ro + part[i]];
              leaf.value = this.learningRate * median(res);
              grown.tree.value[leaf.node] = leaf.value;
            }
          }
          for (const leaf of grown.leaves) {
            const v = leaf.value;
            for (let i = leaf.start; i < leaf.stop; i++) raw[ro + part[i]] += v;
          }
          trees.push(grown.tree);
        }
        predictors.push(trees);
        let stop = false;
        if (doES) {
          if (this.scoring === "loss") {
            if (useVal) for (let k = 0; k < K; k++) addTreeBinned(trees[k], xbVal!, nVal, bins.missingBin, rawVal, k * nVal);
            stop = checkLoss();
          } else {
            stop = checkScorer();
          }
        }
        if (stop) break;
      }
    } finally {
      ws.dispose();
    }
    this.nIter_ = predictors.length;
    this.doEarlyStopping_ = doES;
    this.trainScore_ = new NDArray(Float64Array.from(trainScores), [trainScores.length]);
    this.validationScore_ = new NDArray(Float64Array.from(valScores), [valScores.length]);
    return this;
  }

  /** Class labels (classifiers) or the target itself (regressors) for scorers. */
  protected labelsFor(y: Float64Array): unknown { return y; }

  private shouldStop(scores: number[]): boolean {
    const ref = this.nIterNoChange + 1;
    if (scores.length < ref) return false;
    const refScore = scores[scores.length - ref] + this.tol;
    for (let i = scores.length - ref + 1; i < scores.length; i++) if (scores[i] > refScore) return false;
    return true;
  }

  /** Raw predictions (class-major, K·rows) of binned column-major data, all trees. */
  protected rawBinned(xb: Uint8Array, rows: number): Float64Array {
    const K = this.nTreesPerIteration_, out = new Float64Array(K * rows);
    for (let k = 0; k < K; k++) out.fill(this.baselinePrediction_[k], k * rows, (k + 1) * rows);
    for (const trees of this.predictors_) {
      for (let k = 0; k < K; k++) addTreeBinned(trees[k], xb, rows, this.binMapper_.missingBin, out, k * rows);
    }
    return out;
  }

  /**
   * Raw predictions (class-major, K·rows) of raw data, all trees or the first `nIter` iterations.
   * @param X - samples
   * @param method - the public method's name for errors
   */
  protected rawPredict(X: unknown, method: string): { raw: Float64Array; rows: number } {
    const { m, rows, raw, known } = this.rawStart(X, method);
    predictForest(this.predictors_, m.data, rows, m.cols, known, raw, histogramThreadsNow());
    return { raw, rows };
  }

  /** Checked X and raw predictions filled with the baseline: the start of every prediction. */
  private rawStart(X: unknown, method: string) {
    this.checkIsFitted(method);
    const m = this.validateX(X, { reset: false, finite: false });
    const K = this.nTreesPerIteration_, rows = m.rows, raw = new Float64Array(K * rows);
    for (let k = 0; k < K; k++) raw.fill(this.baselinePrediction_[k], k * rows, (k + 1) * rows);
    return { m, K, rows, raw, known: this.binMapper_.knownCategoryBitsets };
  }

  /**
   * Raw predictions after each iteration (class-major, K·rows), as scikit-learn's _staged_raw_predict.
   * @param X - samples
   */
  protected *stagedRaw(X: unknown): Generator<{ raw: Float64Array; rows: number }> {
    const { m, K, rows, raw, known } = this.rawStart(X, "stagedPredict");
    for (const trees of this.predictors_) {
      for (let k = 0; k < K; k++) addTreeRaw(trees[k], m.data, rows, m.cols, known, raw, k * rows, 1);
      yield { raw: raw.slice(), rows };
    }
  }
}

export { COMMON_DEFAULTS };

function gatherRows(m: Matrix, idx: Int32Array): Float64Array {
  const c = m.cols, out = new Float64Array(idx.length * c);
  for (let i = 0; i < idx.length; i++) out.set(m.data.subarray(idx[i] * c, idx[i] * c + c), i * c);
  return out;
}

function gather(a: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = a[idx[i]];
  return out;
}

function gatherInt(a: Int32Array, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = a[idx[i]];
  return out;
}

/**
 * scikit-learn's _get_small_trainset: at most 10 000 training rows for scorer-based early stopping, drawn
 * (stratified for classifiers) with sklearn.utils.resample's algorithm and the fit's seed.
 */
function smallTrainset(xb: Uint8Array, n: number, cols: number, y: Float64Array, strat: Int32Array | null,
  seed: number): { xb: Uint8Array; rows: number; y: Float64Array } {
  const size = 10000;
  if (n <= size) return { xb, rows: n, y };
  const rng = new RandomState(seed);
  let idx: Int32Array;
  if (strat) {
    let nc = 0;
    for (let i = 0; i < n; i++) if (strat[i] + 1 > nc) nc = strat[i] + 1;
    const counts = new Int32Array(nc);
    for (let i = 0; i < n; i++) counts[strat[i]]++;
    const members = classMembers(strat, counts);
    const take = approximateMode(counts, size, rng);
    const picked: number[] = [];
    for (let c = 0; c < nc; c++) {
      const perm = rng.permutation(members[c].length).data;
      for (let j = 0; j < take[c]; j++) picked.push(members[c][perm[j]]);
    }
    const order = rng.permutation(picked.length).data;
    idx = Int32Array.from(order, (p) => picked[p]);
  } else {
    const perm = rng.permutation(n).data;
    idx = Int32Array.from(perm.subarray(0, size));
  }
  const out = new Uint8Array(idx.length * cols);
  for (let j = 0; j < cols; j++) for (let i = 0; i < idx.length; i++) out[j * idx.length + i] = xb[j * n + idx[i]];
  return { xb: out, rows: idx.length, y: gather(y, idx) };
}
