import * as assert from "assert";
import { NDArray } from "../../lib/array/ndarray";
import {
  accuracyScore, classificationReport, ClassificationReport, confusionMatrix, f1Score, fbetaScore, logLoss,
  precisionRecallFscoreSupport, precisionScore, recallScore, uniqueLabels, encodeLabels,
} from "../../lib/metrics";
import { resetMetricWarnings } from "../../lib/metrics/labels";
import { pyFixed } from "../../lib/format";
import { displaySymbol } from "../../lib/display";
import { InputTypeError, NonFiniteError, OptionError, ShapeError } from "../../lib/errors";
import { captureWarnings, close, fixture } from "./cls_helpers";

const data = fixture("metrics_cls_classification.json");

describe("metrics: classification against scikit-learn 1.2", () => {
  for (const c of data.cases) {
    describe(c.name, () => {
      const sampleWeight = c.sample_weight ?? undefined;
      const labels = c.labels ?? undefined;
      const posLabel = c.pos_label ?? undefined;
      const isBinary = new Set([...c.y_true, ...c.y_pred]).size <= 2;
      const base = isBinary ? { sampleWeight, labels, posLabel } : { sampleWeight, labels };
      it("accuracyScore (fraction and count)", () => {
        close(accuracyScore(c.y_true, c.y_pred, { sampleWeight }), c.accuracy, "accuracy");
        close(accuracyScore(c.y_true, c.y_pred, { sampleWeight, normalize: false }), c.accuracy_count, "count");
      });
      it("precision / recall / F1 / F-beta / support for every average and zeroDivision", () => {
        for (const key of Object.keys(c.scores)) {
          const m = /^(prfs|precision|recall|f1|fbeta05|fbeta2)_(none|micro|macro|weighted|binary)(?:_(warn|0|1))?$/.exec(key)!;
          assert.ok(m, key);
          const average = m[2] === "none" ? null : m[2] as "micro";
          const zd = m[3] === undefined ? undefined : m[3] === "warn" ? "warn" : Number(m[3]) as 0 | 1;
          const opts = { ...base, average, zeroDivision: zd };
          const want = c.scores[key];
          if (m[1] === "prfs") {
            const got = precisionRecallFscoreSupport(c.y_true, c.y_pred, opts as never) as { precision: unknown; recall: unknown; fscore: unknown; support: NDArray | null };
            close(got.precision, want.precision, `${key}.precision`);
            close(got.recall, want.recall, `${key}.recall`);
            close(got.fscore, want.fscore, `${key}.fscore`);
            if (want.support === null) assert.strictEqual(got.support, null);
            else {
              close(got.support, want.support, `${key}.support`);
              const anyRight = c.y_true.some((v: unknown, i: number) => v === c.y_pred[i]);
              assert.strictEqual(got.support!.dtype, sampleWeight || !anyRight ? "float64" : "int32");
            }
            continue;
          }
          const got = m[1] === "precision" ? precisionScore(c.y_true, c.y_pred, opts as never)
            : m[1] === "recall" ? recallScore(c.y_true, c.y_pred, opts as never)
              : m[1] === "f1" ? f1Score(c.y_true, c.y_pred, opts as never)
                : fbetaScore(c.y_true, c.y_pred, m[1] === "fbeta2" ? 2 : 0.5, opts as never);
          if (average === null) assert.ok(got instanceof NDArray, `${key} per class is an NDArray`);
          else assert.strictEqual(typeof got, "number", `${key} is a number`);
          close(got, want, key);
        }
      });
      it("confusionMatrix (counts and the three normalizations)", () => {
        for (const nm of ["None", "true", "pred", "all"]) {
          const normalize = nm === "None" ? undefined : nm as "true";
          const cm = confusionMatrix(c.y_true, c.y_pred, { labels, sampleWeight, normalize });
          const want = c.confusion[nm];
          assert.deepStrictEqual(cm.shape, [want.length, want.length]);
          assert.strictEqual(cm.dtype, normalize || sampleWeight ? "float64" : "int32");
          close(cm, want, `confusion ${nm}`);
        }
      });
      it("classificationReport: byte-identical text and the same dict", () => {
        for (const r of c.reports) {
          const rep = classificationReport(c.y_true, c.y_pred, {
            labels, sampleWeight, digits: r.digits, targetNames: r.zero_division === undefined ? c.target_names ?? undefined : undefined,
            zeroDivision: r.zero_division,
          });
          assert.strictEqual(rep.text, r.text, `digits ${r.digits}:\n${rep.text}\n---\n${r.text}`);
          assert.deepStrictEqual(Object.keys(rep.dict).sort(), Object.keys(r.dict).sort());
          for (const k of Object.keys(r.dict)) {
            const want = r.dict[k];
            if (typeof want === "number") close(rep.dict[k], want, `dict ${k}`);
            else for (const f of ["precision", "recall", "f1-score", "support"]) {
              close((rep.dict[k] as unknown as Record<string, number>)[f], want[f], `dict ${k}.${f}`);
            }
          }
        }
      });
    });
  }
});

