/**
 * Exact rational arithmetic on BigInt, for every comparison and formula that decides money:
 * uptime against a commitment, steps below a target, percentages of a fee. No floats.
 */

/** A reduced fraction `n / d` with `d > 0`. */
export interface Rational {
  readonly n: bigint
  readonly d: bigint
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a
  b = b < 0n ? -b : b
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}

/** `n / d`, reduced. Throws on a zero denominator (an engine bug, never an input error). */
export function rat(n: bigint | number, d: bigint | number = 1n): Rational {
  let nn = BigInt(n)
  let dd = BigInt(d)
  if (dd === 0n) throw new RangeError('zero denominator')
  if (dd < 0n) {
    nn = -nn
    dd = -dd
  }
  const g = gcd(nn, dd)
  return g > 1n ? { n: nn / g, d: dd / g } : { n: nn, d: dd }
}

export const ZERO = rat(0)
export const ONE = rat(1)
export const HUNDRED = rat(100)

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d+))?$/

/**
 * Parses an exact decimal from a string (`"99.95"`) or a number. Numbers are read through
 * their shortest round-trip decimal text, so `99.9` is exactly 999/10.
 * @example parseDecimal('99.9') // { n: 999n, d: 10n }
 */
export function parseDecimal(value: string | number): Rational | undefined {
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined
    text = String(value)
    if (/e/i.test(text)) {
      // Exponent form (1e-7, 1e21): expand through toFixed where exact enough.
      const fixed = value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '')
      text = fixed
    }
  } else text = value.trim()
  const m = DECIMAL_RE.exec(text)
  if (!m) return undefined
  const frac = m[3] ?? ''
  const n = BigInt((m[2] ?? '0') + frac) * (m[1] ? -1n : 1n)
  return rat(n, 10n ** BigInt(frac.length))
}

export const add = (a: Rational, b: Rational): Rational => rat(a.n * b.d + b.n * a.d, a.d * b.d)
export const sub = (a: Rational, b: Rational): Rational => rat(a.n * b.d - b.n * a.d, a.d * b.d)
export const mul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d)
export const div = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n)
export const neg = (a: Rational): Rational => ({ n: -a.n, d: a.d })

/** −1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function cmp(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.n * b.d
  const r = b.n * a.d
  return l < r ? -1 : l > r ? 1 : 0
}

export const eq = (a: Rational, b: Rational): boolean => cmp(a, b) === 0
export const lt = (a: Rational, b: Rational): boolean => cmp(a, b) < 0
export const lte = (a: Rational, b: Rational): boolean => cmp(a, b) <= 0
export const gt = (a: Rational, b: Rational): boolean => cmp(a, b) > 0
export const gte = (a: Rational, b: Rational): boolean => cmp(a, b) >= 0
export const min = (a: Rational, b: Rational): Rational => (lte(a, b) ? a : b)
export const max = (a: Rational, b: Rational): Rational => (gte(a, b) ? a : b)
export const isZero = (a: Rational): boolean => a.n === 0n

/** Largest integer ≤ r. */
export function floor(r: Rational): bigint {
  const q = r.n / r.d
  return r.n < 0n && q * r.d !== r.n ? q - 1n : q
}

/** Smallest integer ≥ r. */
export function ceil(r: Rational): bigint {
  return -floor(neg(r))
}

/**
 * How a non-integer is turned into an integer. `half-up` rounds halves away from zero,
 * `half-down` toward zero, `half-even` to the even neighbour (banker's rounding); `floor` and
 * `ceil` go down and up.
 */
export type RoundingRule = 'half-up' | 'half-down' | 'half-even' | 'floor' | 'ceil'
export const ROUNDING_RULES: readonly RoundingRule[] = [
  'half-up',
  'half-down',
  'half-even',
  'floor',
  'ceil',
]

/**
 * Rounds to an integer by a named rule.
 * @example round(rat(5, 2), 'half-even') // 2n
 */
export function round(r: Rational, rule: RoundingRule): bigint {
  const f = floor(r)
  if (r.d === 1n) return r.n
  switch (rule) {
    case 'floor':
      return f
    case 'ceil':
      return f + 1n
    case 'half-up':
    case 'half-down':
    case 'half-even': {
      // Compare the fractional part with 1/2: 2·(r − f) vs 1.
      const twice = 2n * (r.n - f * r.d)
      if (twice < r.d) return f
      if (twice > r.d) return f + 1n
      if (rule === 'half-even') return f % 2n === 0n ? f : f + 1n
      const awayFromZero = r.n > 0n ? f + 1n : f
      const towardZero = r.n > 0n ? f : f + 1n
      return rule === 'half-up' ? awayFromZero : towardZero
    }
  }
}

/**
 * Decimal text with exactly `places` digits after the point, rounded by `rule`.
 * @example toFixed(rat(43140, 432), 2, 'floor') // "99.86"
 */
export function toFixed(r: Rational, places: number, rule: RoundingRule = 'half-even'): string {
  const scale = 10n ** BigInt(places)
  const scaled = round(mul(r, rat(scale)), rule)
  const negative = scaled < 0n
  const abs = negative ? -scaled : scaled
  const whole = abs / scale
  const frac = (abs % scale).toString().padStart(places, '0')
  return `${negative ? '-' : ''}${whole}${places > 0 ? `.${frac}` : ''}`
}

/** Shortest exact decimal text when the fraction terminates, else `places` digits (half-even). */
export function toDecimalString(r: Rational, places = 6): string {
  let d = r.d
  while (d % 2n === 0n) d /= 2n
  while (d % 5n === 0n) d /= 5n
  if (d !== 1n) return toFixed(r, places)
  // Terminating: find the exact number of digits.
  for (let p = 0; p <= 40; p++) {
    const s = 10n ** BigInt(p)
    if ((r.n * s) % r.d === 0n) return toFixed(r, p)
  }
  return toFixed(r, places)
}

/** A float approximation, for display and non-monetary ratios only. */
export function toNumber(r: Rational): number {
  return Number(r.n) / Number(r.d)
}
