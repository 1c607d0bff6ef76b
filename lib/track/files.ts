/**
 * Crash- and concurrency-safe file writes for the tracking store: whole files are written to a temporary name in
 * the same directory tree and renamed into place (rename is atomic on POSIX), metric lines are appended with one
 * write on an O_APPEND descriptor (atomic for small writes), so a reader or a concurrent writer never sees half a
 * file.
 */
import * as fs from "fs";
import * as path from "path";

// yaml is required on first use: importing typelearn (and starting the kernel) should not pay for a package only
// tracking needs.
let yamlModule: typeof import("yaml") | undefined;
const yaml = (): typeof import("yaml") => (yamlModule ??= require("yaml") as typeof import("yaml"));
import { replaceFileAtomically } from "../atomic_write";
import { MlflowError } from "./validation";

/**
 * Write `text` to `file` atomically, creating its directory. The temporary file sits in `tmpDir` (default: the
 * target's directory) — pass a directory outside any folder MLflow lists (params/, tags/) so a reader never
 * mistakes it for an entry.
 */
export function writeAtomic(file: string, text: string | Uint8Array, tmpDir = path.dirname(file)): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  replaceFileAtomically(file, text, tmpDir);
}

/** Append one line with a single write. */
export function appendLine(file: string, line: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, "a");
  try {
    fs.writeSync(fd, Buffer.from(line.endsWith("\n") ? line : line + "\n", "utf8"));
  } finally {
    fs.closeSync(fd);
  }
}

/** YAML as MLflow's write_yaml emits it: block style, keys sorted. */
export function toYaml(data: Record<string, unknown>): string {
  return yaml().stringify(data, { sortMapEntries: true, lineWidth: 0 });
}

/**
 * A string that YAML writes single-quoted, as Python's yaml.safe_dump does for text a YAML 1.1 reader would take
 * for another type (MLmodel's utc_time_created "2026-12-04 16:01:02.345000" would load as a datetime otherwise).
 */
export function quoted(text: string): unknown {
  const s = new (yaml().Scalar)(text);
  s.type = "QUOTE_SINGLE";
  return s;
}

/** Parse a YAML mapping from text; malformed YAML is an MlflowError naming `where`. */
export function readYamlText(text: string, where: string): Record<string, unknown> | null {
  let v: unknown;
  try {
    v = yaml().parse(text) as unknown;
  } catch (e) {
    throw new MlflowError(`${where} is not valid YAML: ${(e as Error).message}`, "INVALID_STATE");
  }
  return v && typeof v === "object" ? v as Record<string, unknown> : null;
}

/** Read a YAML mapping, or null when the file is absent (a run or experiment still being created). */
export function readYaml(file: string): Record<string, unknown> | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  const v = yaml().parse(text) as unknown;
  return v && typeof v === "object" ? v as Record<string, unknown> : null;
}

/** Every file under `dir`, as '/'-joined paths relative to it (keys may contain '/'). */
export function listFilesDeep(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      throw e;
    }
    for (const e of entries) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), rel);
      else out.push(rel);
    }
  };
  walk(dir, "");
  return out.sort();
}
