/**
 * The idle release (kernel/server/idle-release.ts) and %reset's releaseMemory (kernel/interpreter/reset.ts): memory
 * is given back once the kernel is idle after a cell, never while cells keep coming, with or without malloc_trim;
 * releaseMemory shrinks V8's young generation, which plain gc() leaves at its grown size.
 */
import { strict as assert } from "assert";
import * as v8 from "v8";
import { cancelIdleRelease, idleReleaseCounts, releaseNow, scheduleIdleRelease } from "../../kernel/server/idle-release";
import { loadMallocTrim, setMallocTrimLoader, type TrimFunction } from "../../kernel/interpreter/malloc_trim";
import { collectGarbage, releaseMemory } from "../../kernel/interpreter/reset";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function countingTrim(): TrimFunction & { calls: number } {
  const fn = (() => 1) as unknown as TrimFunction & { calls: number };
  fn.calls = 0;
  fn.async = (_pad, cb) => { fn.calls++; setImmediate(() => cb(null, 1)); };
  return fn;
}

/** Allocate short-lived objects until the young generation has grown (as a session's cells make it grow). */
function growYoungGeneration(): number {
  let keep: object[] = [];
  for (let i = 0; i < 4e6; i++) {
    keep.push({ i, a: [i] });
    if (keep.length > 3e5) keep = [];
  }
  return newSpaceSize();
}

function newSpaceSize(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space")!.space_size;
}

describe("kernel/server idle release and %reset's releaseMemory", function () {
  this.timeout(60000);
  afterEach(() => { cancelIdleRelease(); setMallocTrimLoader(loadMallocTrim); });

  it("releases (full collection, then malloc_trim) once idle after a cell", async () => {
    const trim = countingTrim();
    setMallocTrimLoader(() => trim);
    const before = idleReleaseCounts();
    scheduleIdleRelease(20);
    await sleep(200);
    const after = idleReleaseCounts();
    assert.equal(after.releases, before.releases + 1);
    assert.equal(after.trims, before.trims + 1);
    assert.equal(trim.calls, 1);
  });

  it("does nothing while cells keep coming: a cell starting cancels the pending release", async () => {
    const trim = countingTrim();
    setMallocTrimLoader(() => trim);
    const before = idleReleaseCounts();
    for (let k = 0; k < 5; k++) {
      scheduleIdleRelease(60);
      await sleep(10);
      cancelIdleRelease();
    }
    await sleep(150);
    assert.deepEqual(idleReleaseCounts(), before);
    assert.equal(trim.calls, 0);
  });

  it("releases once per idle period: a second release with no cell in between does nothing", async () => {
    setMallocTrimLoader(() => countingTrim());
    scheduleIdleRelease(10);
    await sleep(100);
    const once = idleReleaseCounts();
    await releaseNow();
    assert.deepEqual(idleReleaseCounts(), once);
  });

  it("without malloc_trim (no koffi) the release still collects, and counts no trim", async () => {
    setMallocTrimLoader(() => null);
    const before = idleReleaseCounts();
    scheduleIdleRelease(10);
    await sleep(150);
    const after = idleReleaseCounts();
    assert.equal(after.releases, before.releases + 1);
    assert.equal(after.trims, before.trims);
  });

  it("releaseMemory shrinks the young generation that a plain full collection leaves grown", async () => {
    const grown = growYoungGeneration();
    collectGarbage();
    const afterGc = newSpaceSize();
    setMallocTrimLoader(() => null);
    await releaseMemory();
    const released = newSpaceSize();
    assert.ok(grown >= 4 * 1024 * 1024, `the young generation did not grow (${grown} bytes)`);
    assert.ok(afterGc >= grown / 2, `gc() alone shrank it (${grown} → ${afterGc}): the test no longer shows the difference`);
    assert.ok(released < afterGc / 2, `releaseMemory left ${released} bytes of ${afterGc}`);
  });

  it("releaseMemory runs the trim when there is one", async () => {
    const trim = countingTrim();
    setMallocTrimLoader(() => trim);
    await releaseMemory();
    assert.equal(trim.calls, 1);
  });
});
