import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KERNEL_NODE_FLAGS } from "../../../kernel/kernelspec";
import { startKernelProcess } from "../helpers/spawn";

/** What tsload-child.js prints. */
interface ChildOutcome { state: string; file: string; status: string; value?: string; ename?: string; evalue?: string }

const child = path.join(__dirname, "..", "helpers", "tsload-child.js");

/** Run one cell in a fresh process with the kernel's Node flags and `dir` as the cache directory. */
function runChild(dir: string, cell = "1 + 1"): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...KERNEL_NODE_FLAGS, child, cell], { env: { ...process.env, TYPELEARN_CACHE_DIR: dir }, timeout: 120000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split("\n").pop()!))));
  });
}

describe("kernel/interpreter/tsload: TypeScript's V8 code cache", function () {
  this.timeout(300000);
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-tscache-")); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is written after the first cell and accepted by the next process, which still reports type errors", async () => {
    const first = await runChild(dir);
    assert.equal(first.state, "miss");
    assert.deepEqual([first.status, first.value], ["ok", "2"]);
    assert.ok(fs.statSync(first.file).size > 100000, "cache file written");
    // Accepted: V8 checks the flags in effect when it was written (after the first cell) against these at load.
    const second = await runChild(dir, "const s: string = 1;");
    assert.equal(second.state, "hit");
    assert.equal(second.ename, "TypeScriptError");
    assert.match(second.evalue!, /Type 'number' is not assignable to type 'string'/);
  });

  it("a corrupt cache is rejected, the cell still runs, and the cache is rewritten", async () => {
    const first = await runChild(dir);
    const size = fs.statSync(first.file).size;
    const junk = Buffer.alloc(size, 0x5a);
    fs.writeFileSync(first.file, junk);
    const corrupt = await runChild(dir);
    assert.equal(corrupt.state, "rejected");
    assert.deepEqual([corrupt.status, corrupt.value], ["ok", "2"]);
    assert.notDeepEqual(fs.readFileSync(first.file).subarray(0, 64), junk.subarray(0, 64), "rewritten");
    assert.equal((await runChild(dir)).state, "hit");
  });

  it("writing replaces stale caches of the same install and flags, and keeps other installs' and flags' caches", async () => {
    const first = await runChild(dir);
    const [where, flags] = path.basename(first.file, ".cache").split("-").slice(-2);
    // another TypeScript mtime of this install, and a name from before the install and flags joined the key
    const stale = [`typescript-1-2-v8-11.3-${where}-${flags}.cache`, "typescript-9-9-v8-11.3.244.8-node.38.cache"];
    const kept = [`typescript-1-2-v8-11.3-${where}-f00000000.cache`, `typescript-1-2-v8-11.3-p00000000-${flags}.cache`];
    for (const f of [...stale, ...kept]) fs.writeFileSync(path.join(dir, f), "x");
    fs.unlinkSync(first.file);
    await runChild(dir);
    assert.deepEqual(fs.readdirSync(dir).sort(), [path.basename(first.file), ...kept].sort());
  });

  it("an unwritable cache directory only costs speed", async () => {
    const blocker = path.join(dir, "not-a-dir");
    fs.writeFileSync(blocker, "");
    const r = await runChild(path.join(blocker, "cache"));
    assert.equal(r.state, "miss");
    assert.equal(r.value, "2");
  });

  it("the real kernel starts and answers over a corrupt cache", async () => {
    const first = await runChild(dir);
    // The kernel runs with other Node flags than the child, so its cache is another file: corrupt every one.
    const k0 = await startKernelProcess("real", [], { TYPELEARN_CACHE_DIR: dir });
    try { assert.equal((await k0.client.execute("1 + 1", {}, 120000)).reply.content.status, "ok"); } finally { k0.kill(); }
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cache"));
    assert.ok(files.length >= 1 && files.includes(path.basename(first.file)));
    for (const f of files) fs.writeFileSync(path.join(dir, f), Buffer.alloc(5000, 1));
    const k = await startKernelProcess("real", [], { TYPELEARN_CACHE_DIR: dir });
    try {
      const { reply, iopub } = await k.client.execute("1 + 1", {}, 120000);
      assert.equal(reply.content.status, "ok");
      const result = iopub.find((m) => m.header.msg_type === "execute_result");
      assert.equal((result?.content.data as Record<string, string>)["text/plain"], "2");
      const bad = await k.client.execute("const t: string = 2;", {}, 120000);
      assert.equal(bad.reply.content.status, "error");
      assert.equal(bad.reply.content.ename, "TypeScriptError");
    } finally { k.kill(); }
  });
});
