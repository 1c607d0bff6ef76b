/**
 * The tree-based sections of the guide (§2, §3, §7, §8, §9) executed through nbclient, their printed numbers
 * checked against the Python reference within the tolerances of randomized algorithms
 * (test/fixtures/reference/seed_outputs.json; the printed Python values are quoted in each test).
 */
import { strict as assert } from "assert";
import { executeWithNbclient } from "./helpers";

function num(text: string, re: RegExp): number {
  const m = re.exec(text);
  assert.ok(m, `no match for ${re} in:\n${text}`);
  return Number(m[1]);
}

function near(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ±${tol} of ${expected}`);
}

describe("notebooks: trees and ensembles", function () {
  this.timeout(600000);

  it("02-random-forest: accuracy within ±1 point of 0.9649 and mostly the same top-5 features", () => {
    const { text } = executeWithNbclient("notebooks/02-random-forest.ipynb");
    near(num(text, /Accuracy: ([0-9.]+)/), 0.9649, 0.01, "accuracy");
    assert.match(text, /precision\s+recall\s+f1-score\s+support/);
    const top = [...text.matchAll(/^ {2}([a-z ]+): 0\.\d{4}$/gm)].map((m) => m[1]);
    assert.equal(top.length, 5, text);
    const python = ["worst area", "worst concave points", "mean concave points", "worst radius", "mean concavity"];
    assert.ok(top.filter((f) => python.includes(f)).length >= 3, `top-5 ${top.join(", ")} shares < 3 with Python's`);
  });

  it("03-gradient-boosting: mean F1 within ±1 point of 0.9733; with NaN + a categorical column the booster holds up", () => {
    const { text } = executeWithNbclient("notebooks/03-gradient-boosting.ipynb");
    near(num(text, /Mean F1: ([0-9.]+)/), 0.9733, 0.01, "mean F1");
    const booster = num(text, /booster, native NaN \+ categorical: mean F1 ([0-9.]+)/);
    const forest = num(text, /forest, mean-imputed:\s+mean F1 ([0-9.]+)/);
    assert.ok(booster >= forest - 0.01, `booster ${booster} vs imputed forest ${forest}`);
  });

  it("07-cross-validation: mean accuracy within ±1.5 points of 0.9561", () => {
    const { text } = executeWithNbclient("notebooks/07-cross-validation.ipynb");
    near(num(text, /Mean accuracy: ([0-9.]+)/), 0.9561, 0.015, "mean accuracy");
    assert.match(text, /Fold scores: \[[0-9. ]+\]/);
  });

  it("08-grid-search: 108 candidates; best CV F1 within ±1 point of 0.9706, test accuracy within ±1.5 of 0.9649", () => {
    const { text } = executeWithNbclient("notebooks/08-grid-search.ipynb");
    assert.match(text, /Fitting 5 folds for each of 108 candidates, totalling 540 fits/);
    near(num(text, /Best F1 score: ([0-9.]+)/), 0.9706, 0.01, "best F1");
    near(num(text, /^Test accuracy: ([0-9.]+)/m), 0.9649, 0.015, "test accuracy");
    assert.match(text, /Random search best F1: [0-9.]+/);
  });

  it("09-confusion-roc: matrix within one sample per cell of [[40, 3], [1, 70]], AUC within ±0.005 of 0.9959", () => {
    const { text } = executeWithNbclient("notebooks/09-confusion-roc.ipynb");
    const cells = [num(text, /True Neg: (\d+)/), num(text, /False Pos: (\d+)/), num(text, /False Neg: (\d+)/), num(text, /True Pos: (\d+)/)];
    [40, 3, 1, 70].forEach((want, i) => assert.ok(Math.abs(cells[i] - want) <= 1, `cell ${i}: ${cells[i]} vs ${want}`));
    near(num(text, /ROC-AUC Score: ([0-9.]+)/), 0.9959, 0.005, "ROC-AUC");
  });
});
