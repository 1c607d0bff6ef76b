/**
 * Shell request handlers: one function per msg_type, each given the request and a KernelContext (the server's
 * publishing, replying and state). They know the protocol's content fields; the server knows sockets and order.
 */
import type { Interpreter, ExecuteOutcome, OutputSink } from "../interpreter/types";
import { PROTOCOL_VERSION, type Message } from "./wire";
import type { History } from "./history";
import * as v8 from "v8";
import { heapStopMiB, setCellRunning } from "./busy";
import { collectGarbageIfFull, memoryError } from "./heap-watch";
import { cancelIdleRelease, scheduleIdleRelease } from "./idle-release";

/** An OutputSink that the server can flush, and that can ask the frontend for input. */
export interface RequestSink extends OutputSink {
  /** Send buffered stream text now. The io worker already sends pending text before any later message, so the
   * server's sink needs no flush; the hook stays for sinks that buffer by themselves. */
  flush(): void;
  /** Ask the frontend for a line of input (input_request on stdin); rejects when allow_stdin is false. */
  input(prompt: string, password: boolean): Promise<string>;
}

/** What handlers need from the server. */
export interface KernelContext {
  readonly interpreter: Interpreter;
  readonly history: History;
  executionCount: number;
  /** Publish on iopub with `parent` as parent header. */
  publish(msgType: string, content: Record<string, unknown>, parent: Message, metadata?: Record<string, unknown>): void;
  /** Reply on the socket the request came from. */
  reply(req: Message, msgType: string, content: Record<string, unknown>, metadata?: Record<string, unknown>): void;
  /** A sink whose messages carry `parent`. */
  createSink(parent: Message, allowStdin: boolean): RequestSink;
  /** Begin shutting the kernel down (after the reply is queued). */
  shutdown(restart: boolean): void;
}

/** What the server does after a handler: `abort` asks it to abort queued execute_requests (stop_on_error). */
export interface HandlerResult {
  abort?: boolean;
}

/** A shell request handler. */
export type Handler = (ctx: KernelContext, req: Message) => Promise<HandlerResult | void> | HandlerResult | void;

function str(v: unknown, dflt = ""): string {
  return typeof v === "string" ? v : dflt;
}

function int(v: unknown, dflt: number): number {
  return typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : dflt;
}

