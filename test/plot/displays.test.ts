import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { displaySymbol } from "../../lib/display";
import { InputTypeError, OptionError } from "../../lib/errors";
import { LogisticRegression } from "../../lib/linear";
import { ConfusionMatrixDisplay, PrecisionRecallDisplay, RocCurveDisplay, plot } from "../../lib/plot";
import { sampleRows } from "../../lib/plot/data";
import { assertWellFormedSvg, countTags, markGroup } from "./svg_helpers";

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../test/fixtures/plot_reference.json"), "utf8"));

function close(a: ArrayLike<number>, e: number[], what: string): void {
  assert.strictEqual(a.length, e.length, `${what} length`);
  for (let i = 0; i < e.length; i++) assert.ok(Math.abs(a[i] - e[i]) <= 1e-12, `${what}[${i}]: ${a[i]} vs ${e[i]}`);
}

describe("plot: scikit-learn's displays (values from scikit-learn 1.2)", function () {
  this.timeout(60_000);

  it("ConfusionMatrixDisplay.fromPredictions: sklearn's matrix, drawn true label down, predicted across", () => {
    const d = ConfusionMatrixDisplay.fromPredictions(ref.y_true, ref.y_pred, { displayLabels: ["malignant", "benign"] });
    close(d.confusionMatrix.data, ref.confusion.flat(), "confusion matrix");
    assert.deepStrictEqual(d.displayLabels, ["malignant", "benign"]);
    const spec = d.chart.spec as Spec;
    assert.strictEqual(spec.encoding.y.title, "True label");
    assert.strictEqual(spec.encoding.x.title, "Predicted label");
    assert.deepStrictEqual(spec.data.values[1], { row: "malignant", col: "benign", value: ref.confusion[0][1] });
    const bundle = d[displaySymbol]();
    assert.strictEqual(bundle["text/plain"], "<ConfusionMatrixDisplay: 2 classes [malignant, benign]>");
    const svg = bundle["image/svg+xml"] as string;
    assertWellFormedSvg(svg);
    const texts = [...markGroup(svg, "text").matchAll(/>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    assert.deepStrictEqual(texts, ref.confusion.flat());
  });

  it("ConfusionMatrixDisplay: three classes, normalized rows, fromEstimator, label count checked", () => {
    const d3 = ConfusionMatrixDisplay.fromPredictions(ref.labels3_true, ref.labels3_pred);
    close(d3.confusionMatrix.data, ref.confusion3.flat(), "3-class matrix");
    assert.deepStrictEqual(d3.displayLabels, ["0", "1", "2"]);
    const dn = ConfusionMatrixDisplay.fromPredictions(ref.y_true, ref.y_pred, { normalize: "true" });
    close(dn.confusionMatrix.data, ref.confusion_normalized_true.flat(), "normalized matrix");
    assert.strictEqual((dn.chart.spec as Spec).layer[1].encoding.text.format, ".2f");
    const fake = { predict: () => new NDArray(Float64Array.from(ref.y_pred as number[])) };
    close(ConfusionMatrixDisplay.fromEstimator(fake, null, ref.y_true).confusionMatrix.data, ref.confusion.flat(), "fromEstimator");
    assert.throws(() => ConfusionMatrixDisplay.fromPredictions(ref.y_true, ref.y_pred, { displayLabels: ["a"] }), OptionError);
    assert.throws(() => ConfusionMatrixDisplay.fromEstimator({} as never, null, ref.y_true), InputTypeError);
  });

  it("RocCurveDisplay.fromPredictions: sklearn's fpr, tpr and AUC; the curve and the chance line", () => {
    const d = RocCurveDisplay.fromPredictions(ref.y_true, ref.y_score, { name: "forest" });
    close(d.fpr.data, ref.fpr, "fpr");
    close(d.tpr.data, ref.tpr, "tpr");
    assert.ok(Math.abs(d.rocAuc - ref.roc_auc) < 1e-12);
    const svg = d.chart.toSVG();
    assertWellFormedSvg(svg);
    assert.ok(svg.includes(`forest (AUC = ${ref.roc_auc.toFixed(2)})`), "legend with the AUC");
    assert.strictEqual((svg.match(/class="mark-line role-mark/g) ?? []).length, 2, "curve and diagonal");
    const spec = d.chart.spec as Spec;
    assert.strictEqual(spec.layer[0].data.values.length, ref.fpr.length);
  });

  it("RocCurveDisplay / PrecisionRecallDisplay.fromEstimator score with predictProba's positive column", () => {
    const X = (ref.y_score as number[]).map((s) => [s]);
    const clf = new LogisticRegression().fit(X, ref.y_true);
    const proba = clf.predictProba(X).col(1);
    const d = RocCurveDisplay.fromEstimator(clf, X, ref.y_true);
    const direct = RocCurveDisplay.fromPredictions(ref.y_true, proba);
    assert.deepStrictEqual(Array.from(d.tpr.data), Array.from(direct.tpr.data));
    assert.ok(d.chart.toSVG().includes("LogisticRegression (AUC = "));
    const p = PrecisionRecallDisplay.fromEstimator(clf, X, ref.y_true);
    assert.strictEqual(p.averagePrecision, PrecisionRecallDisplay.fromPredictions(ref.y_true, proba).averagePrecision);
    assert.throws(() => RocCurveDisplay.fromEstimator(clf, X, ref.y_true, { posLabel: 7 }), OptionError);
  });

  it("fromEstimator falls back to decisionFunction (mirrored when posLabel is classes_[0])", () => {
    const scores = new NDArray(Float64Array.from(ref.y_score as number[], (v) => v - 0.5));
    const est = { classes_: ["no", "yes"], predict: () => [], decisionFunction: () => scores };
    const yes = (ref.y_true as number[]).map((v) => (v ? "yes" : "no"));
    const d = RocCurveDisplay.fromEstimator(est, null, yes, { posLabel: "yes" });
    close(d.tpr.data, ref.tpr, "tpr from decisionFunction");
    const mirrored = RocCurveDisplay.fromEstimator(est, null, yes, { posLabel: "no" });
    assert.ok(Math.abs(mirrored.rocAuc - ref.roc_auc) < 1e-12, "scoring the other class with the negated function");
    assert.throws(() => RocCurveDisplay.fromEstimator({ predict: () => [] }, null, yes), InputTypeError);
  });

  it("PrecisionRecallDisplay.fromPredictions: sklearn's precision, recall and AP, drawn as steps", () => {
    const d = PrecisionRecallDisplay.fromPredictions(ref.y_true, ref.y_score);
    close(d.precision.data, ref.precision, "precision");
    close(d.recall.data, ref.recall, "recall");
    assert.ok(Math.abs(d.averagePrecision - ref.average_precision) < 1e-12);
    const layer = (d.chart.spec as Spec).layer[0];
    assert.strictEqual(layer.mark.interpolate, "step-before");
    // drawn from the last array entry (recall 0, precision 1) to the first
    assert.deepStrictEqual([layer.data.values[0].x, layer.data.values[0].y], [0, 1]);
    assertWellFormedSvg(d.chart.toSVG());
  });
});

describe("plot: data reduction against NumPy", function () {
  this.timeout(60_000);

  it("the scatter sample is NumPy's RandomState(seed).permutation(n)[:k], sorted", () => {
    const s = ref.sample;
    assert.deepStrictEqual(sampleRows(s.n, s.k, s.seed), s.indices);
  });

  it("hist counts and edges are np.histogram's", () => {
    const chart = plot.hist({ x: ref.hist_x, bins: ref.hist_bins });
    const values = (chart.spec as Spec).data.values as { start: number; end: number; count: number }[];
    assert.deepStrictEqual(values.map((v) => v.count), ref.hist_counts);
    close(values.map((v) => v.start).concat([values[values.length - 1].end]), ref.hist_edges, "edges");
    const svg = chart.toSVG();
    assertWellFormedSvg(svg);
    assert.strictEqual(countTags(markGroup(svg, "rect"), "path"), ref.hist_bins);
  });

  it("hist with groups stacks counts that add up to the ungrouped ones", () => {
    const groups = (ref.hist_x as number[]).map((_, i) => (i % 3 === 0 ? "a" : "b"));
    const values = (plot.hist({ x: ref.hist_x, bins: ref.hist_bins, color: groups }).spec as Spec).data.values as
      { count: number; group: string }[];
    const total = new Array(ref.hist_bins).fill(0);
    values.forEach((v, k) => { total[k % ref.hist_bins] += v.count; });
    assert.deepStrictEqual(total, ref.hist_counts);
  });
});
