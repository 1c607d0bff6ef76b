/**
 * One file-sized buffer, reused by every load (and readManifest) in the process. A fresh 6 MB buffer costs a page
 * fault per 4 KiB on first touch — on a busy VM more than the rest of a 6 MB load — while a reused one is already
 * mapped. Loads are synchronous and never run inside each other, so one buffer serves them all; a nested use (a
 * validator that loads another file, say) gets a fresh buffer instead. dump needs no file-sized buffer at all: it
 * streams the file through a small window of its own (container_write.ts).
 */

/** Files up to this size use the shared buffer; larger ones get their own (freed with them). */
export const SCRATCH_MAX = 64 * 1024 * 1024;

let scratch: Buffer | undefined;
let busy = false;

/**
 * Run `use` with an allocator whose first buffer (contents undefined) is the shared one: `use` must not keep it,
 * nor any view of it, after it returns. Further buffers, and any inside a nested use, are fresh.
 * @param use - what to do, synchronously, with `alloc(n)` giving n bytes
 * @example
 * withScratch((alloc) => { const b = alloc(4096); fs.readSync(fd, b); return parse(b); });
 */
export function withScratch<T>(use: (alloc: (n: number) => Buffer) => T): T {
  if (busy) return use((n) => Buffer.allocUnsafe(n));
  busy = true;
  let lent = false;
  try {
    return use((n) => {
      if (lent || n > SCRATCH_MAX) return Buffer.allocUnsafe(n);
      lent = true;
      if (!scratch || scratch.length < n) {
        const size = Math.min(SCRATCH_MAX, Math.max(n, scratch ? scratch.length * 2 : 1 << 16));
        scratch = undefined; // let the old one go before the new one is mapped
        scratch = Buffer.allocUnsafeSlow(size);
      }
      return scratch.subarray(0, n);
    });
  } finally {
    busy = false;
  }
}
