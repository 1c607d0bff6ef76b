/**
 * Predictions for the server, a batch at a time in chunks that yield to the event loop between them: a 10,000-row
 * batch predicted in one go blocks every other client (and /health) until it is done, while between chunks the
 * server reads, answers and accepts other requests. Estimators predict rows independently, so the chunks' answers
 * joined are the whole batch's answer.
 */
import { NDArray } from "../array/ndarray";
import { BaseEstimator } from "../base/estimator";
import { labelList } from "./model_info";

/** A served estimator: predict, and predictProba for a classifier. */
export type Predictor = BaseEstimator & { predict(X: number[][]): unknown; predictProba?(X: number[][]): unknown };

/** Cells (rows × features) predicted between two yields by default. */
export const CHUNK_CELLS = 16_384;

/** What the routes answer: one label per row and, for a classifier, one probability row per row. */
export interface Predictions {
  predictions: (number | string)[];
  probabilities?: number[][];
}

function rowsOf(v: unknown): number[][] {
  if (v instanceof NDArray) {
    const [r, c] = v.shape.length === 2 ? v.shape : [v.shape[0], 1];
    const out: number[][] = [];
    for (let i = 0; i < r; i++) out.push(Array.from(v.data.subarray(i * c, (i + 1) * c)));
    return out;
  }
  return v as number[][];
}

function predictChunk(m: Predictor, rows: number[][], probabilities: boolean): Predictions {
  const raw = m.predict(rows);
  const predictions = labelList(raw) ?? rowsOf(raw).map((r) => r[0]);
  if (!probabilities) return { predictions };
  return { predictions, probabilities: rowsOf(m.predictProba!(rows)) };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Predict `rows`, `chunkRows` rows at a time, yielding to the event loop between chunks.
 * @param m - the served estimator
 * @param rows - validated rows
 * @param probabilities - also compute predictProba
 * @param chunkRows - rows per chunk
 * @example await predictInChunks(pipe, rows, true, 512);
 */
export async function predictInChunks(m: Predictor, rows: number[][], probabilities: boolean, chunkRows: number): Promise<Predictions> {
  if (rows.length <= chunkRows) return predictChunk(m, rows, probabilities);
  const out: Predictions = { predictions: [], ...(probabilities ? { probabilities: [] } : {}) };
  for (let i = 0; i < rows.length; i += chunkRows) {
    if (i > 0) await nextTurn();
    const part = predictChunk(m, rows.slice(i, i + chunkRows), probabilities);
    for (const p of part.predictions) out.predictions.push(p);
    if (part.probabilities) for (const p of part.probabilities) out.probabilities!.push(p);
  }
  return out;
}
