/**
 * Memory stays flat across cells: the heap after N more cells (measured after full collections, in a child
 * process started with --expose-gc) may not grow by more than a small bound per cell — for cells compiled afresh
 * each time (a new program and type checker per cell) and for a cell re-run unchanged.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const child = path.join(__dirname, "..", "helpers", "memory-child.js");

function measure(n: number, kind: "same" | "varied") {
  const r = spawnSync(process.execPath, ["--expose-gc", child, String(n), kind], { encoding: "utf8", timeout: 240000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as { heapBefore: number; heapAfter: number };
}

describe("kernel/interpreter memory", function () {
  this.timeout(300000);

  // 20 kB per cell is a fifth of the 0.1 MB budget; a retained program or checker per cell would be
  // megabytes each, and a retained 50×50 array 20 kB.
  const perCell = 20 * 1024;

  it("the heap does not grow with cells compiled afresh (300 distinct cells)", () => {
    const m = measure(300, "varied");
    const growth = (m.heapAfter - m.heapBefore) / 300;
    assert.ok(growth < perCell, `heap grew ${(growth / 1024).toFixed(1)} kB per cell (${m.heapBefore} → ${m.heapAfter})`);
  });

  it("the heap does not grow when one cell runs again and again (600 runs)", () => {
    const m = measure(600, "same");
    const growth = (m.heapAfter - m.heapBefore) / 600;
    assert.ok(growth < perCell, `heap grew ${(growth / 1024).toFixed(1)} kB per cell (${m.heapBefore} → ${m.heapAfter})`);
  });
});
