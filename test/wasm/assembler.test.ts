import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  assembleModule, END, funcBody, funcType, I32, I32_ADD, instantiate, lazyModule, LOCAL_GET, shuffle32,
} from "../../lib/wasm/assembler";

/** (i32, i32) → i32 adding its arguments, exported as "add". */
const addModule = (sharedMaxPages?: number): Uint8Array => assembleModule({
  types: [funcType([I32, I32], [I32])],
  funcs: [{ name: "add", type: 0, body: funcBody([], [LOCAL_GET, 0, LOCAL_GET, 1, I32_ADD, END]) }],
  sharedMaxPages,
});

describe("WebAssembly assembler and loader (lib/wasm/assembler)", () => {
  it("assembles a module over a plain or a shared memory, and runs it", () => {
    const plain = lazyModule(() => addModule()), shared = lazyModule(() => addModule(4));
    const p = plain.get(), s = shared.get();
    assert.ok(p && s);
    assert.equal((plain.instantiate(p, plain.memory(1)).add as (a: number, b: number) => number)(2, 3), 5);
    const mem = shared.sharedMemory(1, 4);
    assert.ok(mem.buffer instanceof SharedArrayBuffer);
    assert.equal((instantiate(s, mem).add as (a: number, b: number) => number)(40, 2), 42);
    // a shared import needs a shared memory, a plain one a plain memory
    assert.throws(() => instantiate(s, plain.memory(1)));
    mem.grow(3);
    assert.equal(mem.buffer.byteLength, 4 * 65536);
  });

  it("falls back to the plain build when the relaxed-SIMD one does not compile, and says which it has", () => {
    const builds: boolean[] = [];
    const m = lazyModule((relaxed) => { builds.push(relaxed); return relaxed ? Uint8Array.of(0, 1, 2) : addModule(); },
      { tryRelaxedSimd: () => true });
    assert.ok(m.get());
    assert.equal(m.relaxed(), false);
    assert.deepEqual(builds, [true, false]);
    m.get();
    assert.deepEqual(builds, [true, false], "compiled once");
    const broken = lazyModule(() => Uint8Array.of(0));
    assert.equal(broken.get(), null);
  });

  it("shuffle32 picks whole 32-bit lanes", () => {
    assert.deepEqual(shuffle32([0, 4, 1, 5]).slice(2), [0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23]);
  });

  it("is the one place that holds opcodes and touches the WebAssembly API", () => {
    const lib = path.resolve(__dirname, "..", "..", "..", "lib");
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []);
    const offenders = files(lib).filter((f) => !f.endsWith(path.join("wasm", "assembler.ts"))).filter((f) => {
      const code = fs.readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      // an opcode table ([SIMD, 0x..] or a named 0x.. constant next to assembler imports), or the JS API itself
      return /\[SIMD,\s*0x/.test(code) || /\bWebAssembly\s*[.?]/.test(code) || /\.WebAssembly\b/.test(code) ||
        (/from "[./]*wasm\/assembler"|from "\.\/assembler"/.test(code) && /const [A-Z0-9_]+ = 0x[0-9a-f]+/i.test(code));
    });
    assert.deepEqual(offenders.map((f) => path.relative(lib, f)), []);
  });
});
