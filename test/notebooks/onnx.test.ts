/**
 * §13 (ONNX) executed by the runner: the guide's pipeline and net, exported and reloaded through ONNX Runtime, give
 * the same labels on every test row, probabilities within float32 rounding, and the served .onnx answers /predict.
 */
import { strict as assert } from "assert";
import { executeWithRunner } from "./helpers";

describe("notebooks/13-onnx.ipynb", function () {
  this.timeout(600000);

  it("identical labels and near-identical probabilities through ONNX Runtime; the .onnx file serves", () => {
    const { text } = executeWithRunner("notebooks/13-onnx.ipynb");
    assert.match(text, /identical labels on all 114 test rows: true/);
    const diff = Number(/largest probability difference: ([0-9.e+-]+)/.exec(text)![1]);
    assert.ok(diff < 1e-6, `probability difference ${diff}`);
    assert.match(text, /same class on 114 of 114 test rows/);
    const acc = /^pipeline test accuracy: ([0-9.]+)/m.exec(text)![1];
    assert.match(text, new RegExp(`ONNX Runtime test accuracy: ${acc.replace(".", "\\.")}`));
    assert.match(text, /\{"prediction":[01],"probabilities":\[/);
  });
});
