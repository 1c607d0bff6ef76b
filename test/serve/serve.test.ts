/**
 * The server on a real socket: serve(pipe, { port: 0 }) then fetch, the guide's fault 4 fixed (raw test rows sent
 * to the server score what the pipeline scores), serving a saved file, graceful close, and the
 * `typelearn serve` command stopping cleanly on SIGTERM.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadBreastCancer } from "../../lib/datasets";
import { makePipeline } from "../../lib/pipeline";
import { StandardScaler } from "../../lib/preprocessing/standard_scaler";
import { RandomForestClassifier } from "../../lib/ensemble";
import { trainTestSplit } from "../../lib/selection";
import { accuracyScore } from "../../lib/metrics";
import { NDArray } from "../../lib/array/ndarray";
import { dump, PersistError } from "../../lib/persist";
import { serve, ModelServer } from "../../lib/serve";
import { OptionError } from "../../lib/errors";
import { displaySymbol } from "../../lib/display";

function rowsOf(a: NDArray): number[][] {
  const [r, c] = a.shape;
  return Array.from({ length: r }, (_, i) => Array.from(a.data.subarray(i * c, (i + 1) * c)));
}

async function postJson(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe("serve: a real server on port 0", function () {
  this.timeout(60000);
  const data = loadBreastCancer();
  const [XTrain, XTest, yTrain, yTest] = trainTestSplit(data.data, data.target, { testSize: 0.2, randomState: 42 }) as NDArray[];
  const pipe = makePipeline(new StandardScaler(), new RandomForestClassifier({ nEstimators: 30, maxDepth: 10, randomState: 42 })).fit(XTrain, yTrain);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-serve-"));
  let server: ModelServer;
  before(async () => { server = await serve(pipe, { port: 0 }); });
  after(async () => { await server?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  it("listens on a free port and displays its URL and routes", () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0);
    const bundle = server[displaySymbol]();
    assert.ok(bundle["text/plain"].includes(`${server.url}/predict`));
    assert.ok(String(bundle["text/html"]).includes(`${server.url}/docs`));
  });

  it("raw test rows through the server score the pipeline's accuracy (the guide's fault 4 fixed)", async () => {
    const rows = rowsOf(XTest);
    const preds: number[] = [];
    for (const features of rows) {
      const r = await postJson(`${server.url}/predict`, { features });
      assert.equal(r.status, 200);
      preds.push(r.json.prediction);
    }
    const expected = accuracyScore(yTest, pipe.predict(XTest) as NDArray);
    assert.equal(accuracyScore(yTest, preds), expected);
    assert.ok(expected > 0.9);
    const batch = await postJson(`${server.url}/predict/batch`, { instances: rows });
    assert.deepEqual(batch.json.predictions, preds);
  });

  it("serves a saved .tl file: same predictions, metadata hash of the file", async () => {
    const file = path.join(dir, "pipe.tl");
    dump(pipe, file);
    const s2 = await serve(file, { port: 0 });
    try {
      const rows = rowsOf(XTest).slice(0, 20);
      const a = await postJson(`${s2.url}/predict/batch`, { instances: rows });
      const b = await postJson(`${server.url}/predict/batch`, { instances: rows });
      assert.deepEqual(a.json, b.json);
      const meta = (await (await fetch(`${s2.url}/metadata`)).json()) as { modelSha256: string };
      const { createHash } = await import("crypto");
      assert.equal(meta.modelSha256, createHash("sha256").update(fs.readFileSync(file)).digest("hex"));
    } finally {
      await s2.close();
    }
  });

  it("close() lets an in-flight request finish, then refuses connections", async () => {
    const s3 = await serve(pipe, { port: 0 });
    // close only once the server has the request (its 'request' event), so the request is truly in flight
    const arrived = new Promise((r) => s3.app.server.once("request", r));
    const inflight = postJson(`${s3.url}/predict/batch`, { instances: rowsOf(XTest) });
    await arrived;
    const closed = s3.close();
    const r = await inflight;
    assert.equal(r.status, 200);
    assert.equal(r.json.predictions.length, XTest.shape[0]);
    await closed;
    await assert.rejects(fetch(`${s3.url}/health`));
  });

  it("a missing or damaged model file is a PersistError before anything listens", async () => {
    await assert.rejects(serve(path.join(dir, "missing.tl"), { port: 0 }), (e: unknown) => e instanceof PersistError && e.kind === "io");
    const file = path.join(dir, "damaged.tl");
    dump(pipe, file);
    const bytes = fs.readFileSync(file);
    bytes[100] ^= 1;
    fs.writeFileSync(file, bytes);
    await assert.rejects(serve(file, { port: 0 }), (e: unknown) => e instanceof PersistError && e.kind === "checksum");
  });

  it("a bad port is an OptionError", async () => {
    await assert.rejects(serve(pipe, { port: 70000 }), OptionError);
    await assert.rejects(serve(pipe, { port: 1.5 }), OptionError);
  });

  it("typelearn serve model.tl --port 0: answers, then exits 0 on SIGTERM", async () => {
    const file = path.join(dir, "cli.tl");
    dump(pipe, file);
    const bin = path.join(__dirname, "..", "..", "..", "bin", "typelearn.js");
    const child = spawn(process.execPath, [bin, "serve", file, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;
        const m = /ModelServer (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const health = (await (await fetch(`${url}/health`)).json()) as { status: string };
    assert.equal(health.status, "ok");
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    assert.match(out, /SIGTERM: closing/);
  });
});
