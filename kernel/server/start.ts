/**
 * Starting a kernel process: read the connection file, create the interpreter, serve.
 */
import * as path from "path";
import type { Interpreter } from "../interpreter/types";
import { KernelServer, type ServerOptions } from "./server";
import { readConnectionFile } from "./sockets";

/**
 * Load the real TypeScript interpreter (kernel/interpreter's `createInterpreter`, sync or async).
 * Required lazily so the server can be built and tested without it.
 * @param options the interpreter's options (e.g. `{ typeErrors: "warn" }` from `typelearn kernel --type-errors`).
 * @example const interpreter = await loadInterpreter();
 */
export async function loadInterpreter(options?: Record<string, unknown>): Promise<Interpreter> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(path.join(__dirname, "..", "interpreter")) as { createInterpreter?: (o?: Record<string, unknown>) => Interpreter | Promise<Interpreter> };
  if (typeof mod.createInterpreter !== "function") {
    throw new Error("kernel/interpreter does not export createInterpreter()");
  }
  return await mod.createInterpreter(options);
}

/**
 * Start a kernel for a connection file and serve until shutdown.
 * @param connectionFile the `{connection_file}` Jupyter passes.
 * @param interpreter the interpreter to serve (default: the real one).
 * @param options server options.
 * @example await startKernel("/run/user/1000/jupyter/kernel-1.json");
 */
export async function startKernel(connectionFile: string, interpreter?: Interpreter, options: ServerOptions = {}): Promise<KernelServer> {
  const info = readConnectionFile(connectionFile);
  const server = new KernelServer(info, interpreter ?? (await loadInterpreter()), options);
  await server.start();
  return server;
}
