/**
 * Pipeline and makePipeline: scikit-learn's chaining of transformers and a final estimator, with steps
 * addressable as `step__option` in getParams / setParams (and so in GridSearchCV grids).
 */
import { BaseEstimator, MethodResult, Params, PropertyOf, registerEstimator } from "../base/estimator";
import type { EstimatorTypeOf, PredictedLabels, WrapperFittedClasses } from "../base/roles";
import { RawRepr, callRepr } from "../base/repr";
import { displaySymbol, escapeHtml, MimeBundle } from "../display";
import { InputTypeError, OptionError } from "../errors";
import { ARRAY, BOOLEAN, checkParams, oneOf } from "../base/constraints";
import type { ParameterConstraints } from "../base/constraints";
import { LinearRegression } from "../linear/linear_regression";
import { StandardScaler } from "../preprocessing/standard_scaler";

/** A step: [name, estimator], or [name, "passthrough" | null] to skip it. */
export type Step = [string, BaseEstimator | "passthrough" | null];

/** A step as a literal list of steps types it (readonly pairs, names as literal types). */
export type StepLike = readonly [string, BaseEstimator | "passthrough" | null];

/** The steps by name, each with its own type: `{ scaler: StandardScaler; clf: LogisticRegression }`. */
export type NamedSteps<S extends readonly StepLike[]> = { [K in S[number] as K[0]]: K[1] };

/** The type of the last step's estimator (the union of every step's when the steps are not a literal tuple). */
export type FinalStep<S extends readonly StepLike[]> =
  S extends readonly [...unknown[], readonly [string, infer E]] ? E : S[number][1];

/** Options of {@link Pipeline}. */
export interface PipelineOptions {
  /** Caching of fitted transformers: only null (no caching) is supported. */
  memory?: null;
  /** Print the time each step takes to fit (default false). */
  verbose?: boolean;
}

const DEFAULTS = { steps: [] as Step[], memory: null, verbose: false };

type Est = BaseEstimator & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function isSkip(e: unknown): e is "passthrough" | null {
  return e === "passthrough" || e === null;
}

/**
 * A chain of transformers ending with any estimator. fit runs fitTransform through every step but the last, then
 * fits the last; predict / predictProba / decisionFunction / score / transform send X through the fitted
 * transformers first. A step can be "passthrough" (or null) to skip it.
 *
 * @example
 * const pipe = new Pipeline([["scaler", new StandardScaler()], ["clf", new LogisticRegression()]]);
 * pipe.fit(XTrain, yTrain).score(XTest, yTest);
 * pipe.setParams({ clf__C: 10 });
 * pipe.namedSteps.clf.coef_; // typed: the steps' types follow the literal list
 */
export class Pipeline<const S extends readonly StepLike[] = Step[]> extends BaseEstimator {
  /**
   * The pipeline's own options. `steps` is checked here as a whole (an array) when set; each step's pair shape,
   * name and kind are checked by name right after, and its own options by the step's own table at fit.
   */
  static readonly parameterConstraints: ParameterConstraints<PipelineOptions & { steps: Step[] }> = {
    steps: [ARRAY],
    memory: [oneOf(null)],
    verbose: [BOOLEAN],
  };
  declare steps: Step[];
  declare memory: null;
  declare verbose: boolean;

  /**
   * @param steps - [name, estimator] pairs (or one options object with `steps`, as clone and specs use)
   * @param options - { memory = null, verbose = false }
   */
  constructor(steps: S | (PipelineOptions & { steps?: S }), options: PipelineOptions = {}) {
    const opts = Array.isArray(steps) ? { ...options, steps } : steps;
    super(DEFAULTS, opts);
    checkStepsOption(this.steps);
  }

  /** Steps by name, each typed as given. @example pipe.namedSteps.clf.coef_ */
  get namedSteps(): NamedSteps<S> {
    return Object.fromEntries(this.steps.map(([n, e]) => [n, e])) as NamedSteps<S>;
  }

  /** The last step's estimator (undefined when it is passthrough). */
  get finalEstimator(): Est | undefined {
    const last = this.steps[this.steps.length - 1]?.[1];
    return isSkip(last) ? undefined : (last as Est);
  }

  /** Classes of the final classifier (typed as the last step's classes_). */
  get classes_(): PropertyOf<FinalStep<S>, "classes_"> { return this.finalEstimator?.classes_; }

  /** The final estimator's kind: a pipeline ending in a classifier is a classifier. */
  get _estimatorType(): EstimatorTypeOf<FinalStep<S>> {
    return this.finalEstimator?._estimatorType as EstimatorTypeOf<FinalStep<S>>;
  }

