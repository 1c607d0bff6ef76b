/**
 * Linear algebra: NDArray-level functions (qr, svd, eigh, lstsq, cholesky; linalg.matmul with transpose flags) and
 * the raw Float64Array kernels other families build on (gemm64, the one float64 product; gram, householderQR, svdRaw, eighRaw, lstsqRaw,
 * choleskyRaw). Names are chosen not to collide with lib/array's own matmul / transpose when re-exported.
 */
import { matmul, qr, svd, eigh, lstsq, cholesky } from "./api";

export { qr, svd, eigh, lstsq, cholesky, LinAlgError } from "./api";
export type { MatmulOptions, QRResult, SVDResult, EighResult, LstsqResult } from "./api";
export { gemm64, F64_WASM_MIN_MACS, gram, transpose as transposeRaw } from "./gemm";
export type { Gemm64Options } from "./gemm";
export { householderQR, applyQ, formQ, extractR } from "./qr";
export type { QRFactors } from "./qr";
export { svdRaw } from "./svd";
export type { SVDRaw } from "./svd";
export { eighRaw } from "./eigh";
export type { EighRaw } from "./eigh";
export { lstsqRaw } from "./lstsq";
export type { LstsqRaw } from "./lstsq";
export { choleskyRaw, choleskySolveRaw } from "./cholesky";

/** NumPy's `np.linalg` namespace: `linalg.svd(A)`, `linalg.lstsq(A, b)`, … */
export const linalg = { matmul, qr, svd, eigh, lstsq, cholesky };
