/**
 * Importing typelearn (as the kernel's prelude does) must not load Fastify, TypeBox or the Swagger plugins: they
 * load on the first serve() call, so kernel start-up does not pay for them.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

describe("serve: Fastify loads lazily", () => {
  it("require('typelearn') loads no server module; serve() loads them", () => {
    const lib = path.join(__dirname, "..", "..", "lib", "index.js");
    const script = `
      const lib = require(${JSON.stringify(lib)});
      const loaded = () => Object.keys(require.cache).filter((k) => /node_modules[\\\\/](fastify|@fastify|@sinclair)/.test(k)).length;
      const before = loaded();
      const m = new lib.LinearRegression().fit([[0], [1]], [0, 1]);
      lib.serve(m, { port: 0 }).then(async (s) => { const after = loaded(); await s.close(); console.log(JSON.stringify({ before, after })); });`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    const { before, after } = JSON.parse(r.stdout.trim());
    assert.equal(before, 0);
    assert.ok(after > 0);
  });
});
