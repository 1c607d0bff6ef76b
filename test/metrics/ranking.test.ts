import * as assert from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { auc, averagePrecisionScore, precisionRecallCurve, rocAucScore, rocCurve } from "../../lib/metrics";
import { InputTypeError, NonFiniteError, OptionError, ShapeError } from "../../lib/errors";
import { close, fixture } from "./cls_helpers";

const data = fixture("metrics_cls_ranking.json");

describe("metrics: ROC / PR curves against scikit-learn 1.2", () => {
  for (const c of data.curves) {
    describe(c.name, () => {
      const opts = { sampleWeight: c.sample_weight ?? undefined, posLabel: c.pos_label ?? undefined };
      it("rocCurve (dropIntermediate true and false), first threshold max + 1", () => {
        for (const [key, drop] of [["roc", true], ["roc_all", false]] as const) {
          const r = rocCurve(c.y_true, c.y_score, { ...opts, dropIntermediate: drop });
          close(r.fpr, c[key].fpr, `${key}.fpr`);
          close(r.tpr, c[key].tpr, `${key}.tpr`);
          close(r.thresholds, c[key].thresholds, `${key}.thresholds`);
        }
      });
      it("precisionRecallCurve", () => {
        const r = precisionRecallCurve(c.y_true, c.y_score, opts);
        close(r.precision, c.pr.precision, "precision");
        close(r.recall, c.pr.recall, "recall");
        close(r.thresholds, c.pr.thresholds, "thresholds");
      });
      it("auc of the ROC curve, averagePrecisionScore, rocAucScore (with maxFpr)", () => {
        close(auc(c.roc.fpr, c.roc.tpr), c.roc_auc_curve, "auc");
        close(averagePrecisionScore(c.y_true, c.y_score, { ...opts, posLabel: c.pos_label ?? 1 }), c.ap, "ap");
        if (c.roc_auc !== undefined) {
          close(rocAucScore(c.y_true, c.y_score, { sampleWeight: opts.sampleWeight }), c.roc_auc, "roc_auc");
          for (const m of Object.keys(c.roc_auc_max_fpr)) {
            close(rocAucScore(c.y_true, c.y_score, { sampleWeight: opts.sampleWeight, maxFpr: Number(m) }),
              c.roc_auc_max_fpr[m], `roc_auc maxFpr ${m}`);
          }
        }
      });
    });
  }
});

describe("metrics: multiclass ROC AUC against scikit-learn 1.2", () => {
  for (const c of data.multiclass) {
    it(c.name, () => {
      let checked = 0;
      for (const key of Object.keys(c)) {
        const m = /^(ovr|ovo)_(macro|weighted|micro|None)(_weighted)?$/.exec(key);
        if (!m) continue;
        const average = m[2] === "None" ? null : m[2] as "macro";
        const got = rocAucScore(c.y_true, c.y_score, {
          multiClass: m[1] as "ovr", average, labels: c.labels ?? undefined,
          sampleWeight: m[3] ? c.sample_weight : undefined,
        });
        if (average === null) assert.ok((got as unknown) instanceof NDArray);
        close(got, c[key], key);
        checked++;
      }
      assert.ok(checked >= 1);
    });
  }
});

