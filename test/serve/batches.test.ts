/**
 * Hostile and large requests: "__proto__" / "constructor" keys are named (and pollute nothing), a 415 says what
 * content type is expected, the default body limit admits the default batch limit (5,000 and 10,000 real rows are
 * predicted, not 413), `typelearn serve --max-batch/--body-limit` set both, and /health is answered while a big
 * batch is being predicted (asserted as the order of the answers, not as durations).
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { FastifyInstance } from "fastify";
import { loadBreastCancer } from "../../lib/datasets";
import { LinearRegression } from "../../lib/linear";
import { NDArray } from "../../lib/array/ndarray";
import { dump } from "../../lib/persist";
import { buildApp, modelInfo, resolveLimits, serve } from "../../lib/serve";
import { announcedUrl } from "./cli_url";

const data = loadBreastCancer();
const X = data.data as NDArray;
const rows: number[][] = Array.from({ length: X.shape[0] }, (_, i) => Array.from(X.data.subarray(i * 30, i * 30 + 30)));
const manyRows = (k: number) => Array.from({ length: k }, (_, i) => rows[i % rows.length]);

/** A regressor that calls `onPredict` once, on its first predict call. */
class Watched extends LinearRegression {
  onPredict?: () => void;
  calls = 0;
  predict(Xp: Parameters<LinearRegression["predict"]>[0]): NDArray {
    this.calls++;
    const f = this.onPredict;
    this.onPredict = undefined;
    f?.();
    return super.predict(Xp);
  }
}

describe("serve: hostile keys, media types, large batches", function () {
  this.timeout(120000);
  const lr = new LinearRegression().fit(X, data.target);
  let app: FastifyInstance;
  before(async () => { app = await buildApp(lr, modelInfo(lr, "test")); });
  after(async () => { await app.close(); });
  const post = (url: string, payload: string, type = "application/json") =>
    app.inject({ method: "POST", url, payload, headers: { "content-type": type } });

  it("__proto__ and constructor keys are named as unexpected fields, and pollute nothing", async () => {
    const proto = await post("/predict", `{"features": ${JSON.stringify(rows[0])}, "__proto__": {"polluted": 1}}`);
    assert.equal(proto.statusCode, 400);
    assert.equal(proto.json().message, 'body: unexpected field "__proto__" (only "features" is accepted)');
    const ctor = await post("/predict", `{"features": ${JSON.stringify(rows[0])}, "constructor": {"prototype": {"polluted": 1}}}`);
    assert.equal(ctor.json().message, 'body: unexpected field "constructor" (only "features" is accepted)');
    const only = await post("/predict/batch", '{"__proto__": []}');
    assert.equal(only.json().message, 'body: expected a field "instances", received fields "__proto__"');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it("invalid JSON says why", async () => {
    const res = await post("/predict", '{"features": [1,');
    assert.equal(res.statusCode, 400);
    assert.match(res.json().message, /^body: not valid JSON \(.+\)$/);
  });

  it("415 is Unsupported Media Type and names the content type expected", async () => {
    const res = await post("/predict", "<x/>", "application/xml");
    assert.equal(res.statusCode, 415);
    assert.equal(res.json().error, "Unsupported Media Type");
    assert.match(res.json().message, /"application\/xml" is not supported; send JSON with "Content-Type: application\/json"/);
  });

  it("the default body limit fits the default batch limit: 5,000 and 10,000 real rows are predicted", async () => {
    const limits = resolveLimits({}, 30);
    assert.equal(limits.maxBatch, 10_000);
    for (const k of [5_000, 10_000]) {
      const res = await post("/predict/batch", JSON.stringify({ instances: manyRows(k) }));
      assert.equal(res.statusCode, 200, res.body.slice(0, 200));
      assert.equal(res.json().predictions.length, k);
    }
    // the longest numbers JSON writes, with Python's ", " separators, still fit
    const widest = new Array(30).fill(-2.2250738585072014e-308);
    const text = `{"instances": [${new Array(10_000).fill(`[${widest.join(", ")}]`).join(", ")}]}`;
    assert.equal((await post("/predict/batch", text)).statusCode, 200);
    // one row over the batch limit is a 400 about rows, not a 413
    const over = await post("/predict/batch", JSON.stringify({ instances: manyRows(10_001) }));
    assert.equal(over.statusCode, 400);
    assert.equal(over.json().message, "instances: expected 1 to 10000 rows, received 10001");
  });

  it("limits derive from each other: a wide model gets a smaller batch, a given body limit a batch that fits", () => {
    const wide = resolveLimits({}, 5_000);
    assert.ok(wide.maxBatch < 10_000 && wide.bodyLimit <= 64 * 1024 * 1024);
    const small = resolveLimits({ bodyLimit: 100_000 }, 30);
    assert.ok(small.maxBatch >= 1 && JSON.stringify({ instances: new Array(small.maxBatch).fill(new Array(30).fill(-2.2250738585072014e-308)) }).length <= 100_000);
    assert.ok(resolveLimits({ maxBatch: 50_000 }, 30).bodyLimit >= 50_000 * 30 * 25);
  });

  it("a big batch is predicted in chunks that yield: /health is answered before the batch", async () => {
    const model = new Watched().fit(X, data.target);
    const server = await serve(model, { port: 0, predictChunkRows: 1 });
    try {
      const order: string[] = [];
      let health: Promise<void> | undefined;
      model.onPredict = () => {
        health = fetch(`${server.url}/health`).then(async (r) => { assert.equal(r.status, 200); await r.text(); order.push("health"); });
      };
      const batchRows = manyRows(2_000);
      const res = await fetch(`${server.url}/predict/batch`, {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ instances: batchRows }),
      });
      const body = (await res.json()) as { predictions: number[] };
      order.push("batch");
      await health;
      assert.deepEqual(order, ["health", "batch"]);
      assert.ok(model.calls >= 2_000);
      // the chunks joined are the whole batch's prediction
      assert.deepEqual(body.predictions, Array.from(new LinearRegression().fit(X, data.target).predict(batchRows).data));
    } finally {
      await server.close();
    }
  });

  it("typelearn serve --max-batch and --body-limit set both limits", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-serve-batch-"));
    const file = path.join(dir, "lr.tl");
    dump(lr, file);
    const bin = path.join(__dirname, "..", "..", "..", "bin", "typelearn.js");
    const child = spawn(process.execPath, [bin, "serve", file, "--port", "0", "--max-batch", "3", "--body-limit=4000"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await announcedUrl(child);
      const send = (k: number) => fetch(`${url}/predict/batch`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ instances: manyRows(k) }) });
      assert.equal((await send(3)).status, 200);
      const four = await send(4);
      assert.equal(four.status, 400);
      assert.match(((await four.json()) as { message: string }).message, /expected 1 to 3 rows, received 4/);
      const big = await send(40);
      assert.equal(big.status, 413);
      assert.match(((await big.json()) as { message: string }).message, /limit of 4000 bytes/);
    } finally {
      child.kill("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
