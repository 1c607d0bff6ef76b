/**
 * Benchmark: `typelearn serve` against the guide's FastAPI app (uvicorn, 1 worker), both serving the guide's
 * model — a 200-tree, depth-10 forest on breast cancer (ours a Pipeline with its scaler, theirs the bare forest as
 * the guide serves it) — each in its own process, loaded by autocannon on loopback with the same connections,
 * duration and body (one raw test row to POST /predict). Reports requests/s, p50/p99 latency and the ratio.
 *
 * Run after building: node dist/bench/serve/serve.bench.js [seconds] [connections]
 * Needs /usr/bin/python3 with fastapi, uvicorn, scikit-learn, joblib. Writes bench/results/serve.json and .md.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { loadBreastCancer } from "../../lib/datasets";
import { RandomForestClassifier } from "../../lib/ensemble";
import { makePipeline } from "../../lib/pipeline";
import { StandardScaler } from "../../lib/preprocessing/standard_scaler";
import { trainTestSplit } from "../../lib/selection";
import { dump } from "../../lib/persist";
import { machine, ROOT, writeResults } from "../common";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const autocannon = require("autocannon") as (o: Record<string, unknown>) => Promise<{
  requests: { average: number }; latency: { p50: number; p99: number; average: number }; non2xx: number; errors: number; timeouts: number;
}>;

function waitFor(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = "";
    const on = (d: Buffer) => {
      text += d;
      const m = pattern.exec(text);
      if (m) resolve(m);
    };
    child.stdout?.on("data", on);
    child.stderr?.on("data", on);
    child.on("exit", (code) => reject(new Error(`${what} exited (${code}): ${text}`)));
  });
}

async function load(url: string, body: string, seconds: number, connections: number) {
  const opts = { url: `${url}/predict`, method: "POST", headers: { "content-type": "application/json" }, body, connections };
  await autocannon({ ...opts, duration: 2 }); // warm-up
  const r = await autocannon({ ...opts, duration: seconds });
  return { requestsPerSec: r.requests.average, p50ms: r.latency.p50, p99ms: r.latency.p99, meanMs: r.latency.average, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10), connections = Number(process.argv[3] ?? 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "typelearn-serve-bench-"));
  const bc = loadBreastCancer();
  const [XTrain, XTest, yTrain] = trainTestSplit(bc.data, bc.target, { testSize: 0.2, randomState: 42 }) as NDArray[];
  const pipe = makePipeline(new StandardScaler(), new RandomForestClassifier({ nEstimators: 200, maxDepth: 10, randomState: 42 })).fit(XTrain, yTrain);
  const modelFile = path.join(dir, "model.tl");
  dump(pipe, modelFile);
  execFileSync("/usr/bin/python3", [path.join(ROOT, "bench", "serve", "make_guide_model.py"), dir]);
  const body = JSON.stringify({ features: Array.from(XTest.data.subarray(0, 30)) });

  const ours = spawn(process.execPath, [path.join(ROOT, "bin", "typelearn.js"), "serve", modelFile, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let typelearn, fastapi;
  try {
    const url = (await waitFor(ours, /ModelServer (http:\/\/\S+)/, "typelearn serve"))[1];
    typelearn = await load(url, body, seconds, connections);
  } finally {
    await stop(ours);
  }
  const port = 18000 + (process.pid % 1000);
  const theirs = spawn("/usr/bin/python3", ["-m", "uvicorn", "guide_app:app", "--app-dir", path.join(ROOT, "bench", "serve"),
    "--port", String(port), "--workers", "1", "--log-level", "warning", "--no-access-log"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  try {
    const ready = (async () => {
      for (;;) {
        try { if ((await fetch(`http://127.0.0.1:${port}/docs`)).ok) return; } catch { /* not yet */ }
        if (theirs.exitCode !== null) throw new Error("uvicorn exited");
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await ready;
    fastapi = await load(`http://127.0.0.1:${port}`, body, seconds, connections);
  } finally {
    await stop(theirs);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const ratio = typelearn.requestsPerSec / fastapi.requestsPerSec;
  const result = {
    benchmark: "serve: POST /predict, typelearn serve (Fastify 5) vs the guide's FastAPI app (uvicorn, 1 worker)",
    model: "RandomForestClassifier(200 trees, maxDepth 10) on breast cancer; typelearn: Pipeline with StandardScaler",
    seconds, connections, typelearn, fastapi, requestsPerSecRatio: ratio, ...machine(),
  };
  const f = (x: number) => x.toFixed(1);
  const md = [
    "# Serving: typelearn serve vs the guide's FastAPI app", "",
    `autocannon on loopback, POST /predict with one breast-cancer row, ${connections} connections, ${seconds} s after a 2 s warm-up, ` +
      `each server in its own process (${machine().date}, ${machine().cpus} cores shared with the load generator, Node ${process.version}).`, "",
    "| server | req/s | p50 ms | p99 ms | mean ms | non-2xx | errors |", "|---|---|---|---|---|---|---|",
    `| typelearn serve (Fastify 5, Pipeline: scaler + 200-tree forest) | ${f(typelearn.requestsPerSec)} | ${typelearn.p50ms} | ${typelearn.p99ms} | ${f(typelearn.meanMs)} | ${typelearn.non2xx} | ${typelearn.errors} |`,
    `| guide FastAPI 0.92 + uvicorn, 1 worker (bare 200-tree forest) | ${f(fastapi.requestsPerSec)} | ${fastapi.p50ms} | ${fastapi.p99ms} | ${f(fastapi.meanMs)} | ${fastapi.non2xx} | ${fastapi.errors} |`,
    "", `typelearn / FastAPI requests per second: **${ratio.toFixed(1)}×**.`, "",
  ].join("\n");
  writeResults("serve", result, md);
  process.stdout.write(md);
}

main().catch((e) => { process.stderr.write(`${e.stack ?? e}\n`); process.exit(1); });
