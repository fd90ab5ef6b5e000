/**
 * Money is an integer number of minor units (cents) with an ISO 4217 currency. Percentages of
 * an amount are exact rationals rounded once, by a named rule.
 */
import { HUNDRED, div, mul, rat, round, type Rational, type RoundingRule } from './rational.js'

/** An amount in minor units (e.g. cents) and its currency. */
export interface Money {
  amountMinor: number
  currency: string
}

const digitsCache = new Map<string, number>()

let currencies: ReadonlySet<string> | undefined

/** Whether the runtime knows `code` as an ISO 4217 currency (`Intl.supportedValuesOf`). */
export function isCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'))
  return currencies.has(code)
}

/** Minor-unit digits of a currency (USD 2, JPY 0, BHD 3). */
export function currencyDigits(currency: string): number {
  let d = digitsCache.get(currency)
  if (d === undefined) {
    d =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    digitsCache.set(currency, d)
  }
  return d
}

/**
 * `percent`% of an amount in minor units, rounded by `rule`.
 * @example percentOfMinor(123_456, parseDecimal('1.945')!, 'half-up') // 2401 (1.945% of $1,234.56 = $24.01)
 */
export function percentOfMinor(amountMinor: number, percent: Rational, rule: RoundingRule): number {
  return Number(round(div(mul(rat(amountMinor), percent), HUNDRED), rule))
}

/** Human text for an amount: `USD 1,234.56` style via Intl (`$1,234.56` in en-US). */
export function formatMoney(amountMinor: number, currency: string): string {
  const digits = currencyDigits(currency)
  const negative = amountMinor < 0
  const abs = Math.abs(amountMinor)
  const scale = 10 ** digits
  const whole = Math.floor(abs / scale)
  const frac = String(abs % scale).padStart(digits, '0')
  const wholeText = whole.toLocaleString('en-US')
  let symbol = currency
  try {
    const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(0)
    symbol = parts.find((p) => p.type === 'currency')?.value ?? currency
  } catch {
    // keep the code
  }
  return `${negative ? '-' : ''}${symbol}${wholeText}${digits > 0 ? `.${frac}` : ''}`
}
