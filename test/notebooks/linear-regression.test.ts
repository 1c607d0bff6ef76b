import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { executeWithNbclient, executeWithRunner } from "./helpers";

// The three lines the guide's Python prints (../shared/reference/guide/01_linear_regression.out).
const expected = [
  "Mean Squared Error: 142,020,976.17",
  "R-squared Score: 0.9830",
  "Price per sq ft: $150.46",
];

describe("notebooks/01-linear-regression.ipynb", function () {
  this.timeout(300000);

  it("prints Python's numbers when executed by nbclient through the installed kernelspec", () => {
    const { text, out } = executeWithNbclient("notebooks/01-linear-regression.ipynb");
    for (const line of expected) assert.ok(text.includes(line + "\n"), `missing "${line}" in:\n${text}`);
    // nbclient's output is a valid nbformat notebook (execute_nbclient.py validated it); check it is on disk.
    assert.ok(out.endsWith(".ipynb"));
  });

  it("prints the same through `typelearn run`, writing a valid nbformat 4.5 notebook", () => {
    const { text, nb, stdout } = executeWithRunner("notebooks/01-linear-regression.ipynb");
    for (const line of expected) assert.ok(text.includes(line + "\n"), `missing "${line}" in:\n${text}`);
    assert.match(stdout, /1 notebooks passed, 0 failed/);
    const v = spawnSync("/usr/bin/python3", ["-c",
      "import json,sys,nbformat; nb=nbformat.reads(sys.stdin.read(), as_version=4); nbformat.validate(nb); print(nb.nbformat_minor)"],
    { input: JSON.stringify(nb), encoding: "utf8" });
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout.trim(), "5");
  });
});
