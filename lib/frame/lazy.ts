/**
 * nodejs-polars and danfojs-node, loaded on first use only: both are large native/tfjs-backed packages, and a
 * notebook that never touches a frame should not pay their start-up cost.
 */
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
 * The danfojs-node module (required on first call).
 * @example new (loadDanfo().DataFrame)({ a: [1, 2] }).shape; // [2, 1]
 */
export function loadDanfo(): Danfo {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  if (!danfo) danfo = require("danfojs-node") as Danfo;
  return danfo;
}

/**
 * Columns of values as a polars DataFrame, keeping the given column order.
 * @param columns - column name → values (numbers, strings, booleans or nulls)
 * @example columnsToPolars({ x: [1, 2], y: ["a", "b"] }).columns; // ["x", "y"]
 */
export function columnsToPolars(columns: Record<string, ArrayLike<unknown>>): import("nodejs-polars").DataFrame {
  const pl = loadPolars();
  return pl.DataFrame(Object.entries(columns).map(([name, values]) => pl.Series(name, Array.from(values) as never[])));
}
