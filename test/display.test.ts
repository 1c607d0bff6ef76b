/**
 * console.log of a library object prints what its text/plain display shows (lib/display.ts printsAsText and the
 * classes' own inspect methods), not the object's internals.
 */
import * as assert from "assert";
import { inspect } from "util";
import * as tl from "../lib";
import { np } from "../lib/np";
import { toMimeBundle } from "../lib/display";
import { Progress } from "../lib/plot/progress";

describe("display: console.log prints the text/plain display", () => {
  const y = [0, 1, 1, 0, 1, 0];
  const p = [0, 1, 0, 0, 1, 1];
  const X = np.array([[0, 1], [1, 0], [1, 1], [0, 0], [2, 1], [0, 2]]);

  const samples: [string, () => unknown][] = [
    ["ClassificationReport", () => tl.classificationReport(y, p)],
    ["NDArray", () => np.arange(6).reshape(2, 3)],
    ["Chart", () => tl.plot.scatter({ x: [1, 2, 3], y: [3, 1, 2] })],
    ["ConfusionMatrixDisplay", () => tl.ConfusionMatrixDisplay.fromPredictions(y, p)],
    ["RocCurveDisplay", () => tl.RocCurveDisplay.fromPredictions(y, [0.1, 0.9, 0.4, 0.2, 0.8, 0.6])],
    ["estimator", () => new tl.LogisticRegression({ C: 0.5 }).fit(X, y)],
    ["GridSearchCV", () => new tl.GridSearchCV(new tl.LogisticRegression(), { C: [0.1, 1] }, { cv: 2 })],
    ["Progress", () => new Progress([1, 2, 3], { desc: "k" })],
  ];

  for (const [name, make] of samples) {
    it(`${name}: inspect() is the text/plain of its MIME bundle`, () => {
      const v = make();
      const plain = toMimeBundle(v)["text/plain"];
      assert.strictEqual(inspect(v), plain);
      assert.ok(!/\[Symbol\(|'\\n' \+/.test(inspect(v)), "no internals");
    });
  }

  it("console.log(classificationReport(...)) prints the report's lines, as Python's print does", () => {
    const text = inspect(tl.classificationReport(y, p));
    assert.match(text, /precision\s+recall\s+f1-score\s+support/);
    assert.match(text, /\n\s+accuracy\s+0\.67\s+6\n/);
  });
});
