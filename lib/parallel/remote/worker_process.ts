/**
 * `typelearn worker`: takes this version's tasks from the BullMQ queue on Redis and runs them on `concurrency`
 * worker threads (the pool's own worker entry), so the process's event loop stays free to renew BullMQ's job locks
 * while a long fit runs. Blobs are fetched once by content hash and cached as SharedArrayBuffers (threads read them
 * zero-copy); results are pushed to the run's result list. A task whose run was cancelled (pub/sub message) or
 * whose client is gone (run key expired) is stopped: its thread is terminated and replaced.
 */
import * as os from "os";
import * as path from "path";
import { MessageChannel, Worker as Thread } from "worker_threads";
import type { MessagePort } from "worker_threads";
import IORedis from "ioredis";
import { UnrecoverableError, Worker } from "bullmq";
import type { Job } from "bullmq";
import * as v8 from "v8";
import { serializeError } from "../errors";
import { decodeTask } from "./codec";
import { HEARTBEAT_MS, JobData, QUEUE, VERSION, WORKER_TTL_MS, WorkerInfo, keys } from "./protocol";

/** Options of {@link startWorker}. */
export interface WorkerProcessOptions {
  /** redis://host:port */
  redis: string;
  /** Tasks run at once (threads); default: the cores of this machine. */
  concurrency?: number;
  /** BullMQ lock duration (ms, default 30000): a dead worker's task is run elsewhere after about this long. */
  lockDuration?: number;
  /** BullMQ stalled-job check interval (ms, default 30000). */
  stalledInterval?: number;
  /** Largest total size of cached blobs (bytes, default 2 GiB); least recently used blobs are dropped beyond it. */
  cacheBytes?: number;
  /** Log each task's start and end on stdout. */
  logTasks?: boolean;
  /** Where log lines go (default: stdout). */
  log?: (line: string) => void;
}

/** A running worker process's handle. */
export interface WorkerHandle { id: string; close(): Promise<void> }

interface Slot { thread: Thread; port: MessagePort; busy: boolean }
interface Active { run: string; i: number; slot: Slot; cancel: () => void }

const LIB = path.join(__dirname, "..", "..");

/**
 * Start a worker: connect, announce, take tasks until close().
 * @param o - options
 * @example
 * const w = await startWorker({ redis: "redis://127.0.0.1:6379", concurrency: 2 });
 */
