/**
 * MLflow's file store, written the way MLflow's own FileStore lays it out so `mlflow ui` (with
 * MLFLOW_ALLOW_FILE_STORE=true) and `mlflow migrate-filestore` read it:
 *
 *   <root>/<experiment_id>/meta.yaml                       experiment (name, artifact_location, lifecycle_stage, times)
 *   <root>/<experiment_id>/<run_id>/meta.yaml              run info (status as MLflow's integer enum)
 *   <root>/<experiment_id>/<run_id>/params/<key>           the value's text
 *   <root>/<experiment_id>/<run_id>/metrics/<key>          lines "timestamp value step" (MLflow 3 may add dataset name, digest)
 *   <root>/<experiment_id>/<run_id>/tags/<key>             the value's text (mlflow.runName, mlflow.user, …)
 *   <root>/<experiment_id>/<run_id>/artifacts/             logged files and models
 *   <root>/.trash/                                         deleted experiments
 *
 * Every operation is synchronous. Writes are atomic (temp + rename, or one O_APPEND write for metric lines), and a
 * run's meta.yaml is written last, so readers and concurrent writers in other processes never see a torn file
 * or a half-made run. A run's meta.yaml is rewritten (read, changed, renamed into place) only by the process that
 * owns the run — to end or rename it — so those read-modify-writes do not race in normal use.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL, fileURLToPath } from "url";
import {
  Experiment, Metric, Run, RunInfo, RunStatus, RUN_STATUS_CODES, SOURCE_TYPE_LOCAL, latestMetric, statusName,
} from "./entities";
import { appendLine, listFilesDeep, readYaml, toYaml, writeAtomic } from "./files";
import {
  MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH, MlflowError, numberText, setOwn, validateExperimentId, validateExperimentName,
  validateFileKey, validateKey, validateLength, validateMetric, validateRunId,
} from "./validation";
import { keyFile, sweepStaleTemps, trackingFs } from "./store_fs";

/** The default experiment every store has. */
export const DEFAULT_EXPERIMENT_ID = "0";
const TRASH = ".trash";
const RESERVED = new Set(["tags", "datasets", "traces"]);

/** What a new run starts with. */
export interface CreateRunArgs {
  experimentId: string;
  userId: string;
  startTime: number;
  runName: string;
  tags: Record<string, string>;
}

/**
 * An MLflow file store rooted at a directory (MLflow's `./mlruns` by default), with synchronous calls.
 * @example
 * const store = new FileStore("/tmp/mlruns");
 * const exp = store.getOrCreateExperiment("demo");
 * const run = store.createRun({ experimentId: exp.experimentId, userId: "me", startTime: Date.now(), runName: "r", tags: {} });
 * store.logMetric(run.info.runId, { key: "acc", value: 0.9, timestamp: Date.now(), step: 0 });
 */
export class FileStore {
  /** Absolute path of the store's root directory. */
  readonly root: string;
  private readonly runDirs = new Map<string, string>();
  private readonly metaCache = new Map<string, { ino: number; mtimeMs: number; size: number; info: RunInfo }>();

  /**
   * Open (and create when missing) a store; a new store gets experiment 0 "Default", as MLflow makes it.
   * @param root - a directory path or a file: URI
   */
  constructor(root: string) {
    this.root = path.resolve(root.startsWith("file:") ? fileURLToPath(root) : root);
    fs.mkdirSync(path.join(this.root, TRASH), { recursive: true });
    // temporary files of writers killed between write and rename, once their process is gone
    sweepStaleTemps(path.join(this.root, TRASH));
    if (!fs.existsSync(path.join(this.root, DEFAULT_EXPERIMENT_ID, "meta.yaml"))) {
      this.writeExperiment(DEFAULT_EXPERIMENT_ID, "Default");
    }
  }

