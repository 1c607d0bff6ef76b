/**
 * Test fixtures for the distributed backend: a real redis-server on a free loopback port (temporary directory, no
 * persistence) and `typelearn worker` processes started through the CLI, each collecting its output lines.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..", "..", "..");
const BIN = path.join(ROOT, "bin", "typelearn.js");

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resolve when `lines` gets a line matching `re` (rejects after ms). */
function waitLine(proc: ChildProcess, lines: string[], re: RegExp, ms: number, what: string, from = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const found = lines.slice(from).find((l) => re.test(l));
    if (found) return resolve(found);
    const timer = setTimeout(() => { cleanup(); reject(new Error(`${what}: no line matching ${re} in ${ms} ms; got:\n${lines.join("\n")}`)); }, ms);
    const onLine = (l: string) => { if (re.test(l)) { cleanup(); resolve(l); } };
    const onExit = (code: number | null) => { cleanup(); reject(new Error(`${what} exited (${code}) before ${re}:\n${lines.join("\n")}`)); };
    const cleanup = () => { clearTimeout(timer); proc.off("line", onLine); proc.off("exit", onExit); };
    proc.on("line", onLine);
    proc.once("exit", onExit);
  });
}

function collect(proc: ChildProcess): string[] {
  const lines: string[] = [];
  for (const stream of [proc.stdout, proc.stderr]) {
    let buf = "";
    stream?.on("data", (d: Buffer) => {
      buf += d.toString();
      let k: number;
      while ((k = buf.indexOf("\n")) >= 0) {
        const l = buf.slice(0, k);
        buf = buf.slice(k + 1);
        lines.push(l);
        proc.emit("line", l);
      }
    });
  }
  return lines;
}

/** A redis-server owned by a test. */
export interface RedisFixture { port: number; url: string; start(): Promise<void>; stop(): Promise<void>; dir: string }

/**
 * Start redis-server on a free loopback port; fails naming the Debian package when it is not installed.
 * @example
 * const redis = await startRedis(); ... await redis.stop();
 */
export async function startRedis(): Promise<RedisFixture> {
  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error("redis-server is not installed: the distributed tests need the Debian package redis-server " +
      "(apt-get install redis-server; it is listed in .ci/apt-packages)");
  }
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "typelearn-redis-"));
  let proc: ChildProcess | null = null;
  const fx: RedisFixture = {
    port, url: `redis://127.0.0.1:${port}`, dir,
    async start() {
      proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", dir], { stdio: ["ignore", "pipe", "pipe"] });
      const lines = collect(proc);
      await waitLine(proc, lines, /Ready to accept connections/, 15_000, "redis-server");
    },
    async stop() {
      const p = proc;
      proc = null;
      if (!p || p.exitCode !== null) return;
      await new Promise<void>((r) => { p.once("exit", () => r()); p.kill("SIGKILL"); });
    },
  };
  await fx.start();
  return fx;
}

/** A `typelearn worker` process. */
export interface WorkerFixture {
  proc: ChildProcess;
  lines: string[];
  /** The first line matching `re` from line index `from` on (default: any line). */
  waitFor(re: RegExp, ms?: number, from?: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Start `typelearn worker --redis URL` (one thread, short BullMQ locks so a killed worker's task moves quickly).
 * @param url - the Redis URL
 * @param logTasks - log a line per task start/end (tests watch them)
 * @example
 * const w = await startWorkerProcess(redis.url);
 */
export async function startWorkerProcess(url: string, logTasks = true): Promise<WorkerFixture> {
  // (a caller blocked in a synchronous search does not drain the pipe: the bench turns the per-task lines off)
  const proc = spawn(process.execPath, [BIN, "worker", "--redis", url, "--concurrency", "1", "--lock-duration", "1500",
    "--stalled-interval", "1000", ...(logTasks ? ["--log-tasks"] : [])], { stdio: ["ignore", "pipe", "pipe"] });
  const lines = collect(proc);
  const fx: WorkerFixture = {
    proc, lines,
    waitFor: (re, ms = 30_000, from = 0) => waitLine(proc, lines, re, ms, "typelearn worker", from),
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      await new Promise<void>((r) => { proc.once("exit", () => r()); proc.kill("SIGKILL"); });
    },
  };
  await fx.waitFor(/: ready$/);
  return fx;
}
