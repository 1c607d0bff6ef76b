/**
 * Where dump writes (issue 18, item 4): never over a FIFO, a device node or a directory (each stays what it was,
 * and no temporary file is left); through a symbolic link to a regular file, which is replaced while the link
 * stays a link; never through a link to a device or to nothing.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LinearRegression } from "../../lib/linear";
import { dump, load, PersistError } from "../../lib/persist";

const model = new LinearRegression().fit([[0], [1], [2]], [1, 3, 5]);

function refusedDump(file: string, message: RegExp): void {
  assert.throws(() => dump(model, file), (e: unknown) => {
    assert.ok(e instanceof PersistError, `expected a PersistError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    assert.equal(e.kind, "io");
    assert.match(e.message, message);
    return true;
  });
}

describe("persist: dump writes only to regular files (issue 18, item 4)", () => {
  let dir: string;
  const noTemp = () => assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith(".tmp-")), []);
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-dump-")); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a FIFO stays a FIFO", () => {
    const fifo = path.join(dir, "out.fifo");
    execFileSync("mkfifo", [fifo]);
    refusedDump(fifo, /FIFO/);
    assert.ok(fs.lstatSync(fifo).isFIFO());
    noTemp();
  });

  it("a device node stays a device (mknod as root; a link to /dev/null otherwise)", () => {
    const dev = path.join(dir, "null-dev");
    let made = false;
    try {
      execFileSync("mknod", [dev, "c", "1", "3"], { stdio: "ignore" });
      made = true;
    } catch {
      fs.symlinkSync("/dev/null", dev);
    }
    refusedDump(dev, /character device/);
    if (made) assert.ok(fs.lstatSync(dev).isCharacterDevice());
    else assert.equal(fs.readlinkSync(dev), "/dev/null");
    assert.ok(fs.statSync("/dev/null").isCharacterDevice());
    noTemp();
  });

  it("a symbolic link to a device and a dangling link are refused, the links untouched", () => {
    const toNull = path.join(dir, "to-null.tl");
    fs.symlinkSync("/dev/null", toNull);
    refusedDump(toNull, /link to a character device/);
    assert.equal(fs.readlinkSync(toNull), "/dev/null");
    const dangling = path.join(dir, "dangling.tl");
    fs.symlinkSync(path.join(dir, "missing", "x.tl"), dangling);
    refusedDump(dangling, /dangling/);
    assert.ok(fs.lstatSync(dangling).isSymbolicLink());
    noTemp();
  });

  it("a directory is refused", () => {
    const sub = path.join(dir, "sub");
    fs.mkdirSync(sub);
    refusedDump(sub, /directory/);
    assert.ok(fs.statSync(sub).isDirectory());
  });

  it("a symbolic link to a regular file is written through: the file is replaced, the link stays", () => {
    const real = path.join(dir, "real.tl");
    fs.writeFileSync(real, "old content");
    const link = path.join(dir, "link.tl");
    fs.symlinkSync("real.tl", link);
    const n = dump(model, link);
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(fs.readlinkSync(link), "real.tl");
    assert.equal(fs.statSync(real).size, n);
    assert.deepEqual(load<LinearRegression>(real).coef_.data, model.coef_.data);
    assert.deepEqual(load<LinearRegression>(link).coef_.data, model.coef_.data);
    noTemp();
  });

  it("a new path and an existing regular file are written as before", () => {
    const f = path.join(dir, "m.tl");
    dump(model, f);
    dump(model, f);
    assert.ok(fs.lstatSync(f).isFile());
    assert.equal(load<LinearRegression>(f).nFeaturesIn_, 1);
    noTemp();
  });
});
