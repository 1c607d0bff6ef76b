import * as assert from "assert";
import { execFileSync } from "child_process";
import { np } from "../../lib/np";
import { displaySymbol } from "../../lib/display";
import { InputTypeError, NonFiniteError, OptionError, ShapeError } from "../../lib/errors";
import { Chart, PlotRenderError, plot, vegaLite } from "../../lib/plot";
import { compactSvg } from "../../lib/plot/render";
import { assertWellFormedSvg, countTags, markGroup } from "./svg_helpers";

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("plot: charts", function () {
  this.timeout(60_000); // the first render starts the worker and loads vega

  it("scatter: spec, bundle and one SVG circle per point at the right place", () => {
    const chart = plot.scatter({ x: [1, 2, 3], y: np.array([10, 20, 30]), title: "t", xLabel: "size" });
    const spec = chart.spec as Spec;
    assert.strictEqual(spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
    assert.deepStrictEqual(spec.data.values, [{ x: 1, y: 10 }, { x: 2, y: 20 }, { x: 3, y: 30 }]);
    assert.strictEqual(spec.encoding.x.title, "size");
    assert.strictEqual(spec.mark.type, "circle");
    const bundle = chart[displaySymbol]();
    assert.deepStrictEqual(Object.keys(bundle).sort(), ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]);
    assert.strictEqual(bundle["application/vnd.vegalite.v5+json"], chart.spec);
    assert.strictEqual(bundle["text/plain"], '<Chart: scatter of 3 points "t">');
    const svg = bundle["image/svg+xml"] as string;
    assertWellFormedSvg(svg);
    assert.ok(svg.includes(">t</text>"), "the title is drawn");
    const marks = markGroup(svg, "symbol");
    assert.strictEqual(countTags(marks, "path"), 3);
    // 400 px wide, 260 px high: the smallest point sits bottom-left, the largest top-right.
    const at = [...marks.matchAll(/translate\(([-\d.]+),([-\d.]+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.deepStrictEqual(at, [[0, 260], [200, 130], [400, 0]]);
  });

  it("scatter colours by class with a legend of the classes", () => {
    const chart = plot.scatter({ x: [1, 2, 3, 4], y: [1, 2, 3, 4], color: ["a", "b", "a", "b"] });
    assert.strictEqual((chart.spec as Spec).encoding.color.type, "nominal");
    const svg = chart.toSVG();
    const fills = new Set([...markGroup(svg, "symbol").matchAll(/fill="(#[0-9a-f]+)"/g)].map((m) => m[1]));
    assert.strictEqual(fills.size, 2, "two colours");
    assert.ok(svg.includes(">a</text>") && svg.includes(">b</text>"), "legend labels");
  });

  it("scatter with a quantitative colour ramp checks the colour values are numbers", () => {
    const spec = plot.scatter({ x: [1, 2], y: [1, 2], color: [0.5, 2.5], colorType: "quantitative" }).spec as Spec;
    assert.deepStrictEqual(spec.encoding.color, { field: "color", type: "quantitative", title: "value" });
    assert.throws(() => plot.scatter({ x: [1], y: [1], color: ["a"], colorType: "quantitative" }), InputTypeError);
    assert.throws(() => plot.scatter({ x: [1], y: [1], color: [NaN], colorType: "quantitative" }), NonFiniteError);
    assert.throws(() => plot.scatter({ x: [1], y: [1], colorType: "ordinal" as never }), OptionError);
  });

  it("a 100,000-point scatter is sampled (deterministically, with a visible note) and stays under 2 MB", () => {
    const n = 100_000;
    const x = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) { x[i] = i / n; y[i] = Math.sin(i); }
    const chart = plot.scatter({ x, y });
    const spec = chart.spec as Spec;
    assert.strictEqual(spec.data.values.length, 5000);
    const note = "showing a random sample of 5,000 of 100,000 points (seed 0)";
    assert.strictEqual(spec.title.text, note);
    const bundle = chart[displaySymbol]();
    const svg = bundle["image/svg+xml"] as string;
    assert.ok(svg.includes(note), "the note is drawn on the picture");
    assert.strictEqual(countTags(markGroup(svg, "symbol"), "path"), 5000);
    const bytes = Buffer.byteLength(JSON.stringify(bundle));
    assert.ok(bytes < 2 * 1024 * 1024, `bundle is ${bytes} bytes`);
    assert.deepStrictEqual(plot.scatter({ x, y }).spec, chart.spec, "same data, same sample");
    assert.notDeepStrictEqual(plot.scatter({ x, y, seed: 1 }).spec, chart.spec, "another seed, another sample");
    assert.strictEqual((plot.scatter({ x, y, maxPoints: 200, title: "T" }).spec as Spec).title.subtitle,
      "showing a random sample of 200 of 100,000 points (seed 0)");
  });

  it("line: one series or several named ones, default x 0…n-1", () => {
    const one = plot.line({ y: [3, 2, 1] }).spec as Spec;
    assert.deepStrictEqual(one.data.values, [{ x: 0, y: 3 }, { x: 1, y: 2 }, { x: 2, y: 1 }]);
    assert.deepStrictEqual(one.encoding.x.axis, { values: [0, 1, 2], format: "d" }, "whole-number ticks for whole-number x");
    assert.strictEqual((plot.line({ x: [0.5, 1], y: [1, 2] }).spec as Spec).encoding.x.axis, undefined);
    const two = plot.line({ x: [1, 2], y: { train: [0.9, 0.5], val: [1, 0.7] }, yLabel: "loss" });
    const spec = two.spec as Spec;
    assert.strictEqual(spec.data.values.length, 4);
    assert.deepStrictEqual(spec.encoding.color.sort, ["train", "val"]);
    assert.strictEqual(spec.encoding.y.title, "loss");
    const svg = two.toSVG();
    assertWellFormedSvg(svg);
    assert.strictEqual((svg.match(/class="mark-line role-mark/g) ?? []).length, 2, "two lines");
    assert.ok(svg.includes(">train</text>") && svg.includes(">val</text>"));
  });

  it("line thins long series to maxPoints and says so", () => {
    const y = Array.from({ length: 1000 }, (_, i) => i);
    const spec = plot.line({ y, maxPoints: 100 }).spec as Spec;
    // every 11th point (0, 11, …, 990) and the last one: 92 ≤ 100
    assert.strictEqual(spec.data.values.length, 92);
    assert.deepStrictEqual(spec.data.values[1], { x: 11, y: 11 });
    assert.deepStrictEqual(spec.data.values[91], { x: 999, y: 999 }, "the last point is kept");
    assert.strictEqual(spec.title.text, "every 11th of 1,000 points shown");
    assert.strictEqual((plot.line({ y, maxPoints: 1000 }).spec as Spec).data.values.length, 1000);
  });

  it("svg: false leaves the SVG out (cheap live updates); withOutput puts it back, png adds a real PNG", () => {
    const live = plot.line({ y: [1, 2], svg: false });
    const b = live[displaySymbol]();
    assert.deepStrictEqual(Object.keys(b).sort(), ["application/vnd.vegalite.v5+json", "text/plain"]);
    const final = live.withOutput({ svg: true, png: true })[displaySymbol]();
    assert.ok(typeof final["image/svg+xml"] === "string");
    const png = Buffer.from(final["image/png"] as string, "base64");
    assert.deepStrictEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
    // scale 2 by default: the PNG is twice the SVG's width (IHDR width at byte 16).
    const svgWidth = Number(/width="(\d+)"/.exec(final["image/svg+xml"] as string)![1]);
    assert.strictEqual(png.readUInt32BE(16), 2 * svgWidth);
    assert.strictEqual(live.toPNG(1).readUInt32BE(16), svgWidth);
  });

  it("bar: categories in the given or sorted order, horizontal", () => {
    const chart = plot.bar({ x: ["a", "b", "c"], y: [0.2, 0.5, 0.3], horizontal: true, sort: "descending" });
    const spec = chart.spec as Spec;
    assert.strictEqual(spec.encoding.y.field, "category");
    assert.strictEqual(spec.encoding.y.sort, "-x");
    const svg = chart.toSVG();
    assertWellFormedSvg(svg);
    assert.strictEqual(countTags(markGroup(svg, "rect"), "path"), 3);
    const labels = [...svg.matchAll(/<text[^>]*>([abc])<\/text>/g)].map((m) => m[1]);
    assert.deepStrictEqual(labels, ["b", "c", "a"], "largest first");
  });

  it("heatmap: a cell and an annotation per value, labels in order", () => {
    const chart = plot.heatmap({ z: [[1, 2, 3], [4, 5, 6]], xLabels: ["p", "q", "r"], yLabels: ["u", "v"], format: "d" });
    const svg = chart.toSVG();
    assertWellFormedSvg(svg);
    assert.strictEqual(countTags(markGroup(svg, "rect"), "path"), 6);
    const texts = [...markGroup(svg, "text").matchAll(/>(\d)<\/text>/g)].map((m) => m[1]);
    assert.deepStrictEqual(texts, ["1", "2", "3", "4", "5", "6"]);
    assert.ok(/fill="white"[^>]*>6</.test(markGroup(svg, "text")), "dark cells get white text");
  });

  it("vegaLite wraps a hand-written spec; a bad spec is a PlotRenderError", () => {
    const chart = vegaLite({ data: { values: [{ a: "A", b: 2 }] }, mark: "bar",
      encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } } });
    assert.ok(chart instanceof Chart);
    assert.strictEqual(chart.description, "<Chart: bar chart>");
    assertWellFormedSvg(chart.toSVG());
    assert.throws(() => vegaLite({ mark: "no-such-mark" }).toSVG(), PlotRenderError);
    assert.throws(() => vegaLite(null as never), InputTypeError);
    // the worker survives a failed render
    assertWellFormedSvg(plot.bar({ x: ["a"], y: [1] }).toSVG());
  });

  it("bad input: length mismatch, non-numbers, 2-D columns, options", () => {
    assert.throws(() => plot.scatter({ x: [1, 2], y: [1] }), (e: unknown) => e instanceof ShapeError && /y length/.test(e.message));
    assert.throws(() => plot.scatter({ x: [1, 2], y: [1, 2], color: ["a"] }), ShapeError);
    assert.throws(() => plot.scatter({ x: ["a"] as never, y: [1] }), InputTypeError);
    assert.throws(() => plot.scatter({ x: np.zeros([2, 2]), y: [1, 2] }), ShapeError);
    assert.throws(() => plot.line({ y: { a: [1, 2], b: [1] } }), ShapeError);
    assert.throws(() => plot.heatmap({ z: [[1, 2], [3]] }), ShapeError);
    assert.throws(() => plot.heatmap({ z: [[1, 2]], xLabels: ["a"] }), ShapeError);
    assert.throws(() => plot.heatmap({ z: [[1, 2]], xLabels: ["a", "a"] }), OptionError);
    assert.throws(() => plot.bar({ x: ["a"], y: [1], sort: "up" as never }), OptionError);
    assert.throws(() => plot.scatter({ x: [1], y: [1], maxPoints: 0 }), OptionError);
    assert.throws(() => plot.scatter({ x: [1], y: [1], width: -5 }), OptionError);
  });

  it("NaN policy: raise by default, or drop the points and say how many", () => {
    assert.throws(() => plot.scatter({ x: [1, NaN, 3], y: [1, 2, 3] }),
      (e: unknown) => e instanceof NonFiniteError && /nonFinite: "drop"/.test(e.message) && /at 1/.test(e.message));
    const spec = plot.scatter({ x: [1, NaN, 3], y: [1, 2, Infinity], nonFinite: "drop" }).spec as Spec;
    assert.deepStrictEqual(spec.data.values, [{ x: 1, y: 1 }]);
    assert.strictEqual(spec.title.text, "2 non-finite points left out");
    assert.throws(() => plot.line({ y: [1, NaN] }), NonFiniteError);
    assert.strictEqual((plot.line({ y: [1, NaN, 2], nonFinite: "drop" }).spec as Spec).data.values.length, 2);
    assert.throws(() => plot.heatmap({ z: [[NaN]] }), NonFiniteError);
    assert.throws(() => plot.scatter({ x: [1], y: [1], nonFinite: "ignore" as never }), OptionError);
  });

  it("layer: charts on shared axes, one axis title, notes of thinned layers kept, markColor", () => {
    const x = Array.from({ length: 50 }, (_, i) => i);
    const chart = plot.layer([
      plot.scatter({ x, y: x, color: x.map((i) => (i % 2 ? "odd" : "even")), maxPoints: 20 }),
      plot.line({ x: [0, 49], y: [0, 49], markColor: "black" }),
    ], { title: "both", xLabel: "u", yLabel: "v" });
    const spec = chart.spec as Spec;
    assert.strictEqual(spec.layer.length, 2);
    assert.strictEqual(spec.layer[0].data.values.length, 20);
    assert.strictEqual(spec.layer[1].mark.color, "black");
    assert.ok(spec.layer.every((l: Spec) => l.encoding.x.title === "u" && l.encoding.y.title === "v"));
    assert.ok(spec.layer.every((l: Spec) => l.title === undefined && l.width === undefined && l.$schema === undefined));
    assert.strictEqual(spec.title.subtitle, "showing a random sample of 20 of 50 points (seed 0)");
    const svg = chart.toSVG();
    assertWellFormedSvg(svg);
    assert.strictEqual(countTags(markGroup(svg, "symbol"), "path"), 20);
    assert.ok(/<g class="mark-line role-mark[^>]*><path[^>]*stroke="black"/.test(svg), "a black line");
    assert.ok(svg.includes(">u</text>") && !svg.includes(">u, x</text>"));
    assert.throws(() => plot.layer([]), ShapeError);
    assert.throws(() => plot.layer([{} as never]), InputTypeError);
    assert.throws(() => plot.line({ y: [1], markColor: 3 as never }), OptionError);
  });

  it("data: a plain object of columns, channels naming its columns (names become axis titles)", () => {
    const data = { size: np.array([1, 2, 3]), price: [10, 20, 30], kind: ["a", "b", "a"], loss: [3, 2, 1], val: [4, 3, 2] };
    const s = plot.scatter({ data, x: "size", y: "price", color: "kind" }).spec as Spec;
    assert.deepStrictEqual(s.data.values[2], { x: 3, y: 30, color: "a" });
    assert.deepStrictEqual([s.encoding.x.title, s.encoding.y.title, s.encoding.color.title], ["size", "price", "kind"]);
    const l = plot.line({ data, x: "size", y: ["loss", "val"] }).spec as Spec;
    assert.deepStrictEqual(l.data.values.map((v: Spec) => v.series), ["loss", "loss", "loss", "val", "val", "val"]);
    assert.strictEqual((plot.line({ data, y: "loss" }).spec as Spec).encoding.y.title, "loss");
    const b = plot.bar({ data, x: "kind", y: "price" }).spec as Spec;
    assert.strictEqual(b.encoding.x.title, "kind");
    assert.strictEqual((plot.hist({ data, x: "size", bins: 2 }).spec as Spec).encoding.x.title, "size");
    assert.throws(() => plot.scatter({ data, x: "nope", y: "price" }), (e: unknown) => e instanceof OptionError && /size, price/.test(e.message));
    assert.throws(() => plot.scatter({ x: "size", y: "price" }), InputTypeError);
  });

  it("ids inside an SVG are its own: two charts inlined in one page do not share a gradient", () => {
    const a = plot.heatmap({ z: [[1, 2], [3, 4]] }).toSVG();
    const b = plot.heatmap({ z: [[1, 2], [3, 4]], colorScheme: "reds" }).toSVG();
    const ids = (svg: string) => Array.from(svg.matchAll(/ id="([^"]+)"/g), (m) => m[1]);
    assert.ok(ids(a).length > 0, "the legend gradient has an id");
    assert.deepStrictEqual(ids(a).filter((id) => ids(b).includes(id)), []);
    for (const svg of [a, b]) {
      for (const m of svg.matchAll(/url\(#([^)]+)\)/g)) assert.ok(ids(svg).includes(m[1]), `${m[1]} defined in the same SVG`);
    }
    assert.strictEqual(plot.heatmap({ z: [[1, 2], [3, 4]] }).toSVG(), a, "the same chart, the same ids");
  });

  it("vega and vega-lite never load in the calling thread (kernel start-up and cells stay light)", () => {
    // In a fresh process, so that no other test's imports count.
    const script = `const { plot } = require(${JSON.stringify(require.resolve("../../lib/plot"))});
      const svg = plot.line({ y: [1, 2, 3] }).toSVG();
      const loaded = Object.keys(require.cache).filter((k) => /node_modules[\\\\/]vega(-lite)?[\\\\/]/.test(k));
      console.log(JSON.stringify({ svg: svg.startsWith("<svg"), loaded }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
    assert.deepStrictEqual(out, { svg: true, loaded: [] });
  });

  it("compactSvg shortens coordinates but never text", () => {
    const s = '<path transform="translate(1.23456789,2.5)" d="M0.123456,1L2.00001,3"/><text>0.123456</text>';
    assert.strictEqual(compactSvg(s), '<path transform="translate(1.23,2.5)" d="M0.12,1L2,3"/><text>0.123456</text>');
  });
});
