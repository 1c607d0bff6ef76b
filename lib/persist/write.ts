/**
 * Where dump may write. dump replaces its target by renaming a finished temporary file over it, which would turn
 * whatever sits at the path — a device node, a FIFO, a symbolic link — into a regular file (as root,
 * `dump(m, "/dev/full")` replaced the device). So the target must be absent or a regular file; a symbolic link is
 * followed to the regular file it names, which is replaced while the link stays a link (as `cp` and
 * `joblib.dump` write through links). Anything else is a PersistError of kind "io" and nothing is written.
 */
import * as fs from "fs";
import { PersistError } from "./errors";
import { kindOf } from "./read";

/**
 * The path dump should replace for `file`.
 * @param file - the path given to dump
 * @returns `file` itself (absent, or a regular file), or the regular file a symbolic link at `file` resolves to
 * @example
 * replaceFileAtomically(dumpTarget("model.tl"), bytes);
 */
export function dumpTarget(file: string): string {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return file;
    throw new PersistError("io", file, (e as Error).message);
  }
  if (st.isFile()) return file;
  if (!st.isSymbolicLink()) throw new PersistError("io", file, `expected a regular file (or a new path) to write the model to, received ${kindOf(st)}`);
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    throw new PersistError("io", file, "expected a symbolic link to a regular file, received a link to nothing (dangling)");
  }
  let target: fs.Stats;
  try {
    target = fs.statSync(real);
  } catch (e) {
    throw new PersistError("io", file, (e as Error).message);
  }
  if (!target.isFile()) {
    throw new PersistError("io", file, `expected a symbolic link to a regular file, received a link to ${kindOf(target)} (${real})`);
  }
  return real;
}
