import { MinMaxScaler, OneHotEncoder, SimpleImputer, StandardScaler } from "../../../lib/preprocessing";
import { RandomState } from "../../../lib/random";
import type { ContractCase } from "../types";

/** Small integer categories (0…3, 0…2, 0…4) in 3 features: categorical data as number[][]. */
function categoricalData(): { X: number[][] } {
  const rs = new RandomState(7);
  const X: number[][] = [];
  for (let i = 0; i < 40; i++) X.push([i % 4, rs.randint(0, 3), (i * 3) % 5]);
  return { X };
}

/** Data with a few missing values for SimpleImputer. */
function missingData(): { X: number[][] } {
  const rs = new RandomState(3);
  const X: number[][] = [];
  for (let i = 0; i < 30; i++) {
    X.push([0, 1, 2].map((j) => ((i + j) % 7 === 0 ? NaN : Math.round((rs.standardNormal() as number) * 100) / 10)));
  }
  return { X };
}

export const cases: ContractCase[] = [
  { name: "StandardScaler", kind: "transformer", make: () => new StandardScaler() },
  { name: "StandardScaler(withMean=false)", kind: "transformer", make: () => new StandardScaler({ withMean: false }) },
  { name: "MinMaxScaler", kind: "transformer", make: () => new MinMaxScaler() },
  { name: "MinMaxScaler(featureRange=[-1, 1], clip)", kind: "transformer", make: () => new MinMaxScaler({ featureRange: [-1, 1], clip: true }) },
  { name: "SimpleImputer", kind: "transformer", make: () => new SimpleImputer(), allowsNaN: true, data: missingData },
  { name: "SimpleImputer(median)", kind: "transformer", make: () => new SimpleImputer({ strategy: "median" }), allowsNaN: true, data: missingData },
  { name: "SimpleImputer(most_frequent)", kind: "transformer", make: () => new SimpleImputer({ strategy: "most_frequent" }), allowsNaN: true },
  // NaN is a category of its own for OneHotEncoder (scikit-learn 1.2), so NaN is not rejected.
  { name: "OneHotEncoder", kind: "transformer", make: () => new OneHotEncoder(), allowsNaN: true, data: categoricalData },
  { name: "OneHotEncoder(drop=first, handleUnknown=ignore)", kind: "transformer", make: () => new OneHotEncoder({ drop: "first", handleUnknown: "ignore" }), allowsNaN: true, data: categoricalData },
];
