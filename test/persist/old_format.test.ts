/**
 * Files written by an older format version still load: test/fixtures/persist_v1 holds format-1 files of every
 * contract estimator, frozen by a format-1 build (make_v1_fixtures.js), with a SHA-256 of each output the original
 * model gave. Loading one today must give the same outputs bit for bit, and a damaged one must still be refused.
 */
import { strict as assert } from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { BaseEstimator } from "../../lib/base/estimator";
import { PersistError, load, loadBytes, readManifest } from "../../lib/persist";
import { caseData, contractCases, outputBytes } from "./helpers";

const DIR = path.join(__dirname, "../../../test/fixtures/persist_v1");
type Entry = { case: string; kind: string; bytes: number; outputs: Record<string, string> };
const index = JSON.parse(fs.readFileSync(path.join(DIR, "index.json"), "utf8")) as Record<string, Entry>;

describe("persist: format-1 files still load", () => {
  const cases = new Map(contractCases().map((c) => [c.name, c]));

  it("there is a frozen file for every contract estimator", () => {
    const frozen = new Set(Object.values(index).map((e) => e.case));
    for (const name of cases.keys()) assert.ok(frozen.has(name), `no format-1 file for ${name}`);
  });

  for (const [file, e] of Object.entries(index)) {
    it(`${e.case}: a format-1 file loads and predicts what the original predicted`, () => {
      const c = cases.get(e.case);
      assert.ok(c, `contract case ${e.case} is gone`);
      const p = path.join(DIR, `${file}.tl`);
      assert.equal(fs.readFileSync(p).readUInt32LE(8), 1, "the fixture is a format-1 file");
      const back = load(p) as BaseEstimator & Record<string, (x: unknown) => unknown>;
      const { X } = caseData(c);
      assert.ok(Object.keys(e.outputs).length > 0);
      for (const [m, sha] of Object.entries(e.outputs)) {
        assert.equal(createHash("sha256").update(outputBytes(back[m](X))).digest("hex"), sha, `${m} differs`);
      }
      assert.equal(readManifest(p).manifest.formatVersion, 1);
    });
  }

  it("a format-1 file with one flipped bit is refused by its SHA-256 trailer", () => {
    const bytes = fs.readFileSync(path.join(DIR, "RandomForestClassifier_nEstimators_5_randomState_0.tl"));
    for (const at of [30, bytes.length >> 1, bytes.length - 40, bytes.length - 1]) {
      const bad = Buffer.from(bytes);
      bad[at] ^= 0x10;
      assert.throws(() => loadBytes(bad), (err: unknown) => err instanceof PersistError && err.kind === "checksum", `bit at ${at}`);
    }
  });
});
