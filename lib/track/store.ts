/**
 * The store behind the tracking API, chosen by the tracking URI: a local path or file: URI → {@link FileStore}
 * (synchronous), http(s) → {@link RestStore} (asynchronous). Artifacts go to the run's artifact directory (files)
 * or through the server's artifact proxy (REST).
 */
import * as fs from "fs";
import * as path from "path";
import { fileURLToPath, pathToFileURL } from "url";
import { Experiment, Metric, Run, RunInfo, RunStatus } from "./entities";
import { writeAtomic } from "./files";
import { FileStore } from "./file_store";
import { RestStore } from "./rest_store";
import { MlflowError } from "./validation";

type Awaitable<T> = T | Promise<T>;

/** What the fluent API needs from a store; FileStore answers synchronously, RestStore with promises. */
export interface TrackingStore {
  getExperimentByName(name: string): Awaitable<Experiment | null>;
  getExperiment(id: string): Awaitable<Experiment>;
  getOrCreateExperiment(name: string): Awaitable<Experiment>;
  createRun(args: { experimentId: string; userId: string; startTime: number; runName: string; tags: Record<string, string> }): Awaitable<Run>;
  logParam(runId: string, key: string, value: string): Awaitable<void>;
  logMetric(runId: string, m: Metric): Awaitable<void>;
  setTag(runId: string, key: string, value: string): Awaitable<void>;
  logBatch(runId: string, batch: { metrics?: Metric[]; params?: Record<string, string>; tags?: Record<string, string> }): Awaitable<void>;
  updateRunInfo(runId: string, status: RunStatus, endTime: number | null): Awaitable<RunInfo>;
  getRun(runId: string): Awaitable<Run>;
  getMetricHistory(runId: string, key: string): Awaitable<Metric[]>;
  searchRuns(experimentIds: string[], maxResults?: number): Awaitable<Run[]>;
}

/** A store with a way to put files into a run's artifacts. */
export interface ArtifactStore extends TrackingStore {
  /** Copy a local file or directory to `<artifacts>/<artifactPath>/<basename>`. */
  putArtifact(run: RunInfo, localPath: string, artifactPath: string | undefined): Awaitable<void>;
}

/** True for an http(s) tracking URI. */
export function isHttpUri(uri: string): boolean {
  return /^https?:\/\//i.test(uri);
}

function filesUnder(dir: string, prefix = ""): { abs: string; rel: string }[] {
  const out: { abs: string; rel: string }[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(abs, rel));
    else out.push({ abs, rel });
  }
  return out;
}

function sources(localPath: string): { abs: string; rel: string }[] {
  let st: fs.Stats;
  try { st = fs.statSync(localPath); } catch {
    throw new MlflowError(`logArtifact: expected an existing file or directory, received '${localPath}' (not found)`, "RESOURCE_DOES_NOT_EXIST");
  }
  const base = path.basename(path.resolve(localPath));
  return st.isDirectory() ? filesUnder(localPath, base) : [{ abs: localPath, rel: base }];
}

class LocalArtifacts extends FileStore implements ArtifactStore {
  putArtifact(run: RunInfo, localPath: string, artifactPath: string | undefined): void {
    const dest = path.join(this.artifactDir(run.runId), artifactPath ?? "");
    const runDir = path.dirname(this.artifactDir(run.runId));
    for (const f of sources(localPath)) {
      // Temp files live beside artifacts/, so a half-copied file never appears under the artifact tree.
      writeAtomic(path.join(dest, f.rel), fs.readFileSync(f.abs), fs.existsSync(runDir) ? runDir : dest);
    }
  }
}

class RemoteArtifacts extends RestStore implements ArtifactStore {
  async putArtifact(run: RunInfo, localPath: string, artifactPath: string | undefined): Promise<void> {
    for (const f of sources(localPath)) {
      const rel = [artifactPath, f.rel].filter((s) => s).join("/");
      if (run.artifactUri.startsWith("file:") || path.isAbsolute(run.artifactUri)) {
        // A server whose artifact root is a shared local path: write there directly, as MLflow's client does.
        const root = run.artifactUri.startsWith("file:") ? fileURLToPath(run.artifactUri) : run.artifactUri;
        writeAtomic(path.join(root, rel), fs.readFileSync(f.abs));
      } else {
        await this.uploadArtifact(run.artifactUri, rel, fs.readFileSync(f.abs));
      }
    }
  }
}

const cache = new Map<string, ArtifactStore>();

/** The store for a tracking URI (one instance per URI). */
export function storeFor(uri: string): ArtifactStore {
  let s = cache.get(uri);
  if (!s) {
    s = isHttpUri(uri) ? new RemoteArtifacts(uri) : new LocalArtifacts(uri);
    cache.set(uri, s);
  }
  return s;
}

/** The default tracking URI: ./mlruns of the working directory, as a file: URI. */
export function defaultTrackingUri(): string {
  return pathToFileURL(path.resolve("mlruns")).href;
}
