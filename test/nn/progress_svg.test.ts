/**
 * nn.Progress includes the rendered SVG in a live redraw at most once per svgIntervalMs (default 1 s), so the
 * classic Notebook and VS Code without the Vega renderer see the curve during training, not only at the end.
 * Time comes from an injected clock: nothing here depends on the machine's speed.
 */
import { strict as assert } from "assert";
import { setDisplayHook, type MimeBundle } from "../../lib/display";
import { nn } from "../../lib/nn";

describe("nn.Progress: an SVG about once a second while training", function () {
  this.timeout(60000);

  it("redraws every 200 ms carry Vega-Lite; one per second also carries the SVG; the final frame always does", () => {
    const seen: MimeBundle[] = [];
    setDisplayHook({ display: (bundle) => seen.push(bundle), clearOutput: () => undefined });
    let now = 0;
    try {
      const p = new nn.Progress({ epochs: 13, minIntervalMs: 100, clock: () => now });
      for (let epoch = 1; epoch <= 13; epoch++) {
        now = epoch * 200;
        p.update(epoch, { loss: 1 / epoch });
      }
      // seen[0] is the first display; seen[k] the redraw at epoch k (t = 200·k ms); seen[13] the final frame.
      assert.equal(seen.length, 14);
      const withSvg = seen.map((b, k) => ("image/svg+xml" in b ? k : -1)).filter((k) => k >= 0);
      assert.deepEqual(withSvg, [5, 10, 13], "t = 1000 ms and 2000 ms, then the final frame");
      for (const k of withSvg) assert.match(seen[k]["image/svg+xml"] as string, /^<svg/);
      assert.ok(seen.every((b) => "application/vnd.vegalite.v5+json" in b), "every frame keeps the Vega-Lite spec");
    } finally {
      setDisplayHook(null);
    }
  });

  it("svgIntervalMs is an option: 0 puts the SVG in every redraw", () => {
    const seen: MimeBundle[] = [];
    setDisplayHook({ display: (bundle) => seen.push(bundle), clearOutput: () => undefined });
    let now = 0;
    try {
      const p = new nn.Progress({ minIntervalMs: 0, svgIntervalMs: 0, clock: () => now });
      now = 5; p.update(1, { loss: 1 });
      now = 6; p.update(2, { loss: 0.5 });
      assert.ok(seen.slice(1).every((b) => "image/svg+xml" in b));
    } finally {
      setDisplayHook(null);
    }
  });
});
