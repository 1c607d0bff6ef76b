/**
 * Loading a package whose own dependencies are mostly not needed until one of their functions is called: while the
 * package loads, its `require` of each named dependency returns a stand-in that requires the real module on first
 * use (a property read, a call, `instanceof`, `in`) and from then on forwards everything to it. danfojs-node is the
 * case: importing it loaded mathjs, xlsx, request and tfjs-node (≈ 3 s together), which only its statistics, Excel
 * and URL readers and tensor conversions use — not building or printing a DataFrame.
 */
import * as path from "path";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Module = require("module") as { _load: (request: string, parent: { filename?: string } | null, isMain: boolean) => unknown };

/** How one deferred dependency behaves before it is loaded. */
export interface Deferred {
  /** Properties answered without loading the module (e.g. a class an `instanceof` check reads on every call). */
  early?: Record<string, () => unknown>;
}

/**
 * A stand-in for the module `request` (as resolved from `parent`): the real one is required on first use.
 * @param request - the module name
 * @param parent - the module that asked for it (resolution starts there)
 * @param deferred - what the stand-in answers before loading
 * @returns a Proxy over a function (so a module that is itself a function can be called through it)
 */
function standIn(request: string, parent: { filename?: string } | null, deferred: Deferred): unknown {
  let real: Record<PropertyKey, unknown> | undefined;
  const load = (): Record<PropertyKey, unknown> => {
    real ??= Module._load(request, parent, false) as Record<PropertyKey, unknown>;
    return real;
  };
  const early = deferred.early ?? {};
  // __importDefault / __importStar read __esModule at import time: the deferred modules are CommonJS, so "no"
  // (and a read of it must not load them)
  return new Proxy(function deferredModule() { /* stand-in */ }, {
    get(_, key) {
      if (real === undefined) {
        if (key === "__esModule") return undefined;
        if (typeof key === "string" && Object.prototype.hasOwnProperty.call(early, key)) return early[key]();
      }
      return load()[key];
    },
    has: (_, key) => key in load(),
    set: (_, key, v) => { load()[key] = v; return true; },
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), key);
      // a Proxy may not report a property as absent-and-non-configurable; report every property configurable
      return d === undefined ? undefined : { ...d, configurable: true };
    },
    apply: (_, self, args) => Reflect.apply(load() as unknown as (...a: unknown[]) => unknown, self, args),
    construct: (_, args) => Reflect.construct(load() as unknown as new (...a: unknown[]) => object, args),
  });
}

/**
 * Require `pkg` with some of its dependencies deferred (see the file comment).
 * @param pkg - the package to load, e.g. "danfojs-node"
 * @param deferred - dependency name → how its stand-in behaves; only requires made from inside `pkg`'s own
 *   directory are deferred, so another package requiring the same module gets the real one
 * @returns the package's exports
 * @example
 * const dfd = requireDeferring("danfojs-node", { mathjs: {}, xlsx: {} });
 */
export function requireDeferring<T>(pkg: string, deferred: Record<string, Deferred>): T {
  const root = path.dirname(require.resolve(`${pkg}/package.json`)) + path.sep;
  const original = Module._load;
  Module._load = function (request, parent, isMain) {
    const d = Object.prototype.hasOwnProperty.call(deferred, request) ? deferred[request] : undefined;
    if (d && parent?.filename?.startsWith(root)) return standIn(request, parent, d);
    return original.call(this, request, parent, isMain);
  };
  try {
    return require(pkg) as T;
  } finally {
    Module._load = original;
  }
}
