/**
 * The `typelearn` command line: install / uninstall the kernelspec, run the kernel, run notebooks (the runner's).
 * Arguments are parsed with node:util's parseArgs; no CLI dependency.
 */
import * as path from "path";
import { parseArgs as utilParseArgs } from "node:util";
import { installKernelspec, uninstallKernelspec, DEFAULT_DISPLAY_NAME, DEFAULT_NAME, type InstallOptions } from "./kernelspec";

/** Usage text. */
export const USAGE = `Usage: typelearn <command> [options]

Commands:
  install [--user | --sys-prefix | --prefix DIR] [--name NAME] [--display-name NAME] [--type-errors MODE]
      Install the Jupyter kernelspec (kernel.json + logos). Default location: the system kernels dir when run as
      root, else the user's. --sys-prefix uses $VIRTUAL_ENV or $CONDA_PREFIX (else /usr/local).
      Defaults: --name ${DEFAULT_NAME} --display-name "${DEFAULT_DISPLAY_NAME}"
      --type-errors block|warn|off: what a type error does in the installed kernel (default block: the cell
      does not run; warn: diagnostics on stderr, the cell runs; off: no type check).
  uninstall [--user | --sys-prefix | --prefix DIR] [--name NAME]
      Remove an installed kernelspec.
  kernel -f CONNECTION_FILE [--type-errors block|warn|off]
      Start the kernel (Jupyter runs this from kernel.json).
  serve MODEL.tl|MODEL.onnx [--port 8000] [--host 127.0.0.1] [--max-batch ROWS] [--body-limit BYTES]
        [--connection-timeout MS] [--request-timeout MS]
      Serve a model saved with dump() over HTTP (POST /predict, /predict/batch, GET /health, /metadata, /docs)
      until SIGINT/SIGTERM. --max-batch: rows per /predict/batch (default 10000); --body-limit: largest body
      (default: enough for --max-batch rows); --connection-timeout: close a connection silent this long
      (default 30000); --request-timeout: time to send a whole request (default 60000); 0 disables a timeout.
  worker --redis URL [--concurrency N] [--lock-duration MS] [--stalled-interval MS] [--log-tasks]
      Run tasks sent by parallelBackend("redis://…") (grid searches, cross-validation, forests, KMeans) until
      SIGINT/SIGTERM. Only clients of the same typelearn version are served. --concurrency: tasks at once (default:
      this machine's cores); --lock-duration/--stalled-interval: BullMQ's (default 30000): a task of a worker that
      died runs elsewhere after about their sum; --log-tasks: one line per task start/end.
  run NOTEBOOK... [options]
      Execute notebooks headlessly (see \`typelearn run --help\`).
  help
      Show this text.
`;

/** A command-line error: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Parsed flags: `--flag value`, `--flag=value`, boolean `--flag`. */
interface Parsed {
  flags: Map<string, string | true>;
  positional: string[];
}

/**
 * Split arguments into flags and positionals with node:util's parseArgs; `valued` names the flags that take a
 * value. parseArgs runs non-strict and its tokens are checked here, so errors keep this CLI's wording ("unknown
 * option --x", "--name needs a value") and single-dash long flags such as Jupyter's `-f` work.
 * @param args the arguments after the command.
 * @param valued flags that take a value.
 * @param booleans flags that take none.
 * @example parseArgs(["--prefix", "/x"], ["--prefix"], []).flags.get("--prefix") // "/x"
 */
