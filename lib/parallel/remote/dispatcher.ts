/**
 * The distributed backend's dispatcher thread: owns the Redis connections (ioredis + a BullMQ Queue) and one run
 * at a time. A run uploads its blobs once (content-addressed, kept if already there), marks itself alive, queues
 * its tasks as BullMQ jobs (a window of them when nJobs is finite), and forwards each result the workers push to
 * the caller's thread. A maintenance tick watches, every half second: the caller's heartbeat (an interrupted
 * caller stops beating → the run is cancelled), the run's alive key (gone → Redis lost its state, e.g. restarted
 * without persistence → blobs and unfinished jobs are queued again, up to MAX_RESUMES times), live workers of this
 * version (none for workerTimeout → NoWorkersError; only other versions → VersionMismatchError), jobs BullMQ gave
 * up on (RemoteTaskError), and Redis itself (unreachable for redisTimeout → RedisUnavailableError).
 */
import { workerData } from "worker_threads";
import type { MessagePort } from "worker_threads";
import IORedis from "ioredis";
import { Queue } from "bullmq";
import { serializeError } from "../errors";
import {
  BLOB_TTL_MS, JobData, NoWorkersError, QUEUE, RUN_TTL_MS, RedisUnavailableError, RemoteTaskError, RunCancelledError,
  RunStateLostError, VERSION, VersionMismatchError, WorkerInfo, keys,
} from "./protocol";
import type { RedisBackendOptions } from "./client";

const init = workerData as { url: string; options: RedisBackendOptions; flags: SharedArrayBuffer; port: MessagePort };
const flags = new Int32Array(init.flags);
const MAX_RESUMES = 3;
const TICK_MS = 500;

interface Run {
  id: string; task: string; common: string | null; needs: string[]; blobs: [string, Uint8Array][];
  bodies: Uint8Array[]; window: number; modules: string[]; options: RedisBackendOptions;
  done: Uint8Array; nDone: number; next: number; over: boolean; resumes: number;
  lastBeat: number; lastBeatAt: number; noWorkerSince: number | null; lastRedisOk: number; ticking: boolean;
  timer: NodeJS.Timeout | null;
}

const cmd = new IORedis(init.url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(n * 100, 1000) });
const reader = new IORedis(init.url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(n * 100, 1000) });
const queueConnection = new IORedis(init.url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(n * 100, 1000) });
const queue = new Queue(QUEUE, { connection: queueConnection });
// reconnecting is ioredis's job; a Redis that stays away surfaces as timeouts (RedisUnavailableError)
for (const c of [cmd, reader, queueConnection]) c.on("error", () => undefined);
queue.on("error", () => undefined);
let current: Run | null = null;

function post(msg: object): void {
  init.port.postMessage(msg);
  Atomics.add(flags, 0, 1);
  Atomics.notify(flags, 0);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}

const opt = (r: Run) => ({
  workerTimeout: r.options.workerTimeout ?? 30_000,
  redisTimeout: r.options.redisTimeout ?? 10_000,
  abandonAfter: r.options.abandonAfter ?? 2_000,
});

/** Live workers by version (stale announcements are pruned). */
async function liveWorkers(): Promise<WorkerInfo[]> {
  const ids = await cmd.smembers(keys.workers);
  if (ids.length === 0) return [];
  const vals = await cmd.mget(...ids.map(keys.worker));
  const live: WorkerInfo[] = [];
  const stale: string[] = [];
  vals.forEach((v, k) => (v === null ? stale.push(ids[k]) : live.push(JSON.parse(v) as WorkerInfo)));
  if (stale.length > 0) await cmd.srem(keys.workers, ...stale);
  return live;
}

/** Throws when no worker of this version is live for too long, or only other versions are. */
async function checkWorkers(r: Run): Promise<void> {
  const live = await liveWorkers();
  if (live.some((w) => w.version === VERSION)) {
    r.noWorkerSince = null;
    return;
  }
  if (live.length > 0) throw new VersionMismatchError(init.url, VERSION, [...new Set(live.map((w) => w.version))]);
  r.noWorkerSince ??= Date.now();
  const { workerTimeout } = opt(r);
  if (Date.now() - r.noWorkerSince >= workerTimeout) throw new NoWorkersError(init.url, workerTimeout, r.nDone, r.done.length);
}

