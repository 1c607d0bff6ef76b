/**
 * dump / load: an estimator (any registered one, Pipelines and searches included) to a single `.tl` file and
 * back. The file is declarative — a JSON manifest naming classes, options and learned fields, plus a binary
 * section of arrays (format.ts) — so loading never runs stored code, unlike a pickle. Every failure is a
 * PersistError with the check that failed and where.
 */
import { createHash } from "crypto";
import { typelearnVersion } from "../version";
import { replaceFileAtomically } from "../atomic_write";
import { BaseEstimator } from "../base/estimator";
import { OptionError } from "../errors";
import { asLoadedModel } from "../base/loaded";
import type { LoadedModel } from "../base/loaded";
import { decodeEstimator } from "./decode";
import { encodeEstimator } from "./encode";
import { PersistError } from "./errors";
import { trialPredict } from "./trial";
import { DataSection, FORMAT_VERSION, readContainer } from "./format";
import { streamContainer, writeContainer } from "./container_write";
import { openModelFile, withModelFile, withWholeFile } from "./read";
import { readDirect } from "./direct_read";
import type { Ctx } from "./decode";
import { dumpTarget } from "./write";
// every estimator family registers its classes when loaded; load must know them all
import "../linear";
import "../preprocessing";
import "../pipeline";
import "../selection";
import "../tree";
import "../ensemble";
import "../cluster";
import "../decomposition";

export { PersistError } from "./errors";
export { readModelFile } from "./read";
export type { PersistErrorKind } from "./errors";
export { registerStateValidator } from "./validators";
export type { StateValidator } from "./validators";

/** The string in every manifest's `format` field. */
export const MODEL_FORMAT = "typelearn-model";

/**
 * The manifest of a model file (what {@link readManifest} returns). It holds no timestamp, so the same model
 * always gives the same bytes and the same SHA-256 (a model's identity, shown by the server's /metadata).
 */
export interface ModelManifest {
  format: string;
  formatVersion: number;
  typelearnVersion: string;
  /** Number of arrays in the binary section. */
  arrays: number;
  /** Bytes of the binary section. */
  dataBytes: number;
  /** `{ className, params, state }`, arrays as `{ $ndarray | $typed: { offset, byteLength, … } }` references. */
  model: unknown;
}

/**
 * A model as the bytes of a `.tl` file (what dump writes).
 * @param model - a registered estimator, fitted or not
 * @example
 * const bytes = dumpBytes(pipe); // Buffer
 */
export function dumpBytes(model: BaseEstimator): Buffer {
  const { manifest, data } = encodeModel(model);
  return writeContainer(manifest, data);
}

/** The manifest text and the binary section (views of the model's arrays) of a model file. */
function encodeModel(model: BaseEstimator): { manifest: string; data: DataSection } {
  const enc = encodeEstimator(model);
  const manifest: ModelManifest = {
    format: MODEL_FORMAT, formatVersion: FORMAT_VERSION, typelearnVersion: typelearnVersion(),
    arrays: enc.arrays, dataBytes: enc.data.byteLength, model: enc.model,
  };
  return { manifest: JSON.stringify(manifest), data: enc.data };
}

/** Options of {@link dump}. */
export interface DumpOptions {
  /**
   * Flush the file to disk (fsync) before it replaces the old one, so that once dump returns the model survives a
   * power loss or an OS crash. Default true. `false` skips that flush — 5 to 15 ms for a 6 MB forest on our VMs'
   * disks (bench/results/persist.md times both) — and is what `joblib.dump` and `torch.save` do: the replacement stays
   * atomic for every reader, but a crash within the next seconds may lose the new model (the old file, or on some
   * file systems an empty or partial one, is left; load refuses the latter with a PersistError, never a wrong model).
   */
  fsync?: boolean;
}

/**
 * Save an estimator to a file (scikit-learn's `joblib.dump(model, path)`). The file is replaced atomically:
 * written beside it, flushed to disk (see {@link DumpOptions.fsync}), then renamed, so a reader never sees half a
 * model. The path must be new or a regular file; a symbolic link is written through (the regular file it points to
 * is replaced, the link stays); a FIFO, a device, a directory or a link to one of those is a PersistError of kind
 * "io", and nothing is written.
 * @param model - a registered estimator (Pipeline, forest, scaler…), fitted or not
 * @param file - destination, conventionally `name.tl`
 * @param options - `{ fsync: false }` to skip the flush to disk (faster, not durable across a crash)
 * @returns the number of bytes written
 * @example
 * dump(pipe, "model.tl");
 * dump(pipe, "scratch.tl", { fsync: false });
 */
export function dump(model: BaseEstimator, file: string, options: DumpOptions = {}): number {
  if (typeof file !== "string" || file === "") throw new PersistError("io", "path", `expected a file path, received ${String(file)}`);
  if (options === null || typeof options !== "object") throw new OptionError("dump options", "an object like { fsync: false }", options);
  if (options.fsync !== undefined && typeof options.fsync !== "boolean") throw new OptionError("fsync", "true or false", options.fsync);
  const { manifest, data } = encodeModel(model);
  const target = dumpTarget(file);
  let bytes = 0;
  try {
    // written piece by piece through a small reused buffer (container_write.ts): no file-sized buffer to fault in
    replaceFileAtomically(target, (write) => { bytes = streamContainer(manifest, data, write); }, undefined,
      { fsync: options.fsync !== false });
  } catch (e) {
    throw e instanceof PersistError ? e : new PersistError("io", file, (e as Error).message);
  }
  return bytes;
}

