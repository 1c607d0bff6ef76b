/**
 * The contract cases, read from the registry: every contract example a registered estimator carries (the
 * library's, registered by its index, and the worked example's, a test file), resolved into a maker, its role
 * (read from the estimator) and its data. Nothing here lists an estimator.
 */
import { estimatorType } from "../../lib/base/roles";
import { contractEntry, estimatorClass, registeredEstimators } from "../../lib/base/registry";
import { contractData } from "./data";
import type { ContractCase, EstimatorKind } from "./types";

/** An example's options as `name=value`, for test names. */
function optionsLabel(options: Readonly<Record<string, unknown>> | undefined): string {
  return Object.entries(options ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
}

/**
 * Every contract example of every registered estimator: the library's (its index registers them) and the worked
 * example's (a test file). The cases come from the registry alone; nothing here lists an estimator.
 */
export function loadCases(): ContractCase[] {
  require("../../lib/index");
  require("./example_estimator");
  const out: ContractCase[] = [];
  for (const className of registeredEstimators()) {
    const entry = contractEntry(className);
    if (!entry || !("examples" in entry)) continue;
    const cls = estimatorClass(className);
    for (const ex of entry.examples) {
      const make = ex.make ?? (() => new cls({ ...ex.options }));
      const kind: EstimatorKind = estimatorType(make()) ?? "transformer";
      const label = ex.label ?? optionsLabel(ex.options);
      const { make: _make, data: _data, ...rest } = ex;
      out.push({ ...rest, name: label ? `${className}(${label})` : className, kind, make, data: () => contractData(ex.data, kind) });
    }
  }
  return out;
}
