/**
 * Small, fast, seeded pseudo-random number generator (sfc32, seeded through
 * splitmix32) plus distribution helpers used by the sample database generator.
 *
 * Everything here is pure integer/float arithmetic, so a given seed always
 * produces the same sequence; no Math.random or wall-clock input is involved.
 */

/** splitmix32 step used to expand a single 32-bit seed into sfc32 state. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Seeded PRNG (sfc32) with convenience helpers for common distributions. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  /** @param seed any finite number; it is truncated to 32 bits. */
  constructor(seed: number) {
    const st = { s: Math.trunc(seed) | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** Next raw unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** Uniformly chosen element of a non-empty array. */
  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new Error('pick() called with an empty array');
    return arr[Math.floor(this.next() * arr.length)] as T;
  }

  /** Element chosen with probability proportional to its weight (linear scan; fine for short lists). */
  weightedPick<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length === 0 || items.length !== weights.length) {
      throw new Error('weightedPick() needs non-empty items and weights of the same length');
    }
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** Normally distributed value (Box–Muller, caching the spare value). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    let u = this.next();
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal value: exp(N(mu, sigma)). */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Pareto (type I) value with scale xm and shape alpha; heavy-tailed for small alpha. */
  pareto(alpha: number, xm = 1): number {
    return xm / (1 - this.next()) ** (1 / alpha);
  }

  /** True with probability p. */
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
}

/**
 * Precomputed cumulative distribution for fast weighted sampling over large
 * lists (binary search), optionally restricted to a suffix of the indices.
 */
export class WeightedSampler {
  readonly cdf: Float64Array;
  readonly total: number;

  /** @param weights non-negative weights; at least one must be positive. */
  constructor(weights: ArrayLike<number>) {
    this.cdf = new Float64Array(weights.length);
    let acc = 0;
    for (let i = 0; i < weights.length; i++) {
      acc += weights[i] as number;
      this.cdf[i] = acc;
    }
    if (!(acc > 0)) throw new Error('WeightedSampler needs a positive total weight');
    this.total = acc;
  }

  /** Total weight of indices >= from. */
  massFrom(from: number): number {
    return from <= 0 ? this.total : this.total - (this.cdf[from - 1] as number);
  }

  /** Index sampled proportionally to weight, restricted to indices >= from. */
  sample(rng: Prng, from = 0): number {
    const lo = from <= 0 ? 0 : (this.cdf[from - 1] as number);
    const target = lo + rng.next() * (this.total - lo);
    let left = Math.max(0, from);
    let right = this.cdf.length - 1;
    while (left < right) {
      const mid = (left + right) >>> 1;
      if ((this.cdf[mid] as number) > target) right = mid;
      else left = mid + 1;
    }
    return left;
  }
}
