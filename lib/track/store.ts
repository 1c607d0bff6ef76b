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
import { trackingFs } from "./store_fs";

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

/**
 * The files under `dir`, following symbolic links (a linked file is copied as the file it points to) but
 * refusing a link that points back into its own ancestry, which would make the walk endless.
 */
function filesUnder(dir: string, prefix: string, ancestors: Set<string>): { abs: string; rel: string }[] {
  const out: { abs: string; rel: string }[] = [];
  const real = fs.realpathSync(dir);
  if (ancestors.has(real)) {
    throw new MlflowError(`logArtifact: '${dir}' is a symbolic link loop (it leads back to '${real}', a folder being copied); ` +
      "remove the link or log the folder it points to");
  }
  const inner = new Set(ancestors).add(real);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    let isDir = e.isDirectory();
    if (e.isSymbolicLink()) {
      let st: fs.Stats;
      try {
        st = fs.statSync(abs);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new MlflowError(`logArtifact: '${abs}' is a symbolic link that cannot be followed (${code === "ELOOP" ? "a link loop" : code === "ENOENT" ? "its target does not exist" : code})`);
      }
      isDir = st.isDirectory();
    }
    if (isDir) out.push(...filesUnder(abs, rel, inner));
    else out.push({ abs, rel });
  }
  return out;
}

function sources(localPath: string): { abs: string; rel: string }[] {
  let st: fs.Stats;
  try { st = fs.statSync(localPath); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new MlflowError(`logArtifact: expected an existing file or directory, received '${localPath}' (not found)`, "RESOURCE_DOES_NOT_EXIST");
    }
    throw new MlflowError(`logArtifact: cannot read '${localPath}' (${code === "ELOOP" ? "a symbolic link loop" : code})`);
  }
  const base = path.basename(path.resolve(localPath));
  return st.isDirectory() ? trackingFs(`artifacts from '${localPath}'`, () => filesUnder(localPath, base, new Set())) : [{ abs: localPath, rel: base }];
}

class LocalArtifacts extends FileStore implements ArtifactStore {
  putArtifact(run: RunInfo, localPath: string, artifactPath: string | undefined): void {
    const artifacts = this.artifactDir(run.runId);
    const dest = path.join(artifacts, artifactPath ?? "");
    const runDir = path.dirname(artifacts);
    // Temp files live with the store's other temporary files (when artifacts/ sits in its run folder, as by
    // default), so a half-copied file never appears under the artifact tree nor in the run folder.
    const inRun = fs.existsSync(path.join(runDir, "meta.yaml"));
    for (const f of sources(localPath)) {
      const bytes = trackingFs(`artifact '${f.rel}'`, () => fs.readFileSync(f.abs));
      trackingFs(`artifact '${f.rel}'`, () => writeAtomic(path.join(dest, f.rel), bytes, inRun ? this.tmpDir() : undefined));
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
        const bytes = trackingFs(`artifact '${rel}'`, () => fs.readFileSync(f.abs));
        trackingFs(`artifact '${rel}'`, () => writeAtomic(path.join(root, rel), bytes));
      } else {
        await this.uploadArtifact(run.artifactUri, rel, trackingFs(`artifact '${rel}'`, () => fs.readFileSync(f.abs)));
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
