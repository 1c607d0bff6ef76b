/**
 * Reading a run's artifacts back, whatever the tracking URI: from the run's folder for a file store (or a server
 * whose artifact root is a local path), through the server's artifact proxy (`mlflow-artifacts:`) for an http(s)
 * one — so `loadModel("runs:/<id>/model")` works unchanged when a notebook switches to a tracking server.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fileURLToPath } from "url";
import { BaseEstimator } from "../base/estimator";
import { loadBytes } from "../persist";
import { readYamlText } from "./files";
import { getTrackingUri } from "./fluent";
import { RestStore } from "./rest_store";
import { storeFor } from "./store";
import { MlflowError } from "./validation";

/** One entry of an artifact folder. */
export interface ArtifactEntry {
  /** Path relative to the run's artifact root, '/'-separated. */
  path: string;
  isDir: boolean;
}

/** Reads below one artifact root. */
interface ArtifactReader {
  list(rel: string): Promise<ArtifactEntry[]>;
  read(rel: string): Promise<Buffer>;
  /** The local path of `rel`, when the artifacts are on this machine. */
  local?(rel: string): string;
}

const join = (...parts: string[]): string => parts.filter((p) => p !== "").join("/");

function checkRel(rel: string): string {
  const clean = rel.replace(/^\/+|\/+$/g, "");
  if (clean.split("/").some((p) => p === ".." || p === ".")) {
    throw new MlflowError(`Invalid artifact path '${rel}': expected a path inside the run's artifacts, without '.' or '..'`);
  }
  return clean;
}

function localReader(root: string): ArtifactReader {
  const abs = (rel: string) => path.join(root, ...rel.split("/").filter((p) => p));
  const fsError = (rel: string, e: unknown): MlflowError => {
    const code = (e as NodeJS.ErrnoException).code;
    return new MlflowError(`Artifact '${rel}' ${code === "ENOENT" ? "does not exist" : `cannot be read (${code})`} in ${root}`,
      code === "ENOENT" ? "RESOURCE_DOES_NOT_EXIST" : "INTERNAL_ERROR");
  };
  return {
    async list(rel) {
      try {
        return fs.readdirSync(abs(rel), { withFileTypes: true }).map((e) => ({ path: join(rel, e.name), isDir: e.isDirectory() }));
      } catch (e) {
        throw fsError(rel, e);
      }
    },
    async read(rel) {
      try { return fs.readFileSync(abs(rel)); } catch (e) { throw fsError(rel, e); }
    },
    local: abs,
  };
}

function proxyReader(store: RestStore, artifactUri: string): ArtifactReader {
  return {
    async list(rel) {
      return (await store.listArtifacts(artifactUri, rel)).map((f) => ({ path: join(rel, f.path), isDir: f.isDir }));
    },
    read: (rel) => store.downloadArtifact(artifactUri, rel),
  };
}

function readerFor(artifactUri: string, trackingUri: string): ArtifactReader {
  if (artifactUri.startsWith("file:")) return localReader(fileURLToPath(artifactUri));
  if (path.isAbsolute(artifactUri)) return localReader(artifactUri);
  const store = storeFor(trackingUri);
  if (store instanceof RestStore && store.proxyUrl(artifactUri)) return proxyReader(store, artifactUri);
  throw new MlflowError(`Cannot read artifacts at '${artifactUri}': expected a local path, a file: URI, or the ` +
    "artifact proxy of an MLflow server (mlflow-artifacts:, with an http(s) tracking URI)");
}

/** A "runs:/<run_id>/<path>" URI split, or null. */
function parseRunsUri(uri: string): { runId: string; rel: string } | null {
  const m = /^runs:\/([^/]+)\/?(.*)$/.exec(uri);
  return m ? { runId: m[1], rel: m[2] } : null;
}

async function resolve(uri: string): Promise<{ reader: ArtifactReader; rel: string }> {
  if (typeof uri !== "string" || uri === "") throw new MlflowError(`expected an artifact URI such as "runs:/<run_id>/model", received '${String(uri)}'`);
  const runs = parseRunsUri(uri);
  const trackingUri = getTrackingUri();
  if (runs) {
    const run = await storeFor(trackingUri).getRun(runs.runId);
    return { reader: readerFor(run.info.artifactUri, trackingUri), rel: checkRel(runs.rel) };
  }
  return { reader: readerFor(uri, trackingUri), rel: "" };
}

