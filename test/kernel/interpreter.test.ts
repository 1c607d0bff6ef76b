import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createInterpreter } from "../../kernel/interpreter";
import type { Interpreter, OutputSink } from "../../kernel/interpreter/types";
import type { MimeBundle } from "../../lib/display";

/** A sink that records everything a cell emits. */
function recorder() {
  const events: { kind: string; name?: string; text?: string; data?: MimeBundle; id?: string; update?: boolean; wait?: boolean }[] = [];
  const sink: OutputSink = {
    stream: (name, text) => events.push({ kind: "stream", name, text }),
    display: (data, _m, id, update) => events.push({ kind: "display", data, id, update }),
    clearOutput: (wait) => events.push({ kind: "clear", wait }),
  };
  const text = (name = "stdout") => events.filter((e) => e.kind === "stream" && e.name === name).map((e) => e.text).join("");
  return { events, sink, text };
}

describe("kernel/interpreter", function () {
  this.timeout(60000);
  let interp: Interpreter;
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tl-interp-"));
    interp = createInterpreter({ cwd: tmp });
  });
  after(() => interp.close());

  async function run(code: string) {
    const r = recorder();
    const out = await interp.execute(code, r.sink);
    return { out, ...r };
  }

  it("returns the last expression as text/plain and keeps state and types across cells", async () => {
    const a = await run("const x: number = 6;\nx * 7");
    assert.equal(a.out.status, "ok");
    assert.equal(a.out.status === "ok" && a.out.result?.data["text/plain"], "42");
    const b = await run("const s = `${x}`;\ns.length");
    assert.equal(b.out.status === "ok" && b.out.result?.data["text/plain"], "1");
  });

  it("reports type errors as line:col in the cell's own lines, without running the cell", async () => {
    const r = await run("console.log('ran');\nconst ok = 1;\nconst bad: string = x;");
    assert.equal(r.out.status, "error");
    if (r.out.status !== "error") return;
    assert.equal(r.out.error.ename, "TypeScriptError");
    assert.match(r.out.error.evalue, /^3:7 - Type 'number' is not assignable to type 'string'/);
    assert.equal(r.text(), "");
  });

  it("a throwing cell reports name, message and a traceback, and leaves earlier state usable", async () => {
    const r = await run("let counter = 1;\nfunction fail(): never { throw new RangeError('boom'); }\nfail();");
    assert.equal(r.out.status, "error");
    if (r.out.status === "error") {
      assert.equal(r.out.error.ename, "RangeError");
      assert.equal(r.out.error.evalue, "boom");
      assert.equal(r.out.error.traceback[0], "RangeError: boom");
      assert.ok(r.out.error.traceback.some((l) => l.includes("cell[")));
    }
    const again = await run("x + 1");
    assert.equal(again.out.status === "ok" && again.out.result?.data["text/plain"], "7");
  });

  it("captures console.log and process.stdout/stderr writes", async () => {
    const r = await run("console.log('hello', 1); process.stderr.write('warn\\n');");
    assert.equal(r.text("stdout"), "hello 1\n");
    assert.equal(r.text("stderr"), "warn\n");
  });

  it("supports top-level await", async () => {
    const r = await run("const v = await new Promise<number>((res) => setTimeout(() => res(5), 20));\nv * 2");
    assert.equal(r.out.status === "ok" && r.out.result?.data["text/plain"], "10");
  });

  it("display, updateDisplay and clearOutput reach the sink; rich values render their MIME bundle", async () => {
    const r = await run([
      "const rich = { [Symbol.for('Jupyter.display')]() { return { 'text/plain': 'R', 'text/html': '<b>R</b>' }; } };",
      "display(rich, { displayId: 'd1' });",
      "updateDisplay('second', 'd1');",
      "clearOutput(true);",
      "rich",
    ].join("\n"));
    const kinds = r.events.map((e) => e.kind);
    assert.deepEqual(kinds, ["display", "display", "clear"]);
    assert.equal(r.events[0].data?.["text/html"], "<b>R</b>");
    assert.equal(r.events[0].id, "d1");
    assert.equal(r.events[1].update, true);
    assert.equal(r.events[1].data?.["text/plain"], "'second'");
    assert.equal(r.events[2].wait, true);
    assert.equal(r.out.status === "ok" && r.out.result?.data["text/html"], "<b>R</b>");
  });

  it("interrupt() ends a never-resolving await with KeyboardInterrupt and the state survives", async () => {
    setTimeout(() => interp.interrupt(), 100);
    const r = await run("await new Promise(() => {});");
    assert.equal(r.out.status, "error");
    assert.equal(r.out.status === "error" && r.out.error.ename, "KeyboardInterrupt");
    const again = await run("x");
    assert.equal(again.out.status === "ok" && again.out.result?.data["text/plain"], "6");
  });

  it("SIGINT stops a synchronous infinite loop", async () => {
    const noop = () => undefined;
    process.on("SIGINT", noop);
    try {
      // The loop blocks this thread, so the signal must come from another process.
      const killer = spawn("sh", ["-c", `sleep 0.7; kill -INT ${process.pid}`], { stdio: "ignore" });
      const r = await run("while (true) {}");
      killer.kill();
      assert.equal(r.out.status === "error" && r.out.error.ename, "KeyboardInterrupt");
    } finally {
      process.removeListener("SIGINT", noop);
    }
    const again = await run("x");
    assert.equal(again.out.status === "ok" && again.out.result?.data["text/plain"], "6");
  });

  it("completes, inspects and judges completeness", () => {
    const c = interp.complete("Math.ma", 7);
    assert.ok(c.matches.includes("max"));
    assert.equal(c.cursorStart, 5);
    assert.equal(c.cursorEnd, 7);
    const i = interp.inspect("Math.max", 6, 0);
    assert.ok(i.found);
    assert.match(i.data["text/plain"], /Math\.max\(\.\.\.values: number\[\]\): number/);
    assert.equal(interp.isComplete("function f() {").status, "incomplete");
    assert.equal(interp.isComplete("const = ;").status, "invalid");
    assert.equal(interp.isComplete("}").status, "invalid");
    assert.equal(interp.isComplete("const y = 1;").status, "complete");
  });

  it("completion positions count code points, not UTF-16 units", () => {
    const code = "const é𝒳 = 1; Math.ma";
    const c = interp.complete(code, [...code].length);
    assert.equal(c.cursorEnd, [...code].length);
    assert.equal(c.cursorStart, [...code].length - 2);
  });

  it("preloads the library as typed globals, and `import from \"typelearn\"` works outside the repo", async () => {
    assert.notEqual(process.cwd(), tmp);
    const r = await run("const lr: LinearRegression = new LinearRegression();\ntypeof np.zeros");
    assert.equal(r.out.status === "ok" && r.out.result?.data["text/plain"], "'function'");
    const imp = await run("import { LinearRegression as LR2, r2Score as r2 } from \"typelearn\";\nr2([1, 2, 3], [1, 2, 3])");
    assert.equal(imp.out.status === "ok" && imp.out.result?.data["text/plain"], "1");
    const i = interp.inspect("LinearRegression", 3, 0);
    assert.ok(i.found);
    const bad = await run("new LinearRegression().fit(1, 2)");
    assert.equal(bad.out.status, "error");
    assert.equal(bad.out.status === "error" && bad.out.error.ename, "TypeScriptError");
  });

  it("kernelInfo names TypeScript", () => {
    const k = interp.kernelInfo();
    assert.equal(k.language_info.name, "typescript");
    assert.equal(k.language_info.file_extension, ".ts");
    assert.equal(k.protocol_version, "5.3");
  });
});
