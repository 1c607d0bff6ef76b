/**
 * dfd's heavy dependencies are deferred until danfo first calls them (issue 17: touching dfd cost ~3 s): loading
 * dfd and building and printing a DataFrame must not load mathjs, xlsx, request or tfjs-node, and every danfo
 * feature that needs them must still work — statistics (mathjs), tensors (tfjs-node) — with the same answers.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..", "..");

function child(source: string): Record<string, unknown> {
  const r = spawnSync(process.execPath, ["-e", source], { cwd: root, encoding: "utf8", timeout: 120000 });
  const line = r.stderr.split("\n").reverse().find((l) => l.startsWith("{"));
  if (r.status !== 0 || !line) throw new Error(`child failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(line);
}

describe("frame: dfd defers mathjs, xlsx, request and tfjs-node", function () {
  this.timeout(120000);

  it("building and printing a DataFrame loads none of them; statistics and tensors load what they need", () => {
    const out = child(`
      const heavy = () => ["mathjs", "xlsx", "request", "@tensorflow/tfjs-node"].filter((m) =>
        Object.keys(require.cache).some((k) => k.includes("node_modules/" + m + "/")));
      const Module = require("module");
      const load = Module._load;
      const lib = require(${JSON.stringify(path.join(root, "dist", "lib", "index.js"))});
      const dfd = lib.dfd;
      const restored = Module._load === load;
      const df = new dfd.DataFrame({ a: [1, 2, 3, 10], b: [4, 5, 6, 7] });
      const text = df.toString();
      const s = new dfd.Series([3, 1, 2]);
      const afterBuild = heavy();
      const median = df.median({ axis: 0 }).values, std = df.std({ axis: 0 }).values, mean = s.mean();
      const afterStats = heavy();
      const t = df.tensor;
      const isTensor = t instanceof dfd.tensorflow.Tensor, fromTensor = new dfd.DataFrame(t).shape;
      const shape = t.shape, sum = t.sum().dataSync()[0];
      process.stderr.write(JSON.stringify({ restored, text: text.includes("10"), afterBuild, median, std, mean, afterStats,
        isTensor, fromTensor, shape, sum, end: heavy() }) + "\\n");`);
    assert.equal(out.restored, true);
    assert.equal(out.text, true);
    assert.deepEqual(out.afterBuild, []);
    assert.deepEqual(out.median, [2.5, 5.5]);
    // sample standard deviations (n - 1), as pandas and mathjs
    assert.ok(Math.abs((out.std as number[])[0] - Math.sqrt(((1 - 4) ** 2 + (2 - 4) ** 2 + (3 - 4) ** 2 + (10 - 4) ** 2) / 3)) < 1e-12);
    assert.equal(out.mean, 2);
    assert.deepEqual(out.afterStats, ["mathjs"]);
    assert.equal(out.isTensor, true);
    assert.deepEqual(out.fromTensor, [4, 2]);
    assert.deepEqual(out.shape, [4, 2]);
    assert.equal(out.sum, 38);
    assert.deepEqual(out.end, ["mathjs", "@tensorflow/tfjs-node"]);
  });
});
