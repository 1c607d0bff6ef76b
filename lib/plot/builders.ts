/**
 * The `plot` namespace: the chart builders as declared functions, so a notebook's hover and completion show each
 * one's signatures, documentation and example.
 * @example plot.scatter(x, y, { title: "t" })
 */
export { scatter, line } from "./xy";
export { bar, hist } from "./bars";
export { heatmap } from "./heatmap";
export { layer } from "./layer";
