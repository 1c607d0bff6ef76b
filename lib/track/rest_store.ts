/**
 * MLflow's REST API 2.0 (the tracking server's `/api/2.0/mlflow/...` endpoints), used when the tracking URI is
 * http(s). Field names are the API's own (snake_case); every call is async because it is a network round trip.
 * Credentials come from MLflow's variables: MLFLOW_TRACKING_TOKEN (bearer) or MLFLOW_TRACKING_USERNAME/PASSWORD.
 */
import { Experiment, Metric, Run, RunInfo, RunStatus, statusName } from "./entities";
import { MlflowError, setOwn } from "./validation";

type Json = Record<string, unknown>;
type KV = { key: string; value: string };

/** A protobuf-JSON double: JSON has no NaN/Infinity literals, so the API takes them as strings. */
function jsonDouble(v: number): number | string {
  return Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : v;
}

function fromJsonDouble(v: unknown): number {
  return typeof v === "number" ? v : v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : Number(v);
}

const kvList = (o: Record<string, string>): KV[] => Object.entries(o).map(([key, value]) => ({ key, value }));
const kvObject = (l: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const t of (Array.isArray(l) ? l : []) as KV[]) setOwn(out, String(t.key), String(t.value));
  return out;
};

function toExperiment(e: Json): Experiment {
  return {
    experimentId: String(e.experiment_id),
    name: String(e.name),
    artifactLocation: String(e.artifact_location ?? ""),
    lifecycleStage: e.lifecycle_stage === "deleted" ? "deleted" : "active",
    creationTime: e.creation_time === undefined ? null : Number(e.creation_time),
    lastUpdateTime: e.last_update_time === undefined ? null : Number(e.last_update_time),
    tags: kvObject(e.tags),
  };
}

function toRunInfo(i: Json): RunInfo {
  return {
    runId: String(i.run_id ?? i.run_uuid),
    runName: String(i.run_name ?? ""),
    experimentId: String(i.experiment_id),
    userId: String(i.user_id ?? ""),
    status: statusName(i.status),
    startTime: Number(i.start_time ?? 0),
    endTime: i.end_time === undefined || i.end_time === null ? null : Number(i.end_time),
    artifactUri: String(i.artifact_uri ?? ""),
    lifecycleStage: i.lifecycle_stage === "deleted" ? "deleted" : "active",
  };
}

function toRun(r: Json): Run {
  const data = (r.data ?? {}) as Json;
  const metrics: Record<string, number> = {};
  for (const m of (Array.isArray(data.metrics) ? data.metrics : []) as Json[]) setOwn(metrics, String(m.key), fromJsonDouble(m.value));
  return { info: toRunInfo((r.info ?? {}) as Json), data: { metrics, params: kvObject(data.params), tags: kvObject(data.tags) } };
}

/** Page size of metric history requests: what MLflow's own client asks for (GET_METRIC_HISTORY_MAX_RESULTS). */
export const METRIC_HISTORY_PAGE = 25_000;

/** The next page's token, or undefined at the end; a server repeating a token would page forever, so it ends too. */
function nextToken(r: Json, previous: string | undefined): string | undefined {
  const t = r.next_page_token;
  return typeof t === "string" && t !== "" && t !== previous ? t : undefined;
}

/**
 * A client of an MLflow tracking server (REST API 2.0), every call async.
 * @example
 * const server = new RestStore("http://localhost:5000");
 * const exp = await server.getOrCreateExperiment("demo");
 */
export class RestStore {
  /** The server's base URL, without a trailing slash. */
  readonly baseUrl: string;

  /** @param uri - the tracking server, e.g. "http://localhost:5000" */
  constructor(uri: string) {
    this.baseUrl = uri.replace(/\/+$/, "");
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = { "Content-Type": "application/json" };
    const token = process.env.MLFLOW_TRACKING_TOKEN;
    const user = process.env.MLFLOW_TRACKING_USERNAME;
    if (token) h.Authorization = `Bearer ${token}`;
    else if (user) h.Authorization = "Basic " + Buffer.from(`${user}:${process.env.MLFLOW_TRACKING_PASSWORD ?? ""}`).toString("base64");
    return h;
  }

  /** One API call; a non-2xx answer becomes an MlflowError carrying the server's error_code and message. */
  async call(method: "GET" | "POST", endpoint: string, body: Json = {}): Promise<Json> {
    let url = `${this.baseUrl}/api/2.0/mlflow/${endpoint}`;
    const init: RequestInit = { method, headers: this.headers() };
    if (method === "GET") {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(body)) if (v !== undefined) q.append(k, String(v));
      url += `?${q}`;
    } else {
      init.body = JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (e) {
      throw new MlflowError(`MLflow server at ${this.baseUrl} unreachable (${endpoint}): ${(e as Error).message}`, "TEMPORARILY_UNAVAILABLE");
    }
    const text = await res.text();
    let json: Json = {};
    try { json = text ? JSON.parse(text) as Json : {}; } catch { /* a proxy's HTML error page */ }
    if (!res.ok) {
      throw new MlflowError(`MLflow ${endpoint} failed with HTTP ${res.status}: ${String(json.message ?? text.slice(0, 200))}`,
        String(json.error_code ?? "INTERNAL_ERROR"));
    }
    return json;
  }

