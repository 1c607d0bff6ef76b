/**
 * Benchmark: a 100 000-point scatter — time from data to the notebook's MIME bundle (sampling, Vega-Lite spec,
 * headless SVG) and the bundle's size; the same without sampling, for scale; and the per-epoch cost of a live
 * loss curve with and without the SVG. matplotlib and altair are not installed here, so there is no Python peer:
 * the figures stand alone.
 *
 * Run after building: node dist/bench/plots/plots.bench.js [nPoints] [repeats]
 * Writes bench/results/plots.json and bench/results/plots.md. Not a test.
 */
import * as os from "os";
import { displaySymbol } from "../../lib/display";
import { plot } from "../../lib/plot";
import { machine, makeRng, median, seconds, writeResults } from "../common";

function bundleBytes(b: Record<string, unknown>): number {
  return Buffer.byteLength(JSON.stringify(b));
}

function main(): void {
  const n = Number(process.argv[2] ?? 100000), reps = Number(process.argv[3] ?? 5);
  const { normal } = makeRng(42);
  const x = new Float64Array(n), y = new Float64Array(n);
  const cls: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    x[i] = normal() + 3 * c;
    y[i] = 0.5 * x[i] + normal();
    cls[i] = `class ${c}`;
  }

  // Cold: the first chart of a process starts the render worker and loads vega there.
  let bundle: Record<string, unknown> = {};
  const cold = seconds(() => { bundle = plot.scatter({ x, y, color: cls })[displaySymbol](); });

  const build: number[] = [], full: number[] = [], specOnly: number[] = [], png: number[] = [];
  for (let r = 0; r < reps; r++) {
    build.push(seconds(() => { plot.scatter({ x, y, color: cls }); }));
    full.push(seconds(() => { bundle = plot.scatter({ x, y, color: cls })[displaySymbol](); }));
    specOnly.push(seconds(() => { plot.scatter({ x, y, color: cls, svg: false })[displaySymbol](); }));
  }
  const chart = plot.scatter({ x, y, color: cls });
  chart.toSVG();
  let pngBytes = 0;
  for (let r = 0; r < reps; r++) png.push(seconds(() => { pngBytes = chart.toPNG().length; }));
  const svgBytes = Buffer.byteLength(bundle["image/svg+xml"] as string);
  const specBytes = Buffer.byteLength(JSON.stringify(bundle["application/vnd.vegalite.v5+json"]));

  // For scale: every point drawn (what sampling avoids). One run.
  let unsampled: Record<string, unknown> = {};
  const unsampledSeconds = seconds(() => { unsampled = plot.scatter({ x, y, color: cls, maxPoints: n })[displaySymbol](); });

  // A live loss curve: one redraw per epoch for 200 epochs, spec only (svg: false) against spec + SVG.
  const epochs = 200;
  const losses: number[] = [];
  const live = (svg: boolean): number => seconds(() => {
    losses.length = 0;
    for (let e = 0; e < epochs; e++) {
      losses.push(Math.exp(-e / 40) + 0.05 * Math.abs(normal()));
      plot.line({ y: { train: losses }, svg })[displaySymbol]();
    }
  }) / epochs;
  const liveSpec = live(false), liveSvg = live(true);

  const result = {
    benchmark: "plot.scatter → MIME bundle (Vega-Lite spec + SVG)", nPoints: n, sampledTo: 5000, repeats: reps,
    coldFirstBundleSeconds: cold,
    buildChartSeconds: median(build),
    bundleWithSvgSeconds: median(full),
    bundleSpecOnlySeconds: median(specOnly),
    pngSeconds: median(png),
    bundleBytes: bundleBytes(bundle), specBytes, svgBytes, pngBytes,
    unsampledBundleSeconds: unsampledSeconds, unsampledBundleBytes: bundleBytes(unsampled),
    liveCurveEpochs: epochs, liveCurvePerEpochSpecOnlySeconds: liveSpec, liveCurvePerEpochWithSvgSeconds: liveSvg,
    pythonPeer: "none: matplotlib / altair are not installed",
    // The machine is shared; its load says how far these wall-clock figures are inflated.
    loadAverage1min: os.loadavg()[0],
    buildTimes: build, bundleTimes: full, specOnlyTimes: specOnly, pngTimes: png,
    ...machine(),
  };
  const mb = (b: number) => (b / 1048576).toFixed(2);
  const md = `| plot.scatter, ${n.toLocaleString("en-US")} points → 5,000-point sample | ` +
    `bundle with SVG ${result.bundleWithSvgSeconds.toFixed(3)} s (first in process ${cold.toFixed(3)} s), spec only ` +
    `${result.bundleSpecOnlySeconds.toFixed(3)} s, PNG ${result.pngSeconds.toFixed(3)} s | bundle ${mb(result.bundleBytes)} MB ` +
    `(spec ${mb(specBytes)}, SVG ${mb(svgBytes)}), PNG ${mb(pngBytes)} MB | unsampled: ${unsampledSeconds.toFixed(2)} s, ` +
    `${mb(result.unsampledBundleBytes)} MB | live loss curve (200 epochs): ${(liveSpec * 1000).toFixed(2)} ms/epoch spec only, ` +
    `${(liveSvg * 1000).toFixed(1)} ms/epoch with SVG | no Python peer (no matplotlib) | load average ${result.loadAverage1min.toFixed(1)} on ${result.cpus} cores | ${result.date.slice(0, 10)} |\n`;
  writeResults("plots", result, md);
  console.log(JSON.stringify(result, null, 2));
}

main();
