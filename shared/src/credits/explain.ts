/**
 * Text for credit explanations: exact numbers written for people (a CS manager reading a step to
 * a customer) and for machines (exact decimal or fraction strings in the JSON result).
 */
import { formatMoney, currencyDigits } from '../money/money.js'
import { floor, isZero, neg, rat, sub, toFixed, type Rational } from '../money/rational.js'
import type { Metric } from '../contract/profile.schema.js'

/**
 * An integer (or integer text) with thousands separators.
 * @example formatCount(2_678_400_000) // "2,678,400,000"
 */
export function formatCount(n: number | bigint | string): string {
  const s = String(n)
  const negative = s.startsWith('-')
  const digits = negative ? s.slice(1) : s
  return `${negative ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`
}

/** Digits after the point of `r` when it is a terminating decimal, else `undefined`. */
function terminatingPlaces(r: Rational): number | undefined {
  let d = r.d
  let twos = 0
  let fives = 0
  while (d % 2n === 0n) {
    d /= 2n
    twos++
  }
  while (d % 5n === 0n) {
    d /= 5n
    fives++
  }
  return d === 1n ? Math.max(twos, fives) : undefined
}

/**
 * A decimal for people: exact when it terminates within 8 places (`"99.86"`, `"0.344"`), else
 * truncated to 4 places and marked with an ellipsis (`"99.8611…"`).
 * @example formatDecimal(rat(1, 3)) // "0.3333…"
 */
export function formatDecimal(r: Rational): string {
  if (r.n < 0n) return `-${formatDecimal(neg(r))}`
  const places = terminatingPlaces(r)
  const text =
    places !== undefined && places <= 8 ? toFixed(r, places) : `${toFixed(r, 4, 'floor')}…`
  const [whole = '0', frac] = text.split('.')
  return frac === undefined ? formatCount(whole) : `${formatCount(whole)}.${frac}`
}

/**
 * Exact machine text of a rational: the decimal when it terminates (`"1.72"`), else the
 * reduced fraction (`"35/18"`). Read it back with {@link parseRationalText}.
 * @example rationalText(rat(35, 18)) // "35/18"
 */
export function rationalText(r: Rational): string {
  const places = terminatingPlaces(r)
  return places !== undefined ? toFixed(r, places) : `${r.n}/${r.d}`
}

/**
 * Reads {@link rationalText} back: a decimal (`"-1.5"`) or a fraction (`"35/18"`);
 * `undefined` when the text is neither.
 * @example parseRationalText('35/18') // { n: 35n, d: 18n }
 */
export function parseRationalText(text: string): Rational | undefined {
  const frac = /^(-?\d+)\/(\d+)$/.exec(text)
  if (frac) {
    const d = BigInt(frac[2]!)
    return d === 0n ? undefined : rat(BigInt(frac[1]!), d)
  }
  const dec = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text)
  if (!dec) return undefined
  const places = dec[3] ?? ''
  return rat(BigInt(`${dec[1] ?? ''}${dec[2]!}${places}`), 10n ** BigInt(places.length))
}

/**
 * An exact amount in minor units as money text, with the digits below a minor unit when it is
 * not whole (so a step shows what was rounded).
 * @example formatMoneyExact(rat(10_011, 2), 'USD') // "$50.055"
 */
export function formatMoneyExact(amountMinor: Rational, currency: string): string {
  const whole = floor(amountMinor)
  const base = formatMoney(Number(whole), currency)
  const rest = sub(amountMinor, rat(whole))
  if (isZero(rest)) return base
  const fracText = formatDecimal(rest).replace(/^0\./, '')
  return `${base}${currencyDigits(currency) === 0 ? '.' : ''}${fracText}`
}

/**
 * A percent for people, with its sign.
 * @example formatPercent(rat(43, 25)) // "1.72%"
 */
export function formatPercent(r: Rational): string {
  return `${formatDecimal(r)}%`
}

/**
 * A duration in ms as hours for people.
 * @example formatHours(5_400_000) // "1.5 h"
 */
export function formatHours(ms: number): string {
  return `${formatDecimal(rat(ms, 3_600_000))} h`
}

const METRIC_NAMES: Readonly<Record<Metric, string>> = {
  firstResponse: 'first response',
  nextResponse: 'next response',
  periodicUpdate: 'periodic update',
  resolution: 'resolution',
}

/**
 * A metric's name in a sentence.
 * @example metricName('firstResponse') // "first response"
 */
export function metricName(metric: Metric): string {
  return METRIC_NAMES[metric]
}

/**
 * A list in a sentence.
 * @example formatList(['a', 'b', 'c']) // "a, b and c"
 */
export function formatList(items: readonly string[], empty = 'none', conjunction = 'and'): string {
  if (items.length === 0) return empty
  if (items.length === 1) return items[0]!
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]!}`
}

/** How a rounding rule reads in a sentence ("rounded half-up"). */
export function roundingText(rule: string): string {
  return rule === 'floor' ? 'rounded down' : rule === 'ceil' ? 'rounded up' : `rounded ${rule}`
}