  /** experiments/get-by-name; null when the server answers RESOURCE_DOES_NOT_EXIST. */
  async getExperimentByName(name: string): Promise<Experiment | null> {
    try {
      const r = await this.call("GET", "experiments/get-by-name", { experiment_name: name });
      return toExperiment(r.experiment as Json);
    } catch (e) {
      if (e instanceof MlflowError && e.errorCode === "RESOURCE_DOES_NOT_EXIST") return null;
      throw e;
    }
  }

  /** experiments/get. */
  async getExperiment(id: string): Promise<Experiment> {
    return toExperiment((await this.call("GET", "experiments/get", { experiment_id: id })).experiment as Json);
  }

  /** experiments/create; returns the new id. */
  async createExperiment(name: string): Promise<string> {
    return String((await this.call("POST", "experiments/create", { name })).experiment_id);
  }

  /** The experiment with this name, created when missing (tolerating another client creating it first). */
  async getOrCreateExperiment(name: string): Promise<Experiment> {
    const found = await this.getExperimentByName(name);
    if (found) return found;
    try {
      return await this.getExperiment(await this.createExperiment(name));
    } catch (e) {
      if (e instanceof MlflowError && e.errorCode === "RESOURCE_ALREADY_EXISTS") {
        const again = await this.getExperimentByName(name);
        if (again) return again;
      }
      throw e;
    }
  }

  /** runs/create. */
  async createRun(args: { experimentId: string; userId: string; startTime: number; runName: string; tags: Record<string, string> }): Promise<Run> {
    const r = await this.call("POST", "runs/create", {
      experiment_id: args.experimentId, user_id: args.userId, run_name: args.runName, start_time: args.startTime,
      tags: kvList({ ...args.tags, "mlflow.runName": args.runName }),
    });
    return toRun(r.run as Json);
  }

  /** runs/log-parameter. */
  async logParam(runId: string, key: string, value: string): Promise<void> {
    await this.call("POST", "runs/log-parameter", { run_id: runId, run_uuid: runId, key, value });
  }

  /** runs/log-metric. */
  async logMetric(runId: string, m: Metric): Promise<void> {
    await this.call("POST", "runs/log-metric", {
      run_id: runId, run_uuid: runId, key: m.key, value: jsonDouble(m.value), timestamp: m.timestamp, step: m.step,
    });
  }

