/**
 * The type-error switch from outside the interpreter: `typelearn kernel --type-errors=warn` (what kernel.json
 * carries after `typelearn install --type-errors warn`), and `typelearn run` with notebook metadata or the flag.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installKernelspec, kernelJson } from "../../kernel/kernelspec";
import { startKernelProcess, REPO_ROOT, type KernelProcess } from "./helpers/spawn";

const bin = path.join(REPO_ROOT, "bin", "typelearn.js");
const badCell = "console.log('ran');\nconst s: string = 1;\ns";

function notebook(metadata: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-typeerr-"));
  const file = path.join(dir, "t.ipynb");
  fs.writeFileSync(file, JSON.stringify({
    nbformat: 4, nbformat_minor: 5, metadata,
    cells: [{ cell_type: "code", id: "c1", metadata: {}, source: badCell, outputs: [], execution_count: null }],
  }));
  return file;
}

function runNotebook(file: string, ...extra: string[]) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "tl-typeerr-out-"));
  const r = spawnSync(process.execPath, [bin, "run", file, "--out", out, ...extra], { encoding: "utf8", timeout: 120000 });
  const written = path.join(out, path.basename(file));
  return { r, nb: fs.existsSync(written) ? JSON.parse(fs.readFileSync(written, "utf8")) : undefined };
}

describe("type-error switch", function () {
  this.timeout(120000);

  describe("kernel --type-errors=warn", () => {
    let k: KernelProcess;
    before(async () => { k = await startKernelProcess("real", ["--type-errors=warn"]); });
    after(() => k?.kill());

    it("runs a cell with a type error and sends the diagnostics on stderr", async () => {
      const { reply, iopub } = await k.client.execute(badCell, {}, 60000);
      assert.equal(reply.content.status, "ok");
      const streams = iopub.filter((m) => m.header.msg_type === "stream");
      assert.equal(streams.filter((m) => m.content.name === "stdout").map((m) => m.content.text).join(""), "ran\n");
      assert.match(streams.filter((m) => m.content.name === "stderr").map((m) => m.content.text).join(""),
        /2:7 - Type 'number' is not assignable to type 'string'/);
      const result = iopub.find((m) => m.header.msg_type === "execute_result");
      assert.equal((result?.content.data as Record<string, string>)["text/plain"], "1");
    });
  });

  it("typelearn install --type-errors warn writes the flag into kernel.json; a bad mode is a usage error", () => {
    assert.deepEqual(kernelJson("x", "warn").argv.slice(-1), ["--type-errors=warn"]);
    assert.equal(kernelJson("x").argv.some((a) => a.startsWith("--type-errors")), false);
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "tl-typeerr-spec-"));
    const { dir } = installKernelspec({ prefix, name: "tl-te", typeErrors: "off" });
    assert.ok(JSON.parse(fs.readFileSync(path.join(dir, "kernel.json"), "utf8")).argv.includes("--type-errors=off"));
    const viaCli = spawnSync(process.execPath, [bin, "install", "--prefix", prefix, "--name", "tl-te2", "--type-errors", "warn"], { encoding: "utf8" });
    assert.equal(viaCli.status, 0, viaCli.stderr);
    const spec = JSON.parse(fs.readFileSync(path.join(prefix, "share", "jupyter", "kernels", "tl-te2", "kernel.json"), "utf8"));
    assert.ok(spec.argv.includes("--type-errors=warn"));
    const bad = spawnSync(process.execPath, [bin, "install", "--prefix", prefix, "--type-errors", "loud"], { encoding: "utf8" });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--type-errors must be block, warn or off; received "loud"/);
  });

  it("typelearn run: blocks by default, runs with metadata typelearn.typeErrors = warn, or with --type-errors warn", () => {
    const blocked = runNotebook(notebook({}));
    assert.equal(blocked.r.status, 1);
    assert.match(blocked.r.stdout, /TypeScriptError: 2:7 - Type 'number'/);
    const viaMeta = runNotebook(notebook({ typelearn: { typeErrors: "warn" } }));
    assert.equal(viaMeta.r.status, 0, viaMeta.r.stdout + viaMeta.r.stderr);
    const outs = viaMeta.nb.cells[0].outputs;
    assert.deepEqual(outs.map((o: { output_type: string; name?: string }) => o.name ?? o.output_type), ["stderr", "stdout", "execute_result"]);
    assert.match(outs[0].text, /2:7 - Type 'number' is not assignable to type 'string'/);
    const viaFlag = runNotebook(notebook({}), "--type-errors", "warn");
    assert.equal(viaFlag.r.status, 0, viaFlag.r.stdout + viaFlag.r.stderr);
    const metaWins = runNotebook(notebook({ typelearn: { typeErrors: "block" } }), "--type-errors=warn");
    assert.equal(metaWins.r.status, 1, "the notebook's own setting overrides the command line");
    const badMeta = runNotebook(notebook({ typelearn: { typeErrors: "sometimes" } }));
    assert.equal(badMeta.r.status, 1);
    assert.match(badMeta.r.stderr, /metadata typelearn\.typeErrors must be one of block, warn, off; received "sometimes"/);
  });
});