export async function startWorker(o: WorkerProcessOptions): Promise<WorkerHandle> {
  const log = o.log ?? ((l: string) => process.stdout.write(l + "\n"));
  const concurrency = o.concurrency ?? Math.max(1, os.cpus().length);
  const id = `${os.hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const retry = { maxRetriesPerRequest: null, retryStrategy: (n: number) => Math.min(n * 100, 1000) };
  const cmd = new IORedis(o.redis, retry);
  const sub = new IORedis(o.redis, retry);
  cmd.on("error", () => undefined);
  sub.on("error", () => undefined);
  await cmd.ping();
  const info: WorkerInfo = { id, version: VERSION, host: os.hostname(), pid: process.pid, concurrency };
  const announce = async () => {
    await cmd.pipeline().set(keys.worker(id), JSON.stringify(info), "PX", WORKER_TTL_MS).sadd(keys.workers, id).exec();
  };
  await announce();
  const beat = setInterval(() => void announce().catch(() => undefined), HEARTBEAT_MS);

  // blob cache: hash → shared memory, in least-recently-used order (Map iteration order)
  const cache = new Map<string, SharedArrayBuffer>();
  let cached = 0;
  const cap = o.cacheBytes ?? 2 ** 31;
  const commons = new Map<string, Record<string, unknown>>();
  const loading = new Map<string, Promise<void>>();
  const getBlobs = async (hashes: string[]): Promise<void> => {
    await Promise.all(hashes.map((h) => {
      const hit = cache.get(h);
      if (hit) {
        cache.delete(h);
        cache.set(h, hit);
        return undefined;
      }
      let p = loading.get(h);
      if (!p) {
        p = (async () => {
          const buf = await cmd.getBuffer(keys.blob(h));
          if (!buf) throw new Error(`data blob ${h.slice(0, 12)}… is not in Redis (restarted?); the task will be retried`);
          const sab = new SharedArrayBuffer(buf.length);
          new Uint8Array(sab).set(buf);
          cache.set(h, sab);
          cached += buf.length;
          for (const [k, v] of cache) {
            if (cached <= cap || cache.size <= hashes.length) break;
            cache.delete(k);
            commons.delete(k);
            cached -= v.byteLength;
          }
        })().finally(() => loading.delete(h));
        loading.set(h, p);
      }
      return p;
    }));
  };

  const spawn = (): Slot => {
    const { port1, port2 } = new MessageChannel();
    const thread = new Thread(path.join(__dirname, "..", "worker.js"), {
      workerData: {
        port: port2, counter: new SharedArrayBuffer(4), dead: new SharedArrayBuffer(4),
        modules: ["../ensemble/forest_task", "../cluster/kmeans"],
      },
      transferList: [port2],
    });
    thread.on("error", () => undefined);
    return { thread, port: port1, busy: false };
  };
  const slots: Slot[] = Array.from({ length: concurrency }, spawn);
  const loaded = new WeakMap<Slot, Set<string>>();
  const active = new Set<Active>();

  const runOnThread = (d: JobData, payload: unknown): Promise<{ cancelled: true } | { reply: { ok: boolean; result?: unknown; error?: unknown } }> => {
    const k = slots.findIndex((s) => !s.busy);
    const slot = k >= 0 ? slots[k] : spawn();
    if (k < 0) slots.push(slot);
    slot.busy = true;
    const mods = loaded.get(slot) ?? new Set<string>();
    loaded.set(slot, mods);
    for (const m of d.modules) {
      if (mods.has(m)) continue;
      mods.add(m);
      slot.port.postMessage({ load: m.startsWith("lib:") ? path.join(LIB, m.slice(4)) : m });
    }
    return new Promise((resolve) => {
      const a: Active = {
        run: d.run, i: d.i, slot,
        cancel: () => {
          active.delete(a);
          slot.thread.removeAllListeners("exit");
          slot.port.removeAllListeners("message");
          void slot.thread.terminate();
          const idx = slots.indexOf(slot);
          if (idx >= 0) slots[idx] = spawn();
          resolve({ cancelled: true });
        },
      };
      active.add(a);
      const onExit = () => {
        if (!active.has(a)) return;
        active.delete(a);
        const idx = slots.indexOf(slot);
        if (idx >= 0) slots[idx] = spawn();
        resolve({ reply: { ok: false, error: serializeError(new Error("the task's thread stopped")) } });
      };
      slot.port.once("message", (reply: { ok: boolean; result?: unknown; error?: unknown }) => {
        slot.thread.off("exit", onExit);
        active.delete(a);
        slot.busy = false;
        resolve({ reply });
      });
      slot.thread.once("exit", onExit);
      slot.port.postMessage({ id: d.i, task: d.task, payload });
    });
  };

  await sub.subscribe(keys.cancel);
  sub.on("message", (_ch: string, runId: string) => {
    for (const a of [...active]) if (a.run === runId) {
      if (o.logTasks) log(`cancelled ${a.run}#${a.i}`);
      a.cancel();
    }
  });
  // a client that died cannot publish: drop the tasks of runs whose alive key expired
  const reaper = setInterval(() => {
    const runs = [...new Set([...active].map((a) => a.run))];
    for (const run of runs) {
      void cmd.exists(keys.run(run)).then((n) => {
        if (n === 0) for (const a of [...active]) if (a.run === run) {
          if (o.logTasks) log(`cancelled ${a.run}#${a.i} (client gone)`);
          a.cancel();
        }
      }, () => undefined);
    }
  }, 1_000);

  const processor = async (job: Job<JobData>): Promise<string> => {
    const d = job.data;
    if (d.v !== VERSION) {
      throw new UnrecoverableError(`version mismatch: the task comes from typelearn ${d.v}, this worker runs typelearn ${VERSION}`);
    }
    if ((await cmd.exists(keys.run(d.run))) === 0) return "dropped: run cancelled";
    if (o.logTasks) log(`start ${d.run}#${d.i}`);
    await getBlobs(d.blobs);
    let common: Record<string, unknown> | null = null;
    if (d.common) {
      common = commons.get(d.common) ?? null;
      if (!common) {
        const sab = cache.get(d.common) as SharedArrayBuffer;
        common = decodeTask(new Uint8Array(sab), null, cache) as Record<string, unknown>;
        commons.set(d.common, common);
      }
    }
    const payload = decodeTask(Buffer.from(d.body, "base64"), common, cache);
    const out = await runOnThread(d, payload);
    if ("cancelled" in out) return "cancelled";
    const r = out.reply;
    let bytes: Buffer;
    try {
      bytes = v8.serialize(r.ok ? { ok: true, result: r.result } : { ok: false, error: r.error });
    } catch (e) {
      bytes = v8.serialize({ ok: false, error: serializeError(e) });
    }
    const head = Buffer.alloc(4);
    head.writeUInt32LE(d.i, 0);
    await cmd.pipeline().rpush(keys.results(d.run), Buffer.concat([head, bytes]))
      .pexpire(keys.results(d.run), 3_600_000).exec();
    if (o.logTasks) log(`done ${d.run}#${d.i}`);
    return "ok";
  };

  const workerConnection = new IORedis(o.redis, retry);
  workerConnection.on("error", () => undefined);
  const worker = new Worker<JobData>(QUEUE, processor, {
    connection: workerConnection, concurrency,
    lockDuration: o.lockDuration ?? 30_000, stalledInterval: o.stalledInterval ?? 30_000, maxStalledCount: 3,
    removeOnComplete: { count: 0 }, removeOnFail: { age: 3600 },
  });
  worker.on("error", () => undefined);
  await worker.waitUntilReady();
  log(`typelearn worker ${id} (typelearn ${VERSION}) on ${o.redis}, ${concurrency} threads: ready`);

  return {
    id,
    async close() {
      clearInterval(beat);
      clearInterval(reaper);
      for (const a of [...active]) a.cancel();
      await worker.close(true).catch(() => undefined);
      await cmd.pipeline().del(keys.worker(id)).srem(keys.workers, id).exec().catch(() => undefined);
      await Promise.all([cmd.quit(), sub.quit()].map((p) => p.catch(() => undefined)));
      await Promise.all(slots.map((s) => s.thread.terminate()));
    },
  };
}
