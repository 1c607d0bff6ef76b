/** matplotlib's argument order for plot.scatter / line / hist / bar gives the same chart as the options object. */
import * as assert from "assert";
import { InputTypeError, OptionError } from "../../lib/errors";
import { np } from "../../lib/np";
import { plot } from "../../lib/plot";

const spec = (c: { spec: unknown }) => JSON.stringify(c.spec);

describe("plot: positional (matplotlib-order) arguments", () => {
  const x = [1, 2, 3, 4], y = np.array([3, 1, 4, 1]);
  const common = { title: "t", xLabel: "a", svg: false } as const;

  it("scatter(x, y, options) equals scatter({ x, y, ...options })", () => {
    assert.strictEqual(spec(plot.scatter(x, y, { ...common, color: [0, 1, 0, 1] })),
      spec(plot.scatter({ x, y, ...common, color: [0, 1, 0, 1] })));
    assert.strictEqual(spec(plot.scatter(x, y)), spec(plot.scatter({ x, y })));
  });

  it("line(y), line(y, options), line(x, y, options) and line(x, { series }) as plt.plot", () => {
    assert.strictEqual(spec(plot.line(y)), spec(plot.line({ y })));
    assert.strictEqual(spec(plot.line(y, common)), spec(plot.line({ y, ...common })));
    assert.strictEqual(spec(plot.line(x, y, common)), spec(plot.line({ x, y, ...common })));
    const series = { train: [1, 0.5, 0.3, 0.2], validation: [1, 0.6, 0.5, 0.5] };
    assert.strictEqual(spec(plot.line(x, series, common)), spec(plot.line({ x, y: series, ...common })));
    assert.strictEqual(spec(plot.line(series)), spec(plot.line({ y: series })), "one series record is y");
    assert.strictEqual(spec(plot.line({ y: [1, 2, 3] })), spec(plot.line([1, 2, 3])), "{ y } stays the options object");
  });

  it("hist(x, options) and hist(x, bins) equal hist({ x, ...options })", () => {
    const v = np.random.RandomState ? [0.1, 0.5, 0.7, 2, 3, 3.5] : [];
    assert.strictEqual(spec(plot.hist(v, { bins: 3, ...common })), spec(plot.hist({ x: v, bins: 3, ...common })));
    assert.strictEqual(spec(plot.hist(v, 4)), spec(plot.hist({ x: v, bins: 4 })));
  });

  it("bar(labels, values, options) equals bar({ x: labels, y: values, ...options })", () => {
    const names = ["a", "b", "c"], vals = [3, 1, 2];
    assert.strictEqual(spec(plot.bar(names, vals, { horizontal: true, sort: "descending" })),
      spec(plot.bar({ x: names, y: vals, horizontal: true, sort: "descending" })));
  });

  it("refuses a value given twice, a missing y, and a non-object after the data, naming the forms", () => {
    assert.throws(() => plot.scatter(x, y, { x } as never), (e: unknown) => e instanceof OptionError && /not both/.test(e.message));
    assert.throws(() => (plot.scatter as (...a: unknown[]) => unknown)(x), (e: unknown) => e instanceof InputTypeError && /x, y then an optional options object/.test(e.message));
    assert.throws(() => (plot.bar as (...a: unknown[]) => unknown)(["a"], [1], "title"), InputTypeError);
  });
});
