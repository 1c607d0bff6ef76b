/**
 * Keeps user code from ending the kernel process. A cell that calls `process.exit()`, `process.abort()` or
 * `process.kill(process.pid)` would take the kernel, its state and the reply the front end waits for with it (Node
 * aborts outright while the io worker's sockets are open). As IPython turns `sys.exit()` into a SystemExit error,
 * these calls throw a SystemExit error instead, which the cell reports; the kernel itself exits through
 * {@link exitProcess}, which goes around the guards.
 */

/** Thrown in place of ending the process from user code. */
export class SystemExit extends Error {
  constructor(call: string) {
    super(`${call} was called: a cell cannot end the kernel process (restart or shut down the kernel from the front end)`);
    this.name = "SystemExit";
  }
}

type Exit = (code?: number | string | null) => never;

const realExit: Exit = process.exit.bind(process) as Exit;
const proc = process as unknown as { reallyExit: (code?: number) => void };
const realReallyExit = proc.reallyExit;
const realKill = process.kill.bind(process);
const realAbort = process.abort.bind(process);
let installed = false;
let exiting = false;

/** Signals a process may still send itself: 0 (does it exist?) and SIGINT (the kernel's own interrupt). */
const harmless = new Set<string | number>([0, "SIGINT", 2]);

/** Whether `process.kill(pid, …)` would reach this process (itself, its process group, or every process). */
function reachesSelf(pid: number): boolean {
  return pid === process.pid || pid === 0 || pid === -1 || pid === -process.pid;
}

/**
 * Make process.exit / process.reallyExit / process.abort throw {@link SystemExit}, and process.kill of this
 * process with a deadly signal too. Idempotent.
 * @example installExitGuards(); // then `process.exit(1)` in a cell is a SystemExit error
 */
export function installExitGuards(): void {
  if (installed) return;
  installed = true;
  process.exit = ((code?: number | string | null) => {
    if (exiting) return realExit(code);
    throw new SystemExit(`process.exit(${code === undefined ? "" : JSON.stringify(code)})`);
  }) as Exit;
  // process.exit ends in process.reallyExit, which code can also call directly.
  proc.reallyExit = (code?: number) => {
    if (exiting) return realReallyExit.call(process, code);
    throw new SystemExit(`process.reallyExit(${code === undefined ? "" : JSON.stringify(code)})`);
  };
  process.abort = (() => {
    if (exiting) return realAbort();
    throw new SystemExit("process.abort()");
  }) as () => never;
  process.kill = (pid: number, signal?: string | number): true => {
    if (!exiting && typeof pid === "number" && reachesSelf(pid) && !harmless.has(signal ?? "SIGTERM")) {
      throw new SystemExit(`process.kill(${pid}, ${JSON.stringify(signal ?? "SIGTERM")})`);
    }
    return realKill(pid, signal);
  };
}

/**
 * End the process for the kernel itself (shutdown, a dead io worker), whether or not the guards are installed.
 * @param code the exit code.
 * @example exitProcess(0)
 */
export function exitProcess(code: number): never {
  exiting = true;
  return realExit(code);
}
