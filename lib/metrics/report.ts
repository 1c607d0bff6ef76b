/**
 * The classification report (sklearn's `classification_report`): per-class precision, recall, F1 and support plus
 * accuracy (or micro average), macro and weighted averages — as sklearn's exact text, a dict and an HTML table.
 */
import { pyFixed } from "../format";
import { NDArray } from "../array/ndarray";
import { pyFloatRepr } from "../array/format";
import { pairwiseSum } from "../array/reduce";
import { MimeBundle, displaySymbol, escapeHtml, printsAsText } from "../display";
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { columnsToPolars } from "../frame/lazy";
import { precisionRecallFscoreSupport, ZeroDivision } from "./classification";
import { Label, LabelsLike, labelText, optionLabels } from "./labels";
import { checkTargets } from "./targets";

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /** The classes to report, in this order (default: all labels of yTrue ∪ yPred, sorted). */
  labels?: LabelsLike;
  /** Display names of the classes, one per label. */
  targetNames?: readonly string[];
  /** Digits after the decimal point in the text (default 2). */
  digits?: number;
  /** Weight of each sample (default: all 1). */
  sampleWeight?: NDArray | ArrayLike<number>;
  /** Value of an undefined score: "warn" (0 and a warning, default), 0 or 1. */
  zeroDivision?: ZeroDivision;
}

/** The scores of one row of the report. */
export interface ReportRow {
  precision: number;
  recall: number;
  "f1-score": number;
  support: number;
}

/** The report as scikit-learn's output_dict=True: a row per class, then accuracy (a number) and the averages. */
export type ReportDict = Record<string, ReportRow | number>;

function cpLength(s: string): number { let n = 0; for (const _ of s) n++; return n; }
function padLeft(s: string, width: number): string { const n = cpLength(s); return n >= width ? s : " ".repeat(width - n) + s; }

/**
 * A classification report: `text` (byte-identical to scikit-learn's), `dict` (its output_dict form), and rich
 * display as an HTML table.
 * @example
 * const r = classificationReport([0, 1, 1, 0], [0, 1, 0, 0]);
 * console.log(r.text);
 * r.dict["macro avg"]; // { precision: …, recall: …, "f1-score": …, support: 4 }
 */
export class ClassificationReport {
  /**
   * @param text - the report as text
   * @param dict - the report as a dict
   * @param rows - the rows in display order: [heading, precision | null, recall | null, f1, support]
   * @param digits - digits after the decimal point
   * @param floatSupport - supports are weights (printed as Python floats) rather than counts
   */
  constructor(readonly text: string, readonly dict: ReportDict,
    readonly rows: readonly (readonly [string, number | null, number | null, number, number])[], readonly digits: number,
    readonly floatSupport = false) {}

  /**
   * The report as a polars DataFrame (scikit-learn's `pd.DataFrame(output_dict).T`): a row per class, then
   * accuracy (its score in f1-score, precision and recall empty, as the text report prints it) and the averages.
   * Loads nodejs-polars on first use.
   * @example
   * classificationReport(yTest, yPred).toFrame().columns; // ["class", "precision", "recall", "f1-score", "support"]
   */
  toFrame(): import("nodejs-polars").DataFrame {
    return columnsToPolars({
      class: this.rows.map((r) => r[0]),
      precision: this.rows.map((r) => r[1]),
      recall: this.rows.map((r) => r[2]),
      "f1-score": this.rows.map((r) => r[3]),
      support: this.floatSupport ? Float64Array.from(this.rows, (r) => r[4]) : Int32Array.from(this.rows, (r) => r[4]),
    });
  }

  /** The text report. @example String(report) */
  toString(): string { return this.text; }

