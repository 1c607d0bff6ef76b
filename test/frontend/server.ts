/**
 * A real classic Jupyter Notebook server (Debian's notebook 6.4) for the front-end tests: started on a free
 * loopback port with a random token, in its own process group, with every Jupyter directory in a temp folder so
 * nothing on the machine (user config, other kernelspecs) leaks in, and the typelearn kernelspec installed there
 * under the notebooks' own kernel name "typelearn".
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../notebooks/helpers";

/** Debian's interpreter: the PATH may start with another python3 (pyenv) that has no Jupyter. */
export const python = "/usr/bin/python3";

/** Fail (never skip) with a clear message when a program the front-end tests need is missing. */
export function requireProgram(file: string, what: string, installHint: string): void {
  if (!fs.existsSync(file)) throw new Error(`front-end test needs ${what} at ${file}, which is missing: ${installHint}`);
}

/** Fail with a clear message when a Python module (notebook, nbconvert) cannot be imported by Debian's python. */
export function requirePythonModule(mod: string, debPackage: string): void {
  requireProgram(python, "Debian's python3", "apt-get install python3");
  try {
    execFileSync(python, ["-c", `import ${mod}`], { stdio: "pipe" });
  } catch (e) {
    throw new Error(`front-end test needs the Python module ${mod} (apt-get install ${debPackage}): ${(e as Error).message}`);
  }
}

/** A port nobody listens on right now (the server is also told not to hop to another one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A running notebook server. */
export interface NotebookServer {
  /** http://127.0.0.1:PORT */
  base: string;
  token: string;
  /** The folder the server serves (copies of the notebooks go here). */
  notebookDir: string;
  /** Where kernels write their connection files: any live process naming it is a kernel we started. */
  runtimeDir: string;
  /** Everything the server wrote to stdout/stderr so far (for failure messages). */
  log(): string;
  /** Shut kernels down through the REST API, then stop the server's process group. Safe to call twice. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Start `python3 -m notebook` serving a fresh temp folder; resolves once /api/status answers.
 * @param options - staticDir: a folder served first under /static/ (the JupyterLab test's page, so it runs on
 * the server's own origin and may call its REST API and kernel websockets)
 */
export async function startNotebookServer(options: { staticDir?: string } = {}): Promise<NotebookServer> {
  requirePythonModule("notebook.notebookapp", "jupyter-notebook");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tl-frontend-"));
  const dirs = Object.fromEntries(["notebooks", "config", "data", "runtime", "prefix"].map((d) => {
    fs.mkdirSync(path.join(root, d));
    return [d, path.join(root, d)];
  })) as Record<"notebooks" | "config" | "data" | "runtime" | "prefix", string>;
  // The notebooks name kernelspec "typelearn", so the test kernel is installed under exactly that name.
  execFileSync(process.execPath, [path.join(repoRoot, "bin", "typelearn.js"), "install", "--prefix", dirs.prefix,
    "--name", "typelearn"], { stdio: "pipe" });
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const args = ["-m", "notebook", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0",
    `--NotebookApp.token=${token}`, `--notebook-dir=${dirs.notebooks}`, "--NotebookApp.open_browser=False"];
  if (options.staticDir) args.push(`--NotebookApp.extra_static_paths=${JSON.stringify([options.staticDir])}`);
  // CI runs as root, where the server refuses to start without this flag.
  if (process.getuid?.() === 0) args.push("--allow-root");
  const child: ChildProcess = spawn(python, args, {
    cwd: dirs.notebooks,
    detached: true, // own process group, so teardown can signal the server and anything it forked
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      JUPYTER_PATH: path.join(dirs.prefix, "share", "jupyter"),
      JUPYTER_CONFIG_DIR: dirs.config,
      JUPYTER_DATA_DIR: dirs.data,
      JUPYTER_RUNTIME_DIR: dirs.runtime,
      JUPYTER_NO_CONFIG: "1",
      PYTHONNOUSERSITE: "1",
    },
  });
  let log = "";
  child.stdout!.on("data", (d) => { log += d; });
  child.stderr!.on("data", (d) => { log += d; });
  let exited: number | null | undefined;
  child.on("exit", (code) => { exited = code; });

  const base = `http://127.0.0.1:${port}`;
  const api = async (method: string, p: string) =>
    fetch(`${base}${p}`, { method, headers: { Authorization: `token ${token}` } });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exited === undefined) {
      // Kernels run in sessions of their own (jupyter_client starts them so), so killing the server's group
      // would orphan them: ask the server to shut each one down first.
      try {
        const kernels = await (await api("GET", "/api/kernels")).json() as { id: string }[];
        for (const k of kernels) await api("DELETE", `/api/kernels/${k.id}`);
      } catch { /* server already gone */ }
      signalGroup(child.pid!, "SIGTERM");
      for (let i = 0; i < 50 && exited === undefined; i++) await sleep(100);
      signalGroup(child.pid!, "SIGKILL");
    }
    fs.rmSync(root, { recursive: true, force: true });
  };

  // Last resort if mocha dies before the after hooks run: an exit handler cannot wait for the REST calls, so it
  // kills the server's group and any kernel naming our runtime folder outright.
  const onExit = () => {
    signalGroup(child.pid!, "SIGKILL");
    for (const pid of processesMentioning(dirs.runtime)) { try { process.kill(pid, "SIGKILL"); } catch { /* gone */ } }
  };
  process.once("exit", onExit);
  child.once("exit", () => process.removeListener("exit", onExit));

  for (let i = 0; ; i++) {
    if (exited !== undefined) throw new Error(`jupyter notebook exited (code ${exited}) before serving:\n${log}`);
    try {
      if ((await api("GET", "/api/status")).ok) break;
    } catch { /* not listening yet */ }
    if (i > 600) {
      await stop();
      throw new Error(`jupyter notebook did not answer on ${base} within 60 s:\n${log}`);
    }
    await sleep(100);
  }
  return { base, token, notebookDir: dirs.notebooks, runtimeDir: dirs.runtime, log: () => log, stop };
}

/** Signal a process group, ignoring "no such process". */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

/** Pids of live processes whose command line mentions `needle` (from /proc; Linux only, as CI is). */
export function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmd.includes(needle) && Number(entry) !== process.pid) pids.push(Number(entry));
    } catch { /* exited meanwhile */ }
  }
  return pids;
}
