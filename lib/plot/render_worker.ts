/**
 * The plot renderer's worker thread: compiles Vega-Lite to Vega and renders headless SVG. Vega renders only
 * asynchronously while a notebook's display hook is synchronous, so the caller blocks on a shared flag until this
 * thread has posted the result (see render.ts). vega and vega-lite load here, never in the kernel's own thread.
 */
import { parentPort, type MessagePort } from "worker_threads";

interface Job { spec: string; port: MessagePort; flag: SharedArrayBuffer }

/* eslint-disable @typescript-eslint/no-var-requires */
let vegaLite: typeof import("vega-lite") | undefined;
let vega: typeof import("vega") | undefined;

async function render(specJson: string): Promise<string> {
  vegaLite ??= require("vega-lite") as typeof import("vega-lite");
  vega ??= require("vega") as typeof import("vega");
  const compiled = vegaLite.compile(JSON.parse(specJson)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

parentPort!.on("message", (job: Job) => {
  const finish = (message: { svg?: string; error?: string }): void => {
    job.port.postMessage(message);
    job.port.close();
    const flag = new Int32Array(job.flag);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  render(job.spec).then(
    (svg) => finish({ svg }),
    (e: unknown) => finish({ error: e instanceof Error ? e.message : String(e) }));
});
