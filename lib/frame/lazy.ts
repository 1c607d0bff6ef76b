/**
 * nodejs-polars and danfojs-node, loaded on first use only: both are large native/tfjs-backed packages, and a
 * notebook that never touches a frame should not pay their start-up cost.
 */
import * as path from "path";
import { requireDeferring } from "./deferred_require";

type Polars = typeof import("nodejs-polars");
type Danfo = typeof import("danfojs-node");

let polars: Polars | undefined;
let danfo: Danfo | undefined;

/**
 * The nodejs-polars module (required on first call).
 * @example loadPolars().DataFrame({ a: [1, 2] }).height; // 2
 */
export function loadPolars(): Polars {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  if (!polars) polars = require("nodejs-polars") as Polars;
  return polars;
}

/**
 * The danfojs-node module (required on first call). Its heavy dependencies wait until danfo first calls them
 * (deferred_require.ts): mathjs (statistics), xlsx (Excel files), request (URLs) and tfjs-node (tensors) —
 * except tfjs's Tensor class, which every DataFrame constructor tests its input against, taken from tfjs-core
 * (the class tfjs-node itself exports).
 * @example new (loadDanfo().DataFrame)({ a: [1, 2] }).shape; // [2, 1]
 */
export function loadDanfo(): Danfo {
  if (!danfo) {
    const tfNode = path.dirname(require.resolve("@tensorflow/tfjs-node/package.json", { paths: [danfoRoot()] }));
    const tensor = () => (require(require.resolve("@tensorflow/tfjs-core", { paths: [tfNode] })) as { Tensor: unknown }).Tensor;
    danfo = requireDeferring<Danfo>("danfojs-node", {
      mathjs: {}, xlsx: {}, request: {}, "@tensorflow/tfjs-node": { early: { Tensor: tensor } },
    });
  }
  return danfo;
}

function danfoRoot(): string {
  return path.dirname(require.resolve("danfojs-node/package.json"));
}

/**
 * Columns of values as a polars DataFrame, keeping the given column order.
 * @param columns - column name → values (numbers, strings, booleans or nulls)
 * @example columnsToPolars({ x: [1, 2], y: ["a", "b"] }).columns; // ["x", "y"]
 */
export function columnsToPolars(columns: Record<string, ArrayLike<unknown>>): import("nodejs-polars").DataFrame {
  const pl = loadPolars();
  return pl.DataFrame(Object.entries(columns).map(([name, values]) =>
    (ArrayBuffer.isView(values) ? pl.Series(name, values as never) : pl.Series(name, uniformColumn(Array.from(values)) as never[]))));
}

/**
 * A column polars can type: undefined → null; a column mixing kinds (numbers and strings, or objects) becomes
 * text, objects as JSON — as pandas would show them in an object column.
 */
function uniformColumn(values: unknown[]): unknown[] {
  const kinds = new Set<string>();
  for (const v of values) if (v !== null && v !== undefined) kinds.add(typeof v === "object" ? "object" : typeof v);
  const textual = kinds.size > 1 || kinds.has("object") || kinds.has("function") || kinds.has("symbol");
  return values.map((v) => {
    if (v === undefined || v === null) return null;
    if (!textual) return typeof v === "bigint" ? Number(v) : v;
    return typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  });
}
