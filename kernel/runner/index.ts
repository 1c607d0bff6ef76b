/**
 * `typelearn run NOTEBOOK... [--out DIR] [--timeout SECONDS]`: executes notebooks headlessly through the same
 * interpreter the kernel uses — no Jupyter, no Python — writes each executed notebook and prints a summary.
 * Each notebook runs in its own child process, so notebooks cannot see each other's state.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { exportHtml } from "./html_export";
import { KERNEL_ENV, KERNEL_NODE_FLAGS } from "../kernelspec";

/** What one notebook's run reports back. */
export interface RunSummary {
  file: string;
  out: string;
  cells: number;
  seconds: number;
  failed?: { cell: number; id?: string; ename: string; evalue: string };
}

const usage = "usage: typelearn run NOTEBOOK.ipynb... [--out DIR] [--timeout SECONDS] [--allow-errors] [--type-errors block|warn|off] [--to html]\n" +
  "  (a notebook's metadata typelearn.typeErrors overrides --type-errors)";

/** The runner's flags, in node:util parseArgs' terms. */
const OPTIONS = {
  out: { type: "string", short: "o" },
  timeout: { type: "string" },
  "allow-errors": { type: "boolean" },
  "type-errors": { type: "string" },
  to: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/** What the runner was asked to do. */
interface RunArgs { files: string[]; out?: string; timeout: number; allowErrors: boolean; typeErrors?: string; toHtml: boolean }

/** Parse arguments; returns null after printing usage on bad input. */
function parseRunArgs(args: string[]): RunArgs | null {
  // Non-strict with tokens: node's own messages for unknown flags and missing values are replaced by ours, which
  // name the flag the same way the rest of the CLI does.
  const { values, positionals, tokens } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const spec = (OPTIONS as Record<string, { type: "string" | "boolean" }>)[t.name];
    const problem = !spec ? "unknown option" : spec.type === "string" && t.value === undefined ? "missing a value for"
      : spec.type === "boolean" && t.inlineValue ? "no value expected for" : null;
    if (problem) { console.error(`typelearn run: ${problem} ${t.rawName}\n${usage}`); return null; }
  }
  if (values.help) { console.log(usage); return null; }
  const str = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);
  const typeErrors = str(values["type-errors"]);
  if (typeErrors !== undefined && !["block", "warn", "off"].includes(typeErrors)) {
    console.error(`typelearn run: --type-errors must be block, warn or off; received ${JSON.stringify(typeErrors)}\n${usage}`);
    return null;
  }
  const to = str(values.to);
  if (to !== undefined && to !== "html") {
    console.error(`typelearn run: --to must be html; received ${JSON.stringify(to)}\n${usage}`);
    return null;
  }
  const out = str(values.out);
  const timeout = values.timeout === undefined ? 600 : Number(values.timeout);
  if (positionals.length === 0 || (out !== undefined && !out) || !(timeout > 0)) { console.error(usage); return null; }
  return { files: positionals, out, timeout, allowErrors: values["allow-errors"] === true, typeErrors, toHtml: to === "html" };
}

/** Where the executed copy of `file` goes: into `outDir` under the same name, or in place. */
export function outputPath(file: string, outDir?: string): string {
  return outDir ? path.join(outDir, path.basename(file)) : file;
}

function runOne(file: string, out: string, timeoutS: number, allowErrors: boolean, typeErrors?: string): Promise<RunSummary> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...KERNEL_NODE_FLAGS, path.join(__dirname, "child.js"), file, out, allowErrors ? "1" : "0", typeErrors ?? ""], {
      cwd: path.dirname(path.resolve(file)),
      env: { ...process.env, ...KERNEL_ENV },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let summary: RunSummary | undefined;
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutS * 1000);
    child.on("message", (m) => { summary = m as RunSummary; });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(summary ?? {
        file, out, cells: 0, seconds: 0,
        failed: { cell: -1, ename: "RunnerError", evalue: signal ? `killed by ${signal} (timeout ${timeoutS} s?)` : `exited with code ${code}` },
      });
    });
  });
}

/**
 * Run notebooks and print a summary line per notebook.
 * @returns the process exit code: 0 when every cell of every notebook succeeded
 */
export async function main(args: string[]): Promise<number> {
  const opts = parseRunArgs(args);
  if (!opts) return 2;
  if (opts.out) fs.mkdirSync(opts.out, { recursive: true });
  let failures = 0;
  for (const file of opts.files) {
    if (!fs.existsSync(file)) {
      console.error(`${file}: no such notebook`);
      failures++;
      continue;
    }
    const out = path.resolve(outputPath(file, opts.out));
    const s = await runOne(path.resolve(file), out, opts.timeout, opts.allowErrors, opts.typeErrors);
    if (s.failed) {
      failures++;
      const where = s.failed.cell >= 0 ? `cell ${s.failed.cell}${s.failed.id ? ` (id ${s.failed.id})` : ""}` : "runner";
      console.log(`FAIL ${file}: ${where}: ${s.failed.ename}: ${s.failed.evalue}`);
    } else {
      console.log(`ok   ${file}: ${s.cells} code cells in ${s.seconds.toFixed(1)} s → ${path.relative(process.cwd(), s.out)}`);
    }
    if (opts.toHtml && fs.existsSync(s.out)) console.log(`html ${path.relative(process.cwd(), exportHtml(s.out))}`);
  }
  console.log(`${opts.files.length - failures} notebooks passed, ${failures} failed`);
  return failures === 0 ? 0 : 1;
}