export function parseArgs(args: string[], valued: string[], booleans: string[]): Parsed {
  const options: Record<string, { type: "string" | "boolean" }> = {};
  for (const f of valued) options[f.replace(/^--?/, "")] = { type: "string" };
  for (const f of booleans) options[f.replace(/^--?/, "")] = { type: "boolean" };
  const { tokens } = utilParseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (const t of tokens) {
    if (t.kind === "positional") {
      positional.push(t.value);
      continue;
    }
    if (t.kind === "option-terminator") continue;
    // the flag as spelt ("-f", "--f" and "--connection-file" are distinct flags here), without its "=value"
    const name = t.rawName;
    if (valued.includes(name)) {
      if (t.value === undefined) throw new UsageError(`${name} needs a value`);
      // a short flag's inline value keeps its "=" ("-f=x" gives "=x"); the long form's does not
      flags.set(name, t.inlineValue && !name.startsWith("--") && t.value.startsWith("=") ? t.value.slice(1) : t.value);
    } else if (booleans.includes(name) && !t.inlineValue) {
      flags.set(name, true);
    } else {
      throw new UsageError(`unknown option ${args[t.index]}`);
    }
  }
  return { flags, positional };
}

function locationOptions(p: Parsed): InstallOptions {
  const opts: InstallOptions = {};
  if (p.flags.has("--user")) opts.user = true;
  if (p.flags.has("--sys-prefix")) opts.sysPrefix = true;
  if (p.flags.has("--prefix")) opts.prefix = p.flags.get("--prefix") as string;
  if (p.flags.has("--name")) opts.name = p.flags.get("--name") as string;
  return opts;
}

function out(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : text + "\n");
}

function install(args: string[]): number {
  const p = parseArgs(args, ["--prefix", "--name", "--display-name", "--type-errors"], ["--user", "--sys-prefix"]);
  if (p.positional.length > 0) throw new UsageError(`install takes no positional arguments, received ${p.positional.join(" ")}`);
  const opts = locationOptions(p);
  if (p.flags.has("--display-name")) opts.displayName = p.flags.get("--display-name") as string;
  if (p.flags.has("--type-errors")) opts.typeErrors = typeErrorMode(p.flags.get("--type-errors"));
  const { dir, note } = installKernelspec(opts);
  if (note) out(`note: ${note}`);
  out(`Installed kernelspec ${opts.name ?? DEFAULT_NAME} in ${dir}`);
  return 0;
}

function uninstall(args: string[]): number {
  const p = parseArgs(args, ["--prefix", "--name"], ["--user", "--sys-prefix"]);
  if (p.positional.length > 0) throw new UsageError(`uninstall takes no positional arguments, received ${p.positional.join(" ")}`);
  const opts = locationOptions(p);
  const removed = uninstallKernelspec(opts);
  if (removed === null) {
    process.stderr.write(`kernelspec ${opts.name ?? DEFAULT_NAME} is not installed there\n`);
    return 1;
  }
  out(`Removed ${removed}`);
  return 0;
}

/** A `--type-errors` value, checked here so a typo is a usage error rather than a kernel that dies at start. */
function typeErrorMode(value: string | true | undefined): "block" | "warn" | "off" {
  if (value === "block" || value === "warn" || value === "off") return value;
  throw new UsageError(`--type-errors must be block, warn or off; received ${JSON.stringify(value)}`);
}

async function kernel(args: string[]): Promise<number | null> {
  const p = parseArgs(args, ["-f", "--f", "--connection-file", "--type-errors"], []);
  const file = (p.flags.get("-f") ?? p.flags.get("--f") ?? p.flags.get("--connection-file") ?? p.positional[0]) as string | undefined;
  if (!file) throw new UsageError("kernel needs -f CONNECTION_FILE");
  const typeErrors = p.flags.has("--type-errors") ? typeErrorMode(p.flags.get("--type-errors")) : undefined;
  const { startKernel, loadInterpreter } = await import("./server/start");
  await startKernel(file, typeErrors ? await loadInterpreter({ typeErrors }) : undefined);
  return null; // keep running until shutdown_request
}