async function upload(r: Run): Promise<void> {
  const p = cmd.pipeline();
  for (const [h, bytes] of r.blobs) {
    p.set(keys.blob(h), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "PX", BLOB_TTL_MS, "NX");
    p.pexpire(keys.blob(h), BLOB_TTL_MS);
  }
  p.set(keys.run(r.id), "1", "PX", RUN_TTL_MS);
  const res = await p.exec();
  for (const [err] of res ?? []) if (err) throw err;
}

const jobId = (r: Run, i: number) => `${r.id}-${i}`;

async function enqueue(r: Run, indices: number[]): Promise<void> {
  if (indices.length === 0 || r.over) return;
  await queue.addBulk(indices.map((i) => ({
    name: r.task,
    data: {
      v: VERSION, run: r.id, i, task: r.task, common: r.common, blobs: r.needs, modules: r.modules,
      body: Buffer.from(r.bodies[i].buffer, r.bodies[i].byteOffset, r.bodies[i].byteLength).toString("base64"),
    } satisfies JobData,
    opts: {
      jobId: jobId(r, i), removeOnComplete: true, removeOnFail: { age: 3600 },
      // only infrastructure errors reach BullMQ (a blob not yet back after a Redis restart): task errors are results
      attempts: 3, backoff: { type: "fixed", delay: 500 },
    },
  })));
}

function fail(r: Run, e: unknown): void {
  if (r.over) return;
  post({ type: "fail", runId: r.id, error: serializeError(e) });
  void cancel(r);
}

async function cancel(r: Run): Promise<void> {
  const wasOver = r.over;
  r.over = true;
  if (r.timer) clearInterval(r.timer);
  r.timer = null;
  if (current === r) current = null;
  if (wasOver && r.nDone === r.done.length) return;
  try {
    await timeout(Promise.all([
      cmd.del(keys.run(r.id), keys.results(r.id)),
      cmd.publish(keys.cancel, r.id),
      ...Array.from({ length: r.next }, (_, i) => i).filter((i) => !r.done[i])
        .map((i) => queue.remove(jobId(r, i)).catch(() => 0)),
    ]), 5_000, "cancelling");
  } catch {
    // Redis away: the run key expires in RUN_TTL_MS and workers drop the run's tasks then
  }
}

async function finish(r: Run): Promise<void> {
  r.over = true;
  if (r.timer) clearInterval(r.timer);
  if (current === r) current = null;
  await cmd.del(keys.run(r.id), keys.results(r.id)).catch(() => 0);
}

async function tick(r: Run): Promise<void> {
  if (r.ticking || r.over) return;
  r.ticking = true;
  const o = opt(r);
  try {
    const beat = Atomics.load(flags, 1);
    if (beat !== r.lastBeat) {
      r.lastBeat = beat;
      r.lastBeatAt = Date.now();
    } else if (Date.now() - r.lastBeatAt > o.abandonAfter) {
      fail(r, new RunCancelledError("the caller stopped waiting (interrupted)"));
      return;
    }
    try {
      const alive = await timeout(cmd.set(keys.run(r.id), "1", "PX", RUN_TTL_MS, "XX"), 2_000, "refreshing the run");
      if (alive === null && !r.over) {
        // Redis lost the run (restarted without persistence): queue the unfinished tasks again
        if (++r.resumes > MAX_RESUMES) throw new RunStateLostError(init.url, r.resumes - 1);
        await upload(r);
        const todo: number[] = [];
        for (let i = 0; i < r.next; i++) if (!r.done[i]) todo.push(i);
        await enqueue(r, todo);
      }
      await checkWorkers(r);
      const failed = await queue.getFailed(0, 500);
      const mine = failed.find((j) => j && typeof j.id === "string" && j.id.startsWith(`${r.id}-`));
      if (mine) throw new RemoteTaskError(r.task, (mine.data as JobData).i, mine.failedReason);
      r.lastRedisOk = Date.now();
    } catch (e) {
      if (e instanceof Error && /no answer in|Connection|ECONNREFUSED|ECONNRESET|closed/i.test(e.message) &&
        !(e instanceof RunStateLostError)) {
        if (Date.now() - r.lastRedisOk > o.redisTimeout) fail(r, new RedisUnavailableError(init.url, o.redisTimeout, e.message));
      } else {
        fail(r, e);
      }
    }
  } finally {
    r.ticking = false;
  }
}

