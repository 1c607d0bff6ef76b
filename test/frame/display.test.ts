import { strict as assert } from "assert";
import { dfd, pl, toMimeBundle } from "../../lib";
import { pandasFloatColumn } from "../../lib/frame/display";
import { tableHtml, tableText } from "../../lib/frame/table";

describe("frame: display of danfo and polars values", function () {
  this.timeout(60000);

  it("a danfo DataFrame shows as pandas-style text (index, right-aligned, one precision per float column) and HTML", () => {
    const df = new dfd.DataFrame({ a: [1.5, 2, 3.25], b: ["x", "y", "z"], c: [1, 2, 30] });
    const b = toMimeBundle(df);
    assert.equal(b["text/plain"], [
      "      a  b   c",
      "0  1.50  x   1",
      "1  2.00  y   2",
      "2  3.25  z  30",
    ].join("\n"));
    const html = String(b["text/html"]);
    assert.match(html, /^<table class="typelearn-frame">/);
    assert.match(html, /<thead><tr><th><\/th><th>a<\/th><th>b<\/th><th>c<\/th><\/tr><\/thead>/);
    assert.match(html, /<tr><th>2<\/th><td[^>]*>3\.25<\/td><td[^>]*>z<\/td><td[^>]*>30<\/td><\/tr>/);
    assert.match(html, /3 rows × 3 columns/);
  });

  it("a danfo Series shows as pandas prints one: index, values, then name and dtype", () => {
    const s = new dfd.Series([0.5, 1, 2], { columns: ["score"] });
    const b = toMimeBundle(s);
    assert.equal(b["text/plain"], ["0    0.5", "1    1.0", "2    2.0", "Name: score, dtype: float32"].join("\n"));
    assert.match(String(b["text/html"]), /<th>score<\/th>/);
  });

  it("a long danfo Series is cut around '...' with its length in the footer", () => {
    const text = toMimeBundle(new dfd.Series(Array.from({ length: 100 }, (_, i) => i), { columns: ["n"] }))["text/plain"];
    const lines = text.split("\n");
    assert.equal(lines.length, 12);
    assert.match(lines[5], /^\.\.\s+\.\.\.$/);
    assert.match(lines[10], /^99\s+99$/);
    assert.equal(lines[11], "Name: n, Length: 100, dtype: int32");
  });

  it("missing values of a danfo frame show as NaN; HTML escapes text", () => {
    const df = new dfd.DataFrame({ v: [1.25, null, 2], t: ["<b>", "&", "ok"] });
    const b = toMimeBundle(df);
    assert.match(b["text/plain"], /^1\s+NaN\s+&$/m);
    assert.match(String(b["text/html"]), /&lt;b&gt;/);
    assert.doesNotMatch(String(b["text/html"]), /<b>/);
  });

  it("polars values render with text/plain and text/html", () => {
    for (const v of [pl.DataFrame({ a: [1, 2], b: ["u", "v"] }), pl.Series("s", [1, 2, 3])]) {
      const b = toMimeBundle(v);
      assert.match(b["text/plain"], /shape|Series/);
      assert.match(String(b["text/html"]), /<table/);
    }
  });

  it("long tables are cut like pandas: first and last rows, a '...' row and a size footer", () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i * 2]);
    const text = tableText({ columns: ["x"], rows });
    const lines = text.split("\n");
    assert.equal(lines.length, 1 + 5 + 1 + 5 + 2);
    assert.match(lines[6], /^\.\.\.\s+\.\.\.$/);
    assert.match(lines[11], /^99\s+198$/);
    assert.equal(lines[13], "[100 rows x 1 columns]");
    const html = tableHtml({ columns: ["x"], rows });
    assert.equal((html.match(/<tr>/g) ?? []).length, 1 + 11);
    assert.match(html, /100 rows × 1 columns/);
  });

  it("float columns share pandas' precision: up to 6 decimals, at least 1", () => {
    assert.deepEqual(pandasFloatColumn([1, 2.5]), ["1.0", "2.5"]);
    assert.deepEqual(pandasFloatColumn([0.123456789, 2]), ["0.123457", "2.000000"]);
    assert.deepEqual(pandasFloatColumn([null, NaN, 3]), ["NaN", "NaN", "3.0"]);
  });
});
