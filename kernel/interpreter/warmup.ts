/**
 * Preparing the program with Node's typings in the background. A kernel start builds only the lean program most
 * cells use (compiler.ts's warmUp) before it answers; Node's typings (~100 files, a third of a start's parsing and
 * binding) are parsed and bound afterwards, a few files per turn of the event loop while the kernel is idle, so a
 * request arriving meanwhile waits for one slice at most, and the first cell naming `setTimeout` or `process`
 * later finds them ready instead of waiting seconds. A cell that needs them before the end does the rest itself.
 */
import type { CellCompiler } from "./compiler";

/** One background preparation of Node's typings, done in {@link NodeWarmUp.step}s. */
export class NodeWarmUp {
  private files?: Iterator<string>;
  private finished = false;

  constructor(private readonly compiler: CellCompiler) {}

  /** Whether every step is done. */
  get done(): boolean {
    return this.finished;
  }

  /**
   * Do the next slice of the work: parse and bind Node's files until `budgetMs` passed, and at the end build the
   * program holding them (the global merge of a checker). Returns whether work remains.
   * @param budgetMs about how long the slice may take (a file is never split)
   * @example while (warm.step()) await idle();
   */
  step(budgetMs = 12): boolean {
    if (this.finished) return false;
    const start = performance.now();
    const host = this.compiler.host;
    this.files ??= host.prepareNodeTypings();
    while (!this.files.next().done) {
      if (performance.now() - start >= budgetMs) return true;
    }
    this.finished = true;
    this.compiler.warmUpNode();
    return false;
  }
}
