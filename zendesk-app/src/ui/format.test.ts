import { describe, expect, it } from 'vitest'
import { createFormatters, currencyExponent, minorToDecimal } from './format.js'

describe('money from minor units', () => {
  it('becomes an exact decimal string with the currency’s digits', () => {
    expect(currencyExponent('USD')).toBe(2)
    expect(currencyExponent('JPY')).toBe(0)
    expect(currencyExponent('KWD')).toBe(3)
    expect(minorToDecimal(123_450, 'USD')).toBe('1234.50')
    expect(minorToDecimal(5, 'EUR')).toBe('0.05')
    expect(minorToDecimal(-5, 'EUR')).toBe('-0.05')
    expect(minorToDecimal(0, 'USD')).toBe('0.00')
    expect(minorToDecimal(1_200, 'JPY')).toBe('1200')
    expect(minorToDecimal(1_234, 'KWD')).toBe('1.234')
    // The largest safe integer: dividing by 100 in floating point would give …409.90.
    expect(minorToDecimal(9_007_199_254_740_991, 'USD')).toBe('90071992547409.91')
  })

  it('refuses what is not a whole number of minor units', () => {
    expect(() => minorToDecimal(1.5, 'USD')).toThrow(RangeError)
  })

  it('is formatted for the locale without passing through a float', () => {
    expect(createFormatters('en-US').money(123_450, 'USD')).toBe('$1,234.50')
    expect(createFormatters('de-DE').money(123_450, 'EUR')).toBe('1.234,50\u00a0€')
    expect(createFormatters('en-US').money(9_007_199_254_740_991, 'USD')).toBe(
      '$90,071,992,547,409.91',
    )
    expect(createFormatters('en-US').money(1_200, 'JPY')).toBe('¥1,200')
  })
})

describe('durations, percentages and months', () => {
  const en = createFormatters('en-US', 'UTC')
  const de = createFormatters('de-DE', 'UTC')

  it('rounds durations to the minute and switches to days after 48 hours', () => {
    expect(en.duration(29_999)).toBe('0 min')
    expect(en.duration(12 * 60_000)).toBe('12 min')
    expect(en.duration((3 * 60 + 5) * 60_000)).toBe('3 hr 5 min')
    expect(en.duration(3 * 3_600_000)).toBe('3 hr')
    expect(en.duration(49 * 3_600_000)).toBe('2 days 1 hr')
    expect(en.duration(-5)).toBe('0 min')
    expect(de.duration((3 * 60 + 5) * 60_000)).toBe('3 Std., 5 Min.')
  })

  it('formats the service’s decimal percentages exactly', () => {
    expect(en.percent('99.95')).toBe('99.95%')
    expect(en.percent('99.8789', 4)).toBe('99.8789%')
    expect(de.percent('99.95')).toBe('99,95\u00a0%')
  })

  it('names months and instants in the given zone', () => {
    expect(en.month('2026-11')).toBe('Nov 2026')
    expect(de.month('2026-03')).toBe('März 2026')
    expect(createFormatters('en-US', 'America/New_York').dateTime('2026-11-24T14:05:00Z')).toBe(
      'Nov 24, 09:05 AM',
    )
  })
})
