import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { eq, rat } from '../money/rational.js'
import {
  formatCount,
  formatDecimal,
  formatList,
  formatMoneyExact,
  parseRationalText,
  rationalText,
} from './explain.js'

describe('explanation text', () => {
  it('groups integers by thousands', () => {
    expect(formatCount(2_678_400_000)).toBe('2,678,400,000')
    expect(formatCount(999)).toBe('999')
    expect(formatCount(-1_000n)).toBe('-1,000')
  })

  it('writes terminating decimals exactly and truncates the others with an ellipsis', () => {
    expect(formatDecimal(rat(43, 25))).toBe('1.72')
    expect(formatDecimal(rat(3595, 36))).toBe('99.8611…') // 99.861111…
    expect(formatDecimal(rat(2, 3))).toBe('0.6666…') // truncated, never rounded up
    expect(formatDecimal(rat(-1, 4))).toBe('-0.25')
    expect(formatDecimal(rat(123_456_789, 1))).toBe('123,456,789')
  })

  it('writes money with the digits below a minor unit that rounding will remove', () => {
    expect(formatMoneyExact(rat(1_720), 'USD')).toBe('$17.20')
    expect(formatMoneyExact(rat(1_001, 2), 'USD')).toBe('$5.005')
    expect(formatMoneyExact(rat(160_000, 93), 'USD')).toBe('$17.204301…') // 1,720.4301… cents
    expect(formatMoneyExact(rat(1_001, 2), 'JPY')).toBe('¥500.5')
  })

  it('writes an exact value as a decimal or a fraction that reads back to the same value', () => {
    expect(rationalText(rat(25, 2))).toBe('12.5')
    expect(rationalText(rat(35, 18))).toBe('35/18')
    expect(parseRationalText('abc')).toBeUndefined()
    expect(parseRationalText('1/0')).toBeUndefined()
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
        const r = rat(n, d)
        expect(eq(parseRationalText(rationalText(r))!, r)).toBe(true)
      }),
    )
  })

  it('joins lists as a sentence', () => {
    expect(formatList([])).toBe('none')
    expect(formatList(['a'])).toBe('a')
    expect(formatList(['a', 'b', 'c'], 'none', 'or')).toBe('a, b or c')
  })
})
