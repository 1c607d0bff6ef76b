/**
 * The streaming writer (lib/persist/container_write.ts, issue 17): dump sends a file through a small reused window
 * instead of assembling it in one buffer. It must write exactly the bytes the one-buffer writer wrote — for every
 * contract estimator, across window boundaries, with empty arrays, long or non-ASCII manifests — and keep working
 * after a failed write or when used from inside its own sink.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { BaseEstimator } from "../../lib/base/estimator";
import { dump, dumpBytes, load, loadBytes } from "../../lib/persist";
import { WINDOW_BYTES, streamContainer, writeContainer } from "../../lib/persist/container_write";
import { encodeEstimator } from "../../lib/persist/encode";
import { DataSection, HEADER_BYTES, align8, readContainer } from "../../lib/persist/format";
import { StandardScaler } from "../../lib/preprocessing/standard_scaler";
import { caseData, contractCases } from "./helpers";
import { legacyWriteContainer } from "./legacy_writer";
import { Rng } from "./mutate";

/** A binary section laid out as the encoder lays it out (8-aligned offsets). */
function section(arrays: ArrayBufferView[]): DataSection {
  const chunks: { offset: number; bytes: Uint8Array }[] = [];
  let end = 0;
  for (const a of arrays) {
    const offset = align8(end);
    chunks.push({ offset, bytes: new Uint8Array(a.buffer, a.byteOffset, a.byteLength) });
    end = offset + a.byteLength;
  }
  return { byteLength: align8(end), chunks };
}

/** Every piece the writer hands over, checked against the window size, and their concatenation. */
function streamed(manifest: string, data: DataSection | Uint8Array): Buffer {
  const pieces: Buffer[] = [];
  const n = streamContainer(manifest, data, (p) => {
    assert.ok(p.length > 0 && p.length <= WINDOW_BYTES, `piece of ${p.length} bytes`);
    pieces.push(Buffer.from(p)); // a copy: the window is refilled after the call
  });
  const all = Buffer.concat(pieces);
  assert.equal(n, all.length);
  return all;
}

/** The manifest text of a model file. */
function manifestOf(file: Buffer): string {
  return file.subarray(HEADER_BYTES, HEADER_BYTES + file.readUInt32LE(12)).toString("utf8");
}

