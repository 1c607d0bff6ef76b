/**
 * The server's routes through fastify.inject (no socket): predictions equal the model's own, every bad body gets a
 * 400 naming the field and the expected length, a huge body gets 413, metadata and OpenAPI describe the model.
 */
import { strict as assert } from "assert";
import { createHash } from "crypto";
import type { FastifyInstance } from "fastify";
import { loadBreastCancer } from "../../lib/datasets";
import { makePipeline } from "../../lib/pipeline";
import { StandardScaler } from "../../lib/preprocessing/standard_scaler";
import { RandomForestClassifier } from "../../lib/ensemble";
import { LinearRegression } from "../../lib/linear";
import { NDArray } from "../../lib/array/ndarray";
import { dumpBytes } from "../../lib/persist";
import { buildApp, modelInfo } from "../../lib/serve";
import { OptionError } from "../../lib/errors";

describe("serve: routes (inject)", function () {
  this.timeout(30000);
  const data = loadBreastCancer();
  const X = data.data as NDArray;
  const y = data.target;
  const rows: number[][] = [];
  for (let i = 0; i < 40; i++) rows.push(Array.from(X.data.subarray(i * 30, i * 30 + 30)));
  const pipe = makePipeline(new StandardScaler(), new RandomForestClassifier({ nEstimators: 15, maxDepth: 6, randomState: 0 })).fit(X, y);
  let app: FastifyInstance;
  before(async () => { app = await buildApp(pipe, modelInfo(pipe, "test"), { bodyLimit: 64 * 1024, maxBatch: 100 }); });
  after(async () => { await app.close(); });

  const post = (url: string, payload: unknown) =>
    app.inject({ method: "POST", url, payload: typeof payload === "string" ? payload : JSON.stringify(payload), headers: { "content-type": "application/json" } });

  it("POST /predict returns the pipeline's prediction and probabilities for raw features", async () => {
    const proba = pipe.predictProba(rows) as NDArray;
    const pred = pipe.predict(rows) as NDArray;
    for (let i = 0; i < 10; i++) {
      const res = await post("/predict", { features: rows[i] });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.prediction, pred.data[i]);
      assert.deepEqual(body.probabilities, Array.from(proba.data.subarray(i * 2, i * 2 + 2)));
    }
  });

  it("POST /predict/batch returns one prediction per row, equal to predict", async () => {
    const res = await post("/predict/batch", { instances: rows });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(body.predictions, Array.from((pipe.predict(rows) as NDArray).data));
    assert.equal(body.probabilities.length, rows.length);
  });

  const bad: [string, string, unknown, RegExp][] = [
    ["too few features", "/predict", { features: rows[0].slice(1) }, /^features: expected 30 numbers .*received 29$/],
    ["too many features", "/predict", { features: [...rows[0], 1] }, /expected 30 numbers .*received 31/],
    ["a string feature", "/predict", { features: [...rows[0].slice(1), "0.5"] }, /^features\[29\]: expected a finite number, received the string "0.5"/],
    ["null (a NaN)", "/predict", { features: [null, ...rows[0].slice(1)] }, /^features\[0\]: .*received null \(JSON has no NaN/],
    ["Infinity via 1e999", "/predict", `{"features":[1e999${",1".repeat(29)}]}`, /features\[0\]: expected a finite number, received Infinity/],
    ["features not an array", "/predict", { features: "1,2,3" }, /^features: expected an array of 30 numbers/],
    ["missing field", "/predict", { data: rows[0] }, /expected a field "features"/],
    ["extra field", "/predict", { features: rows[0], id: 3 }, /unexpected field "id"/],
    ["not an object", "/predict", [rows[0]], /^body: expected a JSON object/],
    ["invalid JSON", "/predict", '{"features": [1,', /JSON/],
    ["empty batch", "/predict/batch", { instances: [] }, /instances: expected 1 to 100 rows, received 0/],
    ["batch too large", "/predict/batch", { instances: new Array(101).fill(rows[0]) }, /expected 1 to 100 rows, received 101/],
    ["a short row in a batch", "/predict/batch", { instances: [rows[0], rows[1].slice(3)] }, /^instances\[1\]: expected 30 numbers .*received 27/],
    ["a bad cell in a batch", "/predict/batch", { instances: [rows[0], [...rows[1].slice(1), true]] }, /^instances\[1\]\[29\]: expected a finite number, received boolean/],
  ];
  for (const [name, url, payload, message] of bad) {
    it(`400 with a clear message: ${name}`, async () => {
      const res = await post(url, payload);
      assert.equal(res.statusCode, 400, res.body);
      const body = res.json();
      assert.equal(body.error, "Bad Request");
      assert.match(body.message, message);
    });
  }

  it("413 on a body over the limit", async () => {
    const res = await post("/predict/batch", { instances: new Array(2000).fill(rows[0]) });
    assert.equal(res.statusCode, 413);
    assert.match(res.json().message, /larger than the server's limit of 65536 bytes/);
  });

  it("400 on a text body, 415 on an unknown content type, 404 on unknown routes", async () => {
    const text = await app.inject({ method: "POST", url: "/predict", payload: "features=1", headers: { "content-type": "text/plain" } });
    assert.equal(text.statusCode, 400);
    assert.match(text.json().message, /^body: expected a JSON object \{"features": \[\.\.\.\]\}, received the string/);
    const res = await app.inject({ method: "POST", url: "/predict", payload: "<x/>", headers: { "content-type": "application/xml" } });
    assert.equal(res.statusCode, 415);
    assert.equal((await app.inject({ method: "GET", url: "/nope" })).statusCode, 404);
  });

  it("GET /health", async () => {
    const body = (await app.inject({ method: "GET", url: "/health" })).json();
    assert.equal(body.status, "ok");
    assert.equal(body.model, "Pipeline");
  });

  it("GET /metadata: class, steps, features, classes, version, file hash", async () => {
    const m = (await app.inject({ method: "GET", url: "/metadata" })).json();
    assert.equal(m.className, "Pipeline");
    assert.deepEqual(m.steps, [["standardscaler", "StandardScaler"], ["randomforestclassifier", "RandomForestClassifier"]]);
    assert.equal(m.nFeatures, 30);
    assert.deepEqual(m.classes, [0, 1]);
    assert.equal(m.probabilities, true);
    assert.equal(m.typelearnVersion, "test");
    assert.equal(m.params.steps[1][1].params.nEstimators, 15);
    // the hash of the file dump would write (the model served from memory)
    assert.equal(m.modelSha256, createHash("sha256").update(dumpBytes(pipe)).digest("hex"));
  });

  it("OpenAPI at /openapi.json and /docs/json lists the routes with their schemas; /docs serves the UI", async () => {
    const spec = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
    assert.match(spec.openapi, /^3\./);
    for (const p of ["/predict", "/predict/batch", "/health", "/metadata"]) assert.ok(spec.paths[p], p);
    const schema = spec.paths["/predict"].post.requestBody.content["application/json"].schema;
    assert.equal(schema.properties.features.minItems, 30);
    assert.equal(schema.properties.features.maxItems, 30);
    assert.deepEqual((await app.inject({ method: "GET", url: "/docs/json" })).json().paths["/predict"], spec.paths["/predict"]);
    const ui = await app.inject({ method: "GET", url: "/docs/" });
    assert.equal(ui.statusCode, 200);
    assert.match(ui.body, /swagger/i);
  });

  it("a regressor answers without probabilities", async () => {
    const lr = new LinearRegression().fit([[0], [1], [2]], [1, 3, 5]);
    const a = await buildApp(lr, modelInfo(lr, "test"));
    const res = await a.inject({ method: "POST", url: "/predict", payload: { features: [3] } });
    assert.deepEqual(res.json(), { prediction: (lr.predict([[3]]) as NDArray).data[0] });
    assert.equal(res.json().probabilities, undefined);
    await a.close();
  });

  it("an unfitted model or a non-model is refused before serving", () => {
    assert.throws(() => modelInfo(new LinearRegression(), "t"), OptionError);
    assert.throws(() => modelInfo({} as never, "t"), OptionError);
  });
});
