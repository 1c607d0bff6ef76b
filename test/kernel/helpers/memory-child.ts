/**
 * Run in a child process with --expose-gc by test/kernel/interpreter/memory.test.ts: executes cells through the
 * interpreter and prints the heap after a warm-up and after N more cells (both after full collections).
 * argv: N KIND (same | varied)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createInterpreter } from "../../../kernel/interpreter";

const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const [nText, kind] = process.argv.slice(2);
  const n = Number(nText);
  if (!gc || !(n > 0)) throw new Error("usage: node --expose-gc memory-child.js N same|varied");
  const interp = createInterpreter({ cwd: fs.mkdtempSync(path.join(os.tmpdir(), "tl-mem-")) });
  const sink = { stream: () => undefined, display: () => undefined, clearOutput: () => undefined };
  // `varied` changes the text of every cell, so each is compiled afresh (a new program and checker each time).
  const cell = (i: number) => kind === "varied"
    ? `const v = np.random.rand(50, 50).mul(${i}); v.mean()`
    : "const v = np.random.rand(50, 50); v.mean()";
  const runMany = async (from: number, count: number) => {
    for (let i = from; i < from + count; i++) {
      const out = await interp.execute(cell(i), sink);
      if (out.status !== "ok") throw new Error(`cell ${i} failed: ${JSON.stringify(out)}`);
    }
  };
  const settle = () => { for (let i = 0; i < 4; i++) gc!(); };
  // Warm-up: caches that fill once (TypeScript's, V8's) settle in the first couple of hundred cells.
  await runMany(0, 200);
  settle();
  const before = process.memoryUsage();
  await runMany(200, n);
  settle();
  const after = process.memoryUsage();
  interp.close();
  process.stdout.write(JSON.stringify({ n, kind, heapBefore: before.heapUsed, heapAfter: after.heapUsed, rssBefore: before.rss, rssAfter: after.rss }) + "\n");
}

main().catch((e) => { process.stderr.write(String((e as Error).stack ?? e) + "\n"); process.exit(1); });
