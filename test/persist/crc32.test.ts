/** The format-2 checksum: CRC-32 as zlib, gzip and PNG compute it, chained over a file's parts. */
import { strict as assert } from "assert";
import * as zlib from "zlib";
import { crc32, crc32Table } from "../../lib/persist/crc32";
import { Rng } from "./mutate";

describe("persist: CRC-32", () => {
  const rng = new Rng(17);
  const bytes = Uint8Array.from({ length: 100_003 }, () => rng.int(256));

  it("gives the standard check value, 0xCBF43926 for the ASCII digits 1-9, both ways", () => {
    assert.equal(crc32(Buffer.from("123456789")), 0xcbf43926);
    assert.equal(crc32Table(Buffer.from("123456789")), 0xcbf43926);
    assert.equal(crc32(new Uint8Array(0)), 0);
  });

  it("the table fallback equals zlib's on random bytes of every length up to 40 and on 100 kB", () => {
    for (let n = 0; n <= 40; n++) assert.equal(crc32Table(bytes.subarray(7, 7 + n)), zlib.crc32(bytes.subarray(7, 7 + n)), `length ${n}`);
    assert.equal(crc32Table(bytes), zlib.crc32(bytes));
  });

  it("chains: the CRC of parts one after the other is the CRC of their concatenation, empty parts included", () => {
    const whole = crc32(bytes);
    const cuts = [0, 0, 5, 4096, 4097, 50_000, bytes.length, bytes.length];
    for (const f of [crc32, crc32Table]) {
      let c = 0;
      for (let i = 1; i < cuts.length; i++) c = f(bytes.subarray(cuts[i - 1], cuts[i]), c);
      // an empty view of an empty ArrayBuffer (a typed array of length 0 in a model) must not reset the chain
      c = f(new Uint8Array(new ArrayBuffer(0)), c);
      assert.equal(c, whole, f.name);
    }
  });

  it("catches every single flipped bit of a 4 kB block", () => {
    const block = bytes.subarray(0, 4096);
    const good = crc32(block);
    const copy = Uint8Array.from(block);
    for (let i = 0; i < copy.length * 8; i++) {
      copy[i >> 3] ^= 1 << (i & 7);
      assert.notEqual(crc32(copy), good, `bit ${i}`);
      copy[i >> 3] ^= 1 << (i & 7);
    }
  });
});
