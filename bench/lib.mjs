// Helpers shared by the benchmarks.

/** mulberry32: a tiny, fixed-seed PRNG, so every run measures the same inputs. */
export function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A full garbage collection when Node runs with --expose-gc (npm run bench does), else nothing. */
export const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {}

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
