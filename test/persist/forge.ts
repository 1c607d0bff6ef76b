/** Forged model files for the persist tests: a real model's manifest edited, written back by the format's own writer. */
import { strict as assert } from "assert";
import { BaseEstimator } from "../../lib/base/estimator";
import { dumpBytes, loadBytes, PersistError, PersistErrorKind } from "../../lib/persist";
import { writeContainer } from "../../lib/persist/container_write";
import { split } from "./mutate";

/** Rewrite a model's manifest and write it back with the format's own writer (right lengths and SHA-256). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function forge(model: BaseEstimator | Buffer, edit: (m: any, manifest: any) => void): Buffer {
  const { manifest, data } = split(Buffer.isBuffer(model) ? model : dumpBytes(model));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  edit((manifest as any).model, manifest);
  return writeContainer(JSON.stringify(manifest), data);
}

/** Load must throw a PersistError of `kind` whose path names `where`. */
export function refused(bytes: Buffer, kind: PersistErrorKind, where?: string | RegExp): PersistError {
  try {
    loadBytes(bytes);
  } catch (e) {
    assert.ok(e instanceof PersistError, `expected a PersistError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    assert.equal(e.kind, kind, e.message);
    if (where instanceof RegExp) assert.match(e.path, where, e.message);
    else if (where) assert.ok(e.path.includes(where), `path ${e.path} should name ${where} (${e.message})`);
    return e;
  }
  assert.fail("load accepted the forged file");
}
