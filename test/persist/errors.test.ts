/**
 * Each check of load, one by one: a file damaged in one precise way gives a PersistError of the expected kind,
 * naming where. Also dump's own errors (a non-estimator, a value the format cannot hold, an unwritable path).
 */
import { strict as assert } from "assert";
import * as os from "os";
import * as path from "path";
import { BaseEstimator, registerEstimator } from "../../lib/base/estimator";
import { DecisionTreeClassifier } from "../../lib/tree";
import { LinearRegression } from "../../lib/linear";
import { StandardScaler } from "../../lib/preprocessing/standard_scaler";
import { makePipeline } from "../../lib/pipeline";
import { dump, dumpBytes, load, loadBytes, PersistError, PersistErrorKind } from "../../lib/persist";
import { TypelearnError } from "../../lib/errors";
import { pack, split } from "./mutate";

const X = [[0, 1], [1, 0], [2, 2], [3, 1], [4, 5], [5, 3]];
const y = [0, 0, 1, 1, 1, 0];

function rejects(bytes: Buffer, kind: PersistErrorKind, pathPart?: string | RegExp): PersistError {
  try {
    loadBytes(bytes);
  } catch (e) {
    assert.ok(e instanceof PersistError, `expected a PersistError, got ${(e as Error).constructor.name}: ${(e as Error).message}`);
    assert.ok(e instanceof TypelearnError);
    assert.equal(e.kind, kind, e.message);
    if (pathPart instanceof RegExp) assert.match(e.path, pathPart);
    else if (pathPart) assert.ok(e.path.includes(pathPart), `path ${e.path} should name ${pathPart}`);
    return e;
  }
  assert.fail("load succeeded");
}

/** Edit the manifest of a valid file and re-pack it with correct lengths and checksum. */
function edit(file: Buffer, f: (model: any, manifest: any) => void): Buffer {
  const { manifest, data } = split(file);
  f((manifest as any).model, manifest);
  return pack(JSON.stringify(manifest), data);
}

