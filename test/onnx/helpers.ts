/**
 * Shared by the ONNX tests: run an exported model in ONNX Runtime, compare with typelearn to a relative tolerance,
 * and check files with Debian's python3-onnx checker (full check) in one interpreter start.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { OnnxSession, OrtTensor } from "../../lib/onnx/session";

let dir: string | null = null;
/** The folder for written files, made on first use (so files that only import these helpers leave nothing behind). */
export function tmp(): string {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), "tl-onnx-"));
  return dir;
}
/** Every file written by a test, checked by the checker test at the end. */
export const written: string[] = [];

/** Write bytes under tmp, remembering the file for the checker. */
export function keep(name: string, bytes: Uint8Array): Uint8Array {
  const file = path.join(tmp(), name);
  fs.writeFileSync(file, bytes);
  written.push(file);
  return bytes;
}

/** Run a double-input model on X. */
export function runDouble(bytes: Uint8Array, X: NDArray): Record<string, OrtTensor> {
  const s = new OnnxSession(bytes);
  try {
    return s.run({ X: { type: "float64", data: Float64Array.from(X.data as ArrayLike<number>), dims: [...X.shape] } });
  } finally {
    s.release();
  }
}

/** Flat numbers of an NDArray / array / typed array. */
export function flat(v: unknown): number[] {
  if (v instanceof NDArray) return Array.from(v.data as ArrayLike<number>);
  return Array.from(v as ArrayLike<number>, Number);
}

/** |a − b| ≤ rtol·max(|a|, |b|) + atol elementwise, naming the first index that differs. */
export function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const a = Number(got[i]), b = Number(want[i]);
    const ok = Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)) + atol;
    if (!ok) assert.fail(`${what}[${i}]: ONNX Runtime ${a} vs typelearn ${b}`);
  }
}

/** Run onnx.checker.check_model(full_check=True) on every file; returns "file: error" lines for failures. */
export function checkerFailures(files: string[]): string[] {
  const script = "import onnx,sys\nbad=[]\nfor f in sys.argv[1:]:\n  try:\n    onnx.checker.check_model(onnx.load(f), full_check=True)\n" +
    "  except Exception as e:\n    bad.append(f + ': ' + str(e).splitlines()[0])\nprint('\\n'.join(bad))\n";
  const r = spawnSync("/usr/bin/python3", ["-c", script, ...files], { encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`python3-onnx checker did not run: ${r.stderr}`);
  return r.stdout.split("\n").filter((l) => l.trim() !== "");
}
