/**
 * Kernelspec installation and the CLI: files written to a temp --prefix with the right content, the default and
 * flag-selected locations, logos that are valid PNGs matching the generator, usage errors.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { spawnSync } from "child_process";
import { installKernelspec, kernelsDir, uninstallKernelspec, userKernelsDir, binPath } from "../../kernel/kernelspec";
import { logoFiles, crc32 } from "../../kernel/assets/logo";
import { parseArgs } from "../../kernel/cli";

const REPO = path.resolve(__dirname, "..", "..", "..");
const BIN = path.join(REPO, "bin", "typelearn.js");

const made: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "typelearn-spec-"));
  made.push(d);
  return d;
}
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Decode a PNG written by our encoder (RGBA, filter 0) back to pixels. */
function readPng(buf: Buffer): { w: number; h: number; px: Buffer } {
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let off = 8;
  let w = 0;
  let h = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString("latin1", off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    assert.equal(buf.readUInt32BE(off + 8 + len), crc32(buf.subarray(off + 4, off + 8 + len)), `${type} CRC`);
    if (type === "IHDR") {
      w = data.readUInt32BE(0);
      h = data.readUInt32BE(4);
      assert.equal(data[8], 8);
      assert.equal(data[9], 6);
    } else if (type === "IDAT") idat.push(data);
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, h * (w * 4 + 1));
  return { w, h, px: raw };
}

describe("kernelspec", () => {
  it("installs kernel.json and logos into PREFIX/share/jupyter/kernels/NAME", () => {
    const prefix = tmp();
    const { dir } = installKernelspec({ prefix, name: "tl-test", displayName: "TS test" });
    assert.equal(dir, path.join(prefix, "share", "jupyter", "kernels", "tl-test"));
    const spec = JSON.parse(fs.readFileSync(path.join(dir, "kernel.json"), "utf8"));
    assert.deepEqual(spec, {
      argv: [process.execPath, "--max-semi-space-size=32", BIN, "kernel", "-f", "{connection_file}"],
      env: { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "40000", MALLOC_TRIM_THRESHOLD_: "131072" },
      display_name: "TS test",
      language: "typescript",
      interrupt_mode: "message",
      metadata: {},
    });
    assert.ok(path.isAbsolute(spec.argv[2]) && fs.existsSync(spec.argv[2]));
    assert.equal(binPath(), BIN);
    const files = logoFiles();
    for (const f of ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"]) {
      const written = fs.readFileSync(path.join(dir, f));
      assert.ok(written.equals(files[f]), `${f} matches the generator (regenerate with node dist/kernel/assets/logo.js)`);
    }
    const small = readPng(fs.readFileSync(path.join(dir, "logo-32x32.png")));
    assert.deepEqual([small.w, small.h], [32, 32]);
    const big = readPng(fs.readFileSync(path.join(dir, "logo-64x64.png")));
    assert.deepEqual([big.w, big.h], [64, 64]);
    // corner pixel is the blue background, a pixel in the T's bar is white
    assert.deepEqual([...big.px.subarray(1, 5)], [0x31, 0x78, 0xc6, 0xff]);
    const row = 16 * (64 * 4 + 1) + 1;
    assert.deepEqual([...big.px.subarray(row + 10 * 4, row + 10 * 4 + 4)], [255, 255, 255, 255]);
    assert.equal(uninstallKernelspec({ prefix, name: "tl-test" }), dir);
    assert.ok(!fs.existsSync(dir));
    assert.equal(uninstallKernelspec({ prefix, name: "tl-test" }), null);
  });

  it("resolves --user, --sys-prefix and the default like Jupyter", () => {
    const env = { JUPYTER_DATA_DIR: "/data/jup" } as NodeJS.ProcessEnv;
    assert.equal(userKernelsDir(env), path.join("/data/jup", "kernels"));
    assert.equal(kernelsDir({ user: true }, env).dir, "/data/jup/kernels");
    if (process.platform === "linux") {
      assert.equal(userKernelsDir({ XDG_DATA_HOME: "/xdg" }), "/xdg/jupyter/kernels");
      assert.equal(userKernelsDir({}), path.join(os.homedir(), ".local/share/jupyter/kernels"));
    }
    assert.equal(kernelsDir({ sysPrefix: true }, { VIRTUAL_ENV: "/venv" }).dir, "/venv/share/jupyter/kernels");
    assert.equal(kernelsDir({ sysPrefix: true }, { CONDA_PREFIX: "/conda" }).dir, "/conda/share/jupyter/kernels");
    const fallback = kernelsDir({ sysPrefix: true }, {});
    assert.equal(fallback.dir, "/usr/local/share/jupyter/kernels");
    assert.match(fallback.note ?? "", /\/usr\/local/);
    const isRoot = process.getuid?.() === 0;
    assert.equal(kernelsDir({}, env).dir, isRoot ? "/usr/local/share/jupyter/kernels" : "/data/jup/kernels");
    assert.throws(() => kernelsDir({ user: true, prefix: "/x" }), /at most one/);
    assert.throws(() => installKernelspec({ prefix: tmp(), name: "bad name!" }), /--name/);
  });
});

describe("typelearn CLI", () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });

  it("installs and uninstalls through bin/typelearn.js and says where", () => {
    const prefix = tmp();
    const r = run("install", "--prefix", prefix, "--name", "tl-cli", "--display-name=TypeScript CLI");
    assert.equal(r.status, 0, r.stderr);
    const dir = path.join(prefix, "share", "jupyter", "kernels", "tl-cli");
    assert.ok(r.stdout.includes(dir));
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, "kernel.json"), "utf8")).display_name, "TypeScript CLI");
    const u = run("uninstall", "--prefix", prefix, "--name", "tl-cli");
    assert.equal(u.status, 0, u.stderr);
    assert.ok(!fs.existsSync(dir));
    assert.equal(run("uninstall", "--prefix", prefix, "--name", "tl-cli").status, 1);
  });

  it("prints usage for --help and fails with usage on unknown commands or options", () => {
    const help = run("--help");
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: typelearn/);
    const bad = run("frobnicate");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown command "frobnicate"[\s\S]*Usage/);
    const badOpt = run("install", "--bogus");
    assert.equal(badOpt.status, 2);
    assert.match(badOpt.stderr, /unknown option --bogus/);
    const noFile = run("kernel");
    assert.equal(noFile.status, 2);
    assert.match(noFile.stderr, /-f CONNECTION_FILE/);
  });

  it("parses --flag value, --flag=value and booleans", () => {
    const p = parseArgs(["--prefix=/a", "--name", "n", "--user", "pos"], ["--prefix", "--name"], ["--user"]);
    assert.equal(p.flags.get("--prefix"), "/a");
    assert.equal(p.flags.get("--name"), "n");
    assert.equal(p.flags.get("--user"), true);
    assert.deepEqual(p.positional, ["pos"]);
    assert.throws(() => parseArgs(["--name"], ["--name"], []), /needs a value/);
  });
});
