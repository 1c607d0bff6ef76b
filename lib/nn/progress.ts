/**
 * Live training progress: one notebook output, updated in place (display + updateDisplay under one display id),
 * showing the epoch, the latest metrics and the loss curve. Needs no widgets, so it works in JupyterLab, VS Code,
 * the classic Notebook and in executed notebooks alike. Live redraws carry only the Vega-Lite spec (JupyterLab and
 * VS Code draw it; rendering an SVG each time would cost more than a small training step); the final frame carries
 * the SVG too, which is what the classic Notebook, nbconvert and GitHub show. So that those front ends (and VS Code
 * without the Vega renderer) see the curve grow during training too, a redraw carries the SVG at most once per
 * `svgIntervalMs` (default 1 s).
 */
import { display, displaySymbol, MimeBundle, updateDisplay, printsAsText } from "../display";
import { plot, type Chart } from "../plot";

/** Metric values by name for one epoch, e.g. { loss: 0.51, accuracy: 0.96 }. */
export type EpochMetrics = Record<string, number>;

/** One recorded epoch. */
export interface EpochRecord { epoch: number; metrics: EpochMetrics }

/**
 * The loss curve (and any other metrics) as a line chart, one series per metric over the epochs.
 * @param history - the recorded epochs
 * @param title - chart title
 * @param svg - render the SVG as well (default true); live redraws pass false to stay cheap
 * @example
 * display(lossCurveChart(progress.history, "training"));
 */
export function lossCurveChart(history: readonly EpochRecord[], title = "training", svg = true): Chart {
  const names: string[] = [];
  for (const r of history) for (const k of Object.keys(r.metrics)) if (!names.includes(k)) names.push(k);
  const common = { x: history.map((r) => r.epoch), title, xLabel: "epoch", yLabel: "value", seriesLabel: "metric",
    width: 420, height: 220, svg, points: history.length <= 30 };
  if (names.length === 0) return plot.line({ ...common, y: [] });
  // A metric missing from some epochs (e.g. validation every k epochs) leaves a gap rather than failing; the chart's
  // subtitle says how many points were left out, so a diverged (NaN) loss stays visible as such.
  const y = Object.fromEntries(names.map((k) => [k, history.map((r) => r.metrics[k] ?? NaN)]));
  return plot.line({ ...common, y, nonFinite: "drop" });
}

/**
 * The loss curve as a MIME bundle (Vega-Lite spec, SVG unless `svg` is false, and a text summary).
 * @param history - the recorded epochs
 * @param title - chart title
 * @param svg - include the rendered SVG (default true)
 * @example
 * display(mime(lossCurveBundle(progress.history, "training")));
 */
export function lossCurveBundle(history: readonly EpochRecord[], title = "training", svg = true): MimeBundle {
  const bundle = lossCurveChart(history, title, svg)[displaySymbol]();
  const last = history[history.length - 1];
  return { ...bundle, "text/plain": last ? `${title}: ${summary(last)}` : `${title}: no epochs yet` };
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
  private lastSvg: number;
  private svgThisFrame = false;
  private finished = false;
  private readonly svgIntervalMs: number;
  private readonly clock: () => number;
  private readonly shown: boolean;
  private readonly minIntervalMs: number;

  /**
   * @param options - epochs (the planned count, shown as "epoch 20/100"), title, minIntervalMs (updates are
   *   throttled to one per this many milliseconds; the last epoch always shows; default 100), svgIntervalMs (a
   *   redraw includes the rendered SVG at most this often; default 1000), show (default true), clock (ms, default
   *   Date.now)
   */
  constructor(options: { epochs?: number; title?: string; minIntervalMs?: number; svgIntervalMs?: number; show?: boolean;
    clock?: () => number; } = {}) {
    this.epochs = options.epochs ?? null;
    this.svgIntervalMs = options.svgIntervalMs ?? 1000;
    this.clock = options.clock ?? Date.now;
    this.lastSvg = this.clock();
    this.title = options.title ?? "training";
    this.minIntervalMs = options.minIntervalMs ?? 100;
    this.displayId = `typelearn-progress-${process.pid}-${++counter}`;
    this.shown = options.show !== false;
    if (this.shown) display(this, { displayId: this.displayId });
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
    if (epoch === this.epochs) { this.finish(); return; }
    const now = this.clock();
    if (this.shown && now - this.lastShown >= this.minIntervalMs) {
      this.lastShown = now;
      this.svgThisFrame = now - this.lastSvg >= this.svgIntervalMs;
      if (this.svgThisFrame) this.lastSvg = now;
      try {
        updateDisplay(this, this.displayId);
      } finally {
        this.svgThisFrame = false;
      }
    }
  }

  /**
   * Draw the final frame, with the rendered SVG. Called by update() at the planned last epoch; call it yourself
   * when the loop stops early or no epoch count was given.
   * @example
   * for (const epoch of epochs) { …; progress.update(epoch, { loss }); if (converged) break; }
   * progress.finish();
   */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.shown) updateDisplay(this, this.displayId);
  }

  /** The values of one metric over the epochs. @example progress.values("loss"); */
  values(metric: string): number[] { return this.history.map((r) => r.metrics[metric]); }

  /** The chart with a title naming the current epoch and metrics. */
  [displaySymbol](): MimeBundle {
    const last = this.history[this.history.length - 1];
    const of = this.epochs ? `/${this.epochs}` : "";
    const title = last ? `${this.title} — ${summary(last).replace(`epoch ${last.epoch}`, `epoch ${last.epoch}${of}`)}` : `${this.title} — starting`;
    const b = lossCurveChart(this.history, title, this.finished || this.svgThisFrame)[displaySymbol]();
    return { ...b, "text/plain": title };
  }
}

printsAsText(Progress);
