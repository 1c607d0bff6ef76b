/** `typelearn serve model.onnx` from the command line: the .tl routes and checks, and a clean exit on SIGTERM. */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { loadIris } from "../../lib/datasets";
import { LogisticRegression } from "../../lib/linear";
import { exportOnnx } from "../../lib/onnx";

const bin = path.resolve(__dirname, "..", "..", "..", "bin", "typelearn.js");

describe("onnx: typelearn serve model.onnx", function () {
  this.timeout(120_000);

  it("serves predictions equal to the model's, 400s bad rows, exits 0 on SIGTERM", async () => {
    const d = loadIris();
    const clf = new LogisticRegression({ maxIter: 500 }).fit(d.data as NDArray, d.target as NDArray);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-onnx-cli-"));
    const file = path.join(dir, "iris.onnx");
    exportOnnx(clf, file);
    const child = spawn(process.execPath, [bin, "serve", file, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (b: Buffer) => {
          out += b.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
          if (m) resolve(m[0]);
        });
        child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${out}`)));
      });
      const row = [6.3, 2.9, 5.6, 1.8];
      const res = await fetch(`${url}/predict`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ features: row }) });
      const body = await res.json() as { prediction: number; probabilities: number[] };
      assert.equal(body.prediction, (clf.predict([row]) as NDArray).data[0]);
      assert.equal(body.probabilities.length, 3);
      const bad = await fetch(`${url}/predict`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ features: [1] }) });
      assert.equal(bad.status, 400);
      const code = await new Promise<number | null>((resolve) => { child.on("exit", resolve); child.kill("SIGTERM"); });
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
