/** Shared by the persist tests: the contract suite's estimators and data, and outputs as comparable bytes. */
import { NDArray } from "../../lib/array/ndarray";
import { loadCases } from "../contract/cases";
import { contractData } from "../contract/data";
import type { ContractCase } from "../contract/types";

/** Every contract case (the contract examples the registered estimators carry). */
export function contractCases(): ContractCase[] {
  return loadCases();
}

/** A case's data, or for a bare { kind } the contract suite's default: two blobs in 4 features. */
export function caseData(c: Pick<ContractCase, "kind"> & Partial<Pick<ContractCase, "data">>): { X: number[][]; y?: number[] } {
  return c.data ? c.data() : contractData(undefined, c.kind);
}

/** The methods whose outputs must survive a round trip. */
export const OUTPUT_METHODS = ["predict", "predictProba", "decisionFunction", "transform"];

/** Outputs as raw bytes, so -0 vs 0 and NaN payloads count as differences. */
export function outputBytes(v: unknown): Buffer {
  if (v instanceof NDArray) return Buffer.concat([Buffer.from(JSON.stringify(v.shape)), Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength)]);
  return Buffer.from(JSON.stringify(v));
}