  /**
   * Options: steps, memory, verbose and, when deep, each step by name and its options as `name__option`.
   * @param deep - include the steps and their options (default true)
   * @example
   * pipe.getParams().clf__C;
   */
  getParams(deep = true): Params {
    const out: Params = { steps: this.steps, memory: this.memory, verbose: this.verbose };
    if (!deep) return out;
    for (const [name, est] of this.steps) {
      out[name] = est;
      if (est instanceof BaseEstimator) {
        for (const [k, v] of Object.entries(est.getParams(true))) out[`${name}__${k}`] = v;
      }
    }
    return out;
  }

  /**
   * Set options: `steps` first, then whole steps by name (an estimator or "passthrough"), then `name__option`.
   * @param params - option values
   * @example
   * pipe.setParams({ scaler: "passthrough", clf__C: 0.1 });
   */
  setParams(params: Params): this {
    const rest: Params = { ...params };
    if ("steps" in rest) {
      checkStepsOption(rest.steps);
      this.steps = rest.steps as Step[];
      delete rest.steps;
    }
    for (const key of Object.keys(rest)) {
      const i = this.steps.findIndex(([n]) => n === key);
      if (i < 0) continue;
      const v = rest[key];
      if (!(v instanceof BaseEstimator) && !isSkip(v)) {
        throw new InputTypeError(`Pipeline step "${key}"`, 'an estimator, "passthrough" or null', v);
      }
      this.steps = this.steps.map((s, j) => (j === i ? [s[0], v] : s)) as Step[];
      delete rest[key];
    }
    return super.setParams(rest);
  }

  protected nestedEstimator(name: string): BaseEstimator | undefined {
    const step = this.steps.find(([n]) => n === name);
    return step && step[1] instanceof BaseEstimator ? step[1] : undefined;
  }

  /** Fitted when the final estimator is (or, with a passthrough last step, every other step). */
  isFitted(): boolean {
    const ests = this.steps.map(([, e]) => e).filter((e): e is BaseEstimator => e instanceof BaseEstimator);
    if (ests.length === 0) return false;
    const f = this.finalEstimator;
    return f ? f.isFitted() : ests.every((e) => e.isFitted());
  }

  private validateForFit(): void {
    this.validateParams();
    checkSteps(this.steps, true);
  }

