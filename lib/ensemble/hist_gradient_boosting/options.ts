/**
 * Options of the histogram gradient boosting estimators, their defaults and validation, and the resolution of
 * `categoricalFeatures` to a per-feature mask with its known categories (scikit-learn 1.2's _check_categories).
 */
import { InputTypeError, OptionError, ShapeError } from "../../errors";
import type { RandomState } from "../../random/random_state";
import { ARRAY, BOOLEAN, CALLABLE, ParameterConstraints, RANDOM_STATE, interval, oneOf } from "../../base/constraints";
import { SCORER_NAMES } from "../../selection/scoring";
import type { Scorer } from "../../selection/scoring";

/** Options shared by HistGradientBoostingClassifier and HistGradientBoostingRegressor. */
export interface HGBCommonOptions {
  /** Shrinkage of every leaf value. Default 0.1. */
  learningRate?: number;
  /** Boosting iterations (trees per class for multiclass). Default 100. */
  maxIter?: number;
  /** Maximum leaves per tree (null: no limit). Default 31. */
  maxLeafNodes?: number | null;
  /** Maximum depth (edges from root to a leaf; null: no limit). Default null. */
  maxDepth?: number | null;
  /** Minimum samples per leaf. Default 20. */
  minSamplesLeaf?: number;
  /** L2 regularization of leaf values (λ in −G/(H+λ)). Default 0. */
  l2Regularization?: number;
  /** Bins for non-missing values, in [2, 255] (NaN gets one more). Default 255. */
  maxBins?: number;
  /** Categorical features: indices, a boolean mask, or column names (when X is a data frame). Default null. */
  categoricalFeatures?: readonly number[] | readonly boolean[] | readonly string[] | null;
  /** "auto" (on when more than 10 000 samples), true or false. Default "auto". */
  earlyStopping?: "auto" | boolean;
  /** "loss", a scorer name ("accuracy", "f1", "r2", "neg_mean_squared_error"…), a scorer function, or null (the estimator's score). Default "loss". */
  scoring?: string | Scorer | null;
  /** Held-out fraction (or count) for early stopping; null scores on the training data. Default 0.1. */
  validationFraction?: number | null;
  /** Iterations without improvement (by more than tol) before stopping. Default 10. */
  nIterNoChange?: number;
  /** Minimum improvement counted by early stopping. Default 1e-7. */
  tol?: number;
  /** Seed or RandomState (validation split, binning subsample). Default null (the global generator). */
  randomState?: number | RandomState | null;
}

/** Defaults of the shared options (the loss is added by each estimator). */
export const COMMON_DEFAULTS = {
  learningRate: 0.1, maxIter: 100, maxLeafNodes: 31 as number | null, maxDepth: null as number | null, minSamplesLeaf: 20,
  l2Regularization: 0, maxBins: 255, categoricalFeatures: null as HGBCommonOptions["categoricalFeatures"],
  earlyStopping: "auto" as "auto" | boolean, scoring: "loss" as string | Scorer | null, validationFraction: 0.1 as number | null,
  nIterNoChange: 10, tol: 1e-7, randomState: null as number | RandomState | null,
};

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** What each shared option accepts (each estimator adds its loss), checked before fit. */
export const COMMON_CONSTRAINTS: ParameterConstraints<HGBCommonOptions> = {
  learningRate: [interval("real", 0, null, "neither")],
  maxIter: [interval("integer", 1, null, "left")],
  maxLeafNodes: [oneOf(null), interval("integer", 2, null, "left")],
  maxDepth: [oneOf(null), interval("integer", 1, null, "left")],
  minSamplesLeaf: [interval("integer", 1, null, "left")],
  l2Regularization: [interval("real", 0, null, "left")],
  maxBins: [interval("integer", 2, 255, "both")],
  categoricalFeatures: [oneOf(null), ARRAY],
  earlyStopping: [oneOf("auto"), BOOLEAN],
  scoring: [oneOf(null, "loss", ...SCORER_NAMES), CALLABLE],
  validationFraction: [oneOf(null), interval("real", 0, 1, "neither"), interval("integer", 1, null, "left")],
  nIterNoChange: [interval("integer", 1, null, "left")],
  tol: [interval("real", 0, null, "left")],
  randomState: [RANDOM_STATE],
};

/** Categorical features resolved against the training data. */
export interface ResolvedCategories {
  /** Per feature, 1 when categorical (all zero when none). */
  mask: Uint8Array;
  /** Per feature, its sorted known categories (categorical features) or null. */
  known: (Float64Array | null)[];
  any: boolean;
}

/**
 * Resolve `categoricalFeatures` to a mask and check the categories: integers in [0, maxBins) (NaN is missing).
 * @param spec - the option's value
 * @param data - X row-major
 * @param rows - samples
 * @param cols - features
 * @param names - feature names when X was a frame
 * @param maxBins - the maxBins option
 * @example
 * resolveCategories([2], x.data, x.rows, x.cols, undefined, 255).mask; // Uint8Array [0, 0, 1]
 */
export function resolveCategories(spec: HGBCommonOptions["categoricalFeatures"], data: Float64Array, rows: number, cols: number,
  names: string[] | undefined, maxBins: number): ResolvedCategories {
  const mask = new Uint8Array(cols);
  const known: (Float64Array | null)[] = new Array(cols).fill(null);
  if (spec === null || spec === undefined) return { mask, known, any: false };
  if (!Array.isArray(spec)) throw new OptionError("categoricalFeatures", "an array of indices, booleans or column names, or null", spec);
  if (spec.length === 0) return { mask, known, any: false };
  const kinds = new Set(spec.map((v) => typeof v));
  if (kinds.size !== 1) throw new OptionError("categoricalFeatures", "indices, booleans or names (not mixed)", spec);
  const kind = [...kinds][0];
  if (kind === "string") {
    if (!names) {
      throw new OptionError("categoricalFeatures", "integer indices or a boolean mask (X has no column names)", spec);
    }
    for (const nm of spec as string[]) {
      const j = names.indexOf(nm);
      if (j < 0) throw new OptionError("categoricalFeatures", `column names of X (${names.join(", ")})`, nm);
      mask[j] = 1;
    }
  } else if (kind === "boolean") {
    if (spec.length !== cols) {
      throw new ShapeError("categoricalFeatures (boolean mask)", `${cols} entries, one per feature`, `${spec.length}`);
    }
    (spec as boolean[]).forEach((b, j) => { if (b) mask[j] = 1; });
  } else if (kind === "number") {
    for (const j of spec as number[]) {
      if (!isInt(j) || j < 0 || j >= cols) throw new OptionError("categoricalFeatures", `feature indices in [0, ${cols - 1}]`, j);
      mask[j] = 1;
    }
  } else {
    throw new OptionError("categoricalFeatures", "an array of indices, booleans or column names", spec);
  }
  let any = false;
  for (let j = 0; j < cols; j++) {
    if (!mask[j]) continue;
    any = true;
    const seen = new Set<number>();
    const where = names ? `'${names[j]}'` : `at index ${j}`;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + j];
      if (v !== v) continue;
      if (!Number.isInteger(v) || v < 0 || v >= maxBins) {
        throw new InputTypeError(`categorical feature ${where} (row ${i})`,
          `integer categories in [0, ${maxBins - 1}] (encode categories as 0, 1, 2…; maxBins=${maxBins})`, v);
      }
      seen.add(v);
    }
    known[j] = Float64Array.from(seen).sort();
  }
  return { mask, known, any };
}
