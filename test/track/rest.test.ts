import { strict as assert } from "assert";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { mlflow } from "../../lib";

interface Recorded { method: string; path: string; query: Record<string, string>; body: unknown }

/**
 * A fake MLflow tracking server: answers the REST API 2.0 endpoints the client uses, with the API's field names,
 * and records every request for the test to inspect.
 */
function fakeServer(): Promise<{ url: string; requests: Recorded[]; close: () => Promise<void>; artifacts: Map<string, Buffer> }> {
  const requests: Recorded[] = [];
  const artifacts = new Map<string, Buffer>();
  const experiments = new Map<string, string>(); // name → id
  const runs = new Map<string, Record<string, unknown>>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const raw = Buffer.concat(chunks);
      const isJson = (req.headers["content-type"] ?? "").includes("json");
      const body = isJson && raw.length ? JSON.parse(raw.toString("utf8")) : undefined;
      requests.push({ method: req.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), body });
      const send = (code: number, obj: unknown) => { res.writeHead(code, { "Content-Type": "application/json" }); res.end(JSON.stringify(obj)); };
      const ep = url.pathname.replace("/api/2.0/mlflow/", "");
      if (url.pathname.startsWith("/api/2.0/mlflow-artifacts/artifacts/") && req.method === "PUT") {
        artifacts.set(decodeURIComponent(url.pathname.slice("/api/2.0/mlflow-artifacts/artifacts/".length)), raw);
        return send(200, {});
      }
      switch (ep) {
        case "experiments/get-by-name": {
          const id = experiments.get(url.searchParams.get("experiment_name") ?? "");
          if (!id) return send(404, { error_code: "RESOURCE_DOES_NOT_EXIST", message: "Could not find experiment" });
          return send(200, { experiment: { experiment_id: id, name: url.searchParams.get("experiment_name"), artifact_location: `mlflow-artifacts:/${id}`, lifecycle_stage: "active" } });
        }
        case "experiments/create": {
          const id = String(100 + experiments.size);
          experiments.set(body.name, id);
          return send(200, { experiment_id: id });
        }
        case "experiments/get": {
          const name = [...experiments].find(([, v]) => v === url.searchParams.get("experiment_id"))?.[0];
          return send(200, { experiment: { experiment_id: url.searchParams.get("experiment_id"), name, artifact_location: "x", lifecycle_stage: "active" } });
        }
        case "runs/create": {
          const runId = `run${runs.size}abc`;
          const info = { run_id: runId, run_uuid: runId, run_name: body.run_name, experiment_id: body.experiment_id, user_id: body.user_id,
            status: "RUNNING", start_time: body.start_time, artifact_uri: `mlflow-artifacts:/${body.experiment_id}/${runId}/artifacts`, lifecycle_stage: "active" };
          runs.set(runId, info);
          return send(200, { run: { info, data: { tags: body.tags } } });
        }
        case "runs/update": {
          const info = { ...runs.get(body.run_id), status: body.status, end_time: body.end_time };
          runs.set(body.run_id, info);
          return send(200, { run_info: info });
        }
        case "runs/get":
          return send(200, { run: { info: runs.get(url.searchParams.get("run_id") ?? ""), data: { metrics: [{ key: "acc", value: "NaN", timestamp: 1, step: 0 }], params: [{ key: "p", value: "1" }], tags: [] } } });
        case "runs/search":
          return send(200, { runs: [...runs.values()].map((info) => ({ info, data: { metrics: [{ key: "acc", value: 0.5, timestamp: 1, step: 0 }], params: [], tags: [] } })) });
        case "runs/log-parameter":
          if (body.key === "fail") return send(400, { error_code: "INVALID_PARAMETER_VALUE", message: "Changing param values is not allowed" });
          return send(200, {});
        case "runs/log-metric": case "runs/set-tag": case "runs/log-batch":
          return send(200, {});
        default:
          return send(404, { error_code: "ENDPOINT_NOT_FOUND", message: ep });
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo;
    resolve({ url: `http://127.0.0.1:${port}`, requests, artifacts, close: () => new Promise((r) => server.close(() => r())) });
  }));
}

