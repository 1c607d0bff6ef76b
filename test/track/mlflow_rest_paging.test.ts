/**
 * Paged REST calls as MLflow >= 3.4 servers answer them: metric history only with max_results (MLflow's client
 * sends 25,000), in pages linked by next_page_token — which the client must follow to the end, for history and
 * for runs/search alike. A server that caps pages below what was asked is followed too.
 */
import { strict as assert } from "assert";
import * as http from "http";
import type { AddressInfo } from "net";
import { RestStore, METRIC_HISTORY_PAGE } from "../../lib/track/rest_store";

interface Seen { path: string; query: Record<string, string>; body: Record<string, unknown> | undefined }

/** A server that pages everything by at most `cap` items and answers history requests without max_results with []. */
function pagingServer(cap: number, nMetrics: number, nRuns: number): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const metrics = Array.from({ length: nMetrics }, (_, i) => ({ key: "loss", value: i === 3 ? "NaN" : 1 / (i + 1), timestamp: 1000 + i, step: i }));
  const runs = Array.from({ length: nRuns }, (_, i) => ({
    info: { run_id: `r${i}`, experiment_id: "1", status: "FINISHED", start_time: 5000 - i, lifecycle_stage: "active", artifact_uri: "x" },
    data: { metrics: [], params: [], tags: [] },
  }));
  const page = <T>(items: T[], token: string | undefined, max: number) => {
    const start = token ? Number(Buffer.from(token, "base64").toString()) : 0;
    const n = Math.min(max, cap);
    const next = start + n < items.length ? Buffer.from(String(start + n)).toString("base64") : undefined;
    return { items: items.slice(start, start + n), next };
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> : undefined;
      seen.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), body });
      const send = (obj: unknown) => { res.writeHead(200, { "Content-Type": "application/json" }); res.end(JSON.stringify(obj)); };
      if (url.pathname === "/api/2.0/mlflow/metrics/get-history") {
        const max = url.searchParams.get("max_results");
        if (!max) return send({}); // MLflow >= 3.4: no max_results, no history
        const p = page(metrics, url.searchParams.get("page_token") ?? undefined, Number(max));
        return send({ metrics: p.items, ...(p.next ? { next_page_token: p.next } : {}) });
      }
      if (url.pathname === "/api/2.0/mlflow/runs/search") {
        const p = page(runs, body?.page_token as string | undefined, Number(body?.max_results));
        return send({ runs: p.items, ...(p.next ? { next_page_token: p.next } : {}) });
      }
      res.writeHead(404);
      res.end();
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo;
    resolve({ url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(() => r())) });
  }));
}

describe("track: paged REST calls", () => {
  it("getMetricHistory sends max_results=25000 and follows next_page_token to the last page", async () => {
    const srv = await pagingServer(7, 30, 0);
    try {
      const history = await new RestStore(srv.url).getMetricHistory("run1", "loss");
      assert.deepEqual(history.map((m) => m.step), Array.from({ length: 30 }, (_, i) => i));
      assert.ok(Number.isNaN(history[3].value));
      assert.equal(history[29].timestamp, 1029);
      const calls = srv.seen.filter((s) => s.path.endsWith("get-history"));
      assert.equal(calls.length, 5); // 7 + 7 + 7 + 7 + 2
      for (const c of calls) assert.equal(c.query.max_results, String(METRIC_HISTORY_PAGE));
      assert.equal(METRIC_HISTORY_PAGE, 25000);
      assert.equal(calls[0].query.page_token, undefined);
      assert.ok(calls.slice(1).every((c) => typeof c.query.page_token === "string" && c.query.page_token !== ""));
    } finally {
      await srv.close();
    }
  });

  it("searchRuns follows next_page_token and stops at maxResults", async () => {
    const srv = await pagingServer(4, 0, 11);
    try {
      const store = new RestStore(srv.url);
      const all = await store.searchRuns(["1"]);
      assert.deepEqual(all.map((r) => r.info.runId), Array.from({ length: 11 }, (_, i) => `r${i}`));
      const some = await store.searchRuns(["1"], 6);
      assert.equal(some.length, 6);
      const calls = srv.seen.filter((s) => s.path.endsWith("runs/search"));
      assert.ok(calls.every((c) => typeof c.body?.max_results === "number" && (c.body.max_results as number) > 0));
    } finally {
      await srv.close();
    }
  });
});
