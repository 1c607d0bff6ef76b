/** Slots of the shared control words between gemm_pool.ts (main thread) and gemm_worker.ts. */
export const CTRL = {
  /** Call counter, bumped by the main thread to hand the worker a product. */
  SEQ: 0,
  /** The last call the worker finished. */
  DONE: 1,
  /** Rows, inner size and columns of the worker's share. */
  M: 2, K: 3, N: 4,
  /** 0 loading, 1 ready, −1 could not load its backend. */
  STATE: 5,
  /** 1 when a larger data buffer waits on the port. */
  GROW: 6,
  /** 1 when the last product threw in the worker. */
  FAILED: 7,
  SIZE: 8,
} as const;
