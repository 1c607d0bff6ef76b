/**
 * Shared by the serve tests that start `typelearn serve` as a child process: the URL it announces on stdout.
 */
import type { ChildProcessWithoutNullStreams, ChildProcessByStdio } from "child_process";
import type { Readable } from "stream";

/**
 * Resolve with the `http://…` URL a `typelearn serve` child prints ("ModelServer http://…"); reject, with what it
 * printed, if it exits first.
 * @param child - the spawned CLI, stdout piped
 * @returns the server's base URL
 * @example
 * const url = await announcedUrl(spawn(process.execPath, [bin, "serve", file, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] }));
 */
export function announcedUrl(child: ChildProcessWithoutNullStreams | ChildProcessByStdio<null, Readable, Readable>): Promise<string> {
  let out = "";
  return new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /ModelServer (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}
