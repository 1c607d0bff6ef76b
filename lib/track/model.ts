/**
 * `mlflow.logModel`: save a fitted estimator with typelearn's persistence format (`dump`, a .tl file) into the run's artifacts, next to
 * an MLmodel file (MLflow's model descriptor) declaring the flavor "typelearn", and record it in the run's
 * `mlflow.log-model.history` tag as MLflow does; optionally also as ONNX with MLflow's `onnx` flavor. A model
 * loaded from ONNX (`loadOnnx`) is logged as what it is: its own bytes as `model.onnx` under the `onnx` flavor only.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { typelearnVersion } from "../version";
import { BaseEstimator } from "../base/estimator";
import { describeValue } from "../errors";
import { dump, MODEL_FORMAT } from "../persist";
import { quoted, toYaml } from "./files";
import { storeOf, target } from "./fluent";
import { MlflowError, validateKey } from "./validation";

/** The flavor name written in MLmodel. */
export const FLAVOR = "typelearn";
/** The model file inside the model's artifact directory. */
export const MODEL_FILE = "model.tl";

/** Options of {@link logModel}. */
export interface LogModelOptions {
  /** Write the model file yourself (default: typelearn's `dump`, the declarative .tl format). */
  save?: (model: unknown, file: string) => void | Promise<void>;
  /**
   * Also write the model as ONNX (`model.onnx`) with MLflow's `onnx` flavor, loadable by mlflow.onnx.load_model
   * (true, or exportOnnx's options such as { opset }). Default false.
   */
  onnx?: boolean | { opset?: number };
}

/** The ONNX file inside the model's artifact directory (MLflow's onnx flavor name for it). */
export const ONNX_FILE = "model.onnx";

/** What {@link logModel} recorded. */
export interface ModelInfo {
  runId: string;
  artifactPath: string;
  modelUuid: string;
  /** "runs:/<run_id>/<artifact_path>", MLflow's way to point at a logged model. */
  modelUri: string;
  utcTimeCreated: string;
  flavors: Record<string, Record<string, unknown>>;
}


function defaultSave(model: unknown, file: string): void {
  if (!(model instanceof BaseEstimator)) {
    throw new MlflowError(`logModel: expected a typelearn estimator (or pass { save }), received ${describeValue(model)}`);
  }
  dump(model, file);
}

/** Python's datetime.utcnow() format used in MLmodel: "YYYY-MM-DD HH:MM:SS.ffffff". */
function utcNow(): string {
  const iso = new Date().toISOString(); // 2026-12-04T16:01:02.345Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

/** MLflow's onnx flavor entry; onnx_version names the ONNX release whose IR (8) and opset (17) typelearn writes. */
function onnxFlavor(): Record<string, unknown> {
  return { onnx_version: "1.12.0", data: ONNX_FILE, providers: ["CPUExecutionProvider"], onnx_session_options: null, code: null };
}

/** The model's ONNX bytes when it is an OnnxModel (lib/onnx is only loaded when the model came from it). */
function onnxModelBytes(model: object): Uint8Array | null {
  if (model.constructor?.name !== "OnnxModel") return null;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { OnnxModel } = require("../onnx/load") as typeof import("../onnx/load");
  return model instanceof OnnxModel ? model.bytes : null;
}

/**
 * Log a fitted model as an artifact of the active run (mlflow.<flavor>.log_model).
 * @param model - a fitted estimator, or an OnnxModel (logged as model.onnx with the onnx flavor only)
 * @param artifactPath - the directory inside the run's artifacts, e.g. "model"
 * @param options - { save } to override how the model file is written; { onnx: true } to add the ONNX flavor
 * @returns where the model went (modelUri "runs:/<id>/<path>")
 * @example
 * await mlflow.logModel(forest, "model"); // artifacts/model/MLmodel + artifacts/model/model.tl
 */
export async function logModel(model: unknown, artifactPath: string, options: LogModelOptions = {}): Promise<ModelInfo> {
  validateKey("artifact path", artifactPath);
  if (model === null || typeof model !== "object") {
    throw new MlflowError(`logModel: expected a fitted estimator, received ${model === null ? "null" : typeof model}`);
  }
  if (!options.save && !(model instanceof BaseEstimator)) {
    throw new MlflowError(`logModel: expected a typelearn estimator (or pass { save }), received ${describeValue(model)}`);
  }
  const onnxBytes = onnxModelBytes(model);
  if (onnxBytes && options.save) {
    throw new MlflowError("logModel: an OnnxModel is logged as its own ONNX bytes (model.onnx, onnx flavor); { save } does not apply to it");
  }
  const save = options.save ?? defaultSave;
  const run = await target();
  const parts = artifactPath.split("/");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tl-model-"));
  try {
    const dir = path.join(tmp, parts[parts.length - 1]);
    fs.mkdirSync(dir);
    const info: ModelInfo = {
      runId: run.runId,
      artifactPath,
      modelUuid: crypto.randomUUID().replace(/-/g, ""),
      modelUri: `runs:/${run.runId}/${artifactPath}`,
      utcTimeCreated: utcNow(),
      flavors: {},
    };
    if (onnxBytes) {
      // no typelearn flavor: there is no .tl file, the graph is the model (loadModel reads it back through loadOnnx)
      fs.writeFileSync(path.join(dir, ONNX_FILE), onnxBytes);
      info.flavors.onnx = onnxFlavor();
    } else {
      await save(model, path.join(dir, MODEL_FILE));
      info.flavors[FLAVOR] = {
        estimator_class: (model as object).constructor?.name ?? "unknown",
        model_file: MODEL_FILE,
        typelearn_version: typelearnVersion(),
        serialization_format: MODEL_FORMAT,
      };
    }
    if (options.onnx && !onnxBytes) {
      // lib/onnx loads only when asked: logging a model without it stays as light as before
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { exportOnnx } = require("../onnx/export") as typeof import("../onnx/export");
      exportOnnx(model, { ...(typeof options.onnx === "object" ? options.onnx : {}), path: path.join(dir, ONNX_FILE) });
      info.flavors.onnx = onnxFlavor();
    }
    const descriptor = {
      artifact_path: artifactPath,
      flavors: info.flavors,
      model_uuid: info.modelUuid,
      run_id: info.runId,
      utc_time_created: info.utcTimeCreated,
    };
    // quoted as MLflow writes it, so Python's YAML reads a string, not a datetime
    fs.writeFileSync(path.join(dir, "MLmodel"), toYaml({ ...descriptor, utc_time_created: quoted(info.utcTimeCreated) }));
    const s = storeOf(run);
    await s.putArtifact(run.info, dir, parts.length > 1 ? parts.slice(0, -1).join("/") : undefined);
    const current = (await s.getRun(run.runId)).data.tags["mlflow.log-model.history"];
    let history: unknown[] = [];
    try { history = current ? JSON.parse(current) as unknown[] : []; } catch { history = []; }
    await s.setTag(run.runId, "mlflow.log-model.history", JSON.stringify([...history, descriptor]));
    return info;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