describe("persist: every load check gives a typed error", () => {
  const lr = dumpBytes(new LinearRegression().fit(X, y));
  const pipe = dumpBytes(makePipeline(new StandardScaler(), new DecisionTreeClassifier({ randomState: 0 })).fit(X, y));

  it("container: magic, size, version, lengths, checksum", () => {
    rejects(Buffer.from("PK\x03\x04 a zip file"), "magic");
    rejects(Buffer.alloc(0), "magic");
    rejects(lr.subarray(0, 30), "truncated");
    const v3 = Buffer.from(lr); v3.writeUInt32LE(3, 8);
    assert.match(rejects(v3, "version").message, /expected format version 1 or 2, received 3 \(written by a newer typelearn\)/);
    const v0 = Buffer.from(lr); v0.writeUInt32LE(0, 8);
    rejects(v0, "version", "header");
    rejects(lr.subarray(0, lr.length - 1), "truncated", "header");
    rejects(Buffer.concat([lr, Buffer.alloc(8)]), "truncated");
    const big = Buffer.from(lr); big.writeBigUInt64LE(2n ** 63n, 16);
    rejects(big, "truncated");
    const flipped = Buffer.from(lr); flipped[40] ^= 1;
    assert.match(rejects(flipped, "checksum", "trailer").message, /CRC-32/);
    // a format-2 file relabelled format 1: its 4-byte trailer makes the lengths disagree before any hashing
    const v1 = Buffer.from(lr); v1.writeUInt32LE(1, 8);
    rejects(v1, "truncated", "header");
  });

  it("manifest: JSON, format name, version, shape of an estimator", () => {
    const { data } = split(lr);
    rejects(pack("{not json", data), "manifest", "manifest");
    rejects(pack("[]", data), "manifest");
    rejects(pack(JSON.stringify({ format: "pickle" }), data), "manifest", "manifest.format");
    rejects(edit(lr, (_m, man) => { man.formatVersion = 7; }), "version");
    // header and manifest must name the same version, in both directions
    rejects(edit(lr, (_m, man) => { man.formatVersion = 1; }), "version", "manifest.formatVersion");
    const { manifest: m1, data: d1 } = split(lr);
    rejects(pack(JSON.stringify(m1), d1, undefined, 1), "version", "manifest.formatVersion");
    (m1 as { formatVersion: number }).formatVersion = 1;
    loadBytes(pack(JSON.stringify(m1), d1, undefined, 1)); // the same model as a well-formed format-1 file loads
    rejects(edit(lr, (_m, man) => { man.dataBytes = 0; }), "manifest", "dataBytes");
    rejects(edit(lr, (m) => { m.extra = 1; }), "manifest", "model");
    rejects(edit(lr, (m) => { m.params.fitIntercept = { $eval: "process.exit()" }; }), "manifest", "params.fitIntercept");
    const { manifest, data: d } = split(lr);
    const proto = JSON.stringify(manifest).replace('"fitIntercept":true', '"fitIntercept":{"__proto__":{"polluted":1}}');
    rejects(pack(proto, d), "manifest", "fitIntercept");
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    rejects(edit(lr, (m) => { m.state.rank_ = { $number: "1+1" }; }), "manifest", "rank_");
  });

  it("classes: only registered estimator classes, options through the class's own checks", () => {
    assert.match(rejects(edit(lr, (m) => { m.className = "Function"; }), "class", "className").message, /registered estimator class/);
    rejects(edit(lr, (m) => { m.className = "toString"; }), "class");
    assert.match(rejects(edit(lr, (m) => { m.params.nJobs = 2; }), "params", "LinearRegression").message, /nJobs/);
    rejects(edit(pipe, (m) => { m.params.steps = [["a", 1]]; }), "params", "Pipeline");
  });

  it("learned fields: known names only, arrays in bounds, aligned, allowed dtypes, consistent shapes", () => {
    assert.match(rejects(edit(lr, (m) => { m.state.hack_ = 1; }), "state", "state.hack_").message, /learned fields/);
    rejects(edit(lr, (m) => { m.state.constructor = 1; }), "state");
    rejects(edit(lr, (m) => { m.state.coef_.$ndarray.offset = 1 << 20; }), "array", "coef_");
    rejects(edit(lr, (m) => { m.state.coef_.$ndarray.offset = 4; }), "array", "coef_.offset");
    rejects(edit(lr, (m) => { m.state.coef_.$ndarray.dtype = "float16"; }), "array", "coef_.dtype");
    rejects(edit(lr, (m) => { m.state.coef_.$ndarray.shape = [3]; }), "array", "coef_");
    rejects(edit(lr, (m) => { m.state.coef_.$ndarray.shape = [-2, -1]; }), "array", "coef_.shape[0]");
    rejects(edit(lr, (m) => { m.state.coef_ = { $typed: { type: "BigInt64Array", offset: 0, byteLength: 8 } }; }), "array", "coef_.type");
    rejects(edit(lr, (m) => { m.params = { $ndarray: m.state.coef_.$ndarray }; }), "manifest");
  });

  it("deep nesting is refused without exhausting the stack", () => {
    const { manifest, data } = split(lr);
    const text = JSON.stringify(manifest).replace(/"rank_":\d+/, `"rank_":${"[".repeat(100000)}0${"]".repeat(100000)}`);
    rejects(pack(text, data), "manifest", "rank_");
  });

  it("tree structure: a link back up (an endless walk) and a feature past the row are refused", () => {
    const step = (m: any) => m.params.steps[1][1].$estimator;
    const { data } = split(pipe);
    // find the tree's childrenLeft array in the data section and point node 0's left child at itself
    const cycle = edit(pipe, () => undefined);
    const { manifest } = split(cycle);
    const ref = step((manifest as any).model).state.tree_.childrenLeft.$typed;
    const d2 = new Uint8Array(data);
    new DataView(d2.buffer).setInt32(ref.offset, 0, true);
    assert.match(rejects(pack(JSON.stringify(manifest), d2), "state", "tree_.childrenLeft").message, /node 0/);
    const fref = step((manifest as any).model).state.tree_.feature.$typed;
    const d3 = new Uint8Array(data);
    new DataView(d3.buffer).setInt32(fref.offset, 99, true);
    rejects(pack(JSON.stringify(manifest), d3), "state", "tree_.feature");
  });

  it("inconsistent learned fields fail the trial prediction inside load", () => {
    const e = rejects(edit(lr, (m) => { delete m.state.coef_; }), "state", "model");
    assert.match(e.message, /trial predict/);
    rejects(edit(lr, (m) => { m.state.coef_ = "abc"; }), "state");
  });

  it("dump: a non-estimator, an unregistered class, a function in the options, an unwritable path", () => {
    assert.throws(() => dumpBytes({ predict: () => 1 } as unknown as BaseEstimator), (e: unknown) => e instanceof PersistError && e.kind === "unsupported");
    class Unregistered extends BaseEstimator { constructor() { super({}, {}); } }
    assert.throws(() => dumpBytes(new Unregistered()), (e: unknown) => e instanceof PersistError && /not registered/.test((e as Error).message));
    class WithFn extends BaseEstimator { declare f: unknown; constructor(o: { f?: unknown } = {}) { super({ f: null }, o); } }
    registerEstimator(WithFn);
    assert.throws(() => dumpBytes(new WithFn({ f: () => 1 })), (e: unknown) => e instanceof PersistError && (e as PersistError).path.includes("f"));
    assert.throws(() => dump(new LinearRegression(), path.join(os.tmpdir(), "no-such-dir-tl", "m.tl")),
      (e: unknown) => e instanceof PersistError && e.kind === "io");
    assert.throws(() => load(path.join(os.tmpdir(), "no-such-file-tl.tl")), (e: unknown) => e instanceof PersistError && e.kind === "io");
  });
});
