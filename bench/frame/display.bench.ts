/**
 * Benchmark: displaying the breast-cancer polars frame (569 × 31, loadBreastCancer({ asFrame: true }).frame)
 * through typelearn's table — the MIME bundle a cell returning the frame sends (text/plain + text/html).
 * Target: at most 50 ms per display. nodejs-polars' own full-precision text is timed once beside it for context.
 *
 * Run after building: node dist/bench/frame/display.bench.js [repeats]
 * Writes bench/results/frame_display.json and .md, with the machine's load average (the figures move with it).
 * Not a test.
 */
import * as os from "os";
import { loadBreastCancer } from "../../lib/datasets";
import { toMimeBundle } from "../../lib/display";
import { machine, median, seconds, writeResults } from "../common";

const TARGET_MS = 50;

function main(): void {
  const reps = Number(process.argv[2] ?? 21);
  const { frame } = loadBreastCancer({ asFrame: true });
  let html = 0;
  const first = seconds(() => { html = String(toMimeBundle(frame)["text/html"] ?? "").length; }) * 1e3;
  const times = Array.from({ length: reps }, () => seconds(() => { toMimeBundle(frame); }) * 1e3);
  const polarsOwnTextMs = seconds(() => { String(frame.toString()); }) * 1e3;
  const med = median(times);
  const result = {
    benchmark: "display of the 569×31 breast-cancer polars frame through typelearn's table",
    repeats: reps, firstMs: first, medianMs: med, minMs: Math.min(...times), maxMs: Math.max(...times),
    targetMs: TARGET_MS, meetsTarget: med <= TARGET_MS, htmlChars: html, polarsOwnTextMs, timesMs: times,
    loadAverage: os.loadavg(), ...machine(),
  };
  const md = `| frame display (569 × 31 polars, typelearn table, median of ${reps}) | first ${first.toFixed(1)} ms | ` +
    `median ${med.toFixed(1)} ms (target ≤ ${TARGET_MS} ms: ${med <= TARGET_MS ? "met" : "NOT met"}) | polars' own text ` +
    `${polarsOwnTextMs.toFixed(1)} ms | load ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} on ${os.cpus().length} cores | ` +
    `${result.date.slice(0, 10)} |\n`;
  writeResults("frame_display", result, md);
  console.log(JSON.stringify({ ...result, timesMs: undefined }, null, 2));
}

main();
