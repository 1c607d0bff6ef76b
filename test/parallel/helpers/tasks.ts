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
/**
 * Two tasks meet: each counts itself in on a shared counter, then waits for the other. Both see the other only if
 * they were running at the same time. The 60 s bound is only a hang guard (the call is synchronous, so the runner's
 * timeout cannot stop it): long enough that a second worker slow to start on a loaded machine still arrives.
 */
registerTask("test.rendezvous", (p: { counter: SharedArrayBuffer }) => {
  const c = new Int32Array(p.counter);
  Atomics.add(c, 0, 1);
  Atomics.notify(c, 0);
  const deadline = Date.now() + 60000;
  while (Atomics.load(c, 0) < 2 && Date.now() < deadline) Atomics.wait(c, 0, 1, 50);
  return { met: Atomics.load(c, 0) >= 2, threadId };
});
