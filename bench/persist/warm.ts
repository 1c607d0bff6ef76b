/**
 * The warm rows of bench/persist (secondary): dump and load repeated in one process, which is what a loop saving
 * checkpoints pays, not what a notebook's single dump pays (the cold rows). Rounds alternate: joblib times `reps`
 * dump/load pairs in one python process (the model loaded untimed first), then ours does, in this process.
 */
import * as fs from "fs";
import * as os from "os";
import { BaseEstimator } from "../../lib/base/estimator";
import { dump, load } from "../../lib/persist";
import { runPython, seconds } from "../common";

/** Every timing of the warm rows, in seconds. */
export interface WarmRuns {
  ours: { dumps: number[]; noFsyncDumps: number[]; loads: number[]; bytes: number };
  joblib: { dumps: number[]; loads: number[]; bytes: number };
  loadAverage: number[];
  /** What our last load returned (for the round-trip check). */
  back: BaseEstimator;
}

function timeOurs(model: BaseEstimator, file: string, reps: number, out: WarmRuns["ours"]): BaseEstimator {
  let back!: BaseEstimator;
  for (let r = 0; r < reps; r++) {
    // alternate which dump goes first, so neither always follows a load
    const pair = [() => out.dumps.push(seconds(() => dump(model, file))),
      () => out.noFsyncDumps.push(seconds(() => dump(model, file, { fsync: false })))];
    if (r % 2) pair.reverse();
    pair[0]();
    out.loads.push(seconds(() => { back = load(file); }));
    pair[1]();
  }
  out.bytes = fs.statSync(file).size;
  return back;
}

/**
 * Time `rounds` rounds of `reps` in-process dump/load pairs, joblib's then ours.
 * @param model - our fitted model
 * @param file - where ours writes
 * @param joblibFile - joblib's model file (loaded by the python side, then dumped and loaded repeatedly)
 * @param reps - pairs per round
 * @param rounds - rounds
 * @returns every timing
 */
export function warmRuns(model: BaseEstimator, file: string, joblibFile: string, reps: number, rounds: number): WarmRuns {
  const runs: WarmRuns = { ours: { dumps: [], noFsyncDumps: [], loads: [], bytes: 0 }, joblib: { dumps: [], loads: [], bytes: 0 },
    loadAverage: [], back: model };
  dump(model, file); load(file); // warm-up
  for (let r = 0; r < rounds; r++) {
    runs.loadAverage.push(os.loadavg()[0]);
    const t = runPython<{ dumps: number[]; loads: number[]; bytes: number }>("persist/sklearn_persist.py", ["time", joblibFile, reps]);
    runs.joblib.dumps.push(...t.dumps); runs.joblib.loads.push(...t.loads); runs.joblib.bytes = t.bytes;
    runs.back = timeOurs(model, file, reps, runs.ours);
  }
  return runs;
}
