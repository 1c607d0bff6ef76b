/**
 * §10 (saving and loading) and §11 (serving) executed through nbclient. §10: the loaded pipeline prints the guide's
 * [1 0 0] and identical probabilities, a damaged file is a PersistError. §11: raw rows through the server score
 * exactly the pipeline's accuracy (the guide's fault 4 fixed), the bare forest reproduces the guide's 0.3772 within
 * a point, bad requests get 400s, and the server closes (the notebook ends, so nothing keeps it alive).
 */
import { strict as assert } from "assert";
import { executeWithNbclient } from "./helpers";

function num(text: string, re: RegExp): number {
  const m = re.exec(text);
  assert.ok(m, `no match for ${re} in:\n${text}`);
  return Number(m[1]);
}

describe("notebooks: persistence and serving", function () {
  this.timeout(600000);

  it("10-persistence: [1 0 0] after load, identical probabilities, typed errors for damaged files", () => {
    const { text } = executeWithNbclient("notebooks/10-persistence.ipynb");
    assert.match(text, /^\[1 0 0\]$/m);
    assert.match(text, /identical probabilities on all 114 test rows: true/);
    const acc = num(text, /^test accuracy: ([0-9.]+)/m);
    assert.ok(Math.abs(acc - 0.9649) <= 0.015, `accuracy ${acc}`);
    assert.equal(num(text, /loaded test accuracy: ([0-9.]+)/), acc);
    assert.match(text, /format typelearn-model v2/);
    assert.match(text, /one flipped bit: PersistError \(checksum\)/);
    assert.match(text, /cut in half: PersistError \(truncated\)/);
    assert.match(text, /not a model file: PersistError \(magic\)/);
  });

  it("11-serving: server accuracy on raw rows equals the pipeline's; the bare forest fails as in the guide", () => {
    const { text } = executeWithNbclient("notebooks/11-serving.ipynb");
    const viaServer = num(text, /accuracy through the server on raw test rows: ([0-9.]+)/);
    const own = num(text, /the pipeline's own test accuracy:\s+([0-9.]+)/);
    assert.equal(viaServer, own);
    assert.ok(Math.abs(own - 0.9649) <= 0.015, `pipeline accuracy ${own}`);
    const bare = num(text, /bare forest on raw rows: accuracy ([0-9.]+)/);
    assert.ok(Math.abs(bare - 0.3772) <= 0.01, `bare forest accuracy ${bare} vs the guide's 0.3772`);
    assert.match(text, /29 features: 400 features: expected 30 numbers/);
    assert.match(text, /a missing value: 400 features\[0\]: expected a finite number, received null/);
    assert.match(text, /a string: 400 features\[0\]: expected a finite number, received the string "17.99"/);
    assert.equal(num(text, /batch: 114 predictions, accuracy ([0-9.]+)/), own);
    assert.match(text, /OpenAPI 3\.0\.3: \/predict, \/predict\/batch, \/health, \/metadata/);
    assert.match(text, /server closed/);
  });
});
