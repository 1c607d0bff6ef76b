/**
 * What load, readManifest and serve accept as a model file (issue 18, item 8): a regular file only — a FIFO, a
 * character device and a directory are PersistErrors of kind "io" (and the FIFO must not block: this test would
 * hang) — with its header checked before the body is read, so gigabytes of zeros are refused as not a model.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LinearRegression } from "../../lib/linear";
import { dump, dumpBytes, load, PersistError, PersistErrorKind, readManifest, readModelFile } from "../../lib/persist";
import { serve } from "../../lib/serve";

function refusedFile(f: () => unknown, kind: PersistErrorKind, message?: RegExp): PersistError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof PersistError, `expected a PersistError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    assert.equal(e.kind, kind, e.message);
    if (message) assert.match(e.message, message);
    return e;
  }
  assert.fail("the file was accepted");
}

describe("persist: only regular files, header first (issue 18, item 8)", function () {
  this.timeout(20000);
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-files-")); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a FIFO is refused without blocking", async () => {
    const fifo = path.join(dir, "model.fifo");
    execFileSync("mkfifo", [fifo]);
    refusedFile(() => load(fifo), "io", /FIFO/);
    refusedFile(() => readManifest(fifo), "io", /FIFO/);
    await assert.rejects(serve(fifo, { port: 0 }), (e: unknown) => e instanceof PersistError && e.kind === "io");
  });

  it("/dev/zero and other character devices are refused", () => {
    for (const dev of ["/dev/zero", "/dev/null", "/dev/urandom"]) {
      refusedFile(() => load(dev), "io", /character device/);
      refusedFile(() => readManifest(dev), "io", /character device/);
    }
  });

  it("a directory is refused", () => {
    refusedFile(() => load(dir), "io", /directory/);
    refusedFile(() => readManifest(dir), "io", /directory/);
  });

  it("a large sparse file of zeros is refused by its magic bytes", () => {
    const zeros = path.join(dir, "zeros.tl");
    fs.writeFileSync(zeros, "");
    fs.truncateSync(zeros, 2 ** 31); // as `truncate -s 2G`: sparse, 2 GiB of zeros
    refusedFile(() => load(zeros), "magic", /received bytes 0000000000000000/);
    refusedFile(() => readManifest(zeros), "magic");
    // only the header was read: the bytes handed to the container check are the 24 of the header
    assert.equal(readModelFile(zeros).length, 24);
  });

  it("a model header on a large sparse file is refused by its declared lengths before the body is read", () => {
    const big = path.join(dir, "big.tl");
    fs.writeFileSync(big, dumpBytes(new LinearRegression().fit([[0], [1], [2]], [1, 3, 5])));
    fs.truncateSync(big, 2 ** 31);
    refusedFile(() => load(big), "truncated", /make a file of \d+ bytes, received 2147483648 bytes/);
    refusedFile(() => readManifest(big), "truncated");
  });

  it("short files and a model with bytes appended", () => {
    const f = path.join(dir, "short.tl");
    fs.writeFileSync(f, Buffer.alloc(0));
    refusedFile(() => load(f), "magic", /only 0 bytes/);
    const good = dumpBytes(new LinearRegression().fit([[0], [1], [2]], [1, 3, 5]));
    fs.writeFileSync(f, good.subarray(0, 20));
    refusedFile(() => load(f), "truncated", /at least 28 bytes, received 20/);
    fs.writeFileSync(f, Buffer.concat([good, Buffer.alloc(100)]));
    refusedFile(() => load(f), "truncated");
    fs.writeFileSync(f, good);
    assert.deepEqual((load<LinearRegression>(f).coef_.data), new Float64Array([2]));
  });

  it("a regular file and a symlink to one still load", () => {
    const f = path.join(dir, "ok.tl");
    dump(new LinearRegression().fit([[0], [1], [2]], [1, 3, 5]), f);
    const link = path.join(dir, "link.tl");
    fs.symlinkSync(f, link);
    assert.equal(load<LinearRegression>(link).nFeaturesIn_, 1);
    assert.equal(readManifest(link).bytes, fs.statSync(f).size);
  });
});
