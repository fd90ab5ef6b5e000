import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  add,
  cmp,
  div,
  floor,
  ceil,
  mul,
  parseDecimal,
  rat,
  round,
  sub,
  toDecimalString,
  toFixed,
  type RoundingRule,
} from './rational.js'
import { formatMoney, isCurrency, percentOfMinor, currencyDigits } from './money.js'

describe('parseDecimal', () => {
  it('reads decimals exactly, from strings and from numbers', () => {
    expect(parseDecimal('99.9')).toEqual({ n: 999n, d: 10n })
    expect(parseDecimal(99.9)).toEqual({ n: 999n, d: 10n })
    expect(parseDecimal('-0.05')).toEqual({ n: -1n, d: 20n })
    expect(parseDecimal(1e-7)).toEqual({ n: 1n, d: 10_000_000n })
    expect(parseDecimal('1e3')).toBeUndefined()
    expect(parseDecimal('99,9')).toBeUndefined()
    expect(parseDecimal(Number.NaN)).toBeUndefined()
  })
})

describe('named rounding', () => {
  const cases: [string, RoundingRule, bigint][] = [
    ['2.5', 'half-up', 3n],
    ['2.5', 'half-down', 2n],
    ['2.5', 'half-even', 2n],
    ['3.5', 'half-even', 4n],
    ['2.4', 'half-up', 2n],
    ['2.6', 'half-down', 3n],
    ['2.1', 'ceil', 3n],
    ['2.9', 'floor', 2n],
    ['-2.5', 'half-up', -3n],
    ['-2.5', 'half-down', -2n],
    ['-2.5', 'half-even', -2n],
    ['-2.1', 'floor', -3n],
    ['-2.1', 'ceil', -2n],
  ]
  for (const [x, rule, expected] of cases) {
    it(`rounds ${x} ${rule} to ${expected}`, () =>
      expect(round(parseDecimal(x)!, rule)).toBe(expected))
  }

  it('formats with a fixed number of places', () => {
    // 43,140 / 432 = 99.8611…
    expect(toFixed(rat(4314000n, 43200n), 2, 'floor')).toBe('99.86')
    expect(toFixed(rat(1, 3), 4)).toBe('0.3333')
    expect(toDecimalString(rat(1, 8))).toBe('0.125')
  })
})

const ratArb = fc
  .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 9n }))
  .map(([n, d]) => rat(n, d))

describe('rational arithmetic laws', () => {
  it('adds and multiplies commutatively and associatively, and subtracts back', () => {
    fc.assert(
      fc.property(ratArb, ratArb, ratArb, (a, b, c) => {
        expect(add(a, b)).toEqual(add(b, a))
        expect(mul(a, b)).toEqual(mul(b, a))
        expect(add(add(a, b), c)).toEqual(add(a, add(b, c)))
        expect(sub(add(a, b), b)).toEqual(a)
        if (b.n !== 0n) expect(mul(div(a, b), b)).toEqual(a)
      }),
    )
  })

  it('rounds to a neighbour: floor ≤ rounded ≤ ceil, within one half for half-rules', () => {
    fc.assert(
      fc.property(
        ratArb,
        fc.constantFrom<RoundingRule>('half-up', 'half-down', 'half-even', 'floor', 'ceil'),
        (a, rule) => {
          const r = round(a, rule)
          expect(r >= floor(a) && r <= ceil(a)).toBe(true)
          if (rule.startsWith('half')) {
            const diff = sub(a, rat(r))
            expect(cmp(mul(diff, rat(2)), rat(1))).toBeLessThanOrEqual(0)
            expect(cmp(mul(diff, rat(2)), rat(-1))).toBeGreaterThanOrEqual(0)
          }
        },
      ),
    )
  })
})

describe('money', () => {
  it('knows ISO 4217 currencies and their minor units', () => {
    expect(isCurrency('USD')).toBe(true)
    expect(isCurrency('XYZ')).toBe(false)
    expect(isCurrency('usd')).toBe(false)
    expect(currencyDigits('JPY')).toBe(0)
    expect(currencyDigits('BHD')).toBe(3)
  })

  it('takes an exact percent of an amount and rounds once by the named rule', () => {
    // 1.945% of $1,234.56 = $24.012192 → $24.01
    expect(percentOfMinor(123_456, parseDecimal('1.945')!, 'half-up')).toBe(2401)
    // 0.5% of 101 cents = 0.505 cents: above one half, so 1 cent under half-even too
    expect(percentOfMinor(101, parseDecimal('0.5')!, 'half-even')).toBe(1)
    // 50% of 5 cents = 2.5 cents: half-up 3, half-even 2, floor 2
    expect(percentOfMinor(5, parseDecimal('50')!, 'half-up')).toBe(3)
    expect(percentOfMinor(5, parseDecimal('50')!, 'half-even')).toBe(2)
    expect(percentOfMinor(5, parseDecimal('50')!, 'floor')).toBe(2)
  })

  it('formats amounts in their currency', () => {
    expect(formatMoney(123_456, 'USD')).toBe('$1,234.56')
    expect(formatMoney(5000, 'JPY')).toBe('¥5,000')
    expect(formatMoney(-250, 'EUR')).toBe('-€2.50')
  })
})
