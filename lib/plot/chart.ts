/**
 * `Chart`: a Vega-Lite v5 spec that shows itself in a notebook. Its MIME bundle carries the spec (JupyterLab and
 * VS Code draw it interactively), an SVG rendered in-process (classic Notebook, nbconvert HTML and GitHub show
 * that) and a one-line text description; a PNG is added on request.
 */
import { displaySymbol, type Displayable, type MimeBundle, inspectSymbol } from "../display";
import { InputTypeError, OptionError } from "../errors";
import { renderSvg, svgToPng } from "./render";

/** A Vega-Lite v5 specification (plain JSON). */
export type VegaLiteSpec = Record<string, unknown>;

/** What a chart's MIME bundle carries besides the spec and text. */
export interface ChartOutput {
  /**
   * Render the SVG (default true). `false` makes display cheap — for a chart redrawn many times per second, such
   * as a live loss curve; JupyterLab and VS Code still draw it from the spec. Turn it back on for the final frame
   * with `chart.withOutput({ svg: true })` so static viewers get a picture.
   */
  svg?: boolean;
  /** Add an `image/png` rendering (default false). */
  png?: boolean;
  /** PNG pixel density (default 2). */
  scale?: number;
}

/** The `$schema` every chart spec carries: Vega-Lite v5. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/**
 * A chart: a Vega-Lite spec plus how to show it. Builders (`plot.scatter`, …) return one; `vegaLite(spec)` wraps
 * a hand-written spec.
 * @example
 * const chart = plot.line({ y: [3, 2, 1.5, 1.2], title: "loss" });
 * chart.toSVG().startsWith("<svg"); // true
 */
export class Chart implements Displayable {
  /** The Vega-Lite v5 spec (with `$schema`). */
  readonly spec: VegaLiteSpec;
  /** The output choices. */
  readonly output: Required<ChartOutput>;
  /** The one-line text shown where rich output is unavailable. */
  readonly description: string;
  private svgCache: string | undefined;

  /**
   * @param spec - a Vega-Lite v5 spec with inline data
   * @param options - output choices and a text description
   */
  constructor(spec: VegaLiteSpec, options: ChartOutput & { description?: string } = {}) {
    if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
      throw new InputTypeError("Vega-Lite spec", "a spec object", spec);
    }
    this.spec = { $schema: VEGA_LITE_SCHEMA, ...spec };
    this.output = checkOutput(options);
    this.description = options.description ?? describeSpec(this.spec);
  }

  /**
   * The chart as an SVG document (rendered once, then cached).
   * @example
   * fs.writeFileSync("chart.svg", chart.toSVG());
   */
  toSVG(): string {
    this.svgCache ??= renderSvg(this.spec);
    return this.svgCache;
  }

  /**
   * The chart as PNG bytes (rasterised from the SVG with resvg).
   * @param scale - pixel density (default: the chart's `scale`, 2)
   * @example
   * fs.writeFileSync("chart.png", chart.toPNG());
   */
  toPNG(scale = this.output.scale): Buffer {
    return svgToPng(this.toSVG(), scale);
  }

  /**
   * The same chart with other output choices (the rendered SVG is shared).
   * @param output - e.g. `{ svg: true }` for the final frame of a live chart, `{ png: true }` for a PNG too
   * @example
   * updateDisplay(chart.withOutput({ svg: true }), id);
   */
  withOutput(output: ChartOutput): Chart {
    const c = new Chart(this.spec, { ...this.output, ...output, description: this.description });
    c.svgCache = this.svgCache;
    return c;
  }

  /** The text/plain line, e.g. `<Chart: scatter of 200 points "t">` (no rendering needed). */
  toString(): string { return this.description; }
  /** console.log prints the text/plain line rather than the spec. */
  [inspectSymbol](): string { return this.description; }

  /** The spec, so `JSON.stringify(chart)` gives Vega-Lite JSON. */
  toJSON(): VegaLiteSpec { return this.spec; }

  /** The MIME bundle: Vega-Lite spec, SVG (unless `svg: false`), PNG (if `png: true`) and text. */
  [displaySymbol](): MimeBundle {
    const bundle: MimeBundle = { "text/plain": this.description, "application/vnd.vegalite.v5+json": this.spec };
    if (this.output.svg || this.output.png) {
      const svg = this.toSVG();
      if (this.output.svg) bundle["image/svg+xml"] = svg;
      if (this.output.png) bundle["image/png"] = svgToPng(svg, this.output.scale).toString("base64");
    }
    return bundle;
  }
}

function checkOutput(o: ChartOutput): Required<ChartOutput> {
  const scale = o.scale ?? 2;
  if (!(typeof scale === "number" && scale > 0 && scale <= 10)) throw new OptionError("scale", "a number in (0, 10]", scale);
  return { svg: o.svg ?? true, png: o.png ?? false, scale };
}

/** A short text for a hand-written spec: its title and mark. */
function describeSpec(spec: VegaLiteSpec): string {
  const title = typeof spec.title === "string" ? spec.title
    : (spec.title as { text?: unknown } | undefined)?.text;
  const mark = typeof spec.mark === "string" ? spec.mark : (spec.mark as { type?: unknown } | undefined)?.type;
  const parts = [mark ? `${String(mark)} chart` : "chart", title ? `"${String(title)}"` : ""].filter(Boolean);
  return `<Chart: ${parts.join(" ")}>`;
}

/**
 * Wrap a hand-written Vega-Lite v5 spec as a displayable chart.
 * @param spec - the spec, with inline data (`data: { values: [...] }`)
 * @param options - output choices (`svg`, `png`, `scale`) and a text description
 * @example
 * vegaLite({
 *   data: { values: [{ a: "A", b: 28 }, { a: "B", b: 55 }] },
 *   mark: "bar",
 *   encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
 * })
 */
export function vegaLite(spec: VegaLiteSpec, options: ChartOutput & { description?: string } = {}): Chart {
  return new Chart(spec, options);
}
