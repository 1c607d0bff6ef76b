import * as assert from "assert";
import { minimizeLbfgs, minimizeNewton, wolfeLineSearch } from "../../lib/linear";

/** The n-dimensional Rosenbrock function. */
function rosenbrock(x: Float64Array, g: Float64Array): number {
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * x[i] * a - 2 * b;
    g[i + 1] += 200 * a;
  }
  return f;
}

describe("L-BFGS", () => {
  it("minimizes Rosenbrock (10-D) from the standard start to the optimum at 1", () => {
    const x0 = new Float64Array(10).fill(-1.2);
    const r = minimizeLbfgs(rosenbrock, x0, { maxIter: 1000, gtol: 1e-9, ftol: 0 });
    assert.strictEqual(r.status, 0, r.message);
    for (const v of r.x) assert.ok(Math.abs(v - 1) < 1e-7, `x = ${v}`);
    assert.ok(r.f < 1e-14);
    assert.ok(r.nFev < 3 * r.nIter + 10, `${r.nFev} evaluations for ${r.nIter} iterations`);
    assert.strictEqual(x0[0], -1.2, "x0 not modified");
  });

  it("solves an ill-conditioned quadratic (condition 1e6) to gtol (1e-10 of the initial gradient)", () => {
    const n = 20, d = Float64Array.from({ length: n }, (_, i) => 10 ** (6 * i / (n - 1)));
    const fun = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let i = 0; i < n; i++) { f += 0.5 * d[i] * (x[i] - 1) ** 2; g[i] = d[i] * (x[i] - 1); }
      return f;
    };
    const r = minimizeLbfgs(fun, new Float64Array(n), { maxIter: 5000, gtol: 1e-4, ftol: 0 });
    assert.strictEqual(r.status, 0, r.message);
    for (const v of r.grad) assert.ok(Math.abs(v) <= 1e-4);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(r.x[i] - 1) <= 1e-4 / d[i] + 1e-12);
  });

  it("stops at maxIter with status 1, and at once when the start is optimal", () => {
    const r = minimizeLbfgs(rosenbrock, new Float64Array(4).fill(-1.2), { maxIter: 3 });
    assert.strictEqual(r.status, 1);
    assert.strictEqual(r.nIter, 3);
    assert.match(r.message, /ITERATIONS REACHED LIMIT/);
    const z = minimizeLbfgs(rosenbrock, new Float64Array(4).fill(1));
    assert.strictEqual(z.nIter, 0);
    assert.strictEqual(z.status, 0);
  });

  it("the line search returns a strong-Wolfe step", () => {
    const x = Float64Array.of(-1.2, 1), g = new Float64Array(2);
    const f = rosenbrock(x, g);
    const d = Float64Array.from(g, (v) => -v);
    const xn = new Float64Array(2), gn = new Float64Array(2);
    const r = wolfeLineSearch(rosenbrock, x, f, g, d, 1, xn, gn, { c1: 1e-4, c2: 0.9 });
    assert.ok(r.ok);
    const dphi0 = g[0] * d[0] + g[1] * d[1], dphi = gn[0] * d[0] + gn[1] * d[1];
    assert.ok(r.f <= f + 1e-4 * r.step * dphi0, "sufficient decrease");
    assert.ok(Math.abs(dphi) <= 0.9 * Math.abs(dphi0), "curvature");
    // An ascent direction is refused.
    assert.strictEqual(wolfeLineSearch(rosenbrock, x, f, g, g, 1, xn, gn).ok, false);
  });
});

describe("Newton", () => {
  it("converges quadratically on a smooth convex function", () => {
    // f(x) = Σ exp(x_i) − 2 x_i + 0.5 x_i², minimum where e^x + x = 2.
    const fun = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let i = 0; i < x.length; i++) { f += Math.exp(x[i]) - 2 * x[i] + 0.5 * x[i] * x[i]; g[i] = Math.exp(x[i]) - 2 + x[i]; }
      return f;
    };
    const hess = (x: Float64Array, H: Float64Array) => {
      H.fill(0);
      for (let i = 0; i < x.length; i++) H[i * x.length + i] = Math.exp(x[i]) + 1;
    };
    const r = minimizeNewton(fun, hess, new Float64Array(3).fill(5), { gtol: 1e-13 });
    assert.ok(r.converged);
    assert.ok(r.nIter <= 10, `${r.nIter} iterations`);
    for (const v of r.x) assert.ok(Math.abs(Math.exp(v) + v - 2) < 1e-12);
  });
});
