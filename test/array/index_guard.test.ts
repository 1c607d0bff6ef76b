/**
 * `X[i]` on an NDArray throws IndexAccessError naming `.get(i)` / `.row(i)` instead of silently reading undefined
 * (or silently adding a property on `X[i] = v`): the run-time half of the kernel's type-check refusal, for
 * `%typecheck off` and plain JavaScript. The guard is invisible otherwise: no own or enumerable keys, JSON,
 * spread, structuredClone and iteration unchanged.
 */
import { strict as assert } from "assert";
import { np } from "../../lib/np";
import { NDArray } from "../../lib/array/ndarray";
import { IndexAccessError } from "../../lib/errors";
import { guarded, MAX_GUARDED } from "../../lib/array/index_guard";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function refused(f: () => unknown, key: string): void {
  assert.throws(f, (e: unknown) => e instanceof IndexAccessError && e.key === key &&
    e.message.includes(`.get(${key})`) && e.message.includes(`.row(${key})`));
}

describe("NDArray index guard", () => {
  it("X[0], X[i], X[-1] and X[i] = v throw IndexAccessError naming .get(i) and .row(i)", () => {
    const X: Any = np.arange(6).reshape(3, 2);
    refused(() => X[0], "0");
    refused(() => X[2], "2");
    refused(() => X[5], "5");
    refused(() => X[-1], "-1");
    refused(() => { X[1] = 7; }, "1");
    for (const i of [0, 1, 2]) refused(() => X[i], String(i));
    assert.deepEqual(X.toArray(), [[0, 1], [2, 3], [4, 5]], "the failed write changed nothing");
    refused(() => (np.zeros([4]) as Any)[3], "3");
  });

  it("covers every row of a longer array once it is made, up to the cap", () => {
    const before = guarded.keys;
    assert.ok(before >= 1024);
    const big: Any = np.zeros([3000, 2]);
    assert.ok(guarded.keys >= 3000 && guarded.keys <= MAX_GUARDED);
    refused(() => big[2999], "2999");
    refused(() => (np.arange(3) as Any)[2500], "2500");
  });

  it("leaves the array's own keys, JSON, spread, structuredClone and iteration as they were", () => {
    const a = np.array([1, 2, 3]);
    assert.deepEqual(Object.keys(a), ["data", "shape", "dtype"]);
    const seen: string[] = [];
    for (const k in a) seen.push(k);
    assert.deepEqual(seen, ["data", "shape", "dtype"]);
    assert.equal(JSON.stringify({ ...a }.shape), "[3]");
    assert.deepEqual([...a], [1, 2, 3]);
    const copy = structuredClone(a) as Any;
    assert.deepEqual(Array.from(copy.data), [1, 2, 3]);
    assert.ok(a instanceof NDArray);
    assert.equal(Object.hasOwn(a, "0"), false);
  });
});
