/**
 * The request checks' messages, from the schema's real errors on a 3-feature model (and a batch limit of 10): each
 * names the field, the position and what was expected.
 */
import { strict as assert } from "assert";
import type { FastifyInstance } from "fastify";
import { LinearRegression } from "../../lib/linear";
import { buildApp, modelInfo } from "../../lib/serve";
import { validationMessage } from "../../lib/serve/validate";

describe("serve: request checks (validate)", function () {
  this.timeout(30000);
  const lr = new LinearRegression().fit([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 1, 1]], [1, 2, 3, 4]);
  let app: FastifyInstance;
  before(async () => { app = await buildApp(lr, modelInfo(lr, "test"), { maxBatch: 10 }); });
  after(async () => { await app.close(); });

  const message = async (url: string, body: unknown): Promise<string | null> => {
    const res = await app.inject({ method: "POST", url, payload: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
    if (res.statusCode === 200) return null;
    assert.equal(res.statusCode, 400, res.body);
    return res.json().message;
  };
  const row = (v: unknown) => message("/predict", { features: v });

  it("a row: length, type, null and non-finite numbers", async () => {
    assert.equal(await row([1, 2, 3]), null);
    assert.equal(await row([1, 2]), "features: expected 3 numbers (one per feature the model was trained on), received 2");
    assert.equal(await row([1, "2", 3]), 'features[1]: expected a finite number, received the string "2"');
    assert.match((await row([1, null, 3]))!, /^features\[1\]: expected a finite number, received null \(JSON has no NaN/);
    assert.equal(await message("/predict", '{"features": [1, 1e999, 3]}'), "features[1]: expected a finite number, received Infinity");
    assert.equal(await row({ 0: 1 }), "features: expected an array of 3 numbers, received an object");
    assert.match((await row("a".repeat(100)))!, /received the string "a{30}…"$/);
  });

  it("a body: its shape, its one field, batch bounds, the first bad row", async () => {
    assert.equal(await message("/predict/batch", { instances: [[1, 2, 3], [3, 4, 5]] }), null);
    assert.match((await message("/predict", "null"))!, /^body: expected a JSON object \{"features": \[\.\.\.\]\}, received null/);
    assert.equal(await message("/predict", {}), 'body: expected a field "features", received no fields');
    assert.equal(await message("/predict", { features: [1, 2, 3], extra: 1 }), 'body: unexpected field "extra" (only "features" is accepted)');
    assert.equal(await message("/predict/batch", { instances: [] }), "instances: expected 1 to 10 rows, received 0");
    assert.equal(await message("/predict/batch", { instances: new Array(11).fill([1, 2, 3]) }), "instances: expected 1 to 10 rows, received 11");
    assert.equal(await message("/predict/batch", { instances: [[1, 2, 3], [1]] }),
      "instances[1]: expected 3 numbers (one per feature the model was trained on), received 1");
    assert.equal(await message("/predict/batch", { instances: [1, 2] }), "instances[0]: expected an array of 3 numbers, received 1");
    assert.equal(await message("/predict/batch", { instances: [[1, 2, 3], [1, 2, false]] }), "instances[1][2]: expected a finite number, received boolean");
  });

  it("an error the messages do not know still names where it is", () => {
    assert.equal(validationMessage({ instancePath: "/features", keyword: "uniqueItems", params: {}, message: "must be unique" }, "features", 3, 10),
      "features: must be unique");
  });
});
