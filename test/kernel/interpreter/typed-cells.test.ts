/**
 * Types that must survive the notebook: a classifier's label kind inferred from fit's y and carried to later
 * cells (issue 14), and polars / danfo frames as types and as data for the estimators (issue 15), run through the
 * kernel's interpreter with its type check on, as a notebook runs them.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createInterpreter } from "../../../kernel/interpreter";
import type { Interpreter, OutputSink } from "../../../kernel/interpreter/types";

const sink: OutputSink = { stream: () => undefined, display: () => undefined, clearOutput: () => undefined };

describe("kernel: typed cells (label kinds across cells, polars and danfo types)", function () {
  this.timeout(120000);
  let interp: Interpreter;
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tl-typedcells-"));
    interp = createInterpreter({ cwd: tmp });
  });
  after(() => { interp.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

  async function run(code: string) {
    const out = await interp.execute(code, sink);
    return {
      status: out.status,
      value: out.status === "ok" ? out.result?.data["text/plain"] : undefined,
      evalue: out.status === "error" ? out.error.evalue : "",
    };
  }

  it("a classifier fit on numbers predicts an NDArray in a later cell; one fit on strings predicts string[]", async () => {
    let r = await run("const data = loadBreastCancer();\nconst forest = new RandomForestClassifier({ nEstimators: 3, randomState: 0 }).fit(data.data, data.target);");
    assert.equal(r.status, "ok", r.evalue);
    r = await run("const yPred: NDArray = forest.predict(data.data);\nyPred.size + (np.allclose(yPred, forest.predict(data.data)) ? 1 : 0)");
    assert.equal(r.status, "ok", r.evalue);
    assert.equal(r.value, "570");
    r = await run("const tree = new DecisionTreeClassifier().fit([[0], [1], [2]], ['low', 'low', 'high']);");
    assert.equal(r.status, "ok", r.evalue);
    r = await run("const words: string[] = tree.predict([[0], [2]]);\nwords.map((w) => w.toUpperCase()).join(' ')");
    assert.equal(r.status, "ok", r.evalue);
    assert.equal(r.value, "'LOW HIGH'");
    r = await run("const wrong: string[] = forest.predict(data.data);");
    assert.equal(r.status, "error");
    assert.match(r.evalue, /Type 'NDArray' is missing the following properties from type 'string\[\]'/);
  });

  it("pl.Series / pl.DataFrame / dfd.Series are types; an asFrame target is a Series with valueCounts; estimators take it", async () => {
    let r = await run("const frame = loadBreastCancer({ asFrame: true });\nconst target: pl.Series = frame.target;\nconst features: pl.DataFrame = frame.data;\ntarget.valueCounts().height");
    assert.equal(r.status, "ok", r.evalue);
    assert.equal(r.value, "2");
    r = await run("const clf = new LogisticRegression({ maxIter: 5000 }).fit(frame.data, frame.target);");
    assert.equal(r.status, "ok", r.evalue);
    r = await run("const labels: NDArray = clf.predict(features);\nMath.round(1000 * accuracyScore(target, labels)) === Math.round(1000 * clf.score(features, target))");
    assert.equal(r.status, "ok", r.evalue);
    assert.equal(r.value, "true");
    r = await run("crossValScore(new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 }), features, target, { cv: 3 }).size");
    assert.equal(r.status, "ok", r.evalue);
    assert.equal(r.value, "3");
    r = await run("const s: dfd.Series = new dfd.Series([0, 1, 0, 1]);\nconst d: dfd.DataFrame = new dfd.DataFrame({ a: [0, 1, 0, 1] });\nnew DecisionTreeClassifier().fit(d, s).score(d, s)");
    assert.equal(r.status, "ok", r.evalue);
    assert.equal(r.value, "1");
  });
});