describe("metrics: ranking errors", () => {
  const y = [0, 0, 1, 1], s = [0.1, 0.4, 0.35, 0.8];
  it("length mismatch and empty input → ShapeError", () => {
    assert.throws(() => rocCurve(y, [0.1, 0.2]), ShapeError);
    assert.throws(() => rocCurve([], []), ShapeError);
    assert.throws(() => rocAucScore(y, s, { sampleWeight: [1, 2] }), ShapeError);
    assert.throws(() => auc([0], [1]), ShapeError);
  });
  it("NaN scores → NonFiniteError", () => {
    assert.throws(() => rocCurve(y, [0.1, NaN, 0.2, 0.3]), NonFiniteError);
    assert.throws(() => rocAucScore(y, [0.1, NaN, 0.2, 0.3]), NonFiniteError);
  });
  it("labels other than {0,1} / {-1,1} need posLabel; multiclass needs posLabel", () => {
    assert.throws(() => rocCurve(["a", "b", "a", "b"], s), OptionError);
    assert.throws(() => rocCurve([1, 2, 1, 2], s), OptionError);
    assert.throws(() => rocCurve([0, 1, 2, 1], s), InputTypeError);
    const r = rocCurve([0, 1, 2, 1], s, { posLabel: 1 });
    assert.strictEqual(r.tpr.data[r.tpr.data.length - 1], 1);
  });
  it("averagePrecisionScore: posLabel not present, multiclass", () => {
    assert.throws(() => averagePrecisionScore(["a", "b", "a", "b"], s), OptionError);
    assert.throws(() => averagePrecisionScore([0, 1, 2, 1], s), InputTypeError);
  });
  it("auc: non-monotonic x → InputTypeError; decreasing x gives a positive area", () => {
    assert.throws(() => auc([0, 1, 0.5], [0, 1, 1]), InputTypeError);
    assert.strictEqual(auc([1, 0.5, 0], [1, 0.8, 0]), auc([0, 0.5, 1], [0, 0.8, 1]));
  });
  it("rocAucScore: one class, bad average / multiClass / maxFpr", () => {
    assert.throws(() => rocAucScore([1, 1, 1], [0.1, 0.2, 0.3]), InputTypeError);
    assert.throws(() => rocAucScore(y, s, { average: "samples" as never }),
      (e: Error) => e instanceof OptionError && /"macro", "weighted", "micro", null/.test(e.message));
    assert.throws(() => rocAucScore(y, s, { maxFpr: 0 }), OptionError);
    assert.throws(() => rocAucScore(y, s, { maxFpr: 1.5 }), OptionError);
    assert.throws(() => rocAucScore(y, s, { multiClass: "ova" as never }), OptionError);
  });
  it("rocAucScore multiclass: multiClass raise, yScore shape, rows not summing to 1, ovo limits", () => {
    const yt = [0, 1, 2, 2];
    const P = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.2, 0.7], [0.3, 0.3, 0.4]];
    assert.strictEqual(rocAucScore(yt, P, { multiClass: "ovr" }), 1);
    assert.throws(() => rocAucScore(yt, P), (e: Error) => e instanceof OptionError && /"ovr" or "ovo"/.test(e.message));
    assert.throws(() => rocAucScore(yt, [0.1, 0.2, 0.3, 0.4], { multiClass: "ovr" }), ShapeError);
    assert.throws(() => rocAucScore(yt, P.map((r) => r.slice(0, 2)), { multiClass: "ovr" }), ShapeError);
    assert.throws(() => rocAucScore(yt, P.map((r) => r.map((v) => v * 2)), { multiClass: "ovr" }), InputTypeError);
    assert.throws(() => rocAucScore(yt, P, { multiClass: "ovo", average: "micro" }), OptionError);
    assert.throws(() => rocAucScore(yt, P, { multiClass: "ovo", sampleWeight: [1, 1, 1, 1] }), OptionError);
    assert.throws(() => rocAucScore(yt, P, { multiClass: "ovr", maxFpr: 0.5 }), OptionError);
    assert.throws(() => rocAucScore(yt, P, { multiClass: "ovr", labels: [2, 1, 0] }), OptionError);
    assert.throws(() => rocAucScore(yt, P, { multiClass: "ovr", labels: [0, 1] }), ShapeError);
    assert.throws(() => rocAucScore(yt, P, { multiClass: "ovr", labels: [0, 1, 3] }), OptionError);
  });
  it("binary target with 2-D scores → ShapeError pointing at the positive column", () => {
    assert.throws(() => rocAucScore(y, [[0.9, 0.1], [0.6, 0.4], [0.65, 0.35], [0.2, 0.8]]),
      (e: Error) => e instanceof ShapeError && /positive/.test(e.message));
  });
  it("no positive samples: tpr is NaN (sklearn warns)", () => {
    const r = rocCurve([0, 0, 0], [0.1, 0.5, 0.2]);
    assert.ok(Array.from(r.tpr.data).every(Number.isNaN));
  });
});