/** `name?` or `name??` pages the object's documentation, as IPython does. */
const PAGER_RE = /^\s*([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*(\?\??)\s*$/;

/** Turn a thrown value into the error part of an outcome. */
export function errorFromThrown(e: unknown): { ename: string; evalue: string; traceback: string[] } {
  const err = e instanceof Error ? e : new Error(String(e));
  return { ename: err.name || "Error", evalue: err.message, traceback: (err.stack ?? `${err.name}: ${err.message}`).split("\n") };
}

async function runCell(ctx: KernelContext, code: string, sink: RequestSink): Promise<{ outcome: ExecuteOutcome; payload: unknown[] }> {
  const pager = PAGER_RE.exec(code);
  if (pager) {
    const name = pager[1].replace(/\s+/g, "");
    const found = ctx.interpreter.inspect(name, [...name].length, pager[2] === "??" ? 1 : 0);
    const data = found.found && Object.keys(found.data).length > 0 ? found.data : { "text/plain": `Object \`${name}\` not found.` };
    if (!("text/plain" in data)) data["text/plain"] = Object.values(data)[0] ?? "";
    return { outcome: { status: "ok" }, payload: [{ source: "page", data, start: 0 }] };
  }
  cancelIdleRelease();
  collectGarbageIfFull();
  setCellRunning(true);
  try {
    const outcome = await ctx.interpreter.execute(code, sink);
    const usedMiB = heapStopMiB();
    // Stopped by the heap watch: the interrupt it sent is a MemoryError, as the user should read it.
    if (usedMiB > 0 && outcome.status === "error") {
      return { outcome: { status: "error", error: memoryError(usedMiB, v8.getHeapStatistics().heap_size_limit) }, payload: [] };
    }
    return { outcome, payload: [] };
  } catch (e) {
    // The interface says execute never rejects; a broken interpreter must still not kill the kernel.
    return { outcome: { status: "error", error: errorFromThrown(e) }, payload: [] };
  } finally {
    setCellRunning(false);
    scheduleIdleRelease();
  }
}

/**
 * execute_request, as ipykernel runs it: execute_input → outputs → execute_result / error → execute_reply.
 * @example await handleExecute(ctx, req)
 */
export const handleExecute: Handler = async (ctx, req) => {
  const c = req.content;
  const code = str(c.code);
  const silent = c.silent === true;
  const storeHistory = silent ? false : c.store_history !== false;
  const stopOnError = c.stop_on_error !== false;
  if (storeHistory) ctx.executionCount += 1;
  const count = ctx.executionCount;
  if (!silent) ctx.publish("execute_input", { code, execution_count: count }, req);
  if (storeHistory) ctx.history.add(count, code);
  const sink = ctx.createSink(req, c.allow_stdin === true);
  const { outcome, payload } = await runCell(ctx, code, sink);
  sink.flush();
  if (outcome.status === "ok") {
    if (outcome.result && !silent) {
      const { data, metadata } = outcome.result;
      ctx.publish("execute_result", { execution_count: count, data, metadata: metadata ?? {} }, req);
      if (storeHistory && typeof data["text/plain"] === "string") ctx.history.setOutput(count, data["text/plain"]);
    }
    ctx.reply(req, "execute_reply", { status: "ok", execution_count: count, user_expressions: {}, payload });
    return {};
  }
  const { ename, evalue, traceback } = outcome.error;
  ctx.publish("error", { ename, evalue, traceback }, req);
  ctx.reply(req, "execute_reply", {
    status: "error", execution_count: count, user_expressions: {}, payload: [], ename, evalue, traceback,
  }, { status: "error" });
  return { abort: stopOnError };
};

/**
 * kernel_info_request: the interpreter's static info with status ok and protocol 5.3.
 * @example handleKernelInfo(ctx, req)
 */
export const handleKernelInfo: Handler = (ctx, req) => {
  ctx.reply(req, "kernel_info_reply", kernelInfoContent(ctx.interpreter));
};

/**
 * The kernel_info_reply content for an interpreter.
 * @param interpreter the interpreter.
 * @example kernelInfoContent(interpreter).language_info.name // "typescript"
 */
export function kernelInfoContent(interpreter: Interpreter): Record<string, unknown> & { language_info: unknown } {
  return { ...interpreter.kernelInfo(), status: "ok", protocol_version: PROTOCOL_VERSION };
}

/**
 * complete_request → complete_reply.
 * @example handleComplete(ctx, req)
 */
export const handleComplete: Handler = (ctx, req) => {
  const code = str(req.content.code);
  const pos = int(req.content.cursor_pos, [...code].length);
  const r = ctx.interpreter.complete(code, pos);
  ctx.reply(req, "complete_reply", {
    status: "ok", matches: r.matches, cursor_start: r.cursorStart, cursor_end: r.cursorEnd, metadata: r.metadata ?? {},
  });
};

/**
 * inspect_request → inspect_reply.
 * @example handleInspect(ctx, req)
 */
export const handleInspect: Handler = (ctx, req) => {
  const code = str(req.content.code);
  const pos = int(req.content.cursor_pos, [...code].length);
  const r = ctx.interpreter.inspect(code, pos, int(req.content.detail_level, 0));
  ctx.reply(req, "inspect_reply", { status: "ok", found: r.found, data: r.found ? r.data : {}, metadata: {} });
};

/**
 * is_complete_request → is_complete_reply, passed through from the interpreter.
 * @example handleIsComplete(ctx, req)
 */
export const handleIsComplete: Handler = (ctx, req) => {
  const r = ctx.interpreter.isComplete(str(req.content.code));
  const content: Record<string, unknown> = { status: r.status };
  if (r.status === "incomplete") content.indent = r.indent ?? "";
  ctx.reply(req, "is_complete_reply", content);
};

/**
 * history_request → history_reply from the in-memory history.
 * @example handleHistory(ctx, req)
 */
export const handleHistory: Handler = (ctx, req) => {
  ctx.reply(req, "history_reply", { status: "ok", history: ctx.history.query(req.content) });
};

/**
 * comm_info_request: this kernel has no comms.
 * @example handleCommInfo(ctx, req)
 */
export const handleCommInfo: Handler = (ctx, req) => {
  ctx.reply(req, "comm_info_reply", { status: "ok", comms: {} });
};

/**
 * comm_open: no comm targets exist, so the comm is closed at once (on iopub, as ipykernel does).
 * @example handleCommOpen(ctx, req)
 */
export const handleCommOpen: Handler = (ctx, req) => {
  const commId = str(req.content.comm_id);
  ctx.publish("comm_close", { comm_id: commId, data: {} }, req);
};

/** comm_msg / comm_close for comms that cannot exist: nothing to do. */
export const ignore: Handler = () => undefined;

/**
 * shutdown_request on shell: reply, then shut down.
 * @example handleShutdown(ctx, req)
 */
export const handleShutdown: Handler = (ctx, req) => {
  const restart = req.content.restart === true;
  ctx.reply(req, "shutdown_reply", { status: "ok", restart });
  ctx.publish("shutdown_reply", { status: "ok", restart }, req);
  ctx.shutdown(restart);
};

/** The shell handlers by msg_type. */
export const SHELL_HANDLERS: Record<string, Handler> = {
  execute_request: handleExecute,
  kernel_info_request: handleKernelInfo,
  complete_request: handleComplete,
  inspect_request: handleInspect,
  is_complete_request: handleIsComplete,
  history_request: handleHistory,
  comm_info_request: handleCommInfo,
  comm_open: handleCommOpen,
  comm_msg: ignore,
  comm_close: ignore,
  shutdown_request: handleShutdown,
};

/**
 * The reply type for a request type ("x_request" → "x_reply"), or null for messages that get no reply.
 * @param msgType the request's msg_type.
 * @example replyType("foo_request") // "foo_reply"
 */
export function replyType(msgType: string): string | null {
  return msgType.endsWith("_request") ? msgType.slice(0, -"_request".length) + "_reply" : null;
}
