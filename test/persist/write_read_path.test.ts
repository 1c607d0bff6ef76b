/**
 * The fast paths of dump and load (issue 17): dump assembles the file in a buffer reused across calls, and load
 * reads into the same buffer. Neither may change a byte, leave a stale byte of an earlier file in a new one, or let
 * one model share memory with the next file read; `{ fsync: false }` changes only whether the file is flushed.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { DecisionTreeClassifier } from "../../lib/tree";
import { RandomForestClassifier } from "../../lib/ensemble";
import { LinearRegression } from "../../lib/linear";
import { dump, dumpBytes, load, loadBytes, PersistError, readManifest } from "../../lib/persist";
import { OptionError } from "../../lib/errors";

function data(n: number, seed: number): { X: number[][]; y: number[] } {
  let s = seed;
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const X = Array.from({ length: n }, () => [r(), r(), r()]);
  return { X, y: X.map((x) => (x[0] + x[1] * x[2] > 0.6 ? 1 : 0)) };
}

describe("persist: reused file buffer for dump and load (issue 17)", function () {
  this.timeout(20000);
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-paths-")); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("dump writes exactly dumpBytes' bytes, padding between odd-length arrays included", () => {
    const { X, y } = data(301, 7);
    const f = path.join(dir, "forest.tl");
    const forest = new RandomForestClassifier({ nEstimators: 7, randomState: 3 }).fit(X, y);
    // odd node counts make Int32 arrays end 4 bytes short of an 8-byte boundary: the gap must be written as zeros
    assert.ok(forest.estimators_!.some((t) => t.tree_!.nodeCount % 2 === 1), "test data should give an odd node count");
    const n = dump(forest, f);
    const bytes = dumpBytes(forest);
    assert.equal(n, bytes.length);
    assert.ok(fs.readFileSync(f).equals(bytes));
  });

  it("a small model dumped after a large one has none of the large one's bytes, with or without fsync", () => {
    const big = data(400, 5), f = path.join(dir, "seq.tl");
    const forest = new RandomForestClassifier({ nEstimators: 9, randomState: 1 }).fit(big.X, big.y);
    const small = new DecisionTreeClassifier({ randomState: 0 }).fit(data(31, 9).X, data(31, 9).y);
    for (const fsync of [true, false]) {
      assert.equal(dump(forest, f, { fsync }), dumpBytes(forest).length);
      assert.ok(fs.readFileSync(f).equals(dumpBytes(forest)));
      load(f); // the shared buffer now holds the forest's file
      const n = dump(small, f, { fsync });
      assert.ok(fs.readFileSync(f).equals(dumpBytes(small)), `fsync ${fsync}`);
      assert.equal(n, fs.statSync(f).size);
      assert.deepEqual(Array.from((load<DecisionTreeClassifier>(f).predictProba(big.X) as NDArray).data),
        Array.from((small.predictProba(big.X) as NDArray).data));
    }
    // the temporary file never stays behind
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.startsWith(".tmp-")), []);
  });

  it("dump's options are checked before anything is written", () => {
    const f = path.join(dir, "opts.tl");
    const lr = new LinearRegression().fit([[0], [1], [2]], [1, 3, 5]);
    assert.throws(() => dump(lr, f, { fsync: "no" as never }), (e: unknown) => e instanceof OptionError && /fsync: expected true or false/.test(e.message));
    assert.throws(() => dump(lr, f, null as never), OptionError);
    assert.equal(fs.existsSync(f), false);
  });

  it("a model loaded before another file keeps its own arrays", () => {
    const a = data(200, 1), b = data(200, 2);
    const fa = path.join(dir, "a.tl"), fb = path.join(dir, "b.tl");
    const ta = new DecisionTreeClassifier({ randomState: 0 }).fit(a.X, a.y);
    dump(ta, fa);
    dump(new DecisionTreeClassifier({ randomState: 0 }).fit(b.X, b.y), fb);
    const back = load<DecisionTreeClassifier>(fa);
    const before = Array.from((back.predictProba(a.X) as NDArray).data);
    load(fb);
    readManifest(fb);
    assert.deepEqual(Array.from((back.predictProba(a.X) as NDArray).data), before);
    assert.deepEqual(before, Array.from((ta.predictProba(a.X) as NDArray).data));
    assert.deepEqual(Array.from(back.tree_!.threshold), Array.from(ta.tree_!.threshold));
  });

  it("every loaded array owns its memory, also when the file's bytes sit in a SharedArrayBuffer", () => {
    const { X, y } = data(120, 4);
    const forest = new RandomForestClassifier({ nEstimators: 3, randomState: 2 }).fit(X, y);
    const bytes = dumpBytes(forest);
    const shared = new Uint8Array(new SharedArrayBuffer(bytes.length + 8), 8, bytes.length);
    shared.set(bytes);
    for (const input of [bytes, shared]) {
      const back = loadBytes<RandomForestClassifier>(input);
      for (const t of back.estimators_!) {
        for (const a of [t.tree_!.childrenLeft, t.tree_!.threshold, t.tree_!.value]) {
          assert.ok(a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.buffer.byteLength === a.byteLength);
        }
      }
      assert.deepEqual(Array.from((back.predictProba(X) as NDArray).data), Array.from((forest.predictProba(X) as NDArray).data));
    }
  });

  it("after a refused file, the next load still works", () => {
    const f = path.join(dir, "lr.tl"), bad = path.join(dir, "bad.tl");
    const lr = new LinearRegression().fit([[0], [1], [2]], [1, 3, 5]);
    dump(lr, f);
    const bytes = fs.readFileSync(f);
    bytes[bytes.length - 40] ^= 1;
    fs.writeFileSync(bad, bytes);
    assert.throws(() => load(bad), (e: unknown) => e instanceof PersistError && e.kind === "checksum");
    assert.deepEqual(Array.from((load<LinearRegression>(f).predict([[3]]) as NDArray).data), [7]);
    assert.deepEqual(Array.from((loadBytes<LinearRegression>(fs.readFileSync(f)).predict([[3]]) as NDArray).data), [7]);
  });
});