  /** Rich display: the text and an HTML table. @example report[displaySymbol]()["text/html"] */
  [displaySymbol](): MimeBundle {
    const cell = (v: number | null, isSupport = false): string =>
      `<td>${v === null ? "" : isSupport ? escapeHtml(supportText(v, this.floatSupport)) : pyFixed(v, this.digits)}</td>`;
    const body = this.rows.map(([name, p, r, f, s]) =>
      `<tr><th>${escapeHtml(name)}</th>${cell(p)}${cell(r)}${cell(f)}${cell(s, true)}</tr>`).join("\n");
    const html = "<table class=\"typelearn-report\">\n<thead><tr><th></th><th>precision</th><th>recall</th>" +
      `<th>f1-score</th><th>support</th></tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
    return { "text/plain": this.text, "text/html": html };
  }
}

/** Support as Python prints it: an integer count, or a float (repr) when sample weights were given. */
function supportText(s: number, isFloat: boolean): string { return isFloat ? pyFloatRepr(s) : String(s); }

/**
 * Build a text report of the main classification metrics (sklearn's `classification_report`).
 * @param yTrue - true labels (numbers or strings)
 * @param yPred - predicted labels
 * @param options - labels, targetNames, digits (default 2), sampleWeight, zeroDivision
 * @returns a {@link ClassificationReport} (`text`, `dict`, rich display)
 * @example
 * const report = classificationReport(yTest, yPred, { targetNames: ["malignant", "benign"] });
 * console.log(report.text);
 */
export function classificationReport(yTrue: LabelsLike, yPred: LabelsLike, options: ClassificationReportOptions = {}): ClassificationReport {
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) throw new OptionError("digits", "an integer from 0 to 20", digits);
  const t = checkTargets(yTrue, yPred);
  const labelsGiven = options.labels !== undefined && options.labels !== null;
  const labels: Label[] = labelsGiven ? optionLabels(options.labels, t.present.kind, "labels") : t.present.values.slice();
  const present = new Set(t.present.values);
  const microIsAccuracy = !labelsGiven || (new Set(labels).size === present.size && labels.every((l) => present.has(l)));
  let names: string[];
  if (options.targetNames !== undefined && options.targetNames !== null) {
    names = Array.from(options.targetNames, (s, i) => {
      if (typeof s !== "string") throw new InputTypeError(`targetNames[${i}]`, "a string", s);
      return s;
    });
    if (names.length !== labels.length) {
      throw new ShapeError("targetNames", `${labels.length} names (one per class${labelsGiven ? " in labels" : "; or pass labels"})`,
        `${names.length}`);
    }
  } else names = labels.map(labelText);

  const common = { labels: labels as LabelsLike, sampleWeight: options.sampleWeight, zeroDivision: options.zeroDivision };
  const per = precisionRecallFscoreSupport(yTrue, yPred, { ...common, average: null });
  const sup = per.support!.data;
  const weighted = per.support!.dtype === "float64"; // supports print as Python floats
  const total = pairwiseSum(sup, 0, sup.length);
  const rows: [string, number | null, number | null, number, number][] = [];
  const dict: ReportDict = {};
  for (let i = 0; i < labels.length; i++) {
    const row: ReportRow = { precision: per.precision.data[i], recall: per.recall.data[i], "f1-score": per.fscore.data[i], support: sup[i] };
    rows.push([names[i], row.precision, row.recall, row["f1-score"], row.support]);
    dict[names[i]] = row;
  }
  const avgRows: [string, number | null, number | null, number, number][] = [];
  for (const average of ["micro", "macro", "weighted"] as const) {
    const heading = average === "micro" && microIsAccuracy ? "accuracy" : `${average} avg`;
    const r = precisionRecallFscoreSupport(yTrue, yPred, { ...common, average });
    if (heading === "accuracy") {
      dict.accuracy = r.precision;
      avgRows.push([heading, null, null, r.fscore, total]);
    } else {
      dict[heading] = { precision: r.precision, recall: r.recall, "f1-score": r.fscore, support: total };
      avgRows.push([heading, r.precision, r.recall, r.fscore, total]);
    }
  }

  const width = Math.max(...names.map(cpLength), "weighted avg".length, digits);
  const num = (v: number | null): string => " " + (v === null ? " ".repeat(9) : padLeft(pyFixed(v, digits), 9));
  const line = ([h, p, r, f, s]: readonly [string, number | null, number | null, number, number]): string =>
    padLeft(h, width) + " " + num(p) + num(r) + num(f) + " " + padLeft(supportText(s, weighted), 9) + "\n";
  let text = " ".repeat(width) + " " + ["precision", "recall", "f1-score", "support"].map((h) => " " + padLeft(h, 9)).join("") + "\n\n";
  for (const r of rows) text += line(r);
  text += "\n";
  for (const r of avgRows) text += line(r);
  return new ClassificationReport(text, dict, [...rows, ...avgRows], digits, weighted);
}

printsAsText(ClassificationReport);
