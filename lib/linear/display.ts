/**
 * How estimators show themselves: scikit-learn's repr (only non-default options) as text/plain, and a small HTML
 * box with the same text and the fitted state.
 */
import { MimeBundle, escapeHtml } from "../display";

/**
 * sklearn-style repr: `Name(opt=value, …)` listing only options that differ from their defaults.
 * @param name - the class name
 * @param params - current option values
 * @param defaults - default option values
 * @example
 * estimatorRepr("LinearRegression", { fitIntercept: false }, { fitIntercept: true }); // "LinearRegression(fitIntercept=false)"
 */
export function estimatorRepr(name: string, params: Record<string, unknown>, defaults: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || Object.is(v, defaults[k])) continue;
    parts.push(`${k}=${formatValue(v)}`);
  }
  return `${name}(${parts.join(", ")})`;
}

function formatValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(", ")}]`;
  return String(v);
}

/**
 * MIME bundle of an estimator: text/plain repr and an HTML box noting whether it is fitted.
 * @param repr - the text repr
 * @param fitted - whether fit() has run
 * @example
 * estimatorBundle("LinearRegression()", false)["text/plain"]; // "LinearRegression()"
 */
export function estimatorBundle(repr: string, fitted: boolean): MimeBundle {
  const state = fitted ? "fitted" : "not fitted";
  const html = `<div class="typelearn-estimator" style="display:inline-block;border:1px solid #9ab;` +
    `border-radius:4px;padding:4px 8px;font-family:monospace;background:${fitted ? "#eef6ff" : "#f7f7f7"}">` +
    `<span>${escapeHtml(repr)}</span> <span style="color:#678;font-size:smaller">(${state})</span></div>`;
  return { "text/plain": repr, "text/html": html };
}
