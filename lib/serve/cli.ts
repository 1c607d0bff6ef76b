/**
 * `typelearn serve model.tl --port 8000 [--host H]`: serve a saved model until SIGINT / SIGTERM, then close
 * gracefully (stop accepting, finish in-flight requests, exit 0).
 */
import { ModelServer, serve, ServeOptions } from "./index";

/**
 * Start serving a model file from the command line; resolves once listening.
 * @param file - the `.tl` file
 * @param options - port and host
 * @param log - where the start and stop lines go (default stdout)
 * @example
 * await serveFile("model.tl", { port: 8000 });
 */
export async function serveFile(file: string, options: ServeOptions, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  const server: ModelServer = await serve(file, options);
  log(server.toString());
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: closing (in-flight requests finish first)`);
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}
