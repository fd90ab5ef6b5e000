/**
 * Locale-aware formatting of what the service sends: durations, money in minor units, decimal
 * percentages as strings, and instants in the agent's time zone. Money never goes through a float:
 * the minor units become an exact decimal string, which Intl formats as is.
 */

export interface Formatters {
  /** "3 hr 5 min" / "3 Std., 5 Min." from milliseconds (rounded to the minute). */
  duration(ms: number): string
  /** "$1,234.50" from 123450 minor units. */
  money(minor: number, currency: string): string
  /** "99.95%" (en) / "99,95 %" (de) from the service's decimal string "99.95". */
  percent(decimal: string, fractionDigits?: number): string
  /** "Nov 24, 14:05" in the agent's zone (or `zone`). */
  dateTime(iso: string, zone?: string): string
  /** "Nov 2026" from "2026-11". */
  month(month: string): string
  number(n: number): string
}

/** Digits after the decimal point of a currency (ISO 4217), from Intl. */
export function currencyExponent(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    )
  } catch {
    return 2
  }
}

/** 123450, "USD" → "1234.50"; -5, "EUR" → "-0.05"; 1200, "JPY" → "1200". Exact. */
export function minorToDecimal(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor))
    throw new RangeError(`${minor} is not a whole number of minor units`)
  const exp = currencyExponent(currency)
  const sign = minor < 0 ? '-' : ''
  const digits = String(Math.abs(minor)).padStart(exp + 1, '0')
  return exp === 0
    ? `${sign}${digits}`
    : `${sign}${digits.slice(0, digits.length - exp)}.${digits.slice(digits.length - exp)}`
}

export function createFormatters(locale: string, timeZone?: string): Formatters {
  const hours = new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'short' })
  const mins = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'minute',
    unitDisplay: 'short',
  })
  const days = new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'short' })
  const list = new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' })
  const zone = (z?: string) => {
    const tz = z ?? timeZone
    return tz ? { timeZone: tz } : {}
  }
  return {
    duration(ms) {
      const m = Math.max(0, Math.round(ms / 60_000))
      if (m < 60) return mins.format(m)
      if (m < 48 * 60) {
        const parts = [hours.format(Math.floor(m / 60))]
        if (m % 60) parts.push(mins.format(m % 60))
        return list.format(parts)
      }
      const h = Math.floor(m / 60)
      const parts = [days.format(Math.floor(h / 24))]
      if (h % 24) parts.push(hours.format(h % 24))
      return list.format(parts)
    },
    money(minor, currency) {
      const exp = currencyExponent(currency)
      const f = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: exp,
        maximumFractionDigits: exp,
      })
      // ES2023 Intl formats a decimal string exactly (no float in between).
      return f.format(minorToDecimal(minor, currency) as unknown as number)
    },
    percent(decimal, fractionDigits = 2) {
      const f = new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: 'percent',
        maximumFractionDigits: fractionDigits,
        minimumFractionDigits: 0,
      })
      return f.format(decimal as unknown as number)
    },
    dateTime(iso, z) {
      return new Intl.DateTimeFormat(locale, {
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        ...zone(z),
      }).format(new Date(iso))
    },
    month(month) {
      const [y, m] = month.split('-').map(Number)
      return new Intl.DateTimeFormat(locale, {
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)))
    },
    number(n) {
      return new Intl.NumberFormat(locale).format(n)
    },
  }
}
