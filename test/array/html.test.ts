import * as assert from "assert";
import { displaySymbol, isDisplayable } from "../../lib/display";
import { arange, array, arrayToHtml, zeros } from "../../lib/array";

function count(s: string, sub: string): number { return s.split(sub).length - 1; }

describe("array/html: Jupyter display", () => {
  it("NDArray is displayable with text/plain = repr and an HTML table", () => {
    const a = array([[1, 2], [3, 4.5]]);
    assert.ok(isDisplayable(a));
    const b = a[displaySymbol]();
    assert.strictEqual(b["text/plain"], a.repr());
    const html = b["text/html"] as string;
    assert.ok(html.startsWith("<table"));
    assert.ok(html.includes("shape (2, 2), dtype float64"));
    assert.strictEqual(count(html, "<tr>"), 3); // header + 2 rows
    assert.ok(html.includes(">4.5</td>") && html.includes(">1.</td>"));
  });

  it("2-D tables have index headers for rows and columns", () => {
    const html = arrayToHtml(arange(6).reshape(2, 3));
    assert.ok(html.includes("<th>0</th><th>1</th><th>2</th>"));
    assert.ok(html.includes("<tr><th>1</th>"));
    assert.ok(html.includes("dtype int32"));
  });

  it("truncates large 2-D arrays to the first and last rows and columns", () => {
    const html = arrayToHtml(arange(100 * 30).reshape(100, 30));
    assert.strictEqual(count(html, "<tr>"), 1 + 5 + 1 + 5);
    assert.ok(html.includes("<th>99</th>") && html.includes("<th>29</th>"));
    assert.ok(!html.includes("<th>50</th>"));
    assert.ok(html.includes(">2999</td>") && html.includes(">0</td>"));
    assert.ok(html.includes("…"));
  });

  it("1-D arrays render as one indexed row, truncated when long", () => {
    const short = arrayToHtml(array([1, 2, 3]));
    assert.strictEqual(count(short, "<td"), 3);
    const long = arrayToHtml(arange(1000));
    assert.strictEqual(count(long, "<td"), 11);
    assert.ok(long.includes(">999</td>") && long.includes("shape (1000,)"));
  });

  it("bool arrays show True/False; 3-D and empty arrays fall back to text", () => {
    assert.ok(arrayToHtml(array([true, false])).includes(">False</td>"));
    const t = arrayToHtml(arange(8).reshape(2, 2, 2));
    assert.ok(t.includes("<pre>") && t.includes("[[[0 1]"));
    assert.ok(arrayToHtml(zeros([0, 3])).includes("[]"));
  });

  it("escapes nothing dangerous and uses NumPy's column formatting for floats", () => {
    const html = arrayToHtml(array([1e-5, 1]));
    assert.ok(html.includes(">1.e-05</td>") && html.includes(">1.e+00</td>"));
  });
});
