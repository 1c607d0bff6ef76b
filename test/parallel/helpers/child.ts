/** Child process for the "pool does not keep the process alive" test: runs a parallel task, prints, ends. */
import * as path from "path";
import { addWorkerModule, runTasks } from "../../../lib/parallel";
import "./tasks";

addWorkerModule(path.join(__dirname, "tasks.js"));
const r = runTasks<{ value: number; main: boolean }>("test.square", [1, 2, 3, 4], 2);
process.stdout.write(JSON.stringify({ values: r.map((x) => x.value), inWorkers: r.every((x) => !x.main) }) + "\n");
