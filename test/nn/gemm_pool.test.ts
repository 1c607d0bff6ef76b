import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { ready } from "../../lib/nn/backend";
import { matmulTf } from "../../lib/nn/gemm";
import { gemmPoolReady, matmulShared, startGemmPool } from "../../lib/nn/gemm_pool";

describe("nn two-thread matrix products (gemm_pool)", function () {
  this.timeout(60000);

  it("starts its worker on a machine with two or more cores", async () => {
    await ready();
    const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
    assert.equal(await startGemmPool(), cores >= 2);
    assert.equal(gemmPoolReady(), cores >= 2);
  });

  it("the two-thread product equals the one-thread product bit for bit (same kernel, same k order per element)", async () => {
    await ready();
    if (!(await startGemmPool())) {
      // One core: no worker, and the caller is told to fall back to one thread.
      assert.equal(matmulShared(new Float32Array(4), new Float32Array(4), 2, 2, 2, matmulTf), null);
      return;
    }
    let seed = 7;
    const rand = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    // The MLP's products, odd sizes, a single row, and a product larger than the initial shared buffer (regrowth).
    for (const [m, k, n] of [[128, 784, 256], [256, 128, 784], [256, 784, 128], [7, 33, 5], [1, 300, 257], [512, 900, 1000]]) {
      const a = Float32Array.from({ length: m * k }, () => rand() - 0.5), b = Float32Array.from({ length: k * n }, () => rand() - 0.5);
      const one = matmulTf(a, b, m, k, n), two = matmulShared(a, b, m, k, n, matmulTf);
      assert.ok(two, "pool running");
      assert.equal(two.length, m * n);
      let diff = 0;
      for (let i = 0; i < one.length; i++) if (!Object.is(one[i], two[i])) diff++;
      assert.equal(diff, 0, `${m}×${k}×${n}: ${diff} elements differ`);
    }
  });

  it("the worker never keeps the process alive (unref'd)", () => {
    const dist = path.join(__dirname, "..", "..", "lib", "nn");
    const script = `const b = require(${JSON.stringify(path.join(dist, "backend.js"))});
const p = require(${JSON.stringify(path.join(dist, "gemm_pool.js"))});
const g = require(${JSON.stringify(path.join(dist, "gemm.js"))});
b.ready().then(() => p.startGemmPool()).then((ok) => {
  const c = p.matmulShared(new Float32Array(6).fill(1), new Float32Array(6).fill(2), 2, 3, 2, g.matmulTf);
  console.log("started", ok, c ? Array.from(c).join(",") : "none");
});`;
    // The timeout only guards against a hang; the assertion is that the process ended by itself.
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 30000 });
    assert.equal(r.signal, null, "process had to be killed: the worker kept it alive");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /started (true 6,6,6,6|false none)/);
  });
});
