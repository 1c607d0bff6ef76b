import { strict as assert } from "assert";
import { classificationReport, DecisionTreeClassifier, GridSearchCV, loadIris, NDArray } from "../../lib";

describe("frame: toFrame of reports and search results", function () {
  this.timeout(60000);

  it("classificationReport(...).toFrame() holds the report's rows, with the dict's numbers", () => {
    const yTrue = [0, 1, 1, 0, 1, 2, 2, 0];
    const yPred = [0, 1, 0, 0, 1, 2, 1, 2];
    const r = classificationReport(yTrue, yPred, { targetNames: ["a", "b", "c"] });
    const df = r.toFrame();
    assert.deepEqual(df.columns, ["class", "precision", "recall", "f1-score", "support"]);
    assert.deepEqual([...df.getColumn("class").toArray()], ["a", "b", "c", "accuracy", "macro avg", "weighted avg"]);
    const records = df.toRecords() as Record<string, unknown>[];
    const rowOf = (name: string) => records.find((x) => x.class === name)!;
    for (const name of ["a", "b", "c", "macro avg", "weighted avg"]) {
      const want = r.dict[name] as unknown as Record<string, number>;
      const got = rowOf(name);
      for (const k of ["precision", "recall", "f1-score", "support"]) assert.equal(got[k], want[k], `${name} ${k}`);
    }
    const acc = rowOf("accuracy");
    assert.equal(acc["f1-score"], r.dict.accuracy);
    assert.equal(acc.precision, null);
    assert.equal(acc.support, yTrue.length);
    assert.match(String(df.getColumn("support").dtype), /Int32/);
  });

  it("GridSearchCV.cvResults_.toFrame() has every column per candidate, None-valued params as nulls", () => {
    const { data, target } = loadIris();
    const search = new GridSearchCV(new DecisionTreeClassifier({ randomState: 0 }),
      { maxDepth: [2, null], criterion: ["gini", "entropy"] }, { cv: 3 }).fit(data, target);
    const cv = search.cvResults_!;
    const df = cv.toFrame();
    assert.deepEqual(df.columns, [...Object.keys(cv.columns), "params"]);
    assert.equal(df.height, cv.length);
    for (const [k, v] of Object.entries(cv.columns)) {
      const want = v instanceof NDArray ? Array.from(v.data) : (v as unknown[]).map((x) => x ?? null);
      assert.deepEqual([...df.getColumn(k).toArray()], want, k);
    }
    assert.deepEqual([...df.getColumn("params").toArray()].map((s) => JSON.parse(String(s))), cv.params);
    assert.deepEqual([...df.getColumn("param_maxDepth").toArray()], [2, null, 2, null]);
  });
});
