/**
 * Linear algebra: NDArray-level functions (qr, svd, eigh, lstsq, cholesky; linalg.matmul with transpose flags) and
 * the raw Float64Array kernels other families build on (gemmTiled, gram, householderQR, svdRaw, eighRaw, lstsqRaw,
 * choleskyRaw). Names are chosen not to collide with lib/array's own matmul / gemm / transpose when re-exported.
 */
import { matmul, qr, svd, eigh, lstsq, cholesky } from "./api";

export { qr, svd, eigh, lstsq, cholesky, LinAlgError } from "./api";
export type { MatmulOptions, QRResult, SVDResult, EighResult, LstsqResult } from "./api";
export { gemm as gemmTiled, gram, transpose as transposeRaw, matmulRaw } from "./gemm";
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
