/** Coordinate grids, as NumPy's `np.meshgrid` builds them for contour and decision-boundary plots. */
import { InputTypeError } from "../errors";
import { ArrayInput, asArray } from "./creation";
import { NDArray, allocData, shapeSize } from "./ndarray";

/** Options of {@link meshgrid}. */
export interface MeshgridOptions {
  /** "xy" (default, Cartesian: the first two output axes swapped) or "ij" (matrix indexing). */
  indexing?: "xy" | "ij";
}

function isOptions(v: unknown): v is MeshgridOptions {
  return typeof v === "object" && v !== null && !(v instanceof NDArray) && !Array.isArray(v);
}

/**
 * Coordinate matrices from coordinate vectors, as NumPy's `np.meshgrid` (dense copies).
 * @param args - 1-D coordinate vectors (any shape is flattened), optionally followed by `{ indexing }`
 * @returns one array per input; with "xy" and inputs of lengths (nx, ny) each has shape [ny, nx]
 * @example
 * const [xx, yy] = np.meshgrid(np.linspace(0, 1, 3), np.linspace(0, 1, 2)); // shapes [2, 3]
 */
export function meshgrid(...args: (ArrayInput | MeshgridOptions)[]): NDArray[] {
  const last = args[args.length - 1];
  const opts = isOptions(last) ? last : {};
  const vecs = (isOptions(last) ? args.slice(0, -1) : args).map((x) => asArray(x as ArrayInput).ravel());
  const indexing = opts.indexing ?? "xy";
  if (indexing !== "xy" && indexing !== "ij") throw new InputTypeError("meshgrid indexing", '"xy" or "ij"', indexing);
  const nd = vecs.length;
  const shape = vecs.map((v) => v.size);
  if (indexing === "xy" && nd > 1) [shape[0], shape[1]] = [shape[1], shape[0]];
  const size = shapeSize(shape);
  return vecs.map((v, k) => {
    // the output axis vector k runs along
    const axis = indexing === "xy" && nd > 1 && k < 2 ? 1 - k : k;
    let inner = 1;
    for (let j = axis + 1; j < nd; j++) inner *= shape[j];
    const n = shape[axis];
    const out = allocData(v.dtype, size);
    for (let i = 0; i < size; i++) out[i] = v.data[Math.floor(i / inner) % n];
    return new NDArray(out, shape, v.dtype);
  });
}