  /**
   * Create an experiment's folder whole: meta.yaml is written in a temporary folder that is then renamed into
   * place, so a reader (or another process) never sees the folder without its meta.yaml. When another process
   * created the same experiment first, the rename fails and its folder is kept.
   */
  private writeExperiment(id: string, name: string): void {
    const dir = path.join(this.root, id);
    if (fs.existsSync(path.join(dir, "meta.yaml"))) return;
    // The temporary folder sits in .trash (same file system, and not where MLflow lists active experiments).
    const tmp = path.join(this.root, TRASH, `.tmp-experiment-${id}-${process.pid}-${Math.random().toString(36).slice(2)}`);
    fs.mkdirSync(tmp);
    const now = Date.now();
    writeAtomic(path.join(tmp, "meta.yaml"), toYaml({
      artifact_location: pathToFileURL(dir).href,
      creation_time: now,
      experiment_id: id,
      last_update_time: now,
      lifecycle_stage: "active",
      name,
    }));
    try {
      fs.renameSync(tmp, dir);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "EEXIST" && code !== "ENOTEMPTY") throw e;
    }
  }

  private readExperiment(dir: string, deleted: boolean): Experiment | null {
    const meta = readYaml(path.join(dir, "meta.yaml"));
    if (!meta || meta.experiment_id === undefined || meta.name === undefined) return null;
    const id = String(meta.experiment_id);
    if (id !== path.basename(dir)) return null; // MLflow ignores an experiment whose id disagrees with its folder
    const tags: Record<string, string> = {};
    const tagDir = path.join(dir, "tags");
    for (const k of listFilesDeep(tagDir)) setOwn(tags, k, fs.readFileSync(path.join(tagDir, k), "utf8"));
    return {
      experimentId: id,
      name: String(meta.name),
      artifactLocation: String(meta.artifact_location ?? ""),
      lifecycleStage: deleted || meta.lifecycle_stage === "deleted" ? "deleted" : "active",
      creationTime: typeof meta.creation_time === "number" ? meta.creation_time : null,
      lastUpdateTime: typeof meta.last_update_time === "number" ? meta.last_update_time : null,
      tags,
    };
  }

  private experimentDirs(includeDeleted: boolean): { dir: string; deleted: boolean }[] {
    const list = (parent: string, deleted: boolean) => {
      let names: fs.Dirent[] = [];
      try { names = fs.readdirSync(parent, { withFileTypes: true }); } catch { /* no trash yet */ }
      return names.filter((e) => e.isDirectory() && !e.name.startsWith(".") && e.name !== "models")
        .map((e) => ({ dir: path.join(parent, e.name), deleted }));
    };
    return [...list(this.root, false), ...(includeDeleted ? list(path.join(this.root, TRASH), true) : [])];
  }

  /**
   * All experiments (active ones unless `includeDeleted`).
   * @example new FileStore("mlruns").searchExperiments().map((e) => e.name); // ["Default", …]
   */
  searchExperiments(includeDeleted = false): Experiment[] {
    const out: Experiment[] = [];
    for (const { dir, deleted } of this.experimentDirs(includeDeleted)) {
      const e = this.readExperiment(dir, deleted);
      if (e) out.push(e);
    }
    return out;
  }

  /** The active experiment with this name, or null. */
  getExperimentByName(name: string): Experiment | null {
    validateExperimentName(name);
    return this.searchExperiments().find((e) => e.name === name) ?? null;
  }

  /** The experiment with this id (active or deleted); throws MlflowError when there is none. */
  getExperiment(id: string): Experiment {
    validateExperimentId(id);
    for (const [parent, deleted] of [[this.root, false], [path.join(this.root, TRASH), true]] as const) {
      const e = this.readExperiment(path.join(parent, id), deleted);
      if (e) return e;
    }
    throw new MlflowError(`Could not find experiment with ID ${id}`, "RESOURCE_DOES_NOT_EXIST");
  }

  /**
   * Create an experiment. Its id is derived from the name (18 decimal digits, the shape of MLflow's generated
   * ids), so processes racing to create the same experiment all land in the same folder instead of making two.
   * @returns the new experiment's id
   */
  createExperiment(name: string): string {
    validateExperimentName(name);
    const existing = this.getExperimentByName(name);
    if (existing) throw new MlflowError(`Experiment '${name}' already exists.`, "RESOURCE_ALREADY_EXISTS");
    return this.claimExperimentId(name);
  }

  /** Write the experiment under its name-derived id; a process that finds it already written keeps that one. */
  private claimExperimentId(name: string): string {
    for (let salt = 0; ; salt++) {
      const id = experimentIdFor(name, salt);
      const taken = [path.join(this.root, id), path.join(this.root, TRASH, id)]
        .map((d) => readYaml(path.join(d, "meta.yaml"))).find((m) => m !== null);
      if (taken && taken.name !== name) continue; // another experiment owns this id: try the next salt
      if (!taken) this.writeExperiment(id, name);
      return id;
    }
  }

  /** The experiment with this name, created when missing (what `mlflow.set_experiment` does). */
  getOrCreateExperiment(name: string): Experiment {
    const found = this.getExperimentByName(name);
    if (found) return found;
    const deleted = this.searchExperiments(true).find((e) => e.name === name && e.lifecycleStage === "deleted");
    if (deleted) {
      throw new MlflowError(`Experiment '${name}' already exists in deleted state. Restore it, or delete it ` +
        `permanently from ${path.join(this.root, TRASH)}, to use this name again.`, "RESOURCE_ALREADY_EXISTS");
    }
    return this.getExperiment(this.claimExperimentId(name));
  }

  /** Start a run: folders and tags first, meta.yaml last, so the run appears to readers complete. */
  createRun(args: CreateRunArgs): Run {
    const exp = this.getExperiment(args.experimentId);
    if (exp.lifecycleStage !== "active") {
      throw new MlflowError(`Could not create run under non-active experiment with ID ${exp.experimentId}.`, "INVALID_STATE");
    }
    const tags = { ...args.tags, "mlflow.runName": args.runName };
    for (const [k, v] of Object.entries(tags)) {
      validateFileKey("tag", validateKey("tag", k));
      validateLength("Tag value", v, MAX_TAG_VALUE_LENGTH);
    }
    const runId = crypto.randomUUID().replace(/-/g, "");
    const expDir = path.join(this.root, exp.experimentId);
    const runDir = path.join(expDir, runId);
    fs.mkdirSync(runDir);
    for (const sub of ["metrics", "params", "artifacts", "tags"]) fs.mkdirSync(path.join(runDir, sub));
    const tmp = this.tmpDir();
    for (const [k, v] of Object.entries(tags)) {
      const file = keyFile(runDir, "tags", "tag", k);
      trackingFs(`tag '${k}'`, () => writeAtomic(file, v, tmp));
    }
    const info: RunInfo = {
      runId, runName: args.runName, experimentId: exp.experimentId, userId: args.userId, status: "RUNNING",
      startTime: args.startTime, endTime: null, lifecycleStage: "active",
      artifactUri: `${exp.artifactLocation.replace(/\/$/, "")}/${runId}/artifacts`,
    };
    this.writeRunMeta(runDir, info);
    this.runDirs.set(runId, runDir);
    return { info, data: { metrics: {}, params: {}, tags } };
  }

  private writeRunMeta(runDir: string, info: RunInfo, deletedTime: number | null = null): void {
    const tmp = this.tmpDir();
    writeAtomic(path.join(runDir, "meta.yaml"), toYaml({
      artifact_uri: info.artifactUri,
      deleted_time: deletedTime,
      end_time: info.endTime,
      entry_point_name: "",
      experiment_id: info.experimentId,
      lifecycle_stage: info.lifecycleStage,
      run_id: info.runId,
      run_name: info.runName,
      run_uuid: info.runId,
      source_name: "",
      source_type: SOURCE_TYPE_LOCAL,
      source_version: "",
      start_time: info.startTime,
      status: RUN_STATUS_CODES[info.status],
      tags: [],
      user_id: info.userId,
    }), tmp);
  }

  private findRunDir(runId: string): string {
    validateRunId(runId);
    const cached = this.runDirs.get(runId);
    if (cached && fs.existsSync(path.join(cached, "meta.yaml"))) return cached;
    for (const { dir } of this.experimentDirs(true)) {
      const runDir = path.join(dir, runId);
      if (fs.existsSync(path.join(runDir, "meta.yaml"))) {
        this.runDirs.set(runId, runDir);
        // once per run and store: temporary files that older versions wrote in the run folder, left by a writer
        // killed mid-write, are removed once their process is gone
        sweepStaleTemps(runDir);
        return runDir;
      }
    }
    throw new MlflowError(`Run '${runId}' not found`, "RESOURCE_DOES_NOT_EXIST");
  }

  /**
   * Where a run's temporary files go: loose files in the store's `.trash` folder, outside every run folder, where
   * neither MLflow (which lists only the folders there, as deleted experiments) nor a reader of runs looks, and on
   * the same file system as every run, so the rename into place stays atomic.
   */
  tmpDir(): string {
    const dir = path.join(this.root, TRASH);
    if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  private readRunInfo(runDir: string): RunInfo | null {
    // Every log call checks the run is active, as MLflow does; meta.yaml is re-parsed only when it was replaced
    // (each rewrite is a rename, so a new inode), which keeps that check cheap without trusting a stale copy.
    const file = path.join(runDir, "meta.yaml");
    let st: fs.Stats;
    try { st = fs.statSync(file); } catch { return null; }
    const hit = this.metaCache.get(runDir);
    if (hit && hit.ino === st.ino && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return { ...hit.info };
    const info = this.parseRunInfo(runDir);
    if (info) this.metaCache.set(runDir, { ino: st.ino, mtimeMs: st.mtimeMs, size: st.size, info });
    return info ? { ...info } : null;
  }

  private parseRunInfo(runDir: string): RunInfo | null {
    const m = readYaml(path.join(runDir, "meta.yaml"));
    if (!m || typeof m.run_id !== "string" && typeof m.run_uuid !== "string") return null;
    const runId = String(m.run_id ?? m.run_uuid);
    return {
      runId,
      runName: typeof m.run_name === "string" ? m.run_name : "",
      experimentId: String(m.experiment_id),
      userId: String(m.user_id ?? ""),
      status: statusName(m.status ?? 1),
      startTime: Number(m.start_time ?? 0),
      endTime: typeof m.end_time === "number" ? m.end_time : null,
      artifactUri: String(m.artifact_uri ?? ""),
      lifecycleStage: m.lifecycle_stage === "deleted" ? "deleted" : "active",
    };
  }

  private activeRunDir(runId: string): { runDir: string; info: RunInfo } {
    const runDir = this.findRunDir(runId);
    const info = this.readRunInfo(runDir);
    if (!info) throw new MlflowError(`Run '${runId}' metadata is in invalid state.`, "INVALID_STATE");
    if (info.lifecycleStage !== "active") {
      throw new MlflowError(`The run ${runId} must be in the 'active' state. Current state is ${info.lifecycleStage}.`, "INVALID_STATE");
    }
    return { runDir, info };
  }

  /** Log a param; a param is immutable: logging a different value under the same key is an error, as in MLflow. */
  logParam(runId: string, key: string, value: string): void {
    validateFileKey("param", validateKey("param", key));
    validateLength("Param value", value, MAX_PARAM_VALUE_LENGTH);
    const { runDir } = this.activeRunDir(runId);
    const file = keyFile(runDir, "params", "param", key);
    if (fs.existsSync(file)) {
      const current = trackingFs(`param '${key}'`, () => fs.readFileSync(file, "utf8"));
      if (current !== value) {
        throw new MlflowError(`Changing param values is not allowed. Param with key='${key}' was already logged with ` +
          `value='${current}' for run ID='${runId}'. Attempted logging new value '${value}'.`);
      }
      return;
    }
    trackingFs(`param '${key}'`, () => writeAtomic(file, value, this.tmpDir()));
  }

  /** Append a metric value (a line "timestamp value step"). */
  logMetric(runId: string, m: Metric): void {
    validateMetric(m.key, m.value, m.timestamp, m.step);
    validateFileKey("metric", m.key);
    const { runDir } = this.activeRunDir(runId);
    const file = keyFile(runDir, "metrics", "metric", m.key);
    trackingFs(`metric '${m.key}'`, () => appendLine(file, `${m.timestamp} ${numberText(m.value)} ${m.step}`));
  }

  /** Set (or overwrite) a tag; `mlflow.runName` also renames the run in its meta.yaml, as MLflow keeps them in step. */
  setTag(runId: string, key: string, value: string): void {
    validateFileKey("tag", validateKey("tag", key));
    validateLength("Tag value", value, MAX_TAG_VALUE_LENGTH);
    const { runDir, info } = this.activeRunDir(runId);
    const file = keyFile(runDir, "tags", "tag", key);
    trackingFs(`tag '${key}'`, () => writeAtomic(file, value, this.tmpDir()));
    if (key === "mlflow.runName" && info.runName !== value) this.writeRunMeta(runDir, { ...info, runName: value });
  }

  /** Params, metrics and tags in one call (MLflow's log_batch): params first, then metrics, then tags. */
  logBatch(runId: string, batch: { metrics?: Metric[]; params?: Record<string, string>; tags?: Record<string, string> }): void {
    for (const [k, v] of Object.entries(batch.params ?? {})) this.logParam(runId, k, v);
    for (const m of batch.metrics ?? []) this.logMetric(runId, m);
    for (const [k, v] of Object.entries(batch.tags ?? {})) this.setTag(runId, k, v);
  }

  /** Change a run's status and end time (what `mlflow.end_run` does). */
  updateRunInfo(runId: string, status: RunStatus, endTime: number | null): RunInfo {
    if (!(status in RUN_STATUS_CODES)) throw new MlflowError(`Invalid run status: expected one of ${Object.keys(RUN_STATUS_CODES).join(", ")}, received '${status}'`);
    const { runDir, info } = this.activeRunDir(runId);
    const next = { ...info, status, endTime };
    this.writeRunMeta(runDir, next);
    return next;
  }

  /** Every value a metric took, in logging order. */
  getMetricHistory(runId: string, key: string): Metric[] {
    validateFileKey("metric", validateKey("metric", key));
    const file = path.join(this.findRunDir(runId), "metrics", key);
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) return [];
    return parseMetricLines(key, trackingFs(`metric '${key}'`, () => fs.readFileSync(file, "utf8")));
  }

  /** A run with its params, tags and the latest value of each metric. */
  getRun(runId: string): Run {
    const runDir = this.findRunDir(runId);
    const info = this.readRunInfo(runDir);
    if (!info) throw new MlflowError(`Run '${runId}' metadata is in invalid state.`, "INVALID_STATE");
    return this.runFromDir(runDir, info);
  }

  private runFromDir(runDir: string, info: RunInfo): Run {
    const read = (sub: string) => {
      const out: Record<string, string> = {};
      for (const k of listFilesDeep(path.join(runDir, sub))) setOwn(out, k, fs.readFileSync(path.join(runDir, sub, k), "utf8"));
      return out;
    };
    const metrics: Record<string, number> = {};
    for (const [k, text] of Object.entries(read("metrics"))) {
      const last = latestMetric(parseMetricLines(k, text));
      if (last) setOwn(metrics, k, last.value);
    }
    const tags = read("tags");
    if (!info.runName && tags["mlflow.runName"]) info = { ...info, runName: tags["mlflow.runName"] };
    return { info, data: { metrics, params: read("params"), tags } };
  }

  /**
   * Runs of the given experiments (active ones), newest first, as MLflow orders them by default.
   * @param experimentIds - experiments to search
   * @param maxResults - at most this many runs (default 1000)
   */
  searchRuns(experimentIds: string[], maxResults = 1000): Run[] {
    const runs: Run[] = [];
    for (const id of experimentIds) {
      validateExperimentId(id);
      const expDir = path.join(this.root, id);
      let entries: fs.Dirent[] = [];
      try { entries = fs.readdirSync(expDir, { withFileTypes: true }); } catch { continue; }
      for (const e of entries) {
        if (!e.isDirectory() || RESERVED.has(e.name) || e.name.startsWith(".")) continue;
        const info = this.readRunInfo(path.join(expDir, e.name));
        if (!info || info.experimentId !== id || info.lifecycleStage !== "active") continue;
        runs.push(this.runFromDir(path.join(expDir, e.name), info));
      }
    }
    runs.sort((a, b) => b.info.startTime - a.info.startTime || (a.info.runId < b.info.runId ? -1 : 1));
    return runs.slice(0, maxResults);
  }

  /** The local directory of a run's artifacts. */
  artifactDir(runId: string): string {
    const runDir = this.findRunDir(runId);
    const info = this.readRunInfo(runDir);
    if (info?.artifactUri.startsWith("file:")) return fileURLToPath(info.artifactUri);
    return path.join(runDir, "artifacts");
  }
}

