/**
 * A JavaScript-only stand-in for the TypeScript interpreter, for server tests: runs code with vm (breakOnSigint),
 * awaits a returned promise (interruptible), routes console to the sink, and offers display / clearOutput /
 * input globals, and `require` (for test helpers).
 */
import * as vm from "vm";
import * as util from "util";
import type { Interpreter, OutputSink, ExecuteOutcome, CompleteOutcome, InspectOutcome, IsCompleteOutcome, KernelInfo } from "../../../kernel/interpreter/types";

function errorOutcome(e: unknown): ExecuteOutcome {
  // errors from the vm context come from another realm: `instanceof Error` is false for them
  const err = e !== null && typeof e === "object" && "message" in e ? (e as Error) : new Error(String(e));
  return { status: "error", error: { ename: err.name, evalue: err.message, traceback: [`${err.name}: ${err.message}`] } };
}

/** The fake interpreter. */
export class FakeInterpreter implements Interpreter {
  private sink: OutputSink | null = null;
  private readonly context: vm.Context;
  private rejectPending: ((e: Error) => void) | null = null;
  interrupts = 0;

  constructor() {
    const write = (name: "stdout" | "stderr") => (...args: unknown[]) =>
      this.sink?.stream(name, args.map((a) => (typeof a === "string" ? a : util.inspect(a))).join(" ") + "\n");
    this.context = vm.createContext({
      console: { log: write("stdout"), error: write("stderr") },
      display: (data: Record<string, unknown>, id?: string) => this.sink?.display({ "text/plain": "", ...data }, {}, id),
      updateDisplay: (data: Record<string, unknown>, id: string) => this.sink?.display({ "text/plain": "", ...data }, {}, id, true),
      clearOutput: (wait = false) => this.sink?.clearOutput(wait),
      input: (prompt: string, password = false) => {
        const s = this.sink as OutputSink & { input?: (p: string, pw: boolean) => Promise<string> };
        return s.input ? s.input(prompt, password) : Promise.reject(new Error("no input"));
      },
      setTimeout,
      Promise,
      process,
      BigInt,
      // for cells that load test helpers (the latches of helpers/latch.ts)
      require,
    });
  }

  async execute(code: string, sink: OutputSink): Promise<ExecuteOutcome> {
    this.sink = sink;
    try {
      let value: unknown = vm.runInContext(code, this.context, { breakOnSigint: true, filename: "cell.js" });
      if (value && typeof (value as Promise<unknown>).then === "function") {
        value = await new Promise((resolve, reject) => {
          this.rejectPending = reject;
          (value as Promise<unknown>).then(resolve, reject);
        });
      }
      if (value === undefined) return { status: "ok" };
      return { status: "ok", result: { data: { "text/plain": typeof value === "string" ? value : util.inspect(value) }, metadata: {} } };
    } catch (e) {
      if (/Script execution was interrupted/.test(String((e as Error)?.message))) {
        return { status: "error", error: { ename: "KeyboardInterrupt", evalue: "interrupted", traceback: ["KeyboardInterrupt"] } };
      }
      return errorOutcome(e);
    } finally {
      this.rejectPending = null;
    }
  }

  complete(code: string, cursorPos: number): CompleteOutcome {
    const before = code.slice(0, cursorPos);
    const m = /([A-Za-z_$][\w$]*)\.([\w$]*)$/.exec(before);
    if (!m) return { matches: [], cursorStart: cursorPos, cursorEnd: cursorPos, metadata: {} };
    let obj: unknown;
    try {
      obj = vm.runInContext(m[1], this.context);
    } catch {
      obj = undefined;
    }
    const names = obj == null ? [] : Object.getOwnPropertyNames(obj).filter((n) => n.startsWith(m[2])).sort();
    return { matches: names, cursorStart: cursorPos - m[2].length, cursorEnd: cursorPos, metadata: {} };
  }

  inspect(code: string): InspectOutcome {
    return code.trim() === "Math.max" ? { found: true, data: { "text/plain": "max(...values: number[]): number" } } : { found: false, data: {} };
  }

  isComplete(code: string): IsCompleteOutcome {
    let depth = 0;
    for (const ch of code) {
      if ("{([".includes(ch)) depth++;
      else if ("})]".includes(ch)) depth--;
      if (depth < 0) return { status: "invalid" };
    }
    return depth > 0 ? { status: "incomplete", indent: "  " } : { status: "complete" };
  }

  kernelInfo(): KernelInfo {
    return {
      protocol_version: "5.3",
      implementation: "fake",
      implementation_version: "0.0.0",
      language_info: { name: "typescript", version: "5", mimetype: "text/typescript", file_extension: ".ts", codemirror_mode: "typescript" },
      banner: "fake interpreter",
      help_links: [],
    };
  }

  interrupt(): void {
    this.interrupts++;
    const r = this.rejectPending;
    this.rejectPending = null;
    if (r) {
      const e = new Error("interrupted");
      e.name = "KeyboardInterrupt";
      r(e);
    }
  }

  close(): void {
    this.sink = null;
  }
}
