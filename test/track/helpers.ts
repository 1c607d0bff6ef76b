/** Shared by the tracking tests: a fresh store directory and the Python reader that checks it as MLflow would. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const repoRoot = path.resolve(__dirname, "..", "..", "..");

/** A new empty directory for a store. */
export function tempStore(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tl-track-")), "mlruns");
}

/** What the reader reports about a run. */
export interface ReadRun {
  run_id: string; run_name: string; status: string; start_time: number; end_time: number | null; user_id: string;
  artifact_uri: string; params: Record<string, string>; metrics: Record<string, number | null>;
  history: Record<string, [number, number, number | null][]>; tags: Record<string, string>; artifacts: string[];
}

/** What the reader reports about a store. */
export interface ReadStore {
  experiments: { experiment_id: string; name: string; artifact_location: string; lifecycle_stage: string; runs: ReadRun[] }[];
  errors: string[];
  skipped: string[];
}

/** Run test/track/mlflow_filestore_reader.py on a store. */
export function readStore(root: string): { report: ReadStore; status: number | null } {
  const r = spawnSync("/usr/bin/python3", [path.join(repoRoot, "test", "track", "mlflow_filestore_reader.py"), root], { encoding: "utf8" });
  if (!r.stdout) throw new Error(`reader failed: ${r.stderr}`);
  return { report: JSON.parse(r.stdout) as ReadStore, status: r.status };
}
