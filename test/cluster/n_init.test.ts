/** KMeans nInit "auto" = scikit-learn 1.2's: 1 run with k-means++, 10 with random init (test/fixtures/cluster_n_init_auto.py). */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { KMeans } from "../../lib/cluster";
import { resolveNInit } from "../../lib/cluster/n_init";
import { OptionError } from "../../lib/errors";

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../test/fixtures/cluster_n_init_auto.json"), "utf8")) as {
  X: number[][]; fits: { init: "k-means++" | "random"; seed: number; n_init_used: number; inertia: number; labels: number[] }[];
};

describe("KMeans nInit: \"auto\" (scikit-learn 1.2)", () => {
  for (const f of fx.fits) {
    it(`init ${f.init}, seed ${f.seed}: ${f.n_init_used} run(s), scikit-learn's inertia and labels`, () => {
      assert.strictEqual(resolveNInit("auto", f.init), f.n_init_used);
      const km = new KMeans({ nClusters: 8, init: f.init, nInit: "auto", randomState: f.seed }).fit(fx.X);
      assert.ok(Math.abs(km.inertia_ - f.inertia) <= 1e-10 * f.inertia, `${km.inertia_} vs ${f.inertia}`);
      assert.deepStrictEqual(Array.from(km.labels_.data), f.labels);
      const explicit = new KMeans({ nClusters: 8, init: f.init, nInit: f.n_init_used, randomState: f.seed }).fit(fx.X);
      assert.strictEqual(explicit.inertia_, km.inertia_);
    });
  }

  it("refuses other strings and non-positive counts, naming \"auto\"", () => {
    assert.throws(() => new KMeans({ nInit: "many" as never }).fit(fx.X), (e: unknown) => e instanceof OptionError && /"auto"/.test(e.message));
    assert.throws(() => new KMeans({ nInit: 0 }).fit(fx.X), OptionError);
  });
});
