import { strict as assert } from "assert";
import {
  loadBreastCancer, loadDiabetes, loadDigits, loadIris, loadLinnerud, loadWine, OptionError, RandomForestClassifier,
} from "../../lib";
import type { Dataset, FrameDataset } from "../../lib";

type Loader = { name: string; plain: () => Dataset; framed: () => FrameDataset; targets?: string[] };

// scikit-learn's as_frame: data = features (columns = feature_names), target = Series "target" (a frame of the
// target names when there are several), frame = both side by side. The values are the NDArray loader's, which
// test/datasets checks against scikit-learn's own loaders (pandas, needed for sklearn's as_frame, is not installed).
const loaders: Loader[] = [
  { name: "iris", plain: () => loadIris(), framed: () => loadIris({ asFrame: true }) },
  { name: "breast cancer", plain: () => loadBreastCancer(), framed: () => loadBreastCancer({ asFrame: true }) },
  { name: "wine", plain: () => loadWine(), framed: () => loadWine({ asFrame: true }) },
  { name: "diabetes", plain: () => loadDiabetes(), framed: () => loadDiabetes({ asFrame: true }) },
  { name: "digits", plain: () => loadDigits({ nClass: 3 }), framed: () => loadDigits({ nClass: 3, asFrame: true }) },
  { name: "linnerud", plain: () => loadLinnerud(), framed: () => loadLinnerud({ asFrame: true }), targets: ["Weight", "Waist", "Pulse"] },
];

describe("frame: loaders with { asFrame: true }", function () {
  this.timeout(60000);

  for (const l of loaders) {
    it(`${l.name}: data, target and frame as polars frames with scikit-learn's column names and the same values`, () => {
      const p = l.plain();
      const f = l.framed();
      const [n, m] = p.data.shape;
      assert.deepEqual(f.data.columns, p.featureNames);
      assert.equal(f.data.height, n);
      const targetCols = l.targets ?? ["target"];
      assert.deepEqual(f.frame.columns, [...p.featureNames, ...targetCols]);
      assert.equal(f.frame.height, n);
      for (let j = 0; j < m; j++) {
        const col = Array.from(f.data.getColumn(p.featureNames[j]).toArray() as ArrayLike<number>);
        for (let i = 0; i < n; i++) assert.equal(col[i], p.data.data[i * m + j]);
      }
      if (l.targets) {
        const t = f.target as import("nodejs-polars").DataFrame;
        assert.deepEqual(t.columns, l.targets);
        assert.deepEqual(Array.from(t.getColumn("Pulse").toArray() as ArrayLike<number>), Array.from({ length: n }, (_, i) => p.target.data[i * 3 + 2]));
      } else {
        const t = f.target as import("nodejs-polars").Series;
        assert.equal(t.name, "target");
        assert.deepEqual(Array.from(t.toArray() as ArrayLike<number>), Array.from(p.target.data));
        assert.match(String(t.dtype), p.target.dtype === "int32" ? /Int32/ : /Float64/);
      }
      assert.deepEqual(f.targetNames, p.targetNames);
    });
  }

  it("digits keeps its images; a frame trains an estimator like the arrays do", () => {
    const d = loadDigits({ asFrame: true });
    assert.deepEqual(d.images?.shape, [1797, 8, 8]);
    const { data, target } = loadBreastCancer({ asFrame: true });
    const plain = loadBreastCancer();
    const a = new RandomForestClassifier({ nEstimators: 5, randomState: 0 }).fit(data, target as import("nodejs-polars").Series);
    const b = new RandomForestClassifier({ nEstimators: 5, randomState: 0 }).fit(plain.data, plain.target);
    assert.deepEqual(Array.from(a.predictProba(plain.data).data), Array.from(b.predictProba(plain.data).data));
  });

  it("rejects a non-boolean asFrame", () => {
    assert.throws(() => loadIris({ asFrame: "yes" as unknown as boolean }), OptionError);
  });
});