  /** runs/set-tag. */
  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.call("POST", "runs/set-tag", { run_id: runId, run_uuid: runId, key, value });
  }

  /** runs/log-batch: many params, metrics and tags in one request. */
  async logBatch(runId: string, batch: { metrics?: Metric[]; params?: Record<string, string>; tags?: Record<string, string> }): Promise<void> {
    await this.call("POST", "runs/log-batch", {
      run_id: runId,
      metrics: (batch.metrics ?? []).map((m) => ({ key: m.key, value: jsonDouble(m.value), timestamp: m.timestamp, step: m.step })),
      params: kvList(batch.params ?? {}),
      tags: kvList(batch.tags ?? {}),
    });
  }

  /** runs/update: status and end time. */
  async updateRunInfo(runId: string, status: RunStatus, endTime: number | null): Promise<RunInfo> {
    const body: Json = { run_id: runId, run_uuid: runId, status };
    if (endTime !== null) body.end_time = endTime;
    return toRunInfo((await this.call("POST", "runs/update", body)).run_info as Json ?? {});
  }

  /** runs/get. */
  async getRun(runId: string): Promise<Run> {
    return toRun((await this.call("GET", "runs/get", { run_id: runId })).run as Json);
  }

  /**
   * metrics/get-history, page by page: max_results as MLflow's client sends it (25,000) and every next_page_token
   * followed (servers from MLflow 3.4 answer nothing without max_results; older ones send everything at once).
   */
  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const out: Metric[] = [];
    let token: string | undefined;
    do {
      const r = await this.call("GET", "metrics/get-history", {
        run_id: runId, metric_key: key, max_results: METRIC_HISTORY_PAGE, ...(token ? { page_token: token } : {}),
      });
      for (const m of (r.metrics ?? []) as Json[]) {
        const metric: Metric = { key: String(m.key), value: fromJsonDouble(m.value), timestamp: Number(m.timestamp), step: Number(m.step ?? 0) };
        if (typeof m.dataset_name === "string") metric.datasetName = m.dataset_name;
        if (typeof m.dataset_digest === "string") metric.datasetDigest = m.dataset_digest;
        out.push(metric);
      }
      token = nextToken(r, token);
    } while (token);
    return out;
  }

  /** runs/search over active runs, following page tokens up to `maxResults`. */
  async searchRuns(experimentIds: string[], maxResults = 1000): Promise<Run[]> {
    const runs: Run[] = [];
    let token: string | undefined;
    do {
      const r = await this.call("POST", "runs/search", {
        experiment_ids: experimentIds, run_view_type: "ACTIVE_ONLY", max_results: Math.min(1000, maxResults - runs.length),
        order_by: ["attributes.start_time DESC"], ...(token ? { page_token: token } : {}),
      });
      for (const run of (r.runs ?? []) as Json[]) runs.push(toRun(run));
      token = nextToken(r, token);
    } while (token && runs.length < maxResults);
    return runs;
  }

  /**
   * Where an artifact URI points on the server's artifact proxy: `mlflow-artifacts:/<path>` (the default of
   * `mlflow server`, whose `//host:port` part, if any, MLflow also resolves against the tracking server) or an
   * http(s) URL under /api/2.0/mlflow-artifacts/artifacts/. Null for any other scheme.
   */
  proxyUrl(artifactUri: string, relPath = ""): { base: string; path: string } | null {
    let base = this.baseUrl;
    let root: string;
    const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/?(.*)$/.exec(artifactUri);
    if (m) {
      root = m[1];
    } else {
      const anchor = "/api/2.0/mlflow-artifacts/artifacts/";
      const i = artifactUri.indexOf(anchor);
      if (!/^https?:\/\//i.test(artifactUri) || i < 0) return null;
      base = artifactUri.slice(0, i);
      root = decodeURIComponent(artifactUri.slice(i + anchor.length));
    }
    const full = [root.replace(/\/+$/, ""), relPath.replace(/^\/+/, "")].filter((x) => x).join("/");
    if (full.split("/").some((p) => p === ".." || p === ".")) throw new MlflowError(`Invalid artifact path '${relPath}': '.' and '..' are not allowed`);
    return { base, path: full };
  }

  private proxy(artifactUri: string, relPath: string): { base: string; path: string } {
    const p = this.proxyUrl(artifactUri, relPath);
    if (!p) {
      throw new MlflowError(`Cannot reach artifacts at '${artifactUri}' over HTTP: only the server's artifact proxy ` +
        "(mlflow-artifacts: URIs, the default of `mlflow server`) is supported");
    }
    return p;
  }

  private async artifactRequest(url: string, init: RequestInit, what: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (e) {
      throw new MlflowError(`MLflow server at ${this.baseUrl} unreachable (${what}): ${(e as Error).message}`, "TEMPORARILY_UNAVAILABLE");
    }
    if (!res.ok) {
      const text = await res.text();
      let code = res.status === 404 ? "RESOURCE_DOES_NOT_EXIST" : "INTERNAL_ERROR";
      let message = text.slice(0, 200);
      try {
        const j = JSON.parse(text) as Json;
        if (typeof j.error_code === "string") code = j.error_code;
        if (typeof j.message === "string") message = j.message;
      } catch { /* not JSON */ }
      throw new MlflowError(`${what} failed with HTTP ${res.status}: ${message}`, code);
    }
    return res;
  }

  /** Upload a file through the server's artifact proxy: PUT /api/2.0/mlflow-artifacts/artifacts/<path>. */
  async uploadArtifact(artifactUri: string, relPath: string, bytes: Uint8Array): Promise<void> {
    const { base, path } = this.proxy(artifactUri, relPath);
    const headers = this.headers();
    headers["Content-Type"] = "application/octet-stream";
    await this.artifactRequest(`${base}/api/2.0/mlflow-artifacts/artifacts/${encodePath(path)}`, { method: "PUT", headers, body: bytes },
      `Artifact upload of ${relPath}`);
  }

  /**
   * The entries of an artifact folder through the proxy (GET /api/2.0/mlflow-artifacts/artifacts?path=…): names
   * relative to `relPath`, folders marked.
   */
  async listArtifacts(artifactUri: string, relPath = ""): Promise<{ path: string; isDir: boolean; fileSize: number | null }[]> {
    const { base, path } = this.proxy(artifactUri, relPath);
    const headers = this.headers();
    delete headers["Content-Type"];
    const q = new URLSearchParams({ path });
    const res = await this.artifactRequest(`${base}/api/2.0/mlflow-artifacts/artifacts?${q}`, { method: "GET", headers }, `Listing artifacts of ${relPath || "/"}`);
    const json = (await res.json()) as Json;
    return ((json.files ?? []) as Json[]).map((f) => ({
      path: String(f.path).split("/").pop()!,
      isDir: f.is_dir === true,
      fileSize: f.file_size === undefined ? null : Number(f.file_size),
    }));
  }

  /** One artifact file's bytes through the proxy (GET /api/2.0/mlflow-artifacts/artifacts/<path>). */
  async downloadArtifact(artifactUri: string, relPath: string): Promise<Buffer> {
    const { base, path } = this.proxy(artifactUri, relPath);
    const headers = this.headers();
    delete headers["Content-Type"];
    const res = await this.artifactRequest(`${base}/api/2.0/mlflow-artifacts/artifacts/${encodePath(path)}`, { method: "GET", headers },
      `Artifact download of ${relPath}`);
    return Buffer.from(await res.arrayBuffer());
  }
}

const encodePath = (p: string): string => p.split("/").map(encodeURIComponent).join("/");
