/**
 * The one error class of model files: whatever is wrong with a file (bad magic, truncation, checksum, an unknown
 * class, an array reference out of bounds, a state field of the wrong type…) surfaces as a PersistError that says
 * which check failed (`kind`) and where in the file (`path`), so a caller can catch one type.
 */
import { TypelearnError } from "../errors";

/** Which check of a model file failed. */
export type PersistErrorKind =
  | "io" // the file could not be read or written
  | "magic" // not a typelearn model file
  | "version" // a format version this build cannot read
  | "truncated" // lengths in the header disagree with the file size
  | "checksum" // the SHA-256 trailer does not match the content
  | "manifest" // the JSON manifest is not valid JSON or not the expected shape
  | "array" // an array reference is out of bounds, misaligned, of an unknown dtype or inconsistent shape
  | "class" // a class name that is not a registered estimator
  | "params" // the estimator rejected its stored options
  | "state" // a learned field is unknown, of the wrong type or inconsistent
  | "unsupported"; // dump met a value the format cannot describe

/**
 * A model file (or a model being saved) failed a check.
 * @example
 * try { load("model.tl"); } catch (e) { if (e instanceof PersistError) console.log(e.kind, e.path); }
 */
export class PersistError extends TypelearnError {
  /**
   * @param kind - which check failed
   * @param path - where: "header", "manifest", or a path into the model such as "model.steps[1][1].tree_.feature"
   * @param detail - what was expected and what came
   */
  constructor(readonly kind: PersistErrorKind, readonly path: string, detail: string) {
    super(`model file, ${path}: ${detail}`);
  }
}
