/**
 * Runs the jupyter_kernel_test conformance suite (test/kernel/python/test_kernel.py) against the compiled kernel
 * with the real interpreter, through jupyter_client, and requires it to pass.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..", "..");

describe("jupyter_kernel_test conformance (Python)", function () {
  this.timeout(240000);

  it("passes every KernelTests check with the kernelspec installed into a temp prefix", () => {
    // The script installs the kernelspec itself with `node bin/typelearn.js install --prefix <tmp>`.
    // `-m unittest test/kernel/python/test_kernel.py` cannot import it (Python's stdlib `test` package shadows
    // the repository's test/ folder), so the script is run directly; it calls unittest.main(verbosity=2).
    const r = spawnSync("/usr/bin/python3", [path.join("test", "kernel", "python", "test_kernel.py")], {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, NODE: process.execPath, TYPELEARN_TEST_JUPYTER_PATH: "" },
      timeout: 230000,
    });
    const output = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 0, `python suite failed:\n${output}`);
    assert.match(r.stderr, /Ran 1[0-9] tests/);
    assert.match(r.stderr, /\nOK/);
    assert.doesNotMatch(r.stderr, /skipped/, "no KernelTests check may be skipped");
  });
});
