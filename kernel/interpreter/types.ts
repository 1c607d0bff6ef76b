/**
 * The boundary between the Jupyter protocol server and the TypeScript interpreter (the xeus split): the server
 * knows sockets and messages and nothing of TypeScript; the interpreter knows TypeScript and nothing of sockets.
 */
import type { MimeBundle } from "../../lib/display";

/** Where a running cell's side effects go. The server supplies one per execute_request. */
export interface OutputSink {
  /** Text written to stdout/stderr (console.log, process.stdout.write …). Called often: the server coalesces. */
  stream(name: "stdout" | "stderr", text: string): void;
  /** display(value) / updateDisplay(value, id). `update` true means update_display_data for `displayId`. */
  display(data: MimeBundle, metadata: Record<string, unknown>, displayId?: string, update?: boolean): void;
  /** clearOutput(wait). */
  clearOutput(wait: boolean): void;
  /** Ask the front end for a line of input (input_request on stdin); absent where no front end can answer. */
  input?(prompt: string, password: boolean): Promise<string>;
}

/** The error part of an execute outcome, as Jupyter's error message carries it. */
export interface ExecError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** The outcome of one cell. */
export type ExecuteOutcome =
  | { status: "ok"; result?: { data: MimeBundle; metadata: Record<string, unknown> } }
  | { status: "error"; error: ExecError };

/** complete_request's answer; positions are in Unicode code points, as the protocol (v5.2+) counts them. */
export interface CompleteOutcome {
  matches: string[];
  cursorStart: number;
  cursorEnd: number;
  metadata: Record<string, unknown>;
}

/** inspect_request's answer. */
export interface InspectOutcome {
  found: boolean;
  data: Record<string, string>;
}

/** is_complete_request's answer. */
export interface IsCompleteOutcome {
  status: "complete" | "incomplete" | "invalid" | "unknown";
  indent?: string;
}

/** The language_info etc. for kernel_info_reply (without protocol fields such as status). */
export interface KernelInfo {
  protocol_version: string;
  implementation: string;
  implementation_version: string;
  language_info: {
    name: string;
    version: string;
    mimetype: string;
    file_extension: string;
    codemirror_mode: string | Record<string, unknown>;
    pygments_lexer?: string;
  };
  banner: string;
  help_links: { text: string; url: string }[];
}

/**
 * What the kernel tells the interpreter about interrupts while the main thread is busy and its event loop cannot
 * deliver them (a long type check): memory the io worker writes.
 */
export interface InterruptWatch {
  /** Whether an interrupt came since the current request started. */
  requested(): boolean;
  /**
   * The main thread now compiles a cell (true) or runs the cell's own code (false). While it compiles, an interrupt
   * leaves the compilation to stop at its next check ({@link requested}) instead of terminating it half-way.
   */
  compiling(on: boolean): void;
}

/** The interpreter as the server sees it. */
export interface Interpreter {
  /** Run one cell. Resolves (never rejects) with ok + optional execute_result data, or an error. */
  execute(code: string, sink: OutputSink): Promise<ExecuteOutcome>;
  /** Completion candidates at `cursorPos` (code points). */
  complete(code: string, cursorPos: number): CompleteOutcome;
  /** Hover/type information at `cursorPos` (code points). */
  inspect(code: string, cursorPos: number, detailLevel: number): InspectOutcome;
  /** Whether `code` is a complete cell. */
  isComplete(code: string): IsCompleteOutcome;
  /** Static kernel information. */
  kernelInfo(): KernelInfo;
  /**
   * Stop the running cell. A synchronous loop is stopped by SIGINT itself (vm breakOnSigint); this call rejects a
   * pending top-level await so that the cell ends with a KeyboardInterrupt-like error.
   */
  interrupt(): void;
  /** Connect the kernel's {@link InterruptWatch} (optional: an interpreter without it is stopped by signals only). */
  watchInterrupts?(watch: InterruptWatch): void;
  /** Release resources so the process can exit. */
  close(): void;
}
