import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..", "..");
const loaded = `() => [...new Set(Object.keys(require.cache).filter((k) => /node_modules[\\\\/](nodejs-polars|danfojs-node)[\\\\/]/.test(k))
  .map((k) => k.match(/(nodejs-polars|danfojs-node)/)[1]))].sort()`;

/** Run a script in a fresh Node process and return the JSON it writes to stderr (stdout may be captured). */
function child(source: string, cwd = root): Record<string, unknown> {
  const r = spawnSync(process.execPath, ["-e", source], { cwd, encoding: "utf8", timeout: 120000 });
  const line = r.stderr.split("\n").reverse().find((l) => l.startsWith("{"));
  if (r.status !== 0 || !line) throw new Error(`child failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(line);
}

describe("frame: lazy pl and dfd", function () {
  this.timeout(120000);

  it("importing typelearn loads neither nodejs-polars nor danfojs-node; touching pl / dfd loads each", () => {
    const out = child(`
      const loaded = ${loaded};
      const lib = require(${JSON.stringify(path.join(root, "dist", "lib", "index.js"))});
      const atImport = loaded();
      const listed = Object.keys(lib).includes("pl") && Object.keys(lib).includes("dfd");
      const height = lib.pl.DataFrame({ a: [1, 2, 3] }).height;
      const afterPl = loaded();
      const shape = new lib.dfd.DataFrame({ a: [1, 2] }).shape;
      process.stderr.write(JSON.stringify({ atImport, listed, height, afterPl, shape, afterDfd: loaded() }) + "\\n");`);
    assert.deepEqual(out.atImport, []);
    assert.equal(out.listed, true);
    assert.equal(out.height, 3);
    assert.deepEqual(out.afterPl, ["nodejs-polars"]);
    assert.deepEqual(out.shape, [2, 1]);
    assert.deepEqual(out.afterDfd, ["danfojs-node", "nodejs-polars"]);
  });

  it("the kernel prelude keeps them lazy, and a cell can bind a polars frame from any folder", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "tl-lazy-"));
    const out = child(`
      const loaded = ${loaded};
      const { createInterpreter } = require(${JSON.stringify(path.join(root, "dist", "kernel", "interpreter", "index.js"))});
      const sink = { stream() {}, display() {}, clearOutput() {} };
      const interp = createInterpreter({ cwd: process.cwd() });
      const afterPrelude = loaded();
      (async () => {
        const a = await interp.execute("const df = pl.DataFrame({ a: [1, 2, 3] });\\ndf.height", sink);
        const b = await interp.execute("df.columns.length + 1", sink);
        // The carried declaration keeps let-ness and the cell's own types (it is written by the checker, not the emitter).
        const c = await interp.execute("let f = pl.DataFrame({ a: [1, 2] });\\ninterface Row { a: number }\\nf.height", sink);
        const d = await interp.execute("f = f.head(1); const r: Row = { a: f.height }; r.a", sink);
        interp.close();
        process.stderr.write(JSON.stringify({ afterPrelude, a, b, c, d, end: loaded() }) + "\\n");
      })();`, cwd);
    assert.deepEqual(out.afterPrelude, []);
    assert.deepEqual((out.a as { result: { data: Record<string, string> } }).result.data["text/plain"], "3", JSON.stringify(out.a));
    assert.equal((out.b as { result: { data: Record<string, string> } }).result.data["text/plain"], "2");
    assert.equal((out.c as { result: { data: Record<string, string> } }).result.data["text/plain"], "2", JSON.stringify(out.c));
    assert.equal((out.d as { result: { data: Record<string, string> } }).result.data["text/plain"], "1", JSON.stringify(out.d));
    assert.deepEqual(out.end, ["nodejs-polars"]);
  });
});
