/**
 * How many workers an `nJobs` option asks for, with joblib's conventions.
 */
import * as os from "os";
import { OptionError } from "../errors";

/** Cores available to this process (os.availableParallelism where Node has it). */
export function cpuCount(): number {
  const f = (os as unknown as { availableParallelism?: () => number }).availableParallelism;
  return Math.max(1, typeof f === "function" ? f() : os.cpus().length);
}

/**
 * The number of parallel jobs `nJobs` means, as joblib reads n_jobs: undefined/null/1 → 1 (run inline);
 * −1 → every core; −2 → all but one; k > 1 → k.
 * @param nJobs - the option value
 * @example
 * effectiveJobs(-1); // os.availableParallelism()
 * effectiveJobs(undefined); // 1
 */
export function effectiveJobs(nJobs: number | null | undefined): number {
  if (nJobs === undefined || nJobs === null) return 1;
  if (typeof nJobs !== "number" || !Number.isInteger(nJobs) || nJobs === 0) {
    throw new OptionError("nJobs", "a non-zero integer (−1 = all cores) or null", nJobs);
  }
  if (nJobs > 0) return nJobs;
  return Math.max(1, cpuCount() + 1 + nJobs);
}
