/**
 * typelearn's own version, read once from its package.json (written into model files, the server's /metadata and
 * tracked MLmodel files).
 */
import * as fs from "fs";
import * as path from "path";

let cached: string | undefined;

/**
 * The installed typelearn's version ("unknown" when its package.json cannot be read).
 * @example
 * typelearnVersion(); // "0.1.0"
 */
export function typelearnVersion(): string {
  if (cached === undefined) {
    try {
      // dist/lib/version.js → the package root is two folders up from dist/lib.
      cached = String(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version);
    } catch {
      cached = "unknown";
    }
  }
  return cached;
}
