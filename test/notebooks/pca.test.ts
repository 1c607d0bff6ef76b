import { strict as assert } from "assert";
import { executeWithNbclient } from "./helpers";

// What the guide's Python prints (../shared/reference/guide/05_pca.out), then the standardized variant.
const expected = [
  "Original shape: (569, 30)",
  "Reduced shape: (569, 2)",
  "Variance explained: [0.98204467 0.01617649]",
  "Total variance captured: 99.82%",
  "\nComponents needed for 95% variance: 1",
  "Components needed for 95% variance after scaling: 10",
  "component 10: 0.0117  cumulative 0.9516",
  "relative squared error: 0.048431",
  "1 − kept variance share: 0.048431",
];

describe("notebooks/05-pca.ipynb", function () {
  this.timeout(300000);

  it("prints Python's ratios and component counts when executed by nbclient", () => {
    const { text } = executeWithNbclient("notebooks/05-pca.ipynb");
    for (const line of expected) assert.ok(text.includes(line + "\n"), `missing "${line}" in:\n${text}`);
    assert.ok(!/Error/.test(text), text);
  });
});
