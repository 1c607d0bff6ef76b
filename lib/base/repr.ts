/**
 * scikit-learn's estimator repr layout: `Name(a=1, b=2)` on one line when it fits in 80 columns, otherwise one
 * option per line aligned after the opening parenthesis, nested estimators and lists indented where they start —
 *
 *     GridSearchCV(cv=5,
 *                  estimator=Pipeline(steps=[["scaler", StandardScaler()],
 *                                            ["clf", LogisticRegression()]]),
 *                  paramGrid={ "clf__C": [0.1, 1, 10] })
 */

/** Line width the layout keeps to, as scikit-learn's pretty printer. */
export const REPR_WIDTH = 80;

/** A value that lays itself out from a given column (estimators do). */
export interface ReprAt {
  reprAt(column: number, trailing?: number, width?: number): string;
}

/** Text printed as is (not quoted like a string option). */
export class RawRepr {
  constructor(readonly text: string) {}
}

function hasReprAt(v: unknown): v is ReprAt {
  return v !== null && typeof v === "object" && typeof (v as Partial<ReprAt>).reprAt === "function";
}

/**
 * One option value, laid out from `column` with `trailing` closing characters to follow it on its last line.
 * @example formatReprValue(["a", 1], 0); // '["a", 1]'
 */
export function formatReprValue(v: unknown, column: number, trailing = 0, width = REPR_WIDTH): string {
  if (v instanceof RawRepr) return v.text;
  if (typeof v === "string") return JSON.stringify(v);
  if (hasReprAt(v)) return v.reprAt(column, trailing, width);
  if (Array.isArray(v)) return bracketed("[", "]", v.map((x) => (c: number, t: number, w: number) => formatReprValue(x, c, t, w)), column, trailing, width);
  if (v && typeof v === "object" && v.constructor === Object) {
    const items = Object.entries(v).map(([k, x]) => (c: number, t: number, w: number) => `${k}: ${formatReprValue(x, c + k.length + 2, t, w)}`);
    return items.length === 0 ? "{}" : bracketed("{ ", " }", items, column, trailing, width);
  }
  return String(v);
}

type Item = (column: number, trailing: number, width: number) => string;

/** open + items + close, flat when it fits, else one item per line aligned after `open`. */
function bracketed(open: string, close: string, items: Item[], column: number, trailing: number, width: number): string {
  const flat = `${open}${items.map((f) => f(0, 0, Infinity)).join(", ")}${close}`;
  if (column + flat.length + trailing <= width || items.length === 0) return flat;
  const inner = column + open.length;
  const parts = items.map((f, i) => f(inner, i === items.length - 1 ? trailing + close.length : 1, width));
  return `${open}${parts.join(`,\n${" ".repeat(inner)}`)}${close}`;
}

/**
 * `name(k=v, …)` laid out from `column` as scikit-learn prints estimators.
 * @param name - the class name
 * @param entries - the options to show, in order
 * @param column - where the text starts on its first line
 * @param trailing - closing characters that follow on the last line
 * @example callRepr("Ridge", [["alpha", 0.5]]); // "Ridge(alpha=0.5)"
 */
export function callRepr(name: string, entries: readonly (readonly [string, unknown])[], column = 0, trailing = 0, width = REPR_WIDTH): string {
  const items = entries.map(([k, v]) => (c: number, t: number, w: number) => `${k}=${formatReprValue(v, c + k.length + 1, t, w)}`);
  return name + bracketed("(", ")", items, column + name.length, trailing, width);
}

/**
 * Options as `maxDepth=10, minSamplesLeaf=1` (one line), for summaries such as a search's best parameters.
 * @example paramsText({ maxDepth: 10, criterion: "gini" }); // 'maxDepth=10, criterion="gini"'
 */
export function paramsText(params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${formatReprValue(v, 0, 0, Infinity)}`).join(", ");
}