describe("metrics: classification report object", () => {
  const rep = classificationReport(["a", "b", "a", "c"], ["a", "b", "c", "c"], { targetNames: ["<A>", "B", "C"] });
  it("toString is the text and display has text/plain and an escaped HTML table", () => {
    assert.ok(rep instanceof ClassificationReport);
    assert.strictEqual(String(rep), rep.text);
    const b = rep[displaySymbol]();
    assert.strictEqual(b["text/plain"], rep.text);
    const html = b["text/html"] as string;
    assert.ok(html.startsWith("<table"));
    assert.ok(html.includes("<th>&lt;A&gt;</th>"), html);
    assert.ok(html.includes("<th>accuracy</th><td></td><td></td><td>0.75</td><td>4</td>"), html);
  });
  it("pyFixed rounds exact ties half to even like Python's format", () => {
    assert.strictEqual(pyFixed(0.125, 2), "0.12");
    assert.strictEqual(pyFixed(0.375, 2), "0.38");
    assert.strictEqual(pyFixed(2.5, 0), "2");
    assert.strictEqual(pyFixed(0.1 + 0.2, 2), "0.30");
    assert.strictEqual(pyFixed(-0.125, 2), "-0.12");
    assert.strictEqual(pyFixed(0.8125, 3), "0.812");
  });
});

describe("metrics: log loss against scikit-learn 1.2", () => {
  for (const c of data.log_loss) {
    it(c.name, () => {
      const got = logLoss(c.y_true, c.y_pred, {
        sampleWeight: c.sample_weight, normalize: c.normalize, eps: c.eps, labels: c.labels,
      });
      close(got, c.value, c.name);
    });
  }
  it("errors: one class without labels, column mismatch, bad eps, NaN", () => {
    assert.throws(() => logLoss([1, 1], [0.2, 0.3]), InputTypeError);
    assert.throws(() => logLoss([0, 1, 2], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]), ShapeError);
    assert.throws(() => logLoss([0, 1], [0.2, 0.3], { eps: 0.7 }), OptionError);
    assert.throws(() => logLoss([0, 1], [0.2, NaN]), NonFiniteError);
    assert.throws(() => logLoss([0, 1], [0.2]), ShapeError);
    assert.throws(() => logLoss([0, 1, 5], [[1, 0], [0, 1], [1, 0]], { labels: [0, 1] }), InputTypeError);
  });
});

describe("metrics: labels", () => {
  it("uniqueLabels sorts like np.unique; encodeLabels maps to codes", () => {
    assert.deepStrictEqual(uniqueLabels([3, 1, 2], [1, 4]), [1, 2, 3, 4]);
    assert.deepStrictEqual(uniqueLabels(["b", "a"], ["c", "B"]), ["B", "a", "b", "c"]);
    assert.deepStrictEqual(uniqueLabels(new Int32Array([5, -1, 5])), [-1, 5]);
    assert.deepStrictEqual(Array.from(encodeLabels(["b", "a", "z"], ["a", "b"])), [1, 0, -1]);
  });
  it("mixing strings and numbers is an error", () => {
    assert.throws(() => uniqueLabels(["a", 1] as never), InputTypeError);
    assert.throws(() => uniqueLabels(["a"], [1]), InputTypeError);
    assert.throws(() => accuracyScore(["a", "b"], [0, 1]), InputTypeError);
  });
  it("NDArray and typed-array labels work like plain arrays", () => {
    const yt = new NDArray(Float64Array.of(0, 1, 1, 0)), yp = new Int32Array([0, 1, 0, 0]);
    assert.strictEqual(accuracyScore(yt, yp), 0.75);
    assert.strictEqual(f1Score(yt, yp), 2 / 3);
    assert.strictEqual(accuracyScore(new NDArray(Float64Array.of(0, 1, 1, 0), [4, 1]), [0, 1, 1, 1]), 0.75);
  });
});

