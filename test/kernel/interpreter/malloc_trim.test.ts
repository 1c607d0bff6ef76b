/**
 * glibc's malloc_trim through the optional koffi package (kernel/interpreter/malloc_trim.ts): called on a pool thread
 * when the binding is there, a no-op reporting false when it is not (no koffi, not glibc, turned off), and never a
 * throw either way.
 */
import { strict as assert } from "assert";
import {
  loadMallocTrim, mallocTrim, mallocTrimAvailable, setMallocTrimLoader, type TrimFunction,
} from "../../../kernel/interpreter/malloc_trim";

/** A binding that records its calls and answers after a tick, as koffi's async calls do. */
function fakeTrim(fail = false): TrimFunction & { pads: number[] } {
  const pads: number[] = [];
  const fn = ((pad: number) => { pads.push(pad); return 1; }) as TrimFunction & { pads: number[] };
  fn.async = (pad, cb) => { pads.push(pad); setImmediate(() => (fail ? cb(new Error("ffi call failed"), 0) : cb(null, 1))); };
  fn.pads = pads;
  return fn;
}

describe("kernel/interpreter malloc_trim", () => {
  afterEach(() => setMallocTrimLoader(loadMallocTrim));

  it("calls malloc_trim(0) through the binding's async call and resolves true", async () => {
    const fn = fakeTrim();
    setMallocTrimLoader(() => fn);
    assert.equal(mallocTrimAvailable(), true);
    assert.equal(await mallocTrim(), true);
    assert.deepEqual(fn.pads, [0]);
  });

  it("joins a trim already under way instead of starting a second one", async () => {
    const fn = fakeTrim();
    setMallocTrimLoader(() => fn);
    const [a, b] = await Promise.all([mallocTrim(), mallocTrim()]);
    assert.deepEqual([a, b], [true, true]);
    assert.equal(fn.pads.length, 1);
    assert.equal(await mallocTrim(), true);
    assert.equal(fn.pads.length, 2, "a later trim runs again");
  });

  it("without a binding (no koffi, not glibc) it is unavailable and resolves false", async () => {
    setMallocTrimLoader(() => null);
    assert.equal(mallocTrimAvailable(), false);
    assert.equal(await mallocTrim(), false);
  });

  it("a loader that throws, or a call that fails, resolves false instead of throwing", async () => {
    setMallocTrimLoader(() => { throw new Error("cannot load libc.so.6"); });
    assert.equal(mallocTrimAvailable(), false);
    assert.equal(await mallocTrim(), false);
    setMallocTrimLoader(() => fakeTrim(true));
    assert.equal(await mallocTrim(), false);
  });

  it("the real loader binds glibc's malloc_trim exactly when koffi is installed on Linux, and TYPELEARN_MALLOC_TRIM=0 turns it off", async () => {
    let koffi = false;
    try {
      require.resolve("koffi");
      koffi = true;
    } catch {
      koffi = false;
    }
    const expected = koffi && process.platform === "linux";
    assert.equal(loadMallocTrim() !== null, expected);
    assert.equal(await mallocTrim(), expected);
    const saved = process.env.TYPELEARN_MALLOC_TRIM;
    process.env.TYPELEARN_MALLOC_TRIM = "0";
    try {
      assert.equal(loadMallocTrim(), null);
    } finally {
      if (saved === undefined) delete process.env.TYPELEARN_MALLOC_TRIM;
      else process.env.TYPELEARN_MALLOC_TRIM = saved;
    }
  });
});
