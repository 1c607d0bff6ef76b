/** Shared by the persist tests: the contract suite's estimators and data, and outputs as comparable bytes. */
import * as fs from "fs";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { RandomState } from "../../lib/random";
import { ContractCase } from "../contract/types";

/** Every contract case (test/contract/cases/*). */
export function contractCases(): ContractCase[] {
  const dir = path.join(__dirname, "..", "contract", "cases");
  const out: ContractCase[] = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".js")).sort()) {
    out.push(...(require(path.join(dir, f)).cases as ContractCase[]));
  }
  return out;
}

/** The contract suite's default data: two blobs in 4 features. */
export function caseData(c: ContractCase): { X: number[][]; y?: number[] } {
  if (c.data) return c.data();
  const rs = new RandomState(0);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 60; i++) {
    const cls = i % 2;
    const row: number[] = [];
    for (let j = 0; j < 4; j++) row.push((rs.standardNormal() as number) + (cls ? 2.5 : -1) * (j % 2 ? 1 : 0.5));
    X.push(row);
    y.push(c.kind === "regressor" ? row[0] * 2 - row[1] : cls);
  }
  return { X, y };
}

/** The methods whose outputs must survive a round trip. */
export const OUTPUT_METHODS = ["predict", "predictProba", "decisionFunction", "transform"];

/** Outputs as raw bytes, so -0 vs 0 and NaN payloads count as differences. */
export function outputBytes(v: unknown): Buffer {
  if (v instanceof NDArray) return Buffer.concat([Buffer.from(JSON.stringify(v.shape)), Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength)]);
  return Buffer.from(JSON.stringify(v));
}