describe("persist: streaming writer (same bytes as the one-buffer writer)", function () {
  this.timeout(30000);
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-stream-")); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("dump and dumpBytes write, for every contract estimator, exactly what the one-buffer writer wrote", () => {
    const f = path.join(dir, "m.tl");
    let compared = 0;
    for (const c of contractCases()) {
      const { X, y } = caseData(c);
      const est = c.make().fit(X, y) as BaseEstimator;
      dump(est, f);
      const file = fs.readFileSync(f);
      const reference = legacyWriteContainer(manifestOf(file), encodeEstimator(est).data);
      assert.ok(file.equals(reference), `${c.name}: dump differs from the one-buffer writer`);
      assert.ok(dumpBytes(est).equals(file), `${c.name}: dumpBytes differs from dump`);
      compared++;
    }
    assert.ok(compared >= 30, `only ${compared} contract estimators`);
  });

  it("arrays larger than the window, empty arrays and odd lengths: same bytes, pieces never above the window", () => {
    const rng = new Rng(3);
    const big = Float64Array.from({ length: (WINDOW_BYTES * 2.5) / 8 + 3 }, () => rng.int(1 << 30) / 7);
    const odd = Uint8Array.from({ length: 13 }, () => rng.int(256));
    const emptyOwn = new Float64Array(0); // over an empty ArrayBuffer
    const emptyView = new Int32Array(big.buffer, 16, 0); // an empty view into a non-empty buffer
    const ints = Int32Array.from({ length: 1001 }, (_, i) => i - 500);
    const exact = new Uint8Array(WINDOW_BYTES); // exactly one window
    exact.fill(0xab);
    const layouts: ArrayBufferView[][] = [
      [big], [odd, big, odd], [emptyOwn, odd, emptyView, ints, emptyOwn], [emptyOwn], [], [exact, odd, exact], [ints, big, emptyView],
    ];
    for (const [i, arrays] of layouts.entries()) {
      const data = section(arrays);
      const manifest = JSON.stringify({ layout: i, arrays: arrays.length });
      const bytes = streamed(manifest, data);
      assert.ok(bytes.equals(legacyWriteContainer(manifest, data)), `layout ${i}`);
      assert.ok(writeContainer(manifest, data).equals(bytes), `layout ${i}: writeContainer`);
      const c = readContainer(bytes); // checks lengths and the CRC-32
      assert.equal(c.manifestText, manifest);
      assert.equal(c.data.length, data.byteLength);
    }
  });

  it("a manifest longer than the window, ASCII or not (characters outside the BMP on every side of a boundary)", () => {
    const ascii = JSON.stringify({ names: Array.from({ length: 40000 }, (_, i) => `feature_${i}`) });
    assert.ok(ascii.length > WINDOW_BYTES * 1.5);
    // 4-byte UTF-8 characters (surrogate pairs in the string) and 2-byte ones, shifted so some straddle each boundary
    const wide = (shift: number) => JSON.stringify({ pad: "x".repeat(shift), names: Array.from({ length: 30000 }, (_, i) => `π${i}😀é`) });
    const data = section([Float64Array.of(1, 2, 3)]);
    for (const manifest of [ascii, wide(0), wide(1), wide(2), wide(3)]) {
      const bytes = streamed(manifest, data);
      assert.ok(bytes.equals(legacyWriteContainer(manifest, data)));
      assert.equal(readContainer(bytes).manifestText, manifest);
    }
  });

  it("a sink that writes another file meanwhile, or throws, leaves both files and the next one right", () => {
    const outer = section([Float64Array.from({ length: WINDOW_BYTES / 4 }, (_, i) => i)]);
    const inner = section([Int32Array.from({ length: WINDOW_BYTES / 2 }, (_, i) => -i)]);
    let nested: Buffer | undefined;
    const pieces: Buffer[] = [];
    streamContainer('{"outer":1}', outer, (p) => {
      if (!nested) nested = streamed('{"inner":1}', inner);
      pieces.push(Buffer.from(p));
    });
    assert.ok(Buffer.concat(pieces).equals(legacyWriteContainer('{"outer":1}', outer)));
    assert.ok(nested!.equals(legacyWriteContainer('{"inner":1}', inner)));
    let calls = 0;
    assert.throws(() => streamContainer('{"outer":1}', outer, () => { if (++calls === 2) throw new Error("disk full"); }), /disk full/);
    assert.ok(streamed('{"outer":1}', outer).equals(legacyWriteContainer('{"outer":1}', outer)));
  });

  it("a model whose arrays are larger than the window dumps, loads and predicts the same", () => {
    const p = Math.ceil(WINDOW_BYTES / 8) + 77;
    const rng = new Rng(9);
    const X = new NDArray(Float64Array.from({ length: 3 * p }, () => rng.int(1000) / 10), [3, p]);
    const scaler = new StandardScaler().fit(X);
    const f = path.join(dir, "wide.tl");
    const n = dump(scaler, f);
    const file = fs.readFileSync(f);
    assert.equal(n, file.length);
    assert.ok(file.length > 3 * WINDOW_BYTES);
    assert.ok(file.equals(legacyWriteContainer(manifestOf(file), encodeEstimator(scaler).data)));
    const back = load<StandardScaler>(f);
    assert.deepEqual(Array.from((back.transform(X) as NDArray).data), Array.from((scaler.transform(X) as NDArray).data));
    assert.deepEqual(Array.from((loadBytes<StandardScaler>(dumpBytes(scaler)).transform(X) as NDArray).data),
      Array.from((scaler.transform(X) as NDArray).data));
  });
});