/**
 * Parse a metric file the way MLflow does: "timestamp value [step]" per line, or, as MLflow >= 3.0 writes a value
 * logged with a dataset, "timestamp value step dataset_name dataset_digest".
 */
export function parseMetricLines(key: string, text: string): Metric[] {
  const out: Metric[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const parts = line.trim().split(" ");
    if (parts.length !== 2 && parts.length !== 3 && parts.length !== 5) {
      throw new MlflowError(`Metric '${key}' is malformed; persisted metric data contained ${parts.length} fields. Expected 2, 3, or 5 fields.`, "INTERNAL_ERROR");
    }
    const value = parts[1] === "nan" ? NaN : parts[1] === "inf" ? Infinity : parts[1] === "-inf" ? -Infinity : Number(parts[1]);
    const m: Metric = { key, timestamp: Number(parts[0]), value, step: parts.length >= 3 ? Number(parts[2]) : 0 };
    if (parts.length === 5) {
      m.datasetName = parts[3];
      m.datasetDigest = parts[4];
    }
    out.push(m);
  }
  return out;
}

/** An 18-digit experiment id derived from the name (and a salt, to step past a collision). */
export function experimentIdFor(name: string, salt = 0): string {
  const h = crypto.createHash("sha256").update(salt === 0 ? name : `${name}\u0000${salt}`).digest();
  const n = h.readBigUInt64BE(0) % 900000000000000000n + 100000000000000000n;
  return n.toString();
}
