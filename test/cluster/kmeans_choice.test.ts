/**
 * Which of several KMeans runs is kept: scikit-learn's rule (strictly lower inertia AND a different partition)
 * against the two rules it is easy to get wrong, `<=` and dropping the same-partition test. The fixture
 * (test/fixtures/cluster_kmeans_choice_make.py) holds cases where each wrong rule keeps another run than
 * scikit-learn, checked by the generator from scikit-learn's own runs.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { KMeans } from "../../lib/cluster";

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../test/fixtures/cluster_kmeans_choice.json"), "utf8"));

describe("KMeans keeps the run scikit-learn 1.2 keeps among nInit runs", () => {
  for (const f of fx.fits) {
    for (const nJobs of [1, 2]) {
      it(`${f.title} (${f.data}, ${JSON.stringify(f.params)}, nJobs ${nJobs}; not what ${f.distinguishes} keeps)`, () => {
        const p = f.params;
        const km = new KMeans({
          nClusters: p.n_clusters, nInit: p.n_init, randomState: p.random_state, nJobs,
          ...(p.init !== undefined ? { init: p.init } : {}), ...(p.max_iter !== undefined ? { maxIter: p.max_iter } : {}),
        }).fit(fx.datasets[f.data]);
        const labels = Array.from(km.labels_.data);
        assert.notDeepEqual(f.labels, f.mutant_labels, "the fixture separates the rules");
        assert.notDeepEqual(labels, f.mutant_labels, `kept run ${f.mutant_run} (what ${f.distinguishes} keeps), not run ${f.kept_run}`);
        assert.deepEqual(labels, f.labels);
        assert.ok(Math.abs(km.inertia_ - f.inertia) <= 1e-10 * f.inertia, `inertia ${km.inertia_} vs ${f.inertia}`);
        assert.equal(km.nIter_, f.n_iter);
        const centers = f.centers.flat() as number[];
        centers.forEach((c, i) => assert.ok(Math.abs(km.clusterCenters_.data[i] - c) <= 1e-10 * Math.max(1, Math.abs(c)),
          `centre value ${i}: ${km.clusterCenters_.data[i]} vs ${c}`));
      });
    }
  }
});
