/**
 * serve(model): an HTTP prediction server for a fitted estimator or a saved `.tl` file, from a notebook or from
 * `typelearn serve model.tl`. Routes: POST /predict, POST /predict/batch, GET /health, GET /metadata, OpenAPI at
 * /docs (UI), /docs/json and /openapi.json. The handle closes gracefully (in-flight requests finish).
 */
import { typelearnVersion } from "../version";
import type { FastifyInstance } from "fastify";
import { BaseEstimator } from "../base/estimator";
import { displaySymbol, escapeHtml, MimeBundle } from "../display";
import { OptionError } from "../errors";
import { loadBytes, readModelFile } from "../persist";
import { OnnxModel, readOnnxFile } from "../onnx/load";
import { AppOptions, buildApp } from "./app";
import { ModelInfo, modelInfo } from "./model_info";

export { buildApp } from "./app";
export type { AppOptions } from "./app";
export { resolveLimits } from "./limits";
export type { ServerLimits } from "./limits";
export { modelInfo } from "./model_info";
export type { ModelInfo } from "./model_info";

/** Options of {@link serve}. */
export interface ServeOptions extends AppOptions {
  /** TCP port (default 8000; 0 picks a free one). */
  port?: number;
  /** Interface to listen on (default "127.0.0.1"; "0.0.0.0" for every interface). */
  host?: string;
}

/** The routes, as listed in the server's display. */
export const ROUTES: [string, string, string][] = [
  ["POST", "/predict", '{"features": [...]} → {"prediction", "probabilities"}'],
  ["POST", "/predict/batch", '{"instances": [[...], ...]} → {"predictions", "probabilities"}'],
  ["GET", "/health", "liveness"],
  ["GET", "/metadata", "model class, options, features, classes, file hash"],
  ["GET", "/docs", "OpenAPI UI (JSON at /docs/json and /openapi.json)"],
];

/** A running server: its URL, the model's description, and close(). */
export class ModelServer {
  /**
   * @param app - the listening Fastify app
   * @param url - base URL, e.g. "http://127.0.0.1:8000"
   * @param info - the served model's description
   */
  constructor(readonly app: FastifyInstance, readonly url: string, readonly info: ModelInfo) {}

  /** The port listened on. */
  get port(): number { return Number(new URL(this.url).port); }

  /**
   * Stop accepting connections, let in-flight requests finish, then resolve. Keep-alive connections that go idle
   * once their request is answered are closed as they do (Node closes only the ones idle at the moment of
   * close), and after `graceMs` any connection still open is cut, so close always ends.
   * @param graceMs - how long in-flight requests may take (default 10 s)
   * @example
   * await server.close();
   */
  async close(graceMs = 10_000): Promise<void> {
    const srv = this.app.server;
    const idle = setInterval(() => srv.closeIdleConnections(), 25);
    const cut = setTimeout(() => srv.closeAllConnections(), graceMs);
    try {
      await this.app.close();
    } finally {
      clearInterval(idle);
      clearTimeout(cut);
    }
  }

  /** Text: the URL and routes. */
  toString(): string {
    return `ModelServer ${this.url} serving ${this.info.repr}\n` + ROUTES.map(([m, r, d]) => `  ${m.padEnd(4)} ${this.url}${r}  ${d}`).join("\n");
  }

  /** Notebook display: the URL and a table of routes. */
  [displaySymbol](): MimeBundle {
    // JupyterLab right-aligns table cells and wraps inline code mid-line: the routes say left, and the model's
    // repr (several lines for a pipeline) is a <pre> block rather than inline <code>.
    const left = 'style="text-align:left"';
    const rows = ROUTES.map(([m, r, d]) => `<tr><td ${left}><code>${m}</code></td><td ${left}><code>${escapeHtml(this.url + r)}</code></td><td ${left}>${escapeHtml(d)}</td></tr>`).join("");
    return {
      "text/plain": this.toString(),
      "text/html": `<div><b>typelearn server</b> at <a href="${escapeHtml(this.url)}/docs">${escapeHtml(this.url)}</a> serving` +
        `<pre>${escapeHtml(this.info.repr)}</pre><table>${rows}</table></div>`,
    };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
}

/**
 * Serve a fitted model over HTTP (the guide's FastAPI app, with the preprocessing inside the model).
 * @param model - a fitted estimator (preferably a Pipeline, so scaling happens on the server), a `.tl` file path or a
 *   `.onnx` file path (run on ONNX Runtime, see loadOnnx)
 * @param options - { port = 8000 (0: any free port), host = "127.0.0.1", maxBatch = 10000 rows, bodyLimit (default:
 *   enough for maxBatch rows), connectionTimeout = 30 s and requestTimeout = 60 s (in ms; 0 disables) }
 * @returns the running server; `await server.close()` stops it
 * @example
 * const server = await serve(pipe, { port: 0 });
 * const res = await fetch(server.url + "/predict", { method: "POST", headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ features: XTest.row(0) }) });
 * await server.close();
 */
export async function serve(model: BaseEstimator | string, options: ServeOptions = {}): Promise<ModelServer> {
  const port = options.port ?? 8000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new OptionError("serve port", "an integer in [0, 65535]", port);
  const host = options.host ?? "127.0.0.1";
  let est: BaseEstimator;
  let bytes: Buffer | undefined;
  if (typeof model === "string") {
    // an ONNX file runs on ONNX Runtime behind the same routes (lib/onnx); a .tl file is read header first, bounded
    // by the declared sizes; either must be a regular file (a FIFO or /dev/zero would never end)
    const onnx = model.toLowerCase().endsWith(".onnx");
    bytes = onnx ? readOnnxFile(model) : readModelFile(model);
    est = onnx ? new OnnxModel(bytes, {}, model) : loadBytes(bytes);
  } else {
    est = model;
  }
  const info = modelInfo(est, typelearnVersion(), bytes);
  const app = await buildApp(est, info, options);
  await app.listen({ port, host });
  const addr = app.server.address();
  const actual = addr && typeof addr === "object" ? addr.port : port;
  const shownHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  return new ModelServer(app, `http://${shownHost}:${actual}`, info);
}