describe("metrics: classification errors and warnings", () => {
  it("length mismatch and empty input → ShapeError", () => {
    assert.throws(() => accuracyScore([0, 1, 1], [0, 1]), ShapeError);
    assert.throws(() => f1Score([], []), ShapeError);
    assert.throws(() => confusionMatrix([0, 1], [0, 1], { sampleWeight: [1] }), ShapeError);
    assert.throws(() => classificationReport([0, 1], [0, 1, 1]), ShapeError);
  });
  it("continuous, NaN and nested labels are rejected", () => {
    assert.throws(() => accuracyScore([0.5, 1], [0, 1]), InputTypeError);
    assert.throws(() => accuracyScore([NaN, 1], [0, 1]), NonFiniteError);
    assert.throws(() => accuracyScore([[0], [1]] as never, [0, 1]), InputTypeError);
    assert.throws(() => accuracyScore({} as never, [0, 1]), InputTypeError);
  });
  it("bad average / zeroDivision / beta → OptionError listing the allowed values", () => {
    assert.throws(() => f1Score([0, 1], [0, 1], { average: "samples" as never }),
      (e: Error) => e instanceof OptionError && /"binary", "micro", "macro", "weighted", null/.test(e.message));
    assert.throws(() => f1Score([0, 1], [0, 1], { zeroDivision: 2 as never }), OptionError);
    assert.throws(() => fbetaScore([0, 1], [0, 1], -1), OptionError);
    assert.throws(() => confusionMatrix([0, 1], [0, 1], { normalize: "rows" as never }), OptionError);
  });
  it("average \"binary\" on a multiclass target → OptionError naming the other settings", () => {
    assert.throws(() => precisionScore([0, 1, 2], [0, 1, 1]),
      (e: Error) => e instanceof OptionError && /micro/.test(e.message) && /3 classes/.test(e.message));
  });
  it("posLabel not among two present labels → OptionError", () => {
    assert.throws(() => f1Score(["a", "b"], ["a", "a"]), (e: Error) => e instanceof OptionError && /'a', 'b'/.test(e.message));
    assert.throws(() => recallScore([0, 1], [0, 1], { posLabel: 2 }), OptionError);
    // a single present class without posLabel is allowed (sklearn): the score is 0 with a warning
    assert.strictEqual(precisionScore([0, 0], [0, 0], { zeroDivision: 0 }), 0);
  });
  it("labels of the wrong kind, empty labels, labels absent from yTrue", () => {
    assert.throws(() => f1Score([0, 1, 2], [0, 1, 1], { average: "macro", labels: ["a"] }), InputTypeError);
    assert.throws(() => confusionMatrix([0, 1], [0, 1], { labels: [] }), ShapeError);
    assert.throws(() => confusionMatrix([0, 1], [0, 1], { labels: [5, 6] }), OptionError);
  });
  it("targetNames of the wrong length → ShapeError; bad digits → OptionError", () => {
    assert.throws(() => classificationReport([0, 1], [0, 1], { targetNames: ["a"] }), ShapeError);
    assert.throws(() => classificationReport([0, 1], [0, 1], { digits: -1 }), OptionError);
  });
  it("zero weights sum → OptionError in accuracy", () => {
    assert.throws(() => accuracyScore([0, 1], [0, 1], { sampleWeight: [0, 0] }), OptionError);
  });
  it("zeroDivision \"warn\" emits an UndefinedMetricWarning; 0 / 1 do not", async () => {
    resetMetricWarnings();
    const w = await captureWarnings(() => precisionScore([0, 1, 2], [0, 0, 0], { average: "macro" }));
    assert.ok(w.some((m) => /Precision is ill-defined/.test(m)), w.join("|"));
    resetMetricWarnings();
    const w2 = await captureWarnings(() => precisionScore([0, 1, 2], [0, 0, 0], { average: "macro", zeroDivision: 1 }));
    assert.deepStrictEqual(w2, []);
    assert.strictEqual(precisionScore([0, 1, 2], [0, 0, 0], { average: "macro", zeroDivision: 1 }), (1 / 3 + 1 + 1) / 3);
  });
});
