/**
 * Datasets: the toy datasets bundled with scikit-learn (loadIris, loadBreastCancer, loadWine, loadDiabetes,
 * loadDigits, loadLinnerud).
 */
export { loadIris, loadBreastCancer, loadWine, loadDiabetes, loadDigits, loadLinnerud } from "./loaders";
export type { Dataset, DiabetesOptions, DigitsOptions } from "./loaders";
export type { AsFrameOption, FrameDataset, FrameTarget } from "./as_frame";
export { dataDir } from "./read";
