/**
 * scikit-learn's `as_frame=True` for the loaders: `data` becomes a DataFrame with the feature names as columns,
 * `target` a Series named "target" (a DataFrame for multi-output targets such as Linnerud's), and `frame` the
 * two side by side — here as nodejs-polars frames (loaded only when asked for).
 */
import { NDArray } from "../array/ndarray";
import { OptionError } from "../errors";
import { loadPolars } from "../frame/lazy";
import type { Dataset } from "./loaders";

/** Options every loader takes. */
export interface AsFrameOption {
  /** Return polars frames instead of NDArrays (scikit-learn's as_frame). */
  asFrame?: boolean;
}

/**
 * A dataset loaded with `{ asFrame: true }`. `T` is the target's type: a Series for the single-target loaders
 * (so `target.valueCounts()` type-checks), a DataFrame for Linnerud's three targets.
 */
export interface FrameDataset<T extends FrameTarget = FrameTarget> {
  /** Features, one column per feature name. */
  data: import("nodejs-polars").DataFrame;
  /** The target: a Series named "target", or a DataFrame when there are several targets. */
  target: T;
  /** Features and target(s) side by side. */
  frame: import("nodejs-polars").DataFrame;
  featureNames: string[];
  targetNames: string[];
  descr: string;
  /** Digits only: the 8×8 images, shape [n, 8, 8]. */
  images?: NDArray;
}

/** What a frame dataset's target can be: a polars Series (one target) or DataFrame (several). */
export type FrameTarget = import("nodejs-polars").Series | import("nodejs-polars").DataFrame;

/** Check the asFrame option. */
export function wantsFrame(options: AsFrameOption | undefined): boolean {
  const v = options?.asFrame ?? false;
  if (typeof v !== "boolean") throw new OptionError("asFrame", "a boolean", v);
  return v;
}

function column(a: NDArray, j: number, cols: number): Float64Array | Int32Array {
  const n = a.shape[0];
  const out = a.dtype === "int32" ? new Int32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a.data[i * cols + j];
  return out;
}

/**
 * The frame form of a loaded dataset.
 * @param ds - the dataset as NDArrays
 * @param targetColumns - names of the target columns when the target is 2-D (Linnerud); else the target is "target"
 * @example toFrameDataset(loadIris(), []).frame.columns.at(-1); // "target"
 */
export function toFrameDataset(ds: Dataset, targetColumns: string[] = []): FrameDataset {
  const pl = loadPolars();
  const cols = ds.data.shape[1];
  const data = pl.DataFrame(ds.featureNames.map((name, j) => pl.Series(name, column(ds.data, j, cols))));
  let target: import("nodejs-polars").Series | import("nodejs-polars").DataFrame;
  let frame: import("nodejs-polars").DataFrame;
  if (ds.target.ndim === 2) {
    const tc = ds.target.shape[1];
    target = pl.DataFrame(targetColumns.map((name, j) => pl.Series(name, column(ds.target, j, tc))));
    frame = pl.concat([data, target], { how: "horizontal" });
  } else {
    target = pl.Series("target", ds.target.dtype === "int32" ? Int32Array.from(ds.target.data) : Float64Array.from(ds.target.data));
    frame = data.withColumn(target);
  }
  const out: FrameDataset = { data, target, frame, featureNames: ds.featureNames, targetNames: ds.targetNames, descr: ds.descr };
  if (ds.images) out.images = ds.images;
  return out;
}
