/**
 * Live training progress: one notebook output, updated in place (display + updateDisplay under one display id),
 * showing the epoch, the latest metrics and the loss curve. Needs no widgets, so it works in JupyterLab, VS Code,
 * the classic Notebook and in executed notebooks alike.
 */
import { display, displaySymbol, MimeBundle, updateDisplay } from "../display";

/** Metric values by name for one epoch, e.g. { loss: 0.51, accuracy: 0.96 }. */
export type EpochMetrics = Record<string, number>;

/** One recorded epoch. */
export interface EpochRecord { epoch: number; metrics: EpochMetrics }

/**
 * The loss curve (and any other metrics) as a Vega-Lite v5 line chart in a MIME bundle, with a text summary.
 * @param history - the recorded epochs
 * @param title - chart title
 * @example
 * display(mime(lossCurveBundle(progress.history, "training")));
 */
export function lossCurveBundle(history: readonly EpochRecord[], title = "training"): MimeBundle {
  const values = history.flatMap((r) => Object.entries(r.metrics).map(([metric, value]) => ({ epoch: r.epoch, metric, value })));
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title, width: 420, height: 220,
    data: { values },
    mark: { type: "line", point: history.length <= 30 },
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "epoch" },
      y: { field: "value", type: "quantitative", title: "value" },
      color: { field: "metric", type: "nominal", title: "metric" },
    },
  };
  const last = history[history.length - 1];
  const text = last ? `${title}: ${summary(last)}` : `${title}: no epochs yet`;
  return { "application/vnd.vegalite.v5+json": spec, "text/plain": text };
}

function summary(r: EpochRecord): string {
  return `epoch ${r.epoch}` + Object.entries(r.metrics).map(([k, v]) => `, ${k}=${v.toFixed(4)}`).join("");
}

let counter = 0;

/**
 * A progress display for a training loop: create it before the loop, call update(epoch, metrics) each epoch.
 * @example
 * const progress = new nn.Progress({ epochs: 100 });
 * for (let epoch = 1; epoch <= 100; epoch++) {
 *   // … one training step …
 *   progress.update(epoch, { loss: loss.item(), accuracy });
 * }
 */
export class Progress {
  /** Every recorded epoch. */
  readonly history: EpochRecord[] = [];
  /** The display id the output is updated under. */
  readonly displayId: string;
  readonly epochs: number | null;
  readonly title: string;
  private lastShown = 0;
  private readonly minIntervalMs: number;

  /**
   * @param options - epochs (the planned count, shown as "epoch 20/100"), title, minIntervalMs (updates are
   *   throttled to one per this many milliseconds; the last epoch always shows; default 100), show (default true)
   */
  constructor(options: { epochs?: number; title?: string; minIntervalMs?: number; show?: boolean } = {}) {
    this.epochs = options.epochs ?? null;
    this.title = options.title ?? "training";
    this.minIntervalMs = options.minIntervalMs ?? 100;
    this.displayId = `typelearn-progress-${process.pid}-${++counter}`;
    if (options.show !== false) display(this, { displayId: this.displayId });
  }

  /**
   * Record an epoch's metrics and refresh the display.
   * @param epoch - the epoch number (1-based)
   * @param metrics - values by name
   * @example
   * progress.update(epoch, { loss: loss.item() });
   */
  update(epoch: number, metrics: EpochMetrics): void {
    this.history.push({ epoch, metrics: { ...metrics } });
    const now = Date.now();
    if (now - this.lastShown >= this.minIntervalMs || epoch === this.epochs) {
      this.lastShown = now;
      updateDisplay(this, this.displayId);
    }
  }

  /** The values of one metric over the epochs. @example progress.values("loss"); */
  values(metric: string): number[] { return this.history.map((r) => r.metrics[metric]); }

  /** The chart with a title naming the current epoch and metrics. */
  [displaySymbol](): MimeBundle {
    const last = this.history[this.history.length - 1];
    const of = this.epochs ? `/${this.epochs}` : "";
    const title = last ? `${this.title} — ${summary(last).replace(`epoch ${last.epoch}`, `epoch ${last.epoch}${of}`)}` : `${this.title} — starting`;
    const b = lossCurveBundle(this.history, title);
    return { ...b, "text/plain": title };
  }
}
