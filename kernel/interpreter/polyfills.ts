/**
 * The few ES2024 library functions the cells are typed with (tsenv.ts's cellLibs) that Node 20 does not have yet.
 * Installed once, only where missing, so a newer Node keeps its own.
 */

type Key = PropertyKey;

function groupInto<T, K>(items: Iterable<T>, keyOf: (item: T, index: number) => K, add: (k: K, item: T) => void): void {
  let i = 0;
  for (const item of items) add(keyOf(item, i++), item);
}

/** Define Object.groupBy, Map.groupBy and Promise.withResolvers when the running Node lacks them. */
export function installPolyfills(): void {
  const O = Object as unknown as Record<string, unknown>;
  if (typeof O.groupBy !== "function") {
    Object.defineProperty(Object, "groupBy", {
      configurable: true, writable: true,
      value<T>(items: Iterable<T>, keyOf: (item: T, index: number) => Key) {
        const out = Object.create(null) as Record<Key, T[]>;
        groupInto(items, keyOf, (k, item) => { (out[k] ??= []).push(item); });
        return out;
      },
    });
  }
  const M = Map as unknown as Record<string, unknown>;
  if (typeof M.groupBy !== "function") {
    Object.defineProperty(Map, "groupBy", {
      configurable: true, writable: true,
      value<T, K>(items: Iterable<T>, keyOf: (item: T, index: number) => K) {
        const out = new Map<K, T[]>();
        groupInto(items, keyOf, (k, item) => {
          const list = out.get(k);
          if (list) list.push(item); else out.set(k, [item]);
        });
        return out;
      },
    });
  }
  const P = Promise as unknown as Record<string, unknown>;
  if (typeof P.withResolvers !== "function") {
    Object.defineProperty(Promise, "withResolvers", {
      configurable: true, writable: true,
      value<T>() {
        let resolve!: (v: T | PromiseLike<T>) => void;
        let reject!: (e?: unknown) => void;
        const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
        return { promise, resolve, reject };
      },
    });
  }
}
