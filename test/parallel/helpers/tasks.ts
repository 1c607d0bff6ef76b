/** Test-only pool tasks (loaded by the workers through addWorkerModule). */
import { isMainThread, threadId } from "worker_threads";
import { OptionError } from "../../../lib/errors";
import { registerTask } from "../../../lib/parallel/tasks";
import { SharedFloat64, sharedView } from "../../../lib/parallel/shared";

registerTask("test.square", (x: number) => ({ value: x * x, threadId, main: isMainThread }));
registerTask("test.fail", (x: number) => {
  if (x === 3) throw new OptionError("test option", "anything but 3", x);
  return x;
});
registerTask("test.exit", (x: number) => {
  if (x === 1 && !isMainThread) process.exit(7);
  return x;
});
registerTask("test.sumShared", (p: { a: SharedFloat64; from: number; to: number }) => {
  const v = sharedView(p.a);
  let s = 0;
  for (let i = p.from; i < p.to; i++) s += v[i];
  return { s, shared: v.buffer instanceof SharedArrayBuffer };
});
registerTask("test.sleep", (ms: number) => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return threadId;
});
