/**
 * load(file) reads each array straight from the file into its own memory (lib/persist/direct_read.ts) instead of
 * reading the whole file and copying the arrays out, as loadBytes does. The two paths must be indistinguishable:
 * the same model, bit for bit, from every intact file, and for every damaged or forged file the same outcome —
 * the same PersistError (kind, path, message), or the same model. These tests lower the 1 MiB threshold so that
 * every file takes the direct path, and check that it did.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { UnsupportedMethodError } from "../../lib/base/loaded";
import { BaseEstimator } from "../../lib/base/estimator";
import { RandomForestClassifier, HistGradientBoostingClassifier } from "../../lib/ensemble";
import { LogisticRegression } from "../../lib/linear";
import { makePipeline } from "../../lib/pipeline";
import { StandardScaler } from "../../lib/preprocessing/standard_scaler";
import { DecisionTreeRegressor } from "../../lib/tree";
import { KMeans } from "../../lib/cluster";
import { PCA } from "../../lib/decomposition";
import { DIRECT_MIN_BYTES, setDirectMinBytes } from "../../lib/persist/direct_read";
import { directLoadCount, dump, dumpBytes, load, loadBytes, PersistError } from "../../lib/persist";
import { caseData, contractCases, OUTPUT_METHODS, outputBytes } from "./helpers";
import { MUTATIONS, Rng, mutate, pack, split } from "./mutate";

type Model = BaseEstimator & Record<string, (x: unknown) => unknown>;

/** Every typed array reachable from a loaded model's own fields (NDArray data included). */
function arraysOf(v: unknown, out: ArrayBufferView[] = [], seen = new Set<unknown>()): ArrayBufferView[] {
  if (v === null || typeof v !== "object" || seen.has(v)) return out;
  seen.add(v);
  if (ArrayBuffer.isView(v)) {
    out.push(v);
    return out;
  }
  if (v instanceof NDArray) return arraysOf(v.data, out, seen);
  for (const x of Array.isArray(v) ? v : Object.values(v)) arraysOf(x, out, seen);
  return out;
}

/** What loading gives: the error (kind, path, message) or the model's outputs on X. */
function outcome(loadIt: () => unknown, X: number[][]): string {
  let m: Model;
  try {
    m = loadIt() as Model;
  } catch (e) {
    assert.ok(e instanceof PersistError, `expected a PersistError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    return `error ${e.kind} | ${e.path} | ${e.message}`;
  }
  const outs: string[] = [];
  for (const method of OUTPUT_METHODS) {
    if (typeof m[method] !== "function") continue;
    try {
      outs.push(`${method}:${outputBytes(m[method](X)).toString("base64")}`);
    } catch (e) {
      if (e instanceof UnsupportedMethodError) continue; // a loaded model's stand-in for a method its class lacks
      outs.push(`${method} threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    }
  }
  return `model ${m.constructor.name} ${outs.join(" ")}`;
}

