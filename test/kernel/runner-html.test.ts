/**
 * `typelearn run … --to html`: a self-contained HTML page beside the executed notebook, every chart's SVG inline
 * with its marks (nbconvert 6.5 empties them), no scripts, no Python.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { notebookToHtml } from "../../kernel/runner/html_export";

const bin = path.resolve(__dirname, "..", "..", "..", "bin", "typelearn.js");

describe("typelearn run --to html", function () {
  this.timeout(120000);

  it("writes NAME.html with the code, text, the frame table and each chart's SVG with its marks", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-html-"));
    const file = path.join(dir, "charts.ipynb");
    const code = [
      "console.log('hello <world>');",
      "plot.scatter([1, 2, 3], [3, 1, 2], { title: 'three points' })",
      "plot.line([1, 2, 3, 4], { title: 'a line' })",
    ];
    fs.writeFileSync(file, JSON.stringify({
      nbformat: 4, nbformat_minor: 4, metadata: {},
      cells: [{ cell_type: "markdown", metadata: {}, source: "# Charts\nsome text" },
        ...code.map((source) => ({ cell_type: "code", metadata: {}, source, outputs: [], execution_count: null }))],
    }));
    const out = path.join(dir, "out");
    const r = spawnSync(process.execPath, [bin, "run", file, "--out", out, "--to", "html"], { encoding: "utf8", timeout: 120000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const htmlFile = path.join(out, "charts.html");
    assert.ok(fs.existsSync(htmlFile), r.stdout);
    const html = fs.readFileSync(htmlFile, "utf8");
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(!/<script/i.test(html), "self-contained, no scripts");
    assert.match(html, /<h1>Charts<\/h1>/);
    assert.match(html, /hello &lt;world&gt;/);
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    assert.equal(svgs.length, 2, "one SVG per chart");
    assert.match(svgs[0], /three points/);
    assert.ok((svgs[0].match(/<path/g) ?? []).length >= 3, "the scatter's marks are in the SVG");
    assert.match(svgs[1], /a line/);
    assert.match(html, /In \[3\]:/);
  });

  it("notebookToHtml prefers SVG, then PNG, then HTML, then text, and escapes text outputs", () => {
    const html = notebookToHtml({
      cells: [{ cell_type: "code", source: "x", execution_count: 1, outputs: [
        { output_type: "display_data", data: { "image/svg+xml": "<svg><path d='M0 0'/></svg>", "text/plain": "chart" } },
        { output_type: "display_data", data: { "image/png": "AAAA", "text/plain": "png" } },
        { output_type: "execute_result", data: { "text/html": "<table></table>", "text/plain": "t" } },
        { output_type: "execute_result", data: { "text/plain": "<b>" } },
        { output_type: "error", traceback: ["\u001b[31mError\u001b[0m: boom"] },
      ] }],
    }, "t");
    assert.match(html, /<div class="svg"><svg><path d='M0 0'\/><\/svg><\/div>/);
    assert.match(html, /src="data:image\/png;base64,AAAA"/);
    assert.match(html, /<div class="html"><table><\/table><\/div>/);
    assert.match(html, /<pre>&lt;b&gt;<\/pre>/);
    assert.match(html, /<pre class="error">Error: boom<\/pre>/);
  });

  it("markdown cells render as HTML (headings, paragraphs, emphasis, code, lists, links), with raw HTML and unsafe links kept as text", () => {
    const md = [
      "## Results *so far*", "",
      "The forest scores **0.97** on `XTest` — see [the guide](https://scikit-learn.org/stable/ \"sklearn\").",
      "A second line of the same paragraph.", "",
      "- fit the *scaler*", "- then the model", "  - with `cv=5`", "", "1. load", "2. split", "",
      "```ts", "const a = X.get(0) < 1;", "```", "",
      "<script>alert(1)</script> [click](javascript:alert(1)) 2 * 3 * 4 and snake_case_name",
    ].join("\n");
    const html = notebookToHtml({ cells: [{ cell_type: "markdown", source: md }] }, "t");
    const body = /<div class="md">([\s\S]*?)<\/div><\/div>/.exec(html)![1];
    assert.equal(body, [
      "<h2>Results <em>so far</em></h2>",
      "<p>The forest scores <strong>0.97</strong> on <code>XTest</code> — see <a href=\"https://scikit-learn.org/stable/\" title=\"sklearn\">the guide</a>.",
      "A second line of the same paragraph.</p>",
      "<ul>", "<li>fit the <em>scaler</em></li>", "<li>then the model", "<ul>", "<li>with <code>cv=5</code></li>", "</ul></li>", "</ul>",
      "<ol>", "<li>load</li>", "<li>split</li>", "</ol>",
      "<pre><code class=\"language-ts\">const a = X.get(0) &lt; 1;</code></pre>",
      "<p>&lt;script&gt;alert(1)&lt;/script&gt; [click](javascript:alert(1)) 2 * 3 * 4 and snake_case_name</p>",
    ].join("\n"));
    assert.ok(!/<script/i.test(html) && !/href="javascript/i.test(html));
  });
});
