import * as assert from "assert";
import { setDisplayHook, type MimeBundle } from "../../lib/display";
import { InputTypeError, OptionError } from "../../lib/errors";
import { Progress, progress } from "../../lib/plot";
import { formatSeconds, progressBar } from "../../lib/plot/progress";

interface Shown { text: string; html: string; id?: string; update: boolean }

/** Capture displays through the hook, with a clock the test moves by hand. */
function capture(): { shown: Shown[]; clock: () => number; advance: (ms: number) => void } {
  const shown: Shown[] = [];
  setDisplayHook({
    display: (b: MimeBundle, _m, id, update) => shown.push({ text: b["text/plain"], html: b["text/html"] as string, id, update: !!update }),
    clearOutput: () => undefined,
  });
  let now = 1000;
  return { shown, clock: () => now, advance: (ms) => { now += ms; } };
}

describe("plot: progress", () => {
  afterEach(() => setDisplayHook(null));

  it("bar and time formats", () => {
    assert.strictEqual(progressBar(0.45), "████▌     ");
    assert.strictEqual(progressBar(0), "          ");
    assert.strictEqual(progressBar(1), "██████████");
    assert.strictEqual(formatSeconds(65), "01:05");
    assert.strictEqual(formatSeconds(3661), "1:01:01");
    assert.strictEqual(formatSeconds(NaN), "?");
  });

  it("one display, then updates of the same id, throttled to minInterval, final state always shown", () => {
    const { shown, clock, advance } = capture();
    const seen: number[] = [];
    for (const v of progress(Array.from({ length: 100 }, (_, i) => i), { desc: "fit", clock })) {
      seen.push(v);
      advance(v < 45 ? 22.2 : 1); // 45 items in ~1 s, then fast
    }
    assert.strictEqual(seen.length, 100);
    assert.strictEqual(shown[0].update, false);
    assert.ok(shown.slice(1).every((s) => s.update && s.id === shown[0].id), "later outputs update the first");
    assert.strictEqual(shown[0].text, "fit:   0%|          | 0/100 [00:00<?]");
    // ≥ 100 ms between redraws: every 5th of the first 45 items (22.2 ms each, 4 × 22.2 < 100 ≤ 5 × 22.2); the
    // next 55 items take 1 ms each, so nothing until the final state.
    const counts = shown.map((s) => Number(/ (\d+)\/100/.exec(s.text)![1]));
    assert.deepStrictEqual(counts, [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 100]);
    assert.strictEqual(shown.find((s) => s.text.includes(" 45/100"))!.text, "fit:  45%|████▌     | 45/100 [00:01<00:01]");
    assert.strictEqual(shown[shown.length - 1].text, "fit: 100%|██████████| 100/100 [00:01<00:00]");
    assert.ok(shown[shown.length - 1].html.includes('<progress value="100" max="100"'));
  });

  it("a loop that breaks or throws still shows where it stopped", () => {
    const { shown, clock } = capture();
    for (const v of progress(10, { clock, desc: "<b>" })) if (v === 3) break;
    assert.strictEqual(shown[shown.length - 1].text, "<b>:  30%|███       | 3/10 [00:00<00:00]");
    assert.ok(shown[shown.length - 1].html.includes("&lt;b&gt;:"), "desc escaped in HTML");
    assert.throws(() => { for (const v of progress([1, 2, 3], { clock })) if (v === 2) throw new Error("boom"); }, /boom/);
    assert.ok(shown[shown.length - 1].text.includes("1/3"));
  });

  it("unknown total, async iterables, manual update", async () => {
    const { shown, clock } = capture();
    function* gen() { yield 1; yield 2; }
    for (const _ of progress(gen(), { clock, minInterval: 0 })) { /* count */ }
    assert.deepStrictEqual(shown.map((s) => s.text), ["0it [00:00]", "1it [00:00]", "2it [00:00]", "2it [00:00]"]);
    shown.length = 0;
    async function* agen() { yield "a"; yield "b"; }
    const got: string[] = [];
    for await (const v of progress(agen(), { total: 2, clock })) got.push(v);
    assert.deepStrictEqual(got, ["a", "b"]);
    assert.strictEqual(shown[shown.length - 1].text, "100%|██████████| 2/2 [00:00<00:00]");
    shown.length = 0;
    const bar = new Progress(null, { total: 4, clock, minInterval: 0 });
    bar.update(3);
    bar.close();
    assert.deepStrictEqual(shown.map((s) => s.text.split("|")[2].trim()), ["0/4 [00:00<?]", "3/4 [00:00<00:00]", "3/4 [00:00<00:00]"]);
  });

  it("bad input", () => {
    assert.throws(() => progress(-1), OptionError);
    assert.throws(() => progress({} as never), InputTypeError);
    assert.throws(() => progress([1], { total: 1.5 }), OptionError);
    assert.throws(() => progress([1], { minInterval: -1 }), OptionError);
  });
});
