import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const child = path.join(__dirname, "helpers", "modcache-child.js");

interface Out { a: Record<string, unknown>; stats: { hit: number; miss: number; rejected: number }; file: string }

function run(root: string, cacheDir: string): Promise<Out> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [child, root], { env: { ...process.env, TYPELEARN_CACHE_DIR: cacheDir }, timeout: 60000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split("\n").pop()!))));
  });
}

describe("kernel/compile_cache: V8 code cache for the package's modules", function () {
  this.timeout(120000);
  let root: string, cache: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "tl-modcache-root-"));
    cache = fs.mkdtempSync(path.join(os.tmpdir(), "tl-modcache-"));
    // a.js exercises what Node's own module wrapper provides: require (relative, resolve, cache, main), module,
    // exports, __filename, __dirname, and a function compiled lazily after load.
    fs.writeFileSync(path.join(root, "a.js"), [
      "\"use strict\";",
      "const b = require(\"./b\");",
      "const later = (n) => n * b.x;",
      "const json = require(\"./c.json\").k;",
      "module.exports = { fromB: b.x, twice: later(2), file: __filename, dir: __dirname, resolved: require.resolve(\"./b\"),",
      "  cached: require.cache[require.resolve(\"./b\")].exports === b, main: require.main === process.mainModule,",
      "  parent: module.children.map((m) => m.id), json, thisIsExports: this === exports };",
    ].join("\n"));
    fs.writeFileSync(path.join(root, "b.js"), "exports.x = 21;\n");
    fs.writeFileSync(path.join(root, "c.json"), "{\"k\": 5}");
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it("modules behave as under Node's loader, compile from source once, then from the cache", async () => {
    const first = await run(root, cache);
    assert.deepEqual(first.a, {
      fromB: 21, twice: 42, file: path.join(root, "a.js"), dir: root, resolved: path.join(root, "b.js"), cached: true, main: true,
      parent: [path.join(root, "b.js"), path.join(root, "c.json")], json: 5, thisIsExports: true,
    });
    assert.deepEqual(first.stats, { hit: 0, miss: 2, rejected: 0 });
    assert.ok(fs.statSync(first.file).size > 0);
    const second = await run(root, cache);
    assert.deepEqual(second.a, first.a);
    assert.deepEqual(second.stats, { hit: 2, miss: 0, rejected: 0 });
  });

  it("an edited module compiles from source and gives its new value; the others still hit", async () => {
    await run(root, cache);
    fs.writeFileSync(path.join(root, "b.js"), "exports.x = 4;\n");
    const r = await run(root, cache);
    assert.equal(r.a.fromB, 4);
    assert.equal(r.a.twice, 8);
    assert.deepEqual(r.stats, { hit: 1, miss: 1, rejected: 0 });
    assert.deepEqual((await run(root, cache)).stats, { hit: 2, miss: 0, rejected: 0 });
  });

  it("a corrupt or truncated cache file is ignored and rewritten", async () => {
    const first = await run(root, cache);
    const good = fs.readFileSync(first.file);
    const nl = good.indexOf(10);
    // A valid index over data V8 refuses: each module is compiled from source and counted as rejected.
    fs.writeFileSync(first.file, Buffer.concat([good.subarray(0, nl + 1), Buffer.alloc(good.length - nl - 1, 7)]));
    const rejected = await run(root, cache);
    assert.equal(rejected.a.twice, 42);
    assert.deepEqual(rejected.stats, { hit: 0, miss: 0, rejected: 2 });
    assert.deepEqual((await run(root, cache)).stats, { hit: 2, miss: 0, rejected: 0 });
    fs.writeFileSync(first.file, "not json at all");
    const junk = await run(root, cache);
    assert.equal(junk.a.fromB, 21);
    assert.deepEqual(junk.stats, { hit: 0, miss: 2, rejected: 0 });
    fs.truncateSync(first.file, 10);
    assert.deepEqual((await run(root, cache)).stats, { hit: 0, miss: 2, rejected: 0 });
  });
});