describe("track: MLflow REST API 2.0", () => {
  it("talks to a tracking server with the API's endpoints and field names", async () => {
    const srv = await fakeServer();
    try {
      mlflow.setTrackingUri(srv.url);
      const exp = await mlflow.setExperiment("remote");
      assert.equal(exp.experimentId, "100");
      const run = await mlflow.startRun({ runName: "r1" });
      await mlflow.logParam("max_depth", 10);
      await mlflow.logMetric("accuracy", 0.96, { step: 2, timestamp: 1234 });
      await mlflow.logMetric("loss", NaN, { timestamp: 5 });
      await mlflow.logParams({ a: 1, b: "x" });
      await mlflow.logMetrics({ f1: 0.9 }, { timestamp: 7, step: 1 });
      await mlflow.setTag("team", "ml");
      await mlflow.setTags({ stage: "dev" });
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tl-rest-"));
      fs.writeFileSync(path.join(tmp, "notes.txt"), "hi");
      await mlflow.logArtifact(path.join(tmp, "notes.txt"), "docs");
      const modelInfo = await mlflow.logModel({ weights: [1, 2] }, "model", { save: (m, file) => fs.writeFileSync(file, JSON.stringify(m)) });
      assert.equal(modelInfo.modelUri, "runs:/run0abc/model");
      assert.equal(srv.artifacts.get("100/run0abc/artifacts/model/model.tl")?.toString(), '{"weights":[1,2]}');
      assert.match(srv.artifacts.get("100/run0abc/artifacts/model/MLmodel")?.toString() ?? "", /flavors:\n {2}typelearn:/);
      await assert.rejects(mlflow.logParam("fail", 1), (e: Error) => e instanceof mlflow.MlflowError &&
        (e as InstanceType<typeof mlflow.MlflowError>).errorCode === "INVALID_PARAMETER_VALUE" && /HTTP 400/.test(e.message));
      await run.end();
      const got = await mlflow.getRun(run.runId);
      assert.ok(Number.isNaN(got.data.metrics.acc));
      assert.equal(got.data.params.p, "1");
      const table = await mlflow.searchRuns();
      assert.equal(table.length, 1);

      const r = srv.requests;
      const find = (p: string) => r.filter((x) => x.path === `/api/2.0/mlflow/${p}`);
      assert.deepEqual(find("experiments/get-by-name")[0].query, { experiment_name: "remote" });
      assert.equal(find("experiments/get-by-name")[0].method, "GET");
      assert.deepEqual(find("experiments/create")[0].body, { name: "remote" });
      const create = find("runs/create")[0].body as Record<string, unknown>;
      assert.equal(create.experiment_id, "100");
      assert.equal(create.run_name, "r1");
      assert.equal(typeof create.start_time, "number");
      assert.equal(typeof create.user_id, "string");
      assert.deepEqual((create.tags as { key: string }[]).map((t) => t.key).sort(),
        ["mlflow.runName", "mlflow.source.name", "mlflow.source.type", "mlflow.user"]);
      assert.deepEqual(find("runs/log-parameter")[0].body, { run_id: "run0abc", run_uuid: "run0abc", key: "max_depth", value: "10" });
      assert.deepEqual(find("runs/log-metric").map((x) => x.body), [
        { run_id: "run0abc", run_uuid: "run0abc", key: "accuracy", value: 0.96, timestamp: 1234, step: 2 },
        { run_id: "run0abc", run_uuid: "run0abc", key: "loss", value: "NaN", timestamp: 5, step: 0 },
      ]);
      assert.deepEqual(find("runs/log-batch").map((x) => x.body), [
        { run_id: "run0abc", metrics: [], params: [{ key: "a", value: "1" }, { key: "b", value: "x" }], tags: [] },
        { run_id: "run0abc", metrics: [{ key: "f1", value: 0.9, timestamp: 7, step: 1 }], params: [], tags: [] },
        { run_id: "run0abc", metrics: [], params: [], tags: [{ key: "stage", value: "dev" }] },
      ]);
      assert.deepEqual(find("runs/set-tag")[0].body, { run_id: "run0abc", run_uuid: "run0abc", key: "team", value: "ml" });
      const history = find("runs/set-tag").map((x) => x.body as { key: string; value: string }).find((b) => b.key === "mlflow.log-model.history");
      assert.equal(JSON.parse(history!.value)[0].artifact_path, "model");
      const upd = find("runs/update")[0].body as Record<string, unknown>;
      assert.equal(upd.run_id, "run0abc");
      assert.equal(upd.status, "FINISHED");
      assert.equal(typeof upd.end_time, "number");
      const search = find("runs/search")[0].body as Record<string, unknown>;
      assert.deepEqual(search.experiment_ids, ["100"]);
      assert.equal(search.run_view_type, "ACTIVE_ONLY");
      assert.equal(srv.artifacts.get("100/run0abc/artifacts/docs/notes.txt")?.toString(), "hi");
      // A second setExperiment finds the experiment and creates nothing.
      await mlflow.setExperiment("remote");
      assert.equal(find("experiments/create").length, 1);
    } finally {
      while (mlflow.activeRun()) await mlflow.endRun();
      mlflow.setTrackingUri(tempDir());
      await srv.close();
    }
  });

  it("reports an unreachable server as MlflowError", async () => {
    mlflow.setTrackingUri("http://127.0.0.1:1");
    try {
      await assert.rejects(mlflow.setExperiment("x"), (e: Error) => e instanceof mlflow.MlflowError && /unreachable/.test(e.message));
    } finally {
      mlflow.setTrackingUri(tempDir());
    }
  });
});

function tempDir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tl-track-")), "mlruns");
}