async function serveCommand(args: string[]): Promise<null> {
  const sizes = ["--max-batch", "--body-limit", "--connection-timeout", "--request-timeout"];
  const p = parseArgs(args, ["--port", "--host", ...sizes], []);
  if (p.positional.length !== 1) throw new UsageError("serve needs one model file, e.g. typelearn serve model.tl --port 8000");
  const port = Number(p.flags.get("--port") ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer in [0, 65535], received ${p.flags.get("--port")}`);
  const int = (flag: string, min: number): number | undefined => {
    const v = p.flags.get(flag);
    if (v === undefined) return undefined;
    const x = Number(v);
    if (v === true || v.trim() === "" || !Number.isInteger(x) || x < min) throw new UsageError(`${flag} must be an integer >= ${min}, received ${JSON.stringify(v)}`);
    return x;
  };
  // lib/serve (and Fastify) load only for this command
  const { serveFile } = require(path.join(__dirname, "..", "lib", "serve", "cli")) as typeof import("../lib/serve/cli");
  await serveFile(p.positional[0], {
    port, host: p.flags.get("--host") as string | undefined,
    maxBatch: int("--max-batch", 1), bodyLimit: int("--body-limit", 1),
    connectionTimeout: int("--connection-timeout", 0), requestTimeout: int("--request-timeout", 0),
  });
  return null; // keep serving until a signal
}

function positiveInt(p: Parsed, flag: string): number | undefined {
  const v = p.flags.get(flag);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} expects a positive integer, received ${JSON.stringify(v)}`);
  return n;
}

async function workerCommand(args: string[]): Promise<null> {
  const p = parseArgs(args, ["--redis", "--concurrency", "--lock-duration", "--stalled-interval"], ["--log-tasks"]);
  if (p.positional.length > 0) throw new UsageError(`worker takes no positional arguments, received ${p.positional.join(" ")}`);
  const url = p.flags.get("--redis");
  if (typeof url !== "string" || !/^rediss?:\/\/\S+$/.test(url)) {
    throw new UsageError("worker needs --redis redis://host:port, e.g. typelearn worker --redis redis://10.0.0.5:6379");
  }
  // lib/parallel/remote (and BullMQ) load only for this command
  const { startWorker } = require(path.join(__dirname, "..", "lib", "parallel", "remote", "worker_process")) as
    typeof import("../lib/parallel/remote/worker_process");
  const w = await startWorker({
    redis: url, concurrency: positiveInt(p, "--concurrency"), lockDuration: positiveInt(p, "--lock-duration"),
    stalledInterval: positiveInt(p, "--stalled-interval"), logTasks: p.flags.has("--log-tasks"),
  });
  const stop = () => { void w.close().then(() => process.exit(0), () => process.exit(1)); };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return null;
}

async function run(args: string[]): Promise<number> {
  // The runner belongs to kernel/runner; loaded lazily so the other commands work without it.
  const runner = require(path.join(__dirname, "runner")) as { main(args: string[]): Promise<number> };
  return runner.main(args);
}

/**
 * Run the CLI. Resolves with the exit code, or null when the process must keep running (the kernel).
 * @param argv the arguments after `typelearn`.
 * @example await main(["install", "--user"])
 */
export async function main(argv: string[]): Promise<number | null> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case "install":
        if (rest.includes("--help") || rest.includes("-h")) return out(USAGE), 0;
        return install(rest);
      case "uninstall":
        if (rest.includes("--help") || rest.includes("-h")) return out(USAGE), 0;
        return uninstall(rest);
      case "kernel":
        if (rest.includes("--help") || rest.includes("-h")) return out(USAGE), 0;
        return await kernel(rest);
      case "run":
        return await run(rest);
      case "serve":
        if (rest.includes("--help") || rest.includes("-h")) return out(USAGE), 0;
        return await serveCommand(rest);
      case "worker":
        if (rest.includes("--help") || rest.includes("-h")) return out(USAGE), 0;
        return await workerCommand(rest);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        out(USAGE);
        return cmd === undefined ? 2 : 0;
      case "--version":
      case "version":
        out(require(path.join(__dirname, "..", "..", "package.json")).version);
        return 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(cmd)}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`typelearn: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`typelearn: ${(e as Error).message}\n`);
    return 1;
  }
}
