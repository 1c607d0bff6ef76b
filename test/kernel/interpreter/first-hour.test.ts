/**
 * Issue 15, "first hour": cells a NumPy / pandas / matplotlib user writes on the first day, run through the
 * kernel's interpreter (type check included) as a notebook would run them.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createInterpreter } from "../../../kernel/interpreter";
import type { Interpreter, OutputSink } from "../../../kernel/interpreter/types";
import type { MimeBundle } from "../../../lib/display";

function recorder() {
  const streams: { name: string; text: string }[] = [];
  const displays: MimeBundle[] = [];
  const sink: OutputSink = {
    stream: (name, text) => streams.push({ name, text }),
    display: (data) => displays.push(data),
    clearOutput: () => undefined,
  };
  const text = (name: string) => streams.filter((s) => s.name === name).map((s) => s.text).join("");
  return { sink, text, displays };
}

describe("kernel: first-hour cells of a Python user (issue 15)", function () {
  this.timeout(120000);
  let interp: Interpreter;
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tl-firsthour-"));
    interp = createInterpreter({ cwd: tmp });
  });
  after(() => { interp.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

  async function run(code: string) {
    const r = recorder();
    const out = await interp.execute(code, r.sink);
    const value = out.status === "ok" ? out.result?.data["text/plain"] : undefined;
    const evalue = out.status === "error" ? out.error.evalue : "";
    return { out, value, evalue, ...r };
  }

  it("for (const k of np.arange(1, 11)) type-checks and runs over numbers; a 2-D array gives rows", async () => {
    const r = await run("const ks: number[] = [];\nfor (const k of np.arange(1, 11)) ks.push(k * k);\nks.join(',')");
    assert.equal(r.out.status, "ok", r.evalue);
    assert.equal(r.value, "'1,4,9,16,25,36,49,64,81,100'");
    const rows = await run("const sums: number[] = [];\nfor (const row of np.arange(6).reshape(2, 3)) sums.push(row.sum());\nsums");
    assert.equal(rows.value, "[ 3, 12 ]");
  });

  it("proba.argmax(1).slice(0, 10) runs as Python's a[0:10]", async () => {
    const r = await run("const idx = np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]).argmax(1).slice(0, 2);\nidx.toArray()");
    assert.equal(r.out.status, "ok", r.evalue);
    assert.equal(r.value, "[ 1, 0 ]");
  });

  it("X[0] on an NDArray is refused with a message naming .get(0) and .row(0); nothing runs", async () => {
    const r = await run("const X = np.arange(6).reshape(3, 2);\nconsole.log('ran');\nconst first = X[0];");
    assert.equal(r.out.status, "error");
    assert.equal(r.text("stdout"), "", "a refused cell runs nothing");
    assert.match(r.evalue, /^3:15 - NDArray has no \[i\] indexing/);
    assert.match(r.evalue, /X\.get\(0\)/);
    assert.match(r.evalue, /X\.row\(0\)/);
    const loop = await run("const Y = np.arange(3);\nlet s = 0;\nfor (let i = 0; i < 3; i++) s += Y[i];");
    assert.match(loop.evalue, /Y\.get\(i\)/, "a variable index is caught too");
    const fine = await run("const arr = [1, 2, 3];\nconst obj: Record<string, number> = { a: 1 };\narr[0] + obj['a']");
    assert.equal(fine.value, "2", "plain arrays and records still index");
  });

  it("with %typecheck off, X[0] still fails loudly at run time (IndexAccessError naming .get(0) and .row(0)); state is kept", async () => {
    try {
      const r = await run("%typecheck off\nconst Z = np.arange(6).reshape(3, 2);\nconsole.log('ran');\nconst z0 = Z[0];\nz0");
      assert.equal(r.out.status, "error");
      assert.equal(r.text("stdout"), "ran\n", "type checking is off: the cell ran up to the access");
      assert.equal(r.out.status === "error" && r.out.error.ename, "IndexAccessError");
      assert.match(r.evalue, /Z?\.get\(0\)/);
      assert.match(r.evalue, /\.row\(0\)/);
      const neg = await run("Z[-1]");
      assert.equal(neg.out.status === "error" && neg.out.error.ename, "IndexAccessError");
      const write = await run("Z[1] = 9");
      assert.equal(write.out.status === "error" && write.out.error.ename, "IndexAccessError");
      const after = await run("Z.row(1).toArray()");
      assert.equal(after.value, "[ 2, 3 ]", "Z kept its values and the kernel its state");
    } finally {
      await run("%typecheck block\n0");
    }
  });

  it("the NumPy helpers a notebook reaches for type-check and run: percentile, corrcoef, round, histogram, meshgrid", async () => {
    const r = await run([
      "const xs = np.array([3, 1, 4, 1, 5, 9, 2, 6]);",
      "const [counts, edges] = np.histogram(xs, { bins: 4 });",
      "const [gx, gy] = np.meshgrid(np.linspace(0, 1, 3), np.linspace(0, 1, 2));",
      "JSON.stringify([np.percentile(xs, 25), np.quantile(xs, 0.5), Number(np.corrcoef(xs, xs.mul(2)).get(0, 1).toFixed(12)), xs.div(3).round(2).get(0),",
      "  counts.toArray(), gx.shape, np.cumsum(xs).get(-1), np.clip(xs, 2, 5).toArray()])",
    ].join("\n"));
    assert.equal(r.out.status, "ok", r.evalue);
    assert.equal(r.value, "'[1.75,3.5,1,1,[3,2,2,1],[2,3],31,[3,2,4,2,5,5,2,5]]'");
  });

  it("console.log(classificationReport(...)) prints the report text, as print(classification_report(...)) does", async () => {
    const r = await run("console.log(classificationReport([0, 1, 1, 0], [0, 1, 0, 0]));\nconsole.log(np.arange(3));");
    assert.equal(r.out.status, "ok", r.evalue);
    const out = r.text("stdout");
    assert.match(out, /^\s+precision\s+recall\s+f1-score\s+support\n/);
    assert.match(out, /weighted avg/);
    assert.ok(!out.includes("'\\n' +") && !out.includes("digits"), out);
    assert.match(out, /\narray\(\[0, 1, 2\], dtype=int32\)\n$/);
  });

  it("plot.scatter(x, y, {…}), plot.line(x, y, {…}), plot.hist(x, {…}), plot.bar(labels, values, {…}) type-check and run", async () => {
    const r = await run([
      "const xs = [1, 2, 3, 4];",
      "const charts = [plot.scatter(xs, [3, 1, 4, 1], { title: 's', svg: false }), plot.line(xs, np.array([1, 2, 3, 4]), { svg: false }),",
      "  plot.hist(np.random.normal(0, 1, 100), { bins: 5, svg: false }), plot.bar(['a', 'b'], [1, 2], { horizontal: true, svg: false })];",
      "charts.map(String).join(' | ')",
    ].join("\n"));
    assert.equal(r.out.status, "ok", r.evalue);
    assert.match(String(r.value), /scatter of 4 points "s".*line chart of 4 points.*histogram of 100 values in 5 bins.*bar chart of 2 bars/);
  });

  it("hover on plot.scatter shows its signature, documentation and example, not a property type", async () => {
    const code = "plot.scatter";
    const h = interp.inspect(code, code.length - 2, 1).data["text/plain"];
    assert.match(h, /function scatter\(options: ScatterOptions\): Chart \(\+1 overload\)/);
    assert.match(h, /A scatter plot of y against x/);
    assert.match(h, /plot\.scatter\(Z\.col\(0\), Z\.col\(1\)/, "the example comes with it");
    assert.ok(!/\(property\) scatter/.test(h), h);
  });

  it("grid-search progress ends with `best score 0.xxxx with maxDepth=…, …`; a 1-D array's caption does not wrap", async () => {
    const r = await run([
      "const d = loadIris();",
      "const gs = new GridSearchCV(new DecisionTreeClassifier({ randomState: 0 }), { maxDepth: [2, 3], minSamplesLeaf: [1, 5] }, { cv: 3, verbose: 1 });",
      "gs.fit(d.data, d.target);",
      "np.array([1, 2, 3])",
    ].join("\n"));
    assert.equal(r.out.status, "ok", r.evalue);
    const last = r.displays[r.displays.length - 1]["text/plain"];
    assert.match(last, /best score 0\.\d{4} with maxDepth=\d, minSamplesLeaf=\d$/, last);
    const html = r.out.status === "ok" ? String(r.out.result?.data["text/html"]) : "";
    assert.match(html, /<caption style="[^"]*white-space:nowrap/);
  });

  it("completion replies carry JupyterLab type labels (_jupyter_types_experimental)", async () => {
    await run("function myHelperFn(x: number) { return x; }\nclass MyHelperClass {}\nconst myHelperValue = 1;");
    const c = interp.complete("myHelper", 8);
    const types = c.metadata._jupyter_types_experimental as { text: string; type: string; start: number; end: number }[];
    const byName = Object.fromEntries(types.map((t) => [t.text, t.type]));
    assert.equal(byName.myHelperFn, "function");
    assert.equal(byName.MyHelperClass, "class");
    assert.equal(byName.myHelperValue, "instance");
    assert.deepEqual(types.map((t) => t.text), c.matches, "one entry per match, in order");
    assert.ok(types.every((t) => t.start === c.cursorStart && t.end === c.cursorEnd));
  });

  it("completion labels np.* members, library functions and plot.* as functions (not properties), classes as classes", async () => {
    const labels = (code: string) => {
      const c = interp.complete(code, code.length);
      const types = c.metadata._jupyter_types_experimental as { text: string; type: string }[];
      return Object.fromEntries(types.map((t) => [t.text, t.type]));
    };
    const np = labels("np.");
    for (const f of ["mean", "arange", "percentile", "concatenate", "argmax"]) assert.equal(np[f], "function", `np.${f}`);
    assert.equal(labels("accuracySc").accuracyScore, "function");
    assert.equal(labels("plot.sc").scatter, "function");
    assert.equal(labels("LinearReg").LinearRegression, "class");
    assert.equal(labels("nn.Soft").Softmax, "class");
    await run("const myArrowFn = (x: number) => x + 1;\nconst myNumber = 3;\nconst myObj = { f: (x: number) => x, n: 1 };");
    assert.equal(labels("myArrow").myArrowFn, "function");
    assert.equal(labels("myNumb").myNumber, "instance");
    assert.deepEqual(labels("myObj."), { f: "function", n: "property" });
  });

  it("hover: detail 0 gives the signature and summary, detail 1 the full docs; no `import X = X` line", async () => {
    const short = interp.inspect("LinearRegression", 4, 0).data["text/plain"];
    const full = interp.inspect("LinearRegression", 4, 1).data["text/plain"];
    for (const h of [short, full]) {
      assert.match(h, /^class LinearRegression\n/);
      assert.ok(!/import LinearRegression =|\(alias\)/.test(h), h);
    }
    assert.match(short, /Ordinary least squares/);
    assert.ok(!short.includes("new LinearRegression()"), "the example is left for detail 1");
    assert.match(full, /Example:\nconst model = new LinearRegression\(\)/);
    assert.ok(full.length > short.length);
  });

  it("a polars DataFrame as a cell's value shows typelearn's table (shape header, 6 significant digits)", async () => {
    const r = await run("pl.DataFrame({ a: [1.123456789, 2], b: ['x', 'y'] })");
    assert.equal(r.out.status, "ok", r.evalue);
    assert.match(String(r.value), /^shape: \(2, 2\)\n\s+a\s+b\n0\s+1\.12346\s+x\n/);
    const html = r.out.status === "ok" ? String(r.out.result?.data["text/html"]) : "";
    assert.match(html, /^<table class="typelearn-frame">/);
  });
});
