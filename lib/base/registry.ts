/**
 * A registry of estimator classes by name, so an estimator can be described as plain data ({ className,
 * params }) — to rebuild it in a worker thread or from a saved file without running any stored code.
 */
import { OptionError } from "../errors";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EstimatorClass = new (options?: any) => object;
const classes = new Map<string, EstimatorClass>();

/**
 * Register an estimator class under its name (each estimator module does this once).
 * @example
 * registerEstimator(KMeans);
 */
export function registerEstimator(cls: EstimatorClass, name = cls.name): void {
  classes.set(name, cls);
}

/** The registered class named `name`. */
export function estimatorClass(name: string): EstimatorClass {
  const cls = classes.get(name);
  if (!cls) throw new OptionError("estimator class", `one of ${[...classes.keys()].sort().join(", ")}`, name);
  return cls;
}

/** The names of every registered estimator class. */
export function registeredEstimators(): string[] {
  return [...classes.keys()].sort();
}
