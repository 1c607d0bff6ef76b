/**
 * The epoch bookkeeping of MLPClassifier/MLPRegressor training, one piece for both training loops (mlp_core.ts's
 * general loop and mlp_fused.ts's fused one), so their loss curves and stops cannot drift apart.
 */
import type { TrainResult, TrainSpec, Weights } from "./mlp_core";

/**
 * scikit-learn's per-epoch bookkeeping, shared by the general and the fused training loops: the loss curve, the
 * samples seen (`t`), the best loss, and the stop after more than `nIterNoChange` epochs without a `tol` improvement.
 * @example
 * const epochs = new EpochLog(spec);
 * for (let it = 0; it < spec.maxIter; it++) { …; if (epochs.end(summedLoss)) break; }
 * return { ...weights, ...epochs.result() };
 */
export class EpochLog {
  readonly lossCurve: number[] = [];
  private nIter = 0;
  private t = 0;
  private best = Infinity;
  private noImprove = 0;

  constructor(private readonly s: Pick<TrainSpec, "n" | "tol" | "nIterNoChange">) {}

  /**
   * Record an epoch.
   * @param summedLoss - the sum over the epoch's batches of (batch loss × batch rows)
   * @returns whether training stops here
   */
  end(summedLoss: number): boolean {
    this.nIter++;
    const epochLoss = summedLoss / this.s.n;
    this.t += this.s.n;
    this.lossCurve.push(epochLoss);
    if (epochLoss > this.best - this.s.tol) this.noImprove++;
    else this.noImprove = 0;
    if (epochLoss < this.best) this.best = epochLoss;
    return this.noImprove > this.s.nIterNoChange;
  }

  /** The training fields of a TrainResult. */
  result(): Omit<TrainResult, keyof Weights> {
    return { lossCurve: this.lossCurve, nIter: this.nIter, loss: this.lossCurve[this.lossCurve.length - 1], bestLoss: this.best, t: this.t };
  }
}
