/**
 * The file store's file-system edge: a key's file (refusing a key that would need a value to be a folder, as
 * logging "a" then "a/b" would), file-system errors turned into MlflowErrors that name the key, and the removal of
 * temporary files left by writers killed mid-write.
 */
import * as fs from "fs";
import * as path from "path";
import { MlflowError } from "./validation";

/** A temporary file is removed only when its writer is gone and it is older than this (ms). */
export const STALE_TEMP_MS = 60_000;

/**
 * The file holding `key` under `<runDir>/<sub>`, checked against the keys already there: a key's folders must not
 * be values ("a/b" after "a") and a key must not be a folder of other keys ("a" after "a/b").
 * @example keyFile(runDir, "metrics", "metric", "val/loss");
 */
export function keyFile(runDir: string, sub: string, what: string, key: string): string {
  const base = path.join(runDir, sub);
  const parts = key.split("/");
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    let st: fs.Stats | undefined;
    try { st = fs.statSync(path.join(base, prefix)); } catch { break; }
    if (!st.isDirectory()) {
      throw new MlflowError(`Invalid ${what} name: '${key}'. This run already has a ${what} '${prefix}', and a file store ` +
        `keeps '${prefix}' as a file, so it cannot also be the folder of '${key}'. Use another name (e.g. '${prefix}_/${parts.slice(i).join("/")}').`);
    }
  }
  const file = path.join(base, key);
  let st: fs.Stats | undefined;
  try { st = fs.statSync(file); } catch { /* absent: fine */ }
  if (st?.isDirectory()) {
    throw new MlflowError(`Invalid ${what} name: '${key}'. This run already has ${what}s named '${key}/…', and a file store ` +
      `keeps '${key}' as their folder, so it cannot also hold a value. Use another name.`);
  }
  return file;
}

/**
 * Run a file-system step of the store; a file-system error becomes an MlflowError naming what was being written.
 * @param what - e.g. "metric 'loss'"
 * @param fn - the step
 */
export function trackingFs<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof MlflowError || typeof err?.code !== "string") throw e;
    throw new MlflowError(`Could not store ${what}: ${err.code} (${err.message})`, "INTERNAL_ERROR");
  }
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Remove temporary files `.tmp-<pid>-<hex>` and temporary experiment folders `.tmp-experiment-<id>-<pid>-<x>` in
 * `dir` whose writer process no longer exists (killed with -9 before its rename) and that are older than a minute.
 * A left-over folder in .trash would otherwise make MLflow's listing of deleted experiments fail on its name.
 * Best effort: an entry another process removes first is fine.
 * @returns the entries removed
 */
export function sweepStaleTemps(dir: string, now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return removed; }
  for (const name of names) {
    const file = /^\.tmp-(\d+)-[0-9a-f]+$/.exec(name);
    const folder = /^\.tmp-experiment-[\w-]+?-(\d+)-[0-9a-z]+$/.exec(name);
    const pid = Number((file ?? folder)?.[1]);
    if (!(file || folder) || pid === process.pid) continue;
    const entry = path.join(dir, name);
    try {
      const st = fs.lstatSync(entry);
      if ((file ? !st.isFile() : !st.isDirectory()) || now - st.mtimeMs < STALE_TEMP_MS || !processGone(pid)) continue;
      fs.rmSync(entry, { recursive: true, force: true });
      removed.push(entry);
    } catch { /* raced with another sweeper or writer */ }
  }
  return removed;
}
