/**
 * A bit-exact JavaScript port of the natural logarithm that NumPy's legacy Gaussian sampler gets from glibc on
 * x86-64 Linux (glibc ≥ 2.28, the FMA variant selected on CPUs with FMA). V8's Math.log (an fdlibm port) differs
 * from it in the last bit for roughly one input in a few hundred, which shifts normal() draws by one ulp; this
 * port removes that difference. Fused multiply-adds are emulated exactly (Dekker product + round-to-odd sum).
 */
import { A, B, INVC, LN2_HI, LN2_LO, LOGC } from "./libm_log_data";

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: u32[0] low word, u32[1] high word
const SPLIT = 134217729; // 2^27 + 1, Veltkamp splitter

/** Round-to-odd of s + err where s = RN(x) and err = x - s exactly (s ≠ 0 when err ≠ 0). */
function toOdd(s: number, err: number): number {
  if (err === 0) return s;
  f64[0] = s;
  if (u32[0] & 1) return s;
  // step one ulp toward err: magnitude up when err has the sign of s, else down
  const up = (err > 0) === (s > 0);
  if (up) {
    if (u32[0] === 0xffffffff) { u32[0] = 0; u32[1]++; } else u32[0]++;
  } else if (u32[0] === 0) { u32[0] = 0xffffffff; u32[1]--; } else u32[0]--;
  return f64[0];
}

/**
 * Correctly rounded a·b + c (IEEE fused multiply-add) from double operations only
 * (Boldo–Melquiond emulation with rounding to odd). Valid away from overflow/underflow.
 * @example
 * fma(0.1, 10, -1); // 5.551115123125783e-17, the exact residual of 0.1·10 - 1
 */
export function fma(a: number, b: number, c: number): number {
  // exact product ph + pl (Dekker)
  const ph = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  const pl = ((ah * bh - ph) + ah * bl + al * bh) + al * bl;
  // exact sum sh + sl = ph + c (TwoSum)
  const sh = ph + c;
  const bv = sh - ph;
  const sl = (ph - (sh - bv)) + (c - bv);
  // RO(sl + pl), then one final rounding
  const v = sl + pl;
  const bw = v - sl;
  const ve = (sl - (v - bw)) + (pl - bw);
  return sh + toOdd(v, ve);
}

/**
 * Natural logarithm bit-identical to glibc's `log` (FMA code path) for every double.
 * @param x - the argument
 * @example
 * libmLog(0.5); // -0.6931471805599453
 */
export function libmLog(x: number): number {
  if (x >= 0.9375 && x < 1.064697265625) {
    // inputs close to 1: polynomial in r = x - 1 with the leading terms in extra precision
    if (x === 1) return 0;
    const r = x - 1.0;
    const r2 = r * r;
    const r3 = r * r2;
    const p = fma(r3, fma(r3, fma(r3, B[10], fma(r2, B[9], fma(r, B[8], B[7]))),
      fma(r2, B[6], fma(r, B[5], B[4]))), fma(r2, B[3], fma(r, B[2], B[1])));
    const w0 = r * 134217728; // r · 2^27
    const rhi = r + w0 - w0;
    const rlo = r - rhi;
    const w = rhi * rhi * B[0]; // exact
    const hi = r + w;
    let lo = r - hi + w;
    lo = fma(B[0] * rlo, rhi + r, lo);
    const y = fma(r3, p, lo);
    return y + hi;
  }
  if (!(x >= 2.2250738585072014e-308) || x === Infinity) {
    if (Number.isNaN(x) || x === Infinity) return x;
    if (x === 0) return -Infinity;
    if (x < 0) return NaN;
    // subnormal: scale into the normal range and correct k below
    return subnormalLog(x);
  }
  f64[0] = x;
  return mainPath(u32[1], u32[0], 0);
}

function subnormalLog(x: number): number {
  f64[0] = x * 4503599627370496; // 2^52
  return mainPath(u32[1], u32[0], -52);
}

/** x = 2^k z with z in [0x1.6p-1, 0x1.6p0): log x = k ln2 + log c + log1p(z/c - 1). */
function mainPath(hiWord: number, loWord: number, kAdjust: number): number {
  const tmpHi = (hiWord - 0x3fe60000) | 0;
  const i = (tmpHi >>> 13) & 127;
  const k = (tmpHi >> 20) + kAdjust;
  f64[0] = 0;
  u32[1] = hiWord - (tmpHi & 0xfff00000);
  u32[0] = loWord;
  const z = f64[0];
  const invc = INVC[i];
  const logc = LOGC[i];
  const r = fma(z, invc, -1.0);
  const kd = k;
  const w = fma(kd, LN2_HI, logc);
  const hi = w + r;
  const lo = fma(kd, LN2_LO, w - hi + r);
  const r2 = r * r;
  const p = fma(r2, fma(r, A[4], A[3]), fma(r, A[2], A[1]));
  const t = fma(r2, A[0], lo);
  return fma(r * r2, p, t) + hi;
}