/** Options of {@link downloadArtifacts}. */
export interface DownloadArtifactsOptions {
  /** The run whose artifacts to download (with `artifactPath`); or give `artifactUri`. */
  runId?: string;
  /** A file or folder inside the run's artifacts (default: all of them). */
  artifactPath?: string;
  /** "runs:/<run_id>/<path>", a local path or file: URI, or an mlflow-artifacts: URI. */
  artifactUri?: string;
  /** Where to put the files (default: a new temporary folder; a file store's files are returned in place). */
  dstPath?: string;
}

/**
 * Download a run's artifact file or folder to the local file system (mlflow.artifacts.download_artifacts).
 * @param options - { runId, artifactPath } or { artifactUri }, and dstPath
 * @returns the local path of the file or folder
 * @example const dir = await mlflow.downloadArtifacts({ runId: run.runId, artifactPath: "model" });
 */
export async function downloadArtifacts(options: DownloadArtifactsOptions): Promise<string> {
  const given = options.artifactUri ?? (options.runId !== undefined ? `runs:/${options.runId}/${options.artifactPath ?? ""}` : undefined);
  if (!given || (options.artifactUri !== undefined && options.runId !== undefined)) {
    throw new MlflowError("downloadArtifacts: expected either { runId, artifactPath } or { artifactUri }");
  }
  const { reader, rel } = await resolve(given);
  const isDir = rel === "" || await isFolder(reader, rel);
  if (reader.local && options.dstPath === undefined) {
    const p = reader.local(rel);
    if (!fs.existsSync(p)) throw new MlflowError(`Artifact '${rel}' does not exist`, "RESOURCE_DOES_NOT_EXIST");
    return p;
  }
  const dst = options.dstPath ?? fs.mkdtempSync(path.join(os.tmpdir(), "typelearn-artifacts-"));
  const name = rel === "" ? "" : rel.split("/").pop()!;
  const target = path.join(dst, name);
  const copy = async (r: string, to: string, dir: boolean): Promise<void> => {
    if (!dir) {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, await reader.read(r));
      return;
    }
    fs.mkdirSync(to, { recursive: true });
    for (const e of await reader.list(r)) await copy(e.path, path.join(to, e.path.split("/").pop()!), e.isDir);
  };
  await copy(rel, target, isDir);
  return target;
}

/** Whether `rel` is a folder: its parent lists it as one. */
async function isFolder(reader: ArtifactReader, rel: string): Promise<boolean> {
  const parent = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : "";
  const entry = (await reader.list(parent)).find((e) => e.path === rel);
  if (!entry) throw new MlflowError(`Artifact '${rel}' does not exist`, "RESOURCE_DOES_NOT_EXIST");
  return entry.isDir;
}

/**
 * Load a model logged with {@link logModel} (mlflow.<flavor>.load_model), from any tracking URI: the MLmodel
 * file names the model file, which is read with typelearn's `load`; a model logged with the `onnx` flavor only
 * (an OnnxModel, or any MLflow onnx model) comes back as an OnnxModel through `loadOnnx`.
 * @param modelUri - "runs:/<run_id>/<artifact_path>", a local folder or file: URI, or an mlflow-artifacts: URI
 * @returns the estimator
 * @example const forest = await mlflow.loadModel<RandomForestClassifier>(`runs:/${run.runId}/model`);
 */
export async function loadModel<T extends BaseEstimator = BaseEstimator>(modelUri: string): Promise<T> {
  const { reader, rel } = await resolve(modelUri);
  const descriptor = readYamlText((await reader.read(join(rel, "MLmodel"))).toString("utf8"), `${modelUri}/MLmodel`);
  const flavors = (descriptor?.flavors ?? {}) as Record<string, Record<string, unknown>>;
  const flavor = flavors.typelearn;
  if (!flavor && flavors.onnx) {
    const data = typeof flavors.onnx.data === "string" ? checkRel(flavors.onnx.data) : "model.onnx";
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { loadOnnx } = require("../onnx/load") as typeof import("../onnx/load");
    return loadOnnx(new Uint8Array(await reader.read(join(rel, data)))) as unknown as T;
  }
  if (!flavor) {
    throw new MlflowError(`loadModel: ${modelUri} is not a typelearn model: its MLmodel has the flavors ` +
      `${Object.keys(flavors).join(", ") || "(none)"}, expected "typelearn" (or "onnx")`);
  }
  const file = typeof flavor.model_file === "string" ? checkRel(flavor.model_file) : "model.tl";
  return loadBytes<T>(await reader.read(join(rel, file)));
}
