/** The estimator repr layout (lib/base/repr.ts): one line when it fits in 80 columns, scikit-learn's wrapping otherwise. */
import * as assert from "assert";
import { callRepr, formatReprValue, paramsText } from "../../lib/base/repr";
import { GridSearchCV } from "../../lib/selection";
import { LogisticRegression } from "../../lib/linear";
import { StandardScaler } from "../../lib/preprocessing";
import { makePipeline } from "../../lib/pipeline";

describe("base/repr: scikit-learn's multi-line estimator repr", () => {
  it("short reprs stay on one line", () => {
    assert.strictEqual(callRepr("Ridge", [["alpha", 0.5], ["solver", "svd"]]), 'Ridge(alpha=0.5, solver="svd")');
    assert.strictEqual(new LogisticRegression({ C: 0.5 }).toString(), "LogisticRegression(C=0.5)");
  });

  it("a long repr puts one option per line, aligned after the parenthesis, nested values indented where they start", () => {
    const search = new GridSearchCV(makePipeline(new StandardScaler(), new LogisticRegression({ maxIter: 500 })),
      { logisticregression__C: [0.01, 0.1, 1, 10, 100] }, { cv: 5, scoring: "f1" });
    const text = search.toString();
    const lines = text.split("\n");
    assert.ok(lines.length >= 3, text);
    for (const l of lines) assert.ok(l.length <= 80, `line over 80 columns: ${l}`);
    assert.match(lines[0], /^GridSearchCV\(\w+=/);
    const inner = "GridSearchCV(".length;
    for (const l of lines.slice(1)) assert.ok(/^ +\S/.test(l) && l.search(/\S/) >= inner, `indented under the parenthesis: ${l}`);
    const est = lines.find((l) => l.includes("estimator=Pipeline(steps=[["))!;
    const col = est.indexOf("[[") + 1;
    const next = lines[lines.indexOf(est) + 1];
    assert.strictEqual(next.search(/\S/), col, "the second step lines up under the first");
    assert.match(text, /\["logisticregression",\n {40}LogisticRegression\(maxIter=500\)\]\]\),\n/, "a pair too long for its line breaks too");
  });

  it("the pipeline test's layout is kept: steps wrap under the list's first item", () => {
    const v = formatReprValue([["a", "x".repeat(40)], ["b", "y".repeat(40)]], 16, 2);
    assert.strictEqual(v, `[["a", "${"x".repeat(40)}"],\n                 ["b", "${"y".repeat(40)}"]]`);
  });

  it("paramsText prints key=value pairs, not JSON", () => {
    assert.strictEqual(paramsText({ maxDepth: 10, minSamplesLeaf: 1, criterion: "gini", est: new StandardScaler() }),
      'maxDepth=10, minSamplesLeaf=1, criterion="gini", est=StandardScaler()');
  });
});
