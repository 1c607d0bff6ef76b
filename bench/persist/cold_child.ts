/**
 * One fresh process of bench/persist's cold rows: what a notebook user pays, dumping once after a fit or loading
 * once after start-up. Only the dump or load call is timed (modules are loaded and the model fitted before the
 * clock starts); the bench times the whole process from outside.
 *
 *   node cold_child.js dump SPEC_JSON DATA FILE FSYNC   fit the row's model on DATA, then time one dump(model, FILE,
 *                                                        { fsync: FSYNC === "1" })
 *   node cold_child.js load FILE                        time one load(FILE)
 *
 * Prints JSON: { ms, minorPageFaults, bytes } (page faults of this process during the call, from getrusage).
 */
import * as fs from "fs";
import { dump, load } from "../../lib/persist";
import { ModelSpec, fitModel, readData } from "./models";

function timed(call: () => void): { ms: number; minorPageFaults: number } {
  const pf = process.resourceUsage().minorPageFault;
  const t0 = process.hrtime.bigint();
  call();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, minorPageFaults: process.resourceUsage().minorPageFault - pf };
}

function main(): void {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === "dump") {
    const [specJson, data, file, fsync] = args;
    const spec = JSON.parse(specJson) as ModelSpec;
    const { X, y } = readData(data, spec.n, spec.p);
    const model = fitModel(spec, X, y);
    const t = timed(() => dump(model, file, { fsync: fsync === "1" }));
    process.stdout.write(JSON.stringify({ ...t, bytes: fs.statSync(file).size }) + "\n");
  } else if (mode === "load") {
    const [file] = args;
    let back: unknown;
    const t = timed(() => { back = load(file); });
    if (!back) throw new Error("load returned nothing");
    process.stdout.write(JSON.stringify({ ...t, bytes: fs.statSync(file).size }) + "\n");
  } else {
    throw new Error(`usage: cold_child.js dump SPEC_JSON DATA FILE FSYNC | load FILE (received ${mode})`);
  }
}

main();
