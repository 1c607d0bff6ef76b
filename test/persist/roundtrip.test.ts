/**
 * dump → load over every estimator of the contract suite: the loaded model is the same class, has the same options
 * and predicts bit for bit what the original predicts (predict, predictProba, decisionFunction, transform: every
 * one it answers; none is skipped because it threw).
 */
import { strict as assert } from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { BaseEstimator, registerEstimator } from "../../lib/base/estimator";
import { dump, dumpBytes, load, loadBytes, readManifest } from "../../lib/persist";
import { LinearRegression } from "../../lib/linear";
import { StandardScaler } from "../../lib/preprocessing/standard_scaler";
import { Pipeline } from "../../lib/pipeline";
import { OptionError } from "../../lib/errors";
import { caseData, contractCases, OUTPUT_METHODS, outputBytes } from "./helpers";

type Model = BaseEstimator & Record<string, (x: unknown) => unknown>;

/** The model a meta-estimator delegates its outputs to (a pipeline's last step, a search's best estimator). */
function inner(est: Model): Model | null {
  if (est instanceof Pipeline) return (est.finalEstimator ?? null) as Model | null;
  if ("bestEstimator_" in est) return est.bestEstimator_ as unknown as Model;
  return null;
}

/** Whether `m` reaches a model that has it (always, for a model that is not a meta-estimator). */
function delegatesTo(est: Model, m: string): boolean {
  const to = inner(est);
  return to === null ? true : typeof to[m] === "function" && delegatesTo(to, m);
}

/** What each kind must answer at least, so a model that lost a method does not pass by comparing fewer. */
const REQUIRED: Record<string, string[]> = {
  regressor: ["predict"], classifier: ["predict", "predictProba"], transformer: ["transform"], clusterer: ["predict"],
};

describe("persist: round trip over the contract estimators", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-persist-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const c of contractCases()) {
    it(`${c.name}: loaded model predicts bit for bit the same`, () => {
      const { X, y } = caseData(c);
      const est = c.make().fit(X, y) as Model;
      const file = path.join(dir, "m.tl");
      const written = dump(est, file);
      assert.equal(written, fs.statSync(file).size);
      const back = load(file) as typeof est;
      assert.equal(back.constructor, est.constructor);
      assert.equal(back.toString(), est.toString());
      // Every output method the model answers is compared; the only ones allowed to refuse are a meta-estimator's
      // delegations its inner model lacks, and the loaded model must then refuse the same way.
      const ran: string[] = [];
      for (const m of OUTPUT_METHODS) {
        if (typeof est[m] !== "function") continue;
        if (!delegatesTo(est, m)) {
          const refusal = (e: unknown) => e instanceof OptionError && e.message.includes(`${m}()`);
          assert.throws(() => est[m](X), refusal, `${m}: the inner model lacks it, so the original refuses`);
          assert.throws(() => back[m](X), refusal, `${m}: the loaded model refuses like the original`);
          continue;
        }
        assert.ok(outputBytes(back[m](X)).equals(outputBytes(est[m](X))), `${m} differs after load`);
        ran.push(m);
      }
      for (const m of REQUIRED[c.kind]) assert.ok(ran.includes(m), `a ${c.kind}'s ${m}() was compared (compared: ${ran.join(", ")})`);
    });
  }

  it("an estimator the format has never heard of round-trips when its state is plain data (no special case)", () => {
    class Affine extends BaseEstimator {
      declare scale: number;
      w_?: NDArray;
      layers_?: { name: string; weights: Float32Array; bias: number[] }[];
      constructor(o: { scale?: number } = {}) { super({ scale: 1 }, o); }
      fit(X: number[][]): this {
        this.validateX(X, { reset: true });
        this.w_ = new NDArray(Float64Array.from(X[0], (v) => v * this.scale), [X[0].length]);
        this.layers_ = [{ name: "dense", weights: Float32Array.of(0.1, -0.2), bias: [NaN, 1] }];
        return this;
      }
      predict(X: number[][]): NDArray {
        this.checkIsFitted("predict");
        return new NDArray(Float64Array.from(X, (r) => r.reduce((s, v, j) => s + v * this.w_!.data[j], this.layers_![0].weights[0])));
      }
    }
    registerEstimator(Affine);
    const est = new Affine({ scale: 3 }).fit([[1, 2], [3, 4]]);
    const back = loadBytes<Affine>(dumpBytes(est));
    assert.ok(back instanceof Affine);
    assert.equal(back.scale, 3);
    assert.ok(outputBytes(back.predict([[5, 6]])).equals(outputBytes(est.predict([[5, 6]]))));
    assert.ok(back.layers_![0].weights instanceof Float32Array);
    assert.ok(Number.isNaN(back.layers_![0].bias[0]));
  });

  it("an unfitted estimator round-trips unfitted", () => {
    const back = loadBytes(dumpBytes(new LinearRegression({ fitIntercept: false })));
    assert.ok(back instanceof LinearRegression);
    assert.equal((back as LinearRegression).fitIntercept, false);
    assert.equal(back.isFitted(), false);
  });

  it("non-finite numbers and -0 in learned state survive", () => {
    const s = new StandardScaler().fit([[1, 2], [3, 2]]);
    s.mean_ = new NDArray(new Float64Array([NaN, -0]), [2]);
    s.nSamplesSeen_ = Infinity as never;
    const back = loadBytes<StandardScaler>(dumpBytes(s));
    assert.ok(Number.isNaN(back.mean_!.data[0]));
    assert.ok(Object.is(back.mean_!.data[1], -0));
    assert.equal(back.nSamplesSeen_, Infinity);
  });

  it("readManifest shows classes and array references, not data", () => {
    const file = path.join(dir, "lr.tl");
    dump(new LinearRegression().fit([[0], [1], [2]], [1, 3, 5]), file);
    const info = readManifest(file);
    assert.equal(info.manifest.format, "typelearn-model");
    const model = info.manifest.model as { className: string; state: { coef_: { $ndarray: { dtype: string; shape: number[] } } } };
    assert.equal(model.className, "LinearRegression");
    assert.deepEqual(model.state.coef_.$ndarray.shape, [1]);
    // the whole file's SHA-256, as sha256sum and the server's /metadata give it (format 2 stores only a CRC-32)
    assert.equal(info.sha256, createHash("sha256").update(fs.readFileSync(file)).digest("hex"));
    assert.equal(info.manifest.formatVersion, 2);
  });
});
