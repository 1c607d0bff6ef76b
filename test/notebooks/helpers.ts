/**
 * Shared machinery for notebook tests: install the kernelspec into a temporary prefix, execute a notebook
 * through nbclient (a real Jupyter client) or through `typelearn run`, and collect each code cell's text.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const repoRoot = path.resolve(__dirname, "..", "..", "..");
const bin = path.join(repoRoot, "bin", "typelearn.js");
let prefix: string | undefined;

/** Install the kernelspec once per test process into a temp prefix; returns the JUPYTER_PATH to use. */
export function installTestKernel(): string {
  if (!prefix) {
    prefix = fs.mkdtempSync(path.join(os.tmpdir(), "tl-kspec-"));
    execFileSync(process.execPath, [bin, "install", "--prefix", prefix, "--name", "typelearn-test"], { stdio: "pipe" });
  }
  return path.join(prefix, "share", "jupyter");
}

/** All text a notebook printed, in cell order, from nbclient. */
export function executeWithNbclient(notebook: string): { text: string; out: string } {
  const jupyterPath = installTestKernel();
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tl-nb-")), path.basename(notebook));
  const r = spawnSync("/usr/bin/python3", [path.join(repoRoot, "test", "notebooks", "execute_nbclient.py"),
    path.join(repoRoot, notebook), out, "typelearn-test"], {
    cwd: path.join(repoRoot, "notebooks"),
    env: { ...process.env, JUPYTER_PATH: jupyterPath },
    encoding: "utf8",
    timeout: 600000,
  });
  if (r.status !== 0) throw new Error(`nbclient failed on ${notebook} (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  const text = r.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { text: string }).text).join("");
  return { text, out };
}

/** All text a notebook printed, from `typelearn run`; also returns the executed notebook JSON. */
export function executeWithRunner(notebook: string): { text: string; nb: { cells: { cell_type: string; outputs?: Record<string, unknown>[] }[] }; stdout: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-run-"));
  const r = spawnSync(process.execPath, [bin, "run", path.join(repoRoot, notebook), "--out", dir], { encoding: "utf8", timeout: 600000 });
  if (r.status !== 0) throw new Error(`typelearn run failed on ${notebook} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  const nb = JSON.parse(fs.readFileSync(path.join(dir, path.basename(notebook)), "utf8"));
  let text = "";
  for (const cell of nb.cells) {
    for (const o of cell.outputs ?? []) {
      const t = o.output_type === "stream" ? o.text : o.data?.["text/plain"] ?? "";
      text += t.endsWith("\n") ? t : t + "\n";
    }
  }
  return { text, nb, stdout: r.stdout };
}
