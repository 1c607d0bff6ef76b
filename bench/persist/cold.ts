/**
 * The cold rows of bench/persist: each sample is a fresh process — a node child (cold_child.ts) or a python child
 * (sklearn_persist.py cold-dump / cold-load) — that dumps once after fitting, or loads once after start-up, as a
 * notebook does. Samples alternate between the two sides, the order flipping every round, so both see the same
 * machine load. Each child times only its dump or load call; the bench also times the whole child process.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { ROOT } from "../common";
import type { ModelSpec } from "./models";

/** One child's figures. */
export interface ColdSample {
  /** The dump or load call, timed inside the child. */
  ms: number;
  /** Minor page faults of the child during the call. */
  minorPageFaults: number;
  /** Size of the file written or read. */
  bytes: number;
  /** joblib's dump only: the fsync of the file it wrote, timed after the dump (our default dump includes one). */
  fsyncMs?: number;
  /** The whole child process, from spawn to exit, timed by the bench (includes the fit for a dump). */
  processMs: number;
}

/** Every sample of one row, per side and operation. */
export interface ColdRuns {
  ours: { dump: ColdSample[]; dumpNoFsync: ColdSample[]; load: ColdSample[] };
  joblib: { dump: ColdSample[]; load: ColdSample[] };
  /** 1-minute load average at each round's start. */
  loadAverage: number[];
}

function child(cmd: string, args: string[]): ColdSample {
  const t0 = process.hrtime.bigint();
  const out = execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 20 });
  const processMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ...(JSON.parse(out.trim().split("\n").pop()!) as Omit<ColdSample, "processMs">), processMs };
}

/**
 * Time `samples` rounds of fresh-process dumps and loads, ours and joblib's.
 * @param spec - the row's model
 * @param data - the data file both sides fit on
 * @param ourFile - a file our dump wrote, for our loads
 * @param joblibFile - a file joblib.dump wrote, for joblib's loads
 * @param samples - rounds (each: one process per side and operation)
 * @returns every sample
 */
export function coldRuns(spec: ModelSpec, data: string, ourFile: string, joblibFile: string, samples: number): ColdRuns {
  const runs: ColdRuns = { ours: { dump: [], dumpNoFsync: [], load: [] }, joblib: { dump: [], load: [] }, loadAverage: [] };
  const node = (args: string[]) => child(process.execPath, [path.join(__dirname, "cold_child.js"), ...args]);
  const python = (args: string[]) => child("/usr/bin/python3", [path.join(ROOT, "bench", "persist", "sklearn_persist.py"), ...args]);
  const out = (ext: string) => path.join(os.tmpdir(), `typelearn-persist-cold-${process.pid}.${ext}`);
  const json = JSON.stringify(spec);
  try {
    for (let r = 0; r < samples; r++) {
      runs.loadAverage.push(os.loadavg()[0]);
      const dumps = [
        () => runs.joblib.dump.push(python(["cold-dump", json, data, out("joblib")])),
        () => runs.ours.dump.push(node(["dump", json, data, out("tl"), "1"])),
        () => runs.ours.dumpNoFsync.push(node(["dump", json, data, out("nosync.tl"), "0"])),
      ];
      const loads = [
        () => runs.joblib.load.push(python(["cold-load", json, joblibFile])),
        () => runs.ours.load.push(node(["load", ourFile])),
      ];
      if (r % 2) { dumps.reverse(); loads.reverse(); }
      for (const step of [...dumps, ...loads]) step();
    }
  } finally {
    for (const ext of ["joblib", "tl", "nosync.tl"]) fs.rmSync(out(ext), { force: true });
  }
  return runs;
}
