/**
 * glibc's `malloc_trim(0)`, called through the optional `koffi` FFI package: it gives back to the system the free
 * pages inside every malloc arena, not only above each arena's top as free() does. V8's background compiler threads
 * free many megabytes of TurboFan zones in the middle of the arenas after compiling TypeScript's large functions;
 * glibc keeps those pages resident (60–130 MB over a long session, surviving `%reset`) until something trims them.
 * Without koffi, or off glibc (macOS, Windows, musl), the trim is simply unavailable and nothing else changes.
 * `TYPELEARN_MALLOC_TRIM=0` in the kernel's environment turns it off (to measure without it).
 */

/** The part of koffi this module uses. */
export interface FfiLike {
  load(path: string): { func(definition: string): TrimFunction };
}

/** A koffi function: a synchronous call, and `.async` which runs it on a libuv pool thread. */
export interface TrimFunction {
  (pad: number): number;
  async(pad: number, callback: (err: unknown, result: number) => void): void;
}

/** Where the binding comes from; replaced by tests. Returns null when there is none. */
export type TrimLoader = () => TrimFunction | null;

/** The real binding: koffi, glibc's libc.so.6 and its malloc_trim, or null if any of them is missing. */
export const loadMallocTrim: TrimLoader = () => {
  if (process.platform !== "linux" || process.env.TYPELEARN_MALLOC_TRIM === "0") return null;
  try {
    const ffi = require("koffi") as FfiLike;
    return ffi.load("libc.so.6").func("int malloc_trim(size_t pad)");
  } catch {
    return null;
  }
};

let loader: TrimLoader = loadMallocTrim;
let trim: TrimFunction | null | undefined;
let running: Promise<boolean> | null = null;

function binding(): TrimFunction | null {
  if (trim === undefined) {
    try {
      trim = loader();
    } catch {
      trim = null;
    }
  }
  return trim;
}

/**
 * Whether the trim can run here (loads the binding on first use).
 * @example mallocTrimAvailable() // true on Linux/glibc with koffi installed
 */
export function mallocTrimAvailable(): boolean {
  return binding() !== null;
}

/**
 * Trim every malloc arena on a pool thread (the main thread goes on; madvise over tens of MB takes 5–40 ms).
 * Resolves true once trimmed, false when unavailable or when the call failed. A trim already under way is
 * joined, not repeated.
 * @example await mallocTrim() // true
 */
export function mallocTrim(): Promise<boolean> {
  if (running) return running;
  const fn = binding();
  if (!fn) return Promise.resolve(false);
  running = new Promise<boolean>((resolve) => {
    try {
      fn.async(0, (err) => resolve(!err));
    } catch {
      resolve(false);
    }
  }).finally(() => { running = null; });
  return running;
}

/**
 * Use another binding (tests); `loadMallocTrim` restores the real one. Forgets the loaded binding.
 * @example setMallocTrimLoader(() => null) // as on a machine without koffi
 */
export function setMallocTrimLoader(next: TrimLoader): void {
  loader = next;
  trim = undefined;
}