async function start(r: Run): Promise<void> {
  const o = opt(r);
  try {
    try {
      await timeout(cmd.ping(), o.redisTimeout, `connecting to ${init.url}`);
    } catch (e) {
      throw new RedisUnavailableError(init.url, o.redisTimeout, (e as Error).message);
    }
    r.lastRedisOk = Date.now();
    // wait (up to workerTimeout) for a worker of this version
    for (;;) {
      await checkWorkers(r);
      if (r.noWorkerSince === null || r.over) break;
      if (Date.now() - r.lastBeatAt > o.abandonAfter && Atomics.load(flags, 1) === r.lastBeat) {
        throw new RunCancelledError("the caller stopped waiting (interrupted)");
      }
      if (Atomics.load(flags, 1) !== r.lastBeat) { r.lastBeat = Atomics.load(flags, 1); r.lastBeatAt = Date.now(); }
      await sleep(200);
    }
    if (r.over) return;
    await upload(r);
    r.next = Math.min(r.window, r.done.length);
    await enqueue(r, Array.from({ length: r.next }, (_, i) => i));
    r.timer = setInterval(() => void tick(r), TICK_MS);
    while (!r.over) {
      let item: [Buffer, Buffer] | null = null;
      try {
        item = await reader.blpopBuffer(keys.results(r.id), 0.2) as [Buffer, Buffer] | null;
      } catch {
        await sleep(100);
        continue;
      }
      if (!item || r.over) continue;
      const buf = item[1];
      const i = buf.readUInt32LE(0);
      if (i >= r.done.length || r.done[i]) continue;
      const bytes = new Uint8Array(buf.length - 4);
      bytes.set(buf.subarray(4));
      r.done[i] = 1;
      r.nDone++;
      if (r.nDone === r.done.length) {
        // clean up before the caller sees its last result: it may exit right after
        await finish(r);
        post({ type: "result", runId: r.id, i, bytes });
        break;
      }
      post({ type: "result", runId: r.id, i, bytes });
      if (r.next < r.done.length) await enqueue(r, [r.next++]);
    }
  } catch (e) {
    fail(r, e);
  }
}

init.port.on("message", (m: { type: string; runId?: string; reason?: string } & Record<string, unknown>) => {
  if (m.type === "run") {
    if (current) void cancel(current);
    const r: Run = {
      id: m.runId as string, task: m.task as string, common: m.common as string | null, needs: m.needs as string[],
      blobs: m.blobs as [string, Uint8Array][], bodies: m.bodies as Uint8Array[], window: m.window as number,
      modules: m.modules as string[], options: (m.options ?? {}) as RedisBackendOptions,
      done: new Uint8Array((m.bodies as Uint8Array[]).length), nDone: 0, next: 0, over: false, resumes: 0,
      lastBeat: Atomics.load(flags, 1), lastBeatAt: Date.now(), noWorkerSince: null, lastRedisOk: Date.now(),
      ticking: false, timer: null,
    };
    current = r;
    void start(r);
  } else if (m.type === "cancel" || m.type === "finish") {
    if (current && current.id === m.runId) void (m.type === "cancel" ? cancel(current) : finish(current));
  } else if (m.type === "stop") {
    const r = current;
    void (async () => {
      if (r) await cancel(r);
      await Promise.all([cmd.quit(), reader.quit(), queue.close()].map((p) => p.catch(() => undefined)));
      process.exit(0);
    })();
  }
});