  private fitTransformers(X: unknown, y: unknown): unknown {
    let Xt = X;
    for (const [name, e] of this.steps.slice(0, -1)) {
      if (isSkip(e)) continue;
      const t0 = Date.now();
      const est = e as Est;
      Xt = typeof est.fitTransform === "function" ? est.fitTransform(Xt, y) : est.fit(Xt, y).transform(Xt);
      if (this.verbose) console.log(`[Pipeline] ... (step ${name}) fitted in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    }
    return Xt;
  }

  private transformers(X: unknown, upTo = this.steps.length - 1): unknown {
    let Xt = X;
    for (const [, e] of this.steps.slice(0, upTo)) if (!isSkip(e)) Xt = (e as Est).transform(Xt);
    return Xt;
  }

  private final(method: string): Est | undefined {
    const f = this.finalEstimator;
    if (f && typeof f[method] !== "function") {
      throw new OptionError(`Pipeline.${method}()`, `a last step with ${method}()`,
        `${this.steps[this.steps.length - 1][0]} (${f.constructor.name})`);
    }
    return f;
  }

  private fitted(method: string): Est | undefined {
    this.checkIsFitted(method);
    return this.final(method);
  }

  /**
   * Fit every transformer in turn (fitTransform) and then the final estimator.
   * @param X - samples
   * @param y - targets
   * @returns this
   * @example
   * pipe.fit(XTrain, yTrain);
   */
  fit<Y = unknown>(X: unknown, y?: Y): this & WrapperFittedClasses<FinalStep<S>, Y> {
    this.validateForFit();
    this.final("fit");
    const Xt = this.fitTransformers(X, y);
    const f = this.finalEstimator;
    if (f) f.fit(Xt, y);
    const first = this.steps.find(([, e]) => e instanceof BaseEstimator)?.[1] as Est | undefined;
    if (first) {
      this.nFeaturesIn_ = first.nFeaturesIn_;
      this.featureNamesIn_ = first.featureNamesIn_;
    }
    return this as this & WrapperFittedClasses<FinalStep<S>, Y>;
  }

  /** Fit, then transform with the last step. @param X - samples @param y - targets @example pipe.fitTransform(X) */
  fitTransform(X: unknown, y?: unknown): unknown {
    this.validateForFit();
    const f = this.finalEstimator;
    if (f && typeof f.fitTransform !== "function" && typeof f.transform !== "function") this.final("transform");
    const Xt = this.fitTransformers(X, y);
    if (!f) return Xt;
    return typeof f.fitTransform === "function" ? f.fitTransform(Xt, y) : f.fit(Xt, y).transform(Xt);
  }

  /** Fit the transformers, then fitPredict with the last step. @param X - samples @param y - targets @example pipe.fitPredict(X) */
  fitPredict(X: unknown, y?: unknown): unknown {
    this.validateForFit();
    const f = this.final("fitPredict");
    const Xt = this.fitTransformers(X, y);
    return f ? f.fitPredict(Xt, y) : Xt;
  }

  /** Transform X, then predict with the last step. @param X - samples @example pipe.predict(XTest) */
  predict(X: unknown): PredictedLabels<this, MethodResult<FinalStep<S>, "predict">> { return this.fitted("predict")!.predict(this.transformers(X)); }
  /** Transform X, then predictProba. @param X - samples @example pipe.predictProba(XTest) */
  predictProba(X: unknown): MethodResult<FinalStep<S>, "predictProba"> { return this.fitted("predictProba")!.predictProba(this.transformers(X)); }
  /** Transform X, then predictLogProba. @param X - samples @example pipe.predictLogProba(XTest) */
  predictLogProba(X: unknown): MethodResult<FinalStep<S>, "predictLogProba"> { return this.fitted("predictLogProba")!.predictLogProba(this.transformers(X)); }
  /** Transform X, then decisionFunction. @param X - samples @example pipe.decisionFunction(XTest) */
  decisionFunction(X: unknown): MethodResult<FinalStep<S>, "decisionFunction"> { return this.fitted("decisionFunction")!.decisionFunction(this.transformers(X)); }

  /**
   * Transform X, then score with the last step (sampleWeight goes to its score when given).
   * @param X - samples
   * @param y - targets
   * @param sampleWeight - optional weight per sample
   * @example
   * pipe.score(XTest, yTest);
   */
  score(X: unknown, y?: unknown, sampleWeight?: unknown): number {
    const f = this.fitted("score")!;
    const Xt = this.transformers(X);
    return sampleWeight === undefined || sampleWeight === null ? f.score(Xt, y) : f.score(Xt, y, sampleWeight);
  }

  /** Apply every step's transform (the last must be a transformer or passthrough). @param X - samples @example pipe.transform(X) */
  transform(X: unknown): unknown {
    const f = this.fitted("transform");
    const Xt = this.transformers(X);
    return f ? f.transform(Xt) : Xt;
  }

  /** Undo the transforms in reverse order (each step needs inverseTransform). @param X - transformed data @example pipe.inverseTransform(Z) */
  inverseTransform(X: unknown): unknown {
    this.checkIsFitted("inverseTransform");
    let Xt = X;
    for (const [name, e] of [...this.steps].reverse()) {
      if (isSkip(e)) continue;
      if (typeof (e as Est).inverseTransform !== "function") {
        throw new OptionError("Pipeline.inverseTransform()", "every step with inverseTransform()", `${name} (${e.constructor.name})`);
      }
      Xt = (e as Est).inverseTransform(Xt);
    }
    return Xt;
  }

  /** scikit-learn-style repr listing the steps, laid out from `column` (multi-line when long). */
  reprAt(column: number, trailing = 0, width?: number): string {
    const entries: [string, unknown][] = [["steps", this.steps.map(([n, e]) => [n, e])]];
    if (this.memory !== null) entries.push(["memory", new RawRepr(String(this.memory))]);
    if (this.verbose) entries.push(["verbose", true]);
    return callRepr("Pipeline", entries, column, trailing, width);
  }

  /** Notebook display: a box per step, in order, inside a Pipeline box. */
  [displaySymbol](): MimeBundle {
    const fitted = this.isFitted();
    const boxes = this.steps.map(([n, e]) => {
      const inner = isSkip(e) ? String(e) : e.toString();
      return `<div style="border:1px solid #9ab;border-radius:4px;margin:4px 0;padding:4px 8px;background:#fff">` +
        `<div style="color:#567;font-size:smaller">${escapeHtml(n)}</div><div>${escapeHtml(inner)}</div></div>`;
    }).join(`<div style="text-align:center;color:#89a">↓</div>`);
    const html = `<div class="typelearn-estimator typelearn-pipeline" style="display:inline-block;border:1px solid #9ab;` +
      `border-radius:4px;padding:4px 8px;font-family:monospace;background:${fitted ? "#eef6ff" : "#f7f7f7"}">` +
      `<div>Pipeline <span style="color:#678;font-size:smaller">(${fitted ? "fitted" : "not fitted"})</span></div>${boxes}</div>`;
    return { "text/plain": this.toString(), "text/html": html };
  }
}

/** `steps` as an option (the table's check, an OptionError naming "steps"), then each pair. */
function checkStepsOption(steps: unknown): void {
  checkParams({ steps }, { steps: Pipeline.parameterConstraints.steps });
  checkSteps(steps, false);
}

function checkSteps(steps: unknown, forFit: boolean): void {
  if (!Array.isArray(steps)) throw new InputTypeError("Pipeline steps", "an array of [name, estimator] pairs", steps);
  if (forFit && steps.length === 0) throw new OptionError("Pipeline steps", "at least one step", "an empty array");
  const seen = new Set<string>();
  steps.forEach((s, i) => {
    if (!Array.isArray(s) || s.length !== 2 || typeof s[0] !== "string") {
      throw new InputTypeError(`Pipeline steps[${i}]`, "a [name, estimator] pair", s);
    }
    const [name, est] = s as [string, unknown];
    if (seen.has(name)) throw new OptionError(`Pipeline step names`, "unique names", name);
    seen.add(name);
    if (name.includes("__")) throw new OptionError(`Pipeline step name`, 'a name without "__"', name);
    if (name in DEFAULTS) throw new OptionError("Pipeline step name", "a name other than steps, memory, verbose", name);
    if (!(est instanceof BaseEstimator) && !isSkip(est)) {
      throw new InputTypeError(`Pipeline step "${name}"`, 'an estimator, "passthrough" or null', est);
    }
    if (forFit && i < steps.length - 1 && !isSkip(est)) {
      const e = est as Est;
      if (typeof e.fit !== "function" || (typeof e.transform !== "function" && typeof e.fitTransform !== "function")) {
        throw new InputTypeError(`Pipeline step "${name}"`, "a transformer (fit and transform) before the last step",
          est);
      }
    }
  });
}

/** What makePipeline takes as a step. */
export type PipelineItem = BaseEstimator | "passthrough" | null;

/** makePipeline's steps: each item named by a string (its lowercased class name at run time). */
export type StepsOf<E extends readonly PipelineItem[]> = { -readonly [I in keyof E]: readonly [string, E[I]] };

/**
 * A Pipeline whose step names are the lowercased class names (repeated names get -1, -2, … as scikit-learn).
 * @param steps - estimators (or "passthrough"), optionally followed by { memory, verbose }
 * @example
 * const pipe = makePipeline(new StandardScaler(), new LogisticRegression());
 * pipe.steps.map(([n]) => n); // ["standardscaler", "logisticregression"]
 */
export function makePipeline<const E extends readonly PipelineItem[]>(...steps: E): Pipeline<StepsOf<E>>;
export function makePipeline<const E extends readonly PipelineItem[]>(...stepsAndOptions: [...E, PipelineOptions]): Pipeline<StepsOf<E>>;
export function makePipeline(...steps: (PipelineItem | PipelineOptions)[]): Pipeline {
  let options: PipelineOptions = {};
  const last = steps[steps.length - 1];
  if (last && typeof last === "object" && !(last instanceof BaseEstimator)) options = steps.pop() as PipelineOptions;
  const ests = steps as (BaseEstimator | "passthrough" | null)[];
  const names = ests.map((e) => (typeof e === "string" ? e : e === null ? "none" : e.constructor.name.toLowerCase()));
  const count = new Map<string, number>();
  for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  for (const [n, c] of [...count]) if (c < 2) count.delete(n);
  for (let i = names.length - 1; i >= 0; i--) {
    const c = count.get(names[i]);
    if (c !== undefined) {
      count.set(names[i], c - 1);
      names[i] = `${names[i]}-${c}`;
    }
  }
  return new Pipeline(ests.map((e, i) => [names[i], e] as Step), options);
}

registerEstimator(Pipeline, { examples: [
  { label: "StandardScaler, LinearRegression", make: () => makePipeline(new StandardScaler(), new LinearRegression()), tolerance: 1e-12 },
  { label: "passthrough, LinearRegression", make: () => new Pipeline([["skip", "passthrough"], ["ols", new LinearRegression()]]) },
] });
