import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const bin = path.resolve(__dirname, "..", "..", "..", "bin", "typelearn.js");

function notebook(sources: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-runner-"));
  const file = path.join(dir, "t.ipynb");
  fs.writeFileSync(file, JSON.stringify({
    nbformat: 4, nbformat_minor: 4, metadata: {},
    cells: sources.map((s) => s.startsWith("#md ")
      ? { cell_type: "markdown", metadata: {}, source: s.slice(4) }
      : { cell_type: "code", metadata: {}, source: s, outputs: [], execution_count: null }),
  }));
  return file;
}

function run(file: string, ...extra: string[]) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "tl-runner-out-"));
  const r = spawnSync(process.execPath, [bin, "run", file, "--out", out, ...extra], { encoding: "utf8", timeout: 120000 });
  const written = path.join(out, path.basename(file));
  const nb = fs.existsSync(written) ? JSON.parse(fs.readFileSync(written, "utf8")) : undefined;
  return { r, nb };
}

describe("typelearn run", function () {
  this.timeout(120000);

  it("stores outputs as a front end would: merged streams, results, updated displays, cleared output", () => {
    const file = notebook([
      "#md # title",
      "console.log('a'); console.log('b'); process.stderr.write('e\\n'); 1 + 1",
      "display('first', { displayId: 'p' }); console.log('between');",
      "updateDisplay('final', 'p'); clearOutput(true); console.log('after clear')",
    ]);
    const { r, nb } = run(file);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(nb.nbformat_minor, 5);
    assert.ok(nb.cells.every((c: { id?: string }) => typeof c.id === "string"));
    assert.equal(nb.metadata.kernelspec.name, "typelearn");
    const [, c1, c2, c3] = nb.cells;
    assert.deepEqual(c1.outputs, [
      { output_type: "stream", name: "stdout", text: "a\nb\n" },
      { output_type: "stream", name: "stderr", text: "e\n" },
      { output_type: "execute_result", data: { "text/plain": "2" }, metadata: {}, execution_count: 1 },
    ]);
    assert.equal(c1.execution_count, 1);
    assert.equal(c2.outputs[0].output_type, "display_data");
    assert.equal(c2.outputs[0].data["text/plain"], "'final'", "the update in cell 3 replaced the display of cell 2");
    assert.deepEqual(c3.outputs, [{ output_type: "stream", name: "stdout", text: "after clear\n" }]);
  });

  it("exits non-zero naming the failing cell and its error, and stops there", () => {
    const file = notebook(["const a = 1;", "throw new TypeError('bad thing')", "console.log('never')"]);
    const { r, nb } = run(file);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /FAIL .*t\.ipynb: cell 2 \(id [0-9a-f]+\): TypeError: bad thing/);
    assert.match(r.stdout, /0 notebooks passed, 1 failed/);
    assert.equal(nb.cells[1].outputs[0].output_type, "error");
    assert.equal(nb.cells[1].outputs[0].ename, "TypeError");
    assert.deepEqual(nb.cells[2].outputs, []);
  });

  it("reports type errors with the cell's line numbers", () => {
    const file = notebook(["const n: number = 1;\nconst s: string = n;"]);
    const { r } = run(file);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /cell 1 .*TypeScriptError: 2:7 - Type 'number' is not assignable to type 'string'/);
  });

  it("--allow-errors runs every cell and exits 0", () => {
    const file = notebook(["throw new Error('x')", "console.log('still ran')"]);
    const { r, nb } = run(file, "--allow-errors");
    assert.equal(r.status, 0);
    assert.equal(nb.cells[1].outputs[0].text, "still ran\n");
  });

  it("rejects a missing file and a bad option", () => {
    const a = spawnSync(process.execPath, [bin, "run", "/nonexistent.ipynb"], { encoding: "utf8" });
    assert.notEqual(a.status, 0);
    assert.match(a.stderr, /no such notebook/);
    const b = spawnSync(process.execPath, [bin, "run", "--bogus"], { encoding: "utf8" });
    assert.notEqual(b.status, 0);
    assert.match(b.stderr, /unknown option --bogus/);
  });

  it("names a flag missing its value, a bad --type-errors, and prints the usage for --help", () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [bin, "run", ...args], { encoding: "utf8" });
    const missing = cli("t.ipynb", "--out");
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing a value for --out\nusage: typelearn run/);
    const bad = cli("t.ipynb", "--type-errors=loud");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--type-errors must be block, warn or off; received "loud"/);
    const help = cli("-h");
    assert.equal(help.status, 2);
    assert.match(help.stdout, /^usage: typelearn run NOTEBOOK\.ipynb\.\.\. \[--out DIR\] \[--timeout SECONDS\] \[--allow-errors\]/);
  });
});