describe("persist: load reads arrays straight from the file, indistinguishably from loadBytes", function () {
  this.timeout(300000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "typelearn-direct-"));
  const file = path.join(dir, "m.tl");
  const write = (bytes: Uint8Array): string => {
    fs.writeFileSync(file, bytes);
    return file;
  };
  before(() => setDirectMinBytes(0));
  after(() => {
    setDirectMinBytes(DIRECT_MIN_BYTES);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const c of contractCases()) {
    it(`${c.name}: the same outputs bit for bit, every array in memory of its own`, () => {
      const { X, y } = caseData(c);
      const est = c.make().fit(X, y) as Model;
      dump(est, file);
      const before = directLoadCount();
      const back = load(file) as Model;
      assert.equal(directLoadCount(), before + 1, "the file took the direct path");
      assert.equal(outcome(() => back, X), outcome(() => loadBytes(fs.readFileSync(file)), X));
      assert.equal(outcome(() => back, X), outcome(() => est, X));
      const buffers = new Set<ArrayBufferLike>();
      for (const a of arraysOf(back)) {
        if (a.byteLength === 0) continue;
        assert.equal(a.byteOffset, 0, "an array starts its own buffer");
        assert.equal(a.buffer.byteLength, a.byteLength, "an array fills its own buffer");
        assert.ok(!buffers.has(a.buffer), "no two arrays share memory");
        buffers.add(a.buffer);
      }
    });
  }

  it("a forest of large and small arrays (over 4 KiB, and over the 256 KiB window in all) loads as it was saved", () => {
    const rng = new Rng(7);
    const X = Array.from({ length: 12000 }, () => Array.from({ length: 6 }, () => rng.next() * 2 - 1));
    const y = X.map((r) => (r[0] + r[1] * r[2] + 0.3 * rng.next() > 0.2 ? 1 : 0));
    const rf = new RandomForestClassifier({ nEstimators: 25, randomState: 0 }).fit(X, y) as unknown as Model;
    const bytes = dumpBytes(rf);
    assert.ok(bytes.length > 1024 * 1024, `a file of ${bytes.length} bytes`);
    const sizes = arraysOf(rf).map((a) => a.byteLength);
    assert.ok(sizes.some((n) => n >= 4096) && sizes.some((n) => n > 0 && n < 4096), "both kinds of array");
    const before = directLoadCount();
    setDirectMinBytes(DIRECT_MIN_BYTES); // the real threshold: this file is over it
    try {
      assert.equal(outcome(() => load(write(bytes)), X), outcome(() => rf, X));
    } finally {
      setDirectMinBytes(0);
    }
    assert.equal(directLoadCount(), before + 1);
    // damage in an array's bytes and in the padding between two arrays is caught by the checksum
    const { manifest } = split(bytes);
    const start = bytes.length - 4 - (manifest as { dataBytes: number }).dataBytes;
    const refs: [number, number][] = [];
    JSON.stringify((manifest as { model: unknown }).model, (k, v) => {
      if (k === "$typed" || k === "$ndarray") refs.push([v.offset, v.byteLength]);
      return v;
    });
    refs.sort((a, b) => a[0] - b[0]);
    const gap = refs.findIndex(([o, n], i) => i + 1 < refs.length && o + n < refs[i + 1][0]);
    assert.ok(gap >= 0, "some padding between arrays");
    for (const at of [start + 100_000, start + refs[gap][0] + refs[gap][1]]) {
      const bad = Buffer.from(bytes);
      bad[at] ^= 0x10;
      assert.match(outcome(() => load(write(bad)), X), /^error checksum \| trailer/);
    }
  });

  it("10,000 damaged files: load(file) and loadBytes(bytes) give the same error or the same model", () => {
    const { X, y } = caseData({ kind: "classifier" });
    const yReg = X.map((r) => r[0] - 2 * r[1]);
    const models: [Model, number[][]][] = [
      [makePipeline(new StandardScaler(), new RandomForestClassifier({ nEstimators: 3, maxDepth: 3, randomState: 0 })).fit(X, y!) as unknown as Model, X],
      [makePipeline(new StandardScaler(), new LogisticRegression()).fit(X, y!) as unknown as Model, X],
      [new HistGradientBoostingClassifier({ maxIter: 3, randomState: 0 }).fit(X, y!) as unknown as Model, X],
      [new DecisionTreeRegressor({ maxDepth: 4, randomState: 0 }).fit(X, yReg) as unknown as Model, X],
      [new KMeans({ nClusters: 2, nInit: 1, randomState: 0 }).fit(X) as unknown as Model, X],
      [new PCA({ nComponents: 2 }).fit(X) as unknown as Model, X],
    ];
    const originals = models.map(([m]) => dumpBytes(m));
    const rng = new Rng(20261206);
    const direct0 = directLoadCount();
    let errors = 0;
    for (let i = 0; i < 10_000; i++) {
      const which = i % models.length;
      const kind = MUTATIONS[Math.floor(i / models.length) % MUTATIONS.length];
      const bad = mutate(originals[which], kind, rng);
      const viaFile = outcome(() => load(write(bad)), models[which][1]);
      const viaBytes = outcome(() => loadBytes(bad), models[which][1]);
      assert.equal(viaFile, viaBytes, `case ${i} (${kind})`);
      if (viaFile.startsWith("error")) errors++;
    }
    // the corpus reaches both paths and both outcomes
    assert.ok(directLoadCount() - direct0 > 3000, `${directLoadCount() - direct0} loads took the direct path`);
    assert.ok(errors > 5000 && errors < 10_000, `${errors} errors`);
  });

  it("forged references: shared, overlapping, misaligned, out of bounds, spaced far apart, format 1", () => {
    const { X, y } = caseData({ kind: "classifier" });
    const tree = new RandomForestClassifier({ nEstimators: 2, maxDepth: 3, randomState: 0 }).fit(X, y!) as unknown as Model;
    const original = dumpBytes(tree);
    const same = (bytes: Buffer): string => {
      const a = outcome(() => load(write(bytes)), X);
      assert.equal(a, outcome(() => loadBytes(bytes), X));
      return a;
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const edit = (f: (t: any, m: any) => void, data?: (d: Uint8Array) => Uint8Array, version = 2): Buffer => {
      const { manifest, data: d } = split(original);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const t = (manifest as any).model.state.estimators_[0].$estimator.state.tree_;
      f(t, manifest);
      return pack(JSON.stringify(manifest), data ? data(d) : d, undefined, version);
    };

    // two fields naming the same bytes: both load, and do not share memory
    const shared = edit((t) => { t.impurity = JSON.parse(JSON.stringify(t.threshold)); });
    assert.match(same(shared), /^model/);
    const back = load(write(shared)) as unknown as RandomForestClassifier;
    const t0 = back.estimators_[0].tree_;
    assert.deepEqual(Array.from(t0.impurity), Array.from(t0.threshold));
    assert.notEqual(t0.impurity.buffer, t0.threshold.buffer);
    t0.impurity[0] = 12345;
    assert.notEqual(t0.threshold[0], 12345);

    // overlapping, misaligned, out of bounds, not an integer: whatever loadBytes says
    const direct = directLoadCount();
    assert.match(same(edit((t) => { t.impurity.$typed.offset = t.threshold.$typed.offset + 8; })), /^model/);
    assert.equal(directLoadCount(), direct, "overlapping references are read whole");
    assert.match(same(edit((t) => { t.impurity.$typed.offset += 4; })), /^error array/);
    assert.match(same(edit((t) => { t.impurity.$typed.offset = 1e9; })), /^error array/);
    assert.match(same(edit((t) => { t.impurity.$typed.offset = 8.5; })), /^error array/);
    assert.match(same(edit((t) => { t.impurity.$typed.byteLength = -8; })), /^error array/);
    assert.match(same(edit((t) => { t.impurity.$typed = [1]; })), /^error/);

    // arrays spread far apart (gaps larger than the read window), with zeros or with bytes between them
    const spread = (fill: number) => edit((t, m) => {
      const shift = 600 * 1024;
      const move = (v: unknown): void => {
        if (v === null || typeof v !== "object") return;
        for (const [k, x] of Object.entries(v)) {
          if ((k === "$typed" || k === "$ndarray") && x && typeof x === "object") (x as { offset: number }).offset += shift;
          else move(x);
        }
      };
      move(m.model);
      m.dataBytes += shift;
    }, (d) => {
      const out = new Uint8Array(d.length + 600 * 1024).fill(fill);
      out.set(d, 600 * 1024);
      return out;
    });
    assert.equal(same(spread(0)), outcome(() => tree, X));
    assert.equal(same(spread(7)), outcome(() => tree, X));

    // format 1 (SHA-256 trailer) takes the same path
    const v1 = edit((_t, m) => { m.formatVersion = 1; }, undefined, 1);
    const before = directLoadCount();
    assert.equal(same(v1), outcome(() => tree, X));
    assert.equal(directLoadCount(), before + 1);
    const v1bad = Buffer.from(v1);
    v1bad[v1bad.length - 40] ^= 1;
    assert.match(same(v1bad), /^error checksum \| trailer \|.*SHA-256 checksum does not match/);

    // a manifest whose padding is not zero is refused in the same words
    let text = JSON.stringify(split(original).manifest);
    while (Buffer.byteLength(text) % 8 === 0) text += " ";
    const at = 24 + Buffer.byteLength(text);
    assert.match(same(pack(text, split(original).data, (b) => { b[at] = 1; return b; })), /^error manifest \| manifest padding/);
    // nor is a manifest that is not UTF-8
    const latin = pack(text.replace('"typelearn-model"', '"typelearn-model\u00e9"'), split(original).data);
    const mStart = 24, mEnd = 24 + latin.readUInt32LE(12);
    const i = latin.subarray(mStart, mEnd).indexOf(0xc3);
    assert.ok(i > 0);
    latin[mStart + i] = 0xff;
    assert.match(same(latin), /^error checksum/);
  });
});
