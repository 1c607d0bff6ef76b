/** The request checks' messages, directly: each names the field, the position and what was expected. */
import { strict as assert } from "assert";
import { bodyProblem, rowProblem } from "../../lib/serve/validate";

describe("serve: request checks (validate)", () => {
  it("a row: length, type, null and non-finite numbers", () => {
    assert.equal(rowProblem([1, 2, 3], 3, "features"), null);
    assert.equal(rowProblem([1, 2], 3, "features"), "features: expected 3 numbers (one per feature the model was trained on), received 2");
    assert.equal(rowProblem([1, "2", 3], 3, "features"), 'features[1]: expected a finite number, received the string "2"');
    assert.match(rowProblem([1, null, 3], 3, "features")!, /^features\[1\]: expected a finite number, received null \(JSON has no NaN/);
    assert.equal(rowProblem([1, Infinity, 3], 3, "x"), "x[1]: expected a finite number, received Infinity");
    assert.equal(rowProblem([1, NaN, 3], 3, "x"), "x[1]: expected a finite number, received NaN");
    assert.equal(rowProblem({ 0: 1 }, 3, "features"), "features: expected an array of 3 numbers, received an object");
    assert.match(rowProblem("a".repeat(100), 3, "features")!, /received the string "a{30}…"$/);
  });

  it("a body: its shape, its one field, batch bounds, the first bad row", () => {
    assert.equal(bodyProblem({ features: [1, 2] }, "features", 2, 10), null);
    assert.equal(bodyProblem({ instances: [[1, 2], [3, 4]] }, "instances", 2, 10), null);
    assert.match(bodyProblem(null, "features", 2, 10)!, /^body: expected a JSON object \{"features": \[\.\.\.\]\}, received null/);
    assert.equal(bodyProblem({}, "features", 2, 10), 'body: expected a field "features", received no fields');
    assert.equal(bodyProblem({ features: [1, 2], extra: 1 }, "features", 2, 10), 'body: unexpected field "extra" (only "features" is accepted)');
    assert.equal(bodyProblem({ instances: [] }, "instances", 2, 10), "instances: expected 1 to 10 rows, received 0");
    assert.equal(bodyProblem({ instances: [[1, 2], [1]] }, "instances", 2, 10),
      "instances[1]: expected 2 numbers (one per feature the model was trained on), received 1");
    assert.equal(bodyProblem({ instances: [1, 2] }, "instances", 2, 10), "instances[0]: expected an array of 2 numbers, received 1");
  });
});