function parseManifest(text: string, version: number): ModelManifest {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new PersistError("manifest", "manifest", `expected JSON, ${(e as Error).message}`);
  }
  return checkManifest(m, version);
}

/** The parsed manifest checked as a model manifest of this container version. */
function checkManifest(m: unknown, version: number): ModelManifest {
  if (m === null || typeof m !== "object" || Array.isArray(m)) throw new PersistError("manifest", "manifest", "expected a JSON object");
  const o = m as Record<string, unknown>;
  if (o.format !== MODEL_FORMAT) {
    throw new PersistError("manifest", "manifest.format", `expected ${JSON.stringify(MODEL_FORMAT)}, received ${JSON.stringify(o.format)}`);
  }
  // the container's version (checked readable) and the manifest's must agree
  if (o.formatVersion !== version) {
    throw new PersistError("version", "manifest.formatVersion", `expected ${version} (the header's), received ${JSON.stringify(o.formatVersion)}`);
  }
  return o as unknown as ModelManifest;
}

/** What {@link inspectBytes} and {@link readManifest} return. */
export interface ModelFileInfo {
  manifest: ModelManifest;
  /** Hex SHA-256 of the whole file (what `sha256sum` prints; the server's /metadata shows the same). */
  sha256: string;
  /** File size in bytes. */
  bytes: number;
}

/**
 * Check a model file's container and read its manifest, without building the model.
 * @param bytes - the file's bytes
 * @example
 * inspectBytes(fs.readFileSync("model.tl")).manifest.model.className; // "Pipeline"
 */
export function inspectBytes(bytes: Uint8Array): ModelFileInfo {
  const c = readContainer(bytes);
  return { manifest: parseManifest(c.manifestText, c.version), sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
}

/**
 * Read a model file's manifest (classes, options, array references) without building the model. Like load, it
 * reads only a regular file, its header first, then no more than the header declares.
 * @param file - a `.tl` file
 * @example
 * readManifest("model.tl").manifest.typelearnVersion;
 */
export function readManifest(file: string): ModelFileInfo {
  return withModelFile(file, inspectBytes);
}

/**
 * Rebuild an estimator from the bytes of a `.tl` file.
 * @param bytes - what dumpBytes returned or a file's content
 * @example
 * const model = loadBytes<Pipeline>(fs.readFileSync("model.tl"));
 */
export function loadBytes<T extends BaseEstimator = LoadedModel>(bytes: Uint8Array): T {
  const c = readContainer(bytes);
  return build<T>(parseManifest(c.manifestText, c.version), { dataLength: c.data.length, data: c.data, maxCount: bytes.length });
}

/** The estimator a checked manifest describes, its arrays from `ctx`, after its trial prediction. */
function build<T extends BaseEstimator>(manifest: ModelManifest, ctx: Ctx): T {
  if (manifest.dataBytes !== ctx.dataLength) {
    throw new PersistError("manifest", "manifest.dataBytes", `expected ${ctx.dataLength} (the data section), received ${JSON.stringify(manifest.dataBytes)}`);
  }
  const est = decodeEstimator(manifest.model, "model", ctx);
  trialPredict(est, "model");
  return asLoadedModel(est) as unknown as T;
}

/**
 * Load an estimator saved with {@link dump} (scikit-learn's `joblib.load(path)`): every check passes or a
 * PersistError says which failed; nothing stored is executed. Only a regular file is read (a FIFO, a device or a
 * directory is a PersistError of kind "io"), its 24-byte header first: a file that is not a model, or whose
 * declared lengths disagree with its size, is refused before the rest is read. In a file of 1 MiB or more, each
 * array of 4 KiB or more is read straight into memory of its own (direct_read.ts); the checks, their order and
 * their errors are those of {@link loadBytes} on the file's bytes.
 * @param file - a `.tl` file
 * @returns the estimator, fitted as it was saved; without a type argument typed as a {@link LoadedModel}, whose
 *   predict / predictProba / transform / score type-check and throw UnsupportedMethodError when the model lacks one
 * @example
 * const pipe = load<Pipeline>("model.tl");
 * pipe.predict(XTest);
 */
export function load<T extends BaseEstimator = LoadedModel>(file: string): T {
  return openModelFile(file, (fd, total, head) => {
    const direct = readDirect(file, fd, total, head);
    if (!direct) return withWholeFile(file, fd, total, (bytes) => loadBytes<T>(bytes));
    directLoads++;
    const { version, manifest, dataLength, arrays } = direct;
    return build<T>(checkManifest(manifest, version), { dataLength, arrays, maxCount: total });
  }, (bytes) => loadBytes<T>(bytes));
}

let directLoads = 0;

/** @internal How many loads read their arrays straight from the file (for tests). */
export function directLoadCount(): number {
  return directLoads;
}
