/**
 * Frames display through typelearn's table, not nodejs-polars' own Jupyter display: a shape header, head and tail
 * rows like pandas, 6 significant digits, dtypes — the breast-cancer frame (569 × 31) and search results included.
 */
import { strict as assert } from "assert";
import { GridSearchCV, LogisticRegression, loadBreastCancer, loadIris, pl, toMimeBundle } from "../../lib";

describe("frame: polars frames show typelearn's table (shape, head/tail, 6 significant digits, dtypes)", function () {
  this.timeout(60000);

  it("a 569×31 polars frame: shape header, 5 + 5 rows around '...', ≤ 6 significant digits, dtypes; not polars' HTML", () => {
    const d = loadBreastCancer();
    const cols: Record<string, number[]> = {};
    const X = d.data.toArray2d();
    d.featureNames.forEach((name, j) => { cols[name] = X.map((r) => r[j]); });
    cols.target = Array.from(d.target.data);
    const df = pl.DataFrame(cols);
    const b = toMimeBundle(df);
    const text = b["text/plain"];
    const lines = text.split("\n");
    assert.equal(lines[0], "shape: (569, 31)");
    assert.ok(lines.some((l) => /^\.\.\.\s+\.\.\./.test(l)), "a '...' row between head and tail");
    assert.ok(lines.some((l) => /^568\s/.test(l)), "the last row is shown");
    assert.ok(!lines.some((l) => /^(6|100)\s/.test(l)), "middle rows are not");
    assert.match(text, /\[569 rows x 31 columns\]/);
    assert.match(lines[lines.length - 1], /^dtypes: mean radius Float64, .*target Float64$/);
    const html = String(b["text/html"]);
    assert.match(html, /^<table class="typelearn-frame">/);
    assert.match(html, /polars DataFrame, shape \(569, 31\)/);
    assert.equal((html.match(/<tr>/g) ?? []).length, 1 + 11, "header row + 5 + '…' + 5");
    const numbers = [...html.matchAll(/<td style="text-align:right;white-space:nowrap">([-\d.e]+)<\/td>/g)].map((m) => m[1]);
    assert.ok(numbers.length > 100);
    for (const n of numbers) assert.ok(n.replace(/^-|e.*$/g, "").replace(".", "").replace(/^0+/, "").length <= 6, `${n} has more than 6 digits`);
  });

  it("cvResults_.toFrame() shows through the same table", () => {
    const d = loadIris();
    const gs = new GridSearchCV(new LogisticRegression({ maxIter: 500 }), { C: [0.1, 1] }, { cv: 3 }).fit(d.data, d.target);
    const b = toMimeBundle(gs.cvResults_.toFrame());
    assert.match(b["text/plain"], /^shape: \(2, \d+\)\n/);
    assert.match(String(b["text/html"]), /^<table class="typelearn-frame">/);
  });
});
