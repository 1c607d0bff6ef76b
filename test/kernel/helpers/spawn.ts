/**
 * Start a kernel as a child process for tests and connect a TestClient to it.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { makeConnectionFile, TestClient } from "./client";

/** A running child kernel and its client. */
export interface KernelProcess {
  child: ChildProcess;
  client: TestClient;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

/** The repository root (tests run from dist/test/kernel/helpers). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..", "..");

/**
 * Start a kernel: the fake one (default) or `node bin/typelearn.js kernel` (real interpreter, with `extraArgs`).
 * @param env variables added to the kernel's environment (e.g. NODE_OPTIONS for a small heap).
 * @example const k = await startKernelProcess(); await k.client.execute("1+1"); k.kill();
 */
export async function startKernelProcess(kind: "fake" | "real" = "fake", extraArgs: string[] = [], env: Record<string, string> = {}): Promise<KernelProcess> {
  const { file, info } = await makeConnectionFile();
  const args = kind === "fake"
    ? [path.join(__dirname, "fake-kernel.js"), "-f", file]
    : [path.join(REPO_ROOT, "bin", "typelearn.js"), "kernel", "-f", file, ...extraArgs];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let err = "";
  child.stderr?.on("data", (d) => (err += d.toString()));
  child.stdout?.on("data", () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })));
  const client = new TestClient(info);
  client.connect();
  try {
    const died = exited.then(({ code, signal }) => {
      throw new Error(`kernel process exited (code ${code}, signal ${signal})`);
    });
    await Promise.race([client.waitReady(kind === "real" ? 60000 : 15000), died]);
    died.catch(() => undefined);
  } catch (e) {
    client.close();
    child.kill("SIGKILL");
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    throw new Error(`kernel did not start: ${(e as Error).message}\nstderr:\n${err}`);
  }
  return {
    child, client, exited,
    stderr: () => err,
    kill() {
      client.close();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
}
