/**
 * `progress(iterable)`: a tqdm-like progress bar. In a notebook it is one output updated in place (display_id +
 * update_display_data: an HTML <progress> element with a text fallback), redrawn at most ten times a second, and
 * its final state is always shown. In a plain Node program it redraws one line on stderr.
 */
import { display, displayHookInstalled, displaySymbol, escapeHtml, updateDisplay, type Displayable, type MimeBundle, printsAsText } from "../display";
import { InputTypeError, OptionError } from "../errors";

/** Options of {@link progress}. */
export interface ProgressOptions {
  /** Expected number of items (default: the iterable's length or size when it has one). */
  total?: number;
  /** Text before the bar. */
  desc?: string;
  /** Minimum seconds between two redraws (default 0.1). The first and the final state are always drawn. */
  minInterval?: number;
  /** Milliseconds clock (default `performance.now`); replaceable so tests can drive time. */
  clock?: () => number;
}

let counter = 0;
const BAR_WIDTH = 10;
const PARTIAL = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** "01:05", or "1:01:05" past an hour. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), sec = t % 60;
  const mm = String(m).padStart(2, "0"), ss = String(sec).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** A 10-character bar with eighth-block resolution: 45% → "████▌     ". */
export function progressBar(fraction: number): string {
  const eighths = Math.floor(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH * 8);
  const full = Math.floor(eighths / 8);
  const part = full < BAR_WIDTH ? PARTIAL[eighths % 8] : "";
  return ("█".repeat(full) + part).padEnd(BAR_WIDTH, " ");
}

/**
 * A running progress bar over an iterable (sync or async); iterate it instead of the iterable.
 * @example
 * for (const epoch of progress(range, { desc: "epochs" })) train(epoch);
 */
export class Progress<T = unknown> implements Iterable<T>, AsyncIterable<T>, Displayable {
  /** Items done. */
  n = 0;
  /** Expected items (undefined when unknown). */
  readonly total: number | undefined;
  /** The label before the bar. */
  readonly desc: string;
  /** The display id of the notebook output. */
  readonly displayId: string;
  private readonly clock: () => number;
  private readonly minIntervalMs: number;
  private startMs = 0;
  private lastShownMs = -Infinity;
  private started = false;
  private closed = false;

  /**
   * @param source - what to iterate (sync or async), or null when driven by {@link Progress.update}
   * @param options - total, desc, minInterval, clock
   */
  constructor(private readonly source: Iterable<T> | AsyncIterable<T> | null, options: ProgressOptions = {}) {
    const total = options.total ?? sizeOf(source);
    if (total !== undefined && !(Number.isInteger(total) && total >= 0)) {
      throw new OptionError("total", "a non-negative integer", total);
    }
    const minInterval = options.minInterval ?? 0.1;
    if (!(typeof minInterval === "number" && minInterval >= 0)) {
      throw new OptionError("minInterval", "a non-negative number of seconds", minInterval);
    }
    this.total = total;
    this.desc = options.desc ?? "";
    this.minIntervalMs = minInterval * 1000;
    this.clock = options.clock ?? (() => performance.now());
    this.displayId = `typelearn-progress-${++counter}-${process.pid}`;
  }

  /** Show the bar at 0 (called by iteration; call it yourself when driving with update). */
  start(): this {
    if (this.started) return this;
    this.started = true;
    this.startMs = this.clock();
    this.lastShownMs = this.startMs;
    if (displayHookInstalled()) display(this, { displayId: this.displayId });
    else process.stderr.write("\r" + this.text());
    return this;
  }

  /**
   * Count `k` more items done; redraws when at least minInterval passed since the last redraw.
   * @param k - items done since the last call (default 1)
   * @example
   * bar.update(batch.length);
   */
  update(k = 1): void {
    if (!this.started) this.start();
    this.n += k;
    const now = this.clock();
    if (now - this.lastShownMs >= this.minIntervalMs) {
      this.lastShownMs = now;
      this.redraw();
    }
  }

  /** Draw the final state (once). Iteration calls it when the loop ends, breaks or throws. */
  close(): void {
    if (!this.started) this.start();
    if (this.closed) return;
    this.closed = true;
    this.redraw();
    if (!displayHookInstalled()) process.stderr.write("\n");
  }

