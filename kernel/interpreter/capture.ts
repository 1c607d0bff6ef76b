/**
 * Routes the process's stdout/stderr writes (console.log, process.stdout.write, library progress lines) to the
 * output sink of the cell that is running — or, after it finished, of the last cell (as ipykernel does for
 * late output from timers), so nothing printed is lost.
 */
import * as fs from "fs";
import type { OutputSink } from "./types";

let current: OutputSink | null = null;
let installed = false;

/** Write to the real stderr, bypassing capture (kernel diagnostics). */
export function kernelLog(message: string): void {
  try { fs.writeSync(2, message.endsWith("\n") ? message : message + "\n"); } catch { /* stderr closed */ }
}

/** Direct captured output to `sink` from now on. */
export function setCaptureSink(sink: OutputSink | null): void { current = sink; }

/** The sink that receives output now. */
export function getCaptureSink(): OutputSink | null { return current; }

/** Patch process.stdout/stderr once. Writes with no sink yet go to the real streams. */
export function installCapture(): void {
  if (installed) return;
  installed = true;
  for (const name of ["stdout", "stderr"] as const) {
    const stream = process[name];
    const orig = stream.write.bind(stream);
    (stream as unknown as { write: unknown }).write = (chunk: unknown, encoding?: unknown, cb?: unknown): boolean => {
      const callback = typeof encoding === "function" ? encoding : cb;
      if (!current) return orig(chunk as string, encoding as BufferEncoding, callback as () => void);
      const text = typeof chunk === "string" ? chunk
        : Buffer.from(chunk as Uint8Array).toString(typeof encoding === "string" ? encoding as BufferEncoding : "utf8");
      current.stream(name, text);
      if (typeof callback === "function") process.nextTick(callback as () => void);
      return true;
    };
  }
}
