/**
 * A training loop with live progress: epochs of (mini-)batches, the loss per epoch and, when validation data is
 * given, validation loss and accuracy — shown in one display updated in place.
 */
import { OptionError, ShapeError } from "../errors";
import { Module } from "./modules";
import { Optimizer } from "./optim";
import { EpochMetrics, Progress } from "./progress";
import { uniform01 } from "./random";
import { residentTrainer } from "./resident";
import { noGrad, Tensor, tensor, TensorLike } from "./tensor";

/** A loss object (nn.BCELoss, nn.CrossEntropyLoss, nn.MSELoss). */
export interface LossFn { forward(input: Tensor, target: TensorLike): Tensor }

/** Options of {@link fit}. */
export interface FitOptions {
  /** Training inputs, [n, features]. */
  x: TensorLike;
  /** Training targets, n values (or [n, k] for MSELoss). */
  y: TensorLike;
  loss: LossFn;
  optimizer: Optimizer;
  /** Passes over the data (default 10). */
  epochs?: number;
  /** Rows per step; default all rows (full batch, as the guide trains). */
  batchSize?: number;
  /** Shuffle rows each epoch when batching (default true; uses the manualSeed stream). */
  shuffle?: boolean;
  /** Data to evaluate (in eval mode, without gradients) after each epoch. */
  validation?: { x: TensorLike; y: TensorLike };
  /** Show the live progress display (default true). */
  progress?: boolean;
  /** Called after each epoch with its metrics. */
  onEpoch?: (epoch: number, metrics: EpochMetrics) => void;
}

/**
 * The fraction of correct predictions: probabilities ≥ 0.5 for one output, else the largest score's index.
 * @example
 * accuracy(model.forward(XTestT), yTestT); // 0.9737
 */
export function accuracy(output: Tensor, target: TensorLike): number {
  const y = tensor(target);
  const n = y.size;
  let hit = 0;
  if (output.size === n) {
    for (let i = 0; i < n; i++) if ((output.data[i] >= 0.5 ? 1 : 0) === y.data[i]) hit++;
  } else if (output.ndim === 2 && output.shape[0] === n) {
    const c = output.shape[1];
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (output.data[i * c + j] > output.data[i * c + best]) best = j;
      if (best === y.data[i]) hit++;
    }
  } else {
    throw new ShapeError("accuracy output", `${n} probabilities or [${n}, classes] scores`, `shape [${output.shape.join(", ")}]`);
  }
  return hit / n;
}

function rows(t: Tensor, idx: Int32Array | null, from: number, to: number): Tensor {
  const n = t.shape[0], w = t.size / n;
  if (!idx && from === 0 && to === n) return t;
  const out = new Float32Array((to - from) * w);
  for (let r = from; r < to; r++) {
    const src = idx ? idx[r] : r;
    out.set(t.data.subarray(src * w, src * w + w), (r - from) * w);
  }
  return new Tensor(out, [to - from, ...t.shape.slice(1)], { dtype: t.dtype });
}

/**
 * Train `model` and show the progress live.
 * @returns the per-epoch metrics (loss, and valLoss / valAccuracy with validation data)
 * @example
 * const history = nn.fit(model, { x: XTrainT, y: yTrainT, loss: new nn.BCELoss(), optimizer, epochs: 100,
 *   validation: { x: XTestT, y: yTestT } });
 */
export function fit(model: Module, options: FitOptions): EpochMetrics[] {
  const x = tensor(options.x), y = tensor(options.y);
  const n = x.shape[0];
  if (y.shape[0] !== n) throw new ShapeError("fit y", `${n} rows, as many as x`, `shape [${y.shape.join(", ")}]`);
  const epochs = options.epochs ?? 10;
  if (!Number.isInteger(epochs) || epochs < 1) throw new OptionError("fit epochs", "a positive integer", epochs);
  const batch = options.batchSize ?? n;
  if (!Number.isInteger(batch) || batch < 1) throw new OptionError("fit batchSize", "a positive integer", batch);
  const progress = new Progress({ epochs, show: options.progress !== false });
  const out: EpochMetrics[] = [];
  const val = options.validation ? { x: tensor(options.validation.x), y: tensor(options.validation.y) } : null;
  // The common network (Linear/ReLU layers, cross-entropy, Adam) trains with its values kept in the product kernel's
  // memory; the results are the graph path's bit for bit (resident.ts).
  const resident = residentTrainer(model, options.loss, options.optimizer, x, y, batch);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    let idx: Int32Array | null = null;
    if (batch < n && options.shuffle !== false) {
      idx = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) { const j = Math.floor(uniform01() * (i + 1)); const t = idx[i]; idx[i] = idx[j]; idx[j] = t; }
    }
    let total = 0;
    if (resident?.usable()) total = resident.epoch(idx);
    else for (let from = 0; from < n; from += batch) {
      const to = Math.min(n, from + batch);
      options.optimizer.zeroGrad();
      const loss = options.loss.forward(model.forward(rows(x, idx, from, to)), rows(y, idx, from, to));
      loss.backward();
      options.optimizer.step();
      total += loss.item() * (to - from);
    }
    const metrics: EpochMetrics = { loss: total / n };
    if (val) {
      model.eval();
      const o = noGrad(() => model.forward(val.x));
      metrics.valLoss = noGrad(() => options.loss.forward(o, val.y)).item();
      if (!(options.loss.constructor.name === "MSELoss")) metrics.valAccuracy = accuracy(o, val.y);
    }
    out.push(metrics);
    progress.update(epoch, metrics);
    options.onEpoch?.(epoch, metrics);
  }
  progress.finish();
  return out;
}
