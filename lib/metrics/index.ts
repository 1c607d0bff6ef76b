/**
 * Metrics: regression (meanSquaredError, meanAbsoluteError, r2Score), classification (accuracy, precision / recall
 * / F-scores, confusion matrix, classification report, log loss), ranking (ROC and precision-recall curves, AUC,
 * average precision) and clustering (silhouette, Rand index, mutual information).
 */
export { meanSquaredError, meanAbsoluteError, r2Score } from "./regression";
export type { TargetLike, Multioutput, RegressionMetricOptions, MSEOptions, R2Options } from "./regression";
export { uniqueLabels, encodeLabels } from "./labels";
export type { Label, LabelsLike, DanfoSeriesLike } from "./labels";
export {
  accuracyScore, precisionRecallFscoreSupport, precisionScore, recallScore, fbetaScore, f1Score,
} from "./classification";
export type { Average, ZeroDivision, PRFOptions, PRFSOptions, PRFSupport, AccuracyOptions } from "./classification";
export { confusionMatrix } from "./confusion";
export type { ConfusionMatrixOptions } from "./confusion";
export { classificationReport, ClassificationReport } from "./report";
export type { ClassificationReportOptions, ReportDict, ReportRow } from "./report";
export { logLoss } from "./log_loss";
export type { LogLossOptions } from "./log_loss";
export { rocCurve, precisionRecallCurve, auc, averagePrecisionScore } from "./ranking";
export type { CurveOptions, RocCurveOptions, RocCurve, PrecisionRecallCurve } from "./ranking";
export { rocAucScore } from "./roc_auc";
export type { RocAucOptions } from "./roc_auc";
export { silhouetteSamples, silhouetteScore } from "./silhouette";
export type { SilhouetteOptions, SilhouetteScoreOptions } from "./silhouette";
export {
  contingencyMatrix, randScore, adjustedRandScore, mutualInfoScore, normalizedMutualInfoScore,
} from "./clustering";
