import { strict as assert } from "assert";
import { executeWithNbclient } from "./helpers";

// What the guide's Python prints (../shared/reference/guide/04_kmeans_silhouette.out), plus our extra checks.
const expected = [
  "k=2: Silhouette Score = 0.6204",
  "k=3: Silhouette Score = 0.6431",
  "k=4: Silhouette Score = 0.5612",
  "k=5: Silhouette Score = 0.4881",
  "k=6: Silhouette Score = 0.3820",
  "\nCluster sizes: [102  97 101]",
  "k=3: inertia = 61.45",
  "adjusted Rand index vs. the generating groups: 0.9412",
];

describe("notebooks/04-kmeans.ipynb", function () {
  this.timeout(300000);

  it("prints Python's silhouette scores and cluster sizes when executed by nbclient", () => {
    const { text } = executeWithNbclient("notebooks/04-kmeans.ipynb");
    for (const line of expected) assert.ok(text.includes(line + "\n"), `missing "${line}" in:\n${text}`);
    assert.ok(!/Error/.test(text), text);
  });
});
