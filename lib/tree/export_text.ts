/**
 * A text report of a fitted tree's rules, as scikit-learn's `export_text`.
 */
import { OptionError, ShapeError } from "../errors";
import { pyFixed } from "../format";
import type { NDArray } from "../array/ndarray";
import type { TreeArrays } from "./tree_struct";
import { TREE_UNDEFINED } from "./tree_struct";
import { hasFitted } from "../base/fitted";

/** Options of {@link exportText}. */
export interface ExportTextOptions {
  /** Names of the features (default: featureNamesIn_ when fitted on a frame, else feature_0, feature_1, …). */
  featureNames?: readonly string[] | null;
  /** Deeper levels are shown as "truncated branch of depth d". Default 10. */
  maxDepth?: number;
  /** Width of each indentation level. Default 3. */
  spacing?: number;
  /** Decimals of thresholds and values. Default 2. */
  decimals?: number;
  /** Show the class weights of classifier leaves. Default false. */
  showWeights?: boolean;
}

/** What exportText needs of a fitted tree estimator. */
export interface ExportableTree {
  tree_?: TreeArrays;
  classes_?: NDArray | string[];
  featureNamesIn_?: string[];
}

/**
 * The rules of a fitted decision tree as indented text.
 * @param tree - a fitted DecisionTreeClassifier or DecisionTreeRegressor
 * @param options - { featureNames, maxDepth = 10, spacing = 3, decimals = 2, showWeights = false }
 * @returns the report, one line per test or leaf
 * @example
 * console.log(exportText(tree, { featureNames: data.featureNames }));
 * // |--- petal width (cm) <= 0.80
 * // |   |--- class: 0
 * // |--- petal width (cm) >  0.80
 * // …
 */
export function exportText(tree: ExportableTree, options: ExportTextOptions = {}): string {
  // read tree_ only when set: on an unfitted estimator the accessor would throw NotFittedError
  const t = tree && hasFitted(tree, "tree_") ? tree.tree_ : undefined;
  if (!t) throw new OptionError("exportText tree", "a fitted decision tree", tree);
  const { maxDepth = 10, spacing = 3, decimals = 2, showWeights = false } = options;
  const names = options.featureNames ?? tree.featureNamesIn_ ?? null;
  if (!(Number.isInteger(maxDepth) && maxDepth >= 0)) throw new OptionError("maxDepth", "an integer ≥ 0", maxDepth);
  if (!(Number.isInteger(spacing) && spacing > 0)) throw new OptionError("spacing", "an integer > 0", spacing);
  if (!(Number.isInteger(decimals) && decimals >= 0)) throw new OptionError("decimals", "an integer ≥ 0", decimals);
  if (names && names.length !== t.nFeatures) {
    throw new ShapeError("featureNames", `${t.nFeatures} names`, `${names.length} names`);
  }
  const classes = tree.classes_;
  const isClassifier = classes !== undefined;
  const stride = t.valueStride;
  const featName = (f: number) => (names ? names[f] : `feature_${f}`);
  const lines: string[] = [];

  const leaf = (node: number, indent: string) => {
    const o = node * stride;
    const nv = t.nOutputs === 1 ? t.nClasses[0] : t.nOutputs;
    // one value per class (single output) or the first class of each output
    const vals: number[] = [];
    for (let c = 0; c < nv; c++) vals.push(t.nOutputs === 1 ? t.value[o + c] : t.value[o + c * (stride / t.nOutputs)]);
    let val = "";
    if (showWeights || !isClassifier) val = `[${vals.map((v) => pyFixed(v, decimals)).join(", ")}]`;
    if (isClassifier) {
      let best = 0;
      for (let c = 1; c < vals.length; c++) if (vals[c] > vals[best]) best = c;
      const name = Array.isArray(classes) ? classes[best] : String(classes!.data[best]);
      val += ` class: ${name}`;
      lines.push(showWeights ? `${indent} weights: ${val}` : `${indent}${val}`);
    } else {
      lines.push(`${indent} value: ${val}`);
    }
  };

  const depthOf = (node: number): number => {
    if (t.childrenLeft[node] === -1) return 1;
    return 1 + Math.max(depthOf(t.childrenLeft[node]), depthOf(t.childrenRight[node]));
  };

  const walk = (node: number, depth: number) => {
    let indent = ("|" + " ".repeat(spacing)).repeat(depth);
    indent = indent.slice(0, indent.length - spacing) + "-".repeat(spacing);
    if (depth <= maxDepth + 1) {
      if (t.feature[node] !== TREE_UNDEFINED) {
        const name = featName(t.feature[node]);
        const thr = pyFixed(t.threshold[node], decimals);
        lines.push(`${indent} ${name} <= ${thr}`);
        walk(t.childrenLeft[node], depth + 1);
        lines.push(`${indent} ${name} >  ${thr}`);
        walk(t.childrenRight[node], depth + 1);
      } else {
        leaf(node, indent);
      }
    } else {
      const d = depthOf(node);
      if (d === 1) leaf(node, indent);
      else lines.push(`${indent} truncated branch of depth ${d}`);
    }
  };
  walk(0, 1);
  return lines.join("\n") + "\n";
}
