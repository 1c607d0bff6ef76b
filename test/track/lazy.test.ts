/** Tracking's YAML package loads with the first store, not with `require("typelearn")` (kernel start-up). */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..", "..");

describe("track: yaml loads lazily", () => {
  it("importing typelearn does not load yaml; opening a store does", function () {
    this.timeout(30000);
    const src = `
      const fs = require("fs"), os = require("os"), path = require("path");
      const yamlLoaded = () => Object.keys(require.cache).some((k) => /node_modules[\\\\/]yaml[\\\\/]/.test(k));
      const lib = require(${JSON.stringify(path.join(root, "dist", "lib", "index.js"))});
      const atImport = yamlLoaded();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-yaml-"));
      lib.mlflow.setTrackingUri(dir);
      lib.mlflow.setExperiment("lazy").then(() => {
        process.stdout.write(JSON.stringify({ atImport, afterStore: yamlLoaded() }));
        fs.rmSync(dir, { recursive: true, force: true });
      });`;
    const r = spawnSync(process.execPath, ["-e", src], { encoding: "utf8", timeout: 20000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { atImport: false, afterStore: true });
  });
});
