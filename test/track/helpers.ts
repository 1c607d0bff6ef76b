/**
 * Shared by the tracking tests: a fresh store directory, the real MLflow (2.17, ../shared/mlflow beside the
 * repository) reading what typelearn wrote, and a hand-written strict reader for the rules MLflow does not enforce
 * on read (stray files, key rules, meta.yaml field types, run folders without meta.yaml, which MLflow skips silently).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mlflow } from "../../lib";

export const repoRoot = path.resolve(__dirname, "..", "..", "..");

/** A new empty directory for a store. */
export function tempStore(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tl-track-")), "mlruns");
}

/**
 * Mocha hooks for a suite: each test tracks into a new store (handed to `onStore`), and a run a test leaves
 * active is ended as KILLED after it, so the next test starts with none.
 */
export function freshStoreEachTest(onStore: (root: string) => void): void {
  beforeEach(() => {
    const root = tempStore();
    mlflow.setTrackingUri(root);
    onStore(root);
  });
  afterEach(async () => {
    while (mlflow.activeRun()) await mlflow.endRun("KILLED");
  });
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

/** The real MLflow's launcher: `run script.py` runs Debian's python3 with MLflow 2.17 on its path. */
export const MLFLOW_RUN = path.resolve(repoRoot, "..", "shared", "mlflow", "run");

/** Fail naming what is missing when ../shared/mlflow is not beside the repository. */
function requireMlflow(): void {
  if (!fs.existsSync(MLFLOW_RUN)) {
    throw new Error(`the real MLflow is missing: ${MLFLOW_RUN} does not exist. The tracking tests read typelearn's stores ` +
      "with MLflow 2.17 from ../shared/mlflow beside the repository (its launcher `run` puts it on Debian's python3).");
  }
}

/**
 * Run Python with the real MLflow 2.17 on its path (`run -c script args…`) and return its stdout; a non-zero exit
 * fails with MLflow's stderr. The one place the tests start the real MLflow for a script.
 * @param script - Python source
 * @param args - its sys.argv[1:]
 * @param env - extra environment (e.g. MLFLOW_TRACKING_URI)
 * @example runMlflowPython("import mlflow; print(mlflow.__version__)"); // "2.17.…\n"
 */
export function runMlflowPython(script: string, args: string[] = [], env: Record<string, string> = {}): string {
  requireMlflow();
  const r = spawnSync(MLFLOW_RUN, ["-c", script, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 240_000 });
  if (r.status !== 0) throw new Error(`MLflow's python failed (status ${r.status}, signal ${r.signal}): ${r.stderr}`);
  return r.stdout;
}

/** The last line a script printed (the tests print their JSON answer last, after MLflow's own chatter). */
export const lastLine = (out: string): string => out.trim().split("\n").pop()!;

/**
 * Read a store with the real MLflow (test/track/mlflow_reader.py): what MLflow's client sees, and every error it
 * raises or warns about. Fails naming what is missing when ../shared/mlflow is not there.
 */
export function readStore(root: string): { report: ReadStore; status: number | null } {
  requireMlflow();
  const r = spawnSync(MLFLOW_RUN, [path.join(repoRoot, "test", "track", "mlflow_reader.py"), root], { encoding: "utf8" });
  if (!r.stdout) throw new Error(`MLflow's reader failed (status ${r.status}): ${r.stderr}`);
  return { report: JSON.parse(r.stdout) as ReadStore, status: r.status };
}

/** Run the hand-written strict reader, test/track/mlflow_filestore_reader.py, on a store (fast: no MLflow import). */
export function readStoreStrict(root: string): { report: ReadStore; status: number | null } {
  const r = spawnSync("/usr/bin/python3", [path.join(repoRoot, "test", "track", "mlflow_filestore_reader.py"), root], { encoding: "utf8" });
  if (!r.stdout) throw new Error(`reader failed: ${r.stderr}`);
  return { report: JSON.parse(r.stdout) as ReadStore, status: r.status };
}
