/**
 * Benchmark: what the NDArray index guard (lib/array/index_guard.ts: accessors for keys 0..N on NDArray.prototype,
 * so `X[0]` throws instead of reading undefined) costs on hot paths — constructing small arrays, a small
 * elementwise op, get(), an `instanceof` miss and a missing-property read — with the guard installed and with
 * its accessors removed, interleaved in one process (median of 7 rounds each); plus the one-off cost of
 * installing it at load and of growing it to its cap (MAX_GUARDED keys).
 *
 * Run after building: node dist/bench/base/index_guard.bench.js
 * Writes bench/results/index_guard.json and bench/results/index_guard.md. Not a test.
 */
import * as os from "os";
import { NDArray } from "../../lib/array/ndarray";
import { guarded, growIndexGuard, installIndexGuard, MAX_GUARDED } from "../../lib/array/index_guard";
import { machine, median, writeResults } from "../common";

class Other {}

function ms(f: () => unknown): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function removeGuard(): void {
  const proto = NDArray.prototype as unknown as Record<string, unknown>;
  for (const k of Object.getOwnPropertyNames(proto)) if (/^-?\d+$/.test(k)) delete proto[k];
  guarded.keys = Infinity; // the constructor's comparison still runs, never true
}

function main(): void {
  const a = new NDArray(Float64Array.of(1, 2, 3, 4), [2, 2]);
  let sink = 0;
  const cases: Record<string, () => void> = {
    "construct 300k [2, 2] arrays": () => { for (let i = 0; i < 300_000; i++) sink += new NDArray(new Float64Array(4), [2, 2]).size; },
    "a.add(a), 100k times": () => { for (let i = 0; i < 100_000; i++) sink += a.add(a).size; },
    "a.get(1, 1), 1M times": () => { for (let i = 0; i < 1_000_000; i++) sink += a.get(1, 1); },
    "a instanceof Other (a miss), 1M times": () => { for (let i = 0; i < 1_000_000; i++) if ((a as unknown) instanceof Other) sink++; },
    "a.then (a missing property), 1M times": () => { for (let i = 0; i < 1_000_000; i++) if ((a as unknown as { then?: unknown }).then !== undefined) sink++; },
  };
  const on: Record<string, number[]> = {}, off: Record<string, number[]> = {};
  for (const k of Object.keys(cases)) { on[k] = []; off[k] = []; cases[k](); }
  const installMs: number[] = [];
  for (let round = 0; round < 7; round++) {
    removeGuard();
    for (const [k, f] of Object.entries(cases)) off[k].push(ms(f));
    installMs.push(ms(() => installIndexGuard(NDArray.prototype)));
    for (const [k, f] of Object.entries(cases)) on[k].push(ms(f));
  }
  const growMs = ms(() => growIndexGuard(MAX_GUARDED));
  const load = os.loadavg().map((v) => v.toFixed(1)).join(" / ");
  const rows = Object.keys(cases).map((k) => ({ case: k, guardMs: median(on[k]), noGuardMs: median(off[k]) }));
  const result = { ...machine(), load, installMs: median(installMs), growToCapMs: growMs, rows, sink };
  const md = [
    "# NDArray index guard (`X[0]` throws): hot-path cost",
    "",
    `Run: \`node dist/bench/base/index_guard.bench.js\` · ${result.date} · load ${load} on ${result.cpus} cores · median of 7 interleaved rounds`,
    "",
    "| case | with guard (ms) | accessors removed (ms) | ratio |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.case} | ${r.guardMs.toFixed(2)} | ${r.noGuardMs.toFixed(2)} | ${(r.guardMs / r.noGuardMs).toFixed(2)} |`),
    "",
    `Installing the guard at load (keys 0..1023, −1..−16): ${result.installMs.toFixed(2)} ms. Growing it to the cap of ` +
      `${MAX_GUARDED} keys (once, when an array that long is first made): ${growMs.toFixed(1)} ms.`,
    "",
  ].join("\n");
  writeResults("index_guard", result, md);
  process.stdout.write(md);
}

main();
