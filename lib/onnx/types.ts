/**
 * What an exporter receives and returns: typed value names in the graph being built. A transformer yields
 * `transformed`; a regressor `variable`; a classifier `label` and `probabilities` — the output names of the file.
 */
import type { Dim, Elem, Graph } from "./graph";

/** A value in the graph with its element type and shape. */
export interface Val {
  name: string;
  elem: Elem;
  dims: Dim[];
}

/** The outputs of one exported estimator. */
export interface Outputs {
  label?: Val;
  probabilities?: Val;
  variable?: Val;
  transformed?: Val;
}

/** Writes one fitted estimator's computation into `g`, reading `x`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Exporter = (g: Graph, x: Val, est: any) => Outputs;
