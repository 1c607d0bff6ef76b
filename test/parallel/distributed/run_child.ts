/**
 * A search in its own process, for the fault tests (runTasks blocks its thread, so the test process cannot watch
 * workers while running the search itself). argv[2]: JSON { url, mode: "search" | "interrupt", workerTimeout? }.
 * "search" prints `RESULT <fingerprint>` or `ERROR <name>: <message>`; "interrupt" runs the search under vm's
 * breakOnSigint (as a kernel cell does), prints `INTERRUPTED` when a SIGINT stops it, then runs the search again
 * (`AGAIN <fingerprint>`), as a next cell would.
 */
import * as vm from "vm";
import { parallelBackend } from "../../../lib";
import { SMALL_GRID, runSearch } from "./grids";

const args = JSON.parse(process.argv[2]) as { url: string; mode: string; workerTimeout?: number };
parallelBackend(args.url, { workerTimeout: args.workerTimeout ?? 20_000, abandonAfter: 1_000 });
if (args.mode === "search") {
  process.stdout.write("STARTED\n");
  try {
    process.stdout.write(`RESULT ${runSearch(SMALL_GRID, -1, 100)}\n`);
  } catch (e) {
    process.stdout.write(`ERROR ${(e as Error).name}: ${(e as Error).message}\n`);
  }
  process.exit(0);
} else {
  process.on("SIGINT", () => undefined); // after the interrupt, stay alive like a kernel
  process.stdout.write("STARTED\n");
  try {
    // a long search (45 fits of 2000 trees, ~1 s each on a quiet machine), so the SIGINT lands in its remote part
    // even on a loaded machine, and on a quiet one tasks are still running when the cancel arrives (the dispatcher
    // notices the stopped heartbeat after abandonAfter + up to one 500 ms tick; 400-tree fits had all finished)
    vm.runInNewContext("run()", { run: () => runSearch(SMALL_GRID, -1, 2000, 5) }, { breakOnSigint: true });
    process.stdout.write("FINISHED\n");
  } catch (e) {
    process.stdout.write(`INTERRUPTED ${(e as Error).message}\n`);
  }
  // like the next cell after an interrupt: the same search again, still on the workers
  setTimeout(() => process.stdout.write(`AGAIN ${runSearch(SMALL_GRID, -1, 100)}\n`), 2_000);
  setTimeout(() => process.exit(0), 60_000);
}