  /** Iterate the source, counting each item once the loop body for it has run. */
  *[Symbol.iterator](): Iterator<T> {
    if (!this.source || !(Symbol.iterator in this.source)) {
      throw new InputTypeError("progress source", "a (synchronous) iterable — use for await for an async one", this.source);
    }
    this.start();
    try {
      for (const v of this.source as Iterable<T>) {
        yield v;
        this.update(1);
      }
    } finally {
      this.close();
    }
  }

  /** Iterate a sync or async source with `for await`, counting as above. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    if (!this.source) throw new InputTypeError("progress source", "an iterable", this.source);
    this.start();
    try {
      for await (const v of this.source as AsyncIterable<T>) {
        yield v;
        this.update(1);
      }
    } finally {
      this.close();
    }
  }

  /** The current state as text, e.g. "fit: 45%|████▌     | 45/100 [00:01<00:02]". */
  text(): string {
    const elapsed = (this.clock() - this.startMs) / 1000;
    const head = this.desc ? `${this.desc}: ` : "";
    if (this.total === undefined) return `${head}${this.n}it [${formatSeconds(elapsed)}]`;
    const frac = this.total > 0 ? this.n / this.total : 1;
    const remaining = this.n > 0 ? (elapsed / this.n) * Math.max(0, this.total - this.n) : NaN;
    const pct = String(Math.floor(frac * 100)).padStart(3, " ");
    return `${head}${pct}%|${progressBar(frac)}| ${this.n}/${this.total} [${formatSeconds(elapsed)}<${formatSeconds(remaining)}]`;
  }

  /** HTML <progress> bar plus the text figures, and the text fallback. */
  [displaySymbol](): MimeBundle {
    const text = this.text();
    const figures = escapeHtml(text.slice(text.lastIndexOf("|") + 1).trim() || text);
    const bar = this.total === undefined ? "<progress></progress>"
      : `<progress value="${this.n}" max="${this.total}" style="width: 16em"></progress>`;
    const desc = this.desc ? `<span>${escapeHtml(this.desc)}:</span> ` : "";
    return { "text/plain": text, "text/html": `<div class="typelearn-progress">${desc}${bar} <code>${figures}</code></div>` };
  }

  private redraw(): void {
    if (displayHookInstalled()) updateDisplay(this, this.displayId);
    else process.stderr.write("\r" + this.text());
  }
}

function sizeOf(source: unknown): number | undefined {
  if (source == null || typeof source !== "object") return undefined;
  const s = source as { length?: unknown; size?: unknown; shape?: unknown };
  if (typeof s.length === "number") return s.length;
  // An NDArray iterates over its first axis, not over all `size` elements.
  if (Array.isArray(s.shape) && typeof s.shape[0] === "number") return s.shape[0];
  if (typeof s.size === "number") return s.size;
  return undefined;
}

/**
 * Wrap an iterable (or a count) in a progress bar: iterate the result as you would the original.
 * @param source - an array, any iterable, an async iterable, or a number n for 0 … n−1
 * @param options - total (default: length / size), desc, minInterval (seconds between redraws, default 0.1)
 * @returns a {@link Progress} to iterate with `for … of` (or `for await … of`)
 * @example
 * for (const k of progress([2, 3, 4, 5, 6], { desc: "k" })) {
 *   scores.push(silhouetteScore(X, new KMeans({ nClusters: k }).fitPredict(X)));
 * }
 */
export function progress<T>(source: Iterable<T> | AsyncIterable<T>, options?: ProgressOptions): Progress<T>;
export function progress(source: number, options?: ProgressOptions): Progress<number>;
export function progress<T>(source: Iterable<T> | AsyncIterable<T> | number, options: ProgressOptions = {}): Progress<T | number> {
  if (typeof source === "number") {
    if (!(Number.isInteger(source) && source >= 0)) throw new OptionError("progress(n)", "a non-negative integer", source);
    const n = source;
    const range = { length: n, *[Symbol.iterator]() { for (let i = 0; i < n; i++) yield i; } };
    return new Progress<number>(range, options);
  }
  if (source == null || (typeof source !== "object" && typeof source !== "string") ||
    !(Symbol.iterator in Object(source) || Symbol.asyncIterator in Object(source))) {
    throw new InputTypeError("progress source", "an iterable, an async iterable or a count", source);
  }
  return new Progress<T>(source, options);
}

printsAsText(Progress);
