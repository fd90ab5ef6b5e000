import { describe, expect, it } from 'vitest'
import type { CreditSchedule, CreditTerms } from '../contract/profile.schema.js'
import type { RoundingRule } from '../money/rational.js'
import {
  LEADFLY_COMMITMENTS,
  MS_30_DAYS,
  MS_PER_HOUR,
  contractWith,
  factsFor,
  impacted,
  leadflyPerformance,
  leadflyPlatform,
  leadflySupportResponse,
  miss,
  uptimeFact,
  type ContractSpec,
} from '../test-support/credit-fixtures.js'
import { claimDeadlineOf } from './claim-deadline.js'
import { computeServiceCredit } from './compute-credit.js'
import { monthPeriod } from '../time/period.js'

/** A schedule worth `percent`% of its fee base per impacted day, with one impacted day. */
function flat(id: string, percent: string, extra: Partial<CreditSchedule> = {}): CreditSchedule {
  return {
    kind: 'per-day-impacted',
    id,
    impacts: ['major'],
    credit: { percent },
    ...extra,
  } as CreditSchedule
}
const ONE_DAY = [impacted('2026-03-05', 'platform', 'major')]

function total(terms: CreditTerms, spec: Omit<ContractSpec, 'credits'> = {}) {
  return computeServiceCredit(
    factsFor(contractWith({ credits: terms, ...spec }), { impactedDays: ONE_DAY }),
  )
}

describe('a contract without credit terms', () => {
  it('owes nothing and says so', () => {
    const r = computeServiceCredit(factsFor(contractWith()))
    expect(r).toMatchObject({
      schedules: [],
      subtotalMinor: 0,
      totalMinor: 0,
      automaticMinor: 0,
      onRequestMinor: 0,
      overallCapMinor: null,
      minimum: null,
      claimDeadline: null,
      rounding: 'half-up',
      currency: 'USD',
    })
    expect(r.explanation).toContain('The contract has no credit terms: no credit is owed')
  })
})

describe('the LeadFly month', () => {
  // Monthly fee $1,000.00; March 2026 (31 days) in America/New_York, claims within 15 days.
  const contract = contractWith({
    credits: {
      schedules: [leadflyPlatform('prorate'), leadflySupportResponse(), leadflyPerformance()],
      claimWindowDays: 15,
    },
    commitments: LEADFLY_COMMITMENTS,
    timeZone: 'America/New_York',
  })
  const facts = factsFor(contract, {
    // 9,072,000 ms down of a 30-day measured period → 99.65% → 2.5 steps × 5% = 12.5% = $125.00.
    uptime: [uptimeFact('platform', MS_30_DAYS, 9_072_000)],
    // 3 hours of business delay × 2% = 6% = $60.00, on request.
    misses: [miss('firstResponse', { delayBusinessMs: 3 * MS_PER_HOUR })],
    // 1 degraded day × 5% = $50.00, automatic.
    impactedDays: [impacted('2026-03-10', 'platform', 'degraded')],
  })
  const r = computeServiceCredit(facts)

  it('adds the schedules: $125.00 + $60.00 + $50.00 = $235.00', () => {
    expect(r.schedules.map((s) => s.amountMinor)).toEqual([12_500, 6_000, 5_000])
    expect(r.subtotalMinor).toBe(23_500)
    expect(r.totalMinor).toBe(23_500)
    expect(r.automaticMinor).toBe(17_500)
    expect(r.onRequestMinor).toBe(6_000)
  })

  it('sets the claim deadline at 16 April 00:00 EDT (04:00Z): claims accepted through 15 April', () => {
    expect(r.claimDeadline).toBe(Date.UTC(2026, 3, 16, 4))
    expect(r.claimDeadlineText).toBe('2026-04-16T00:00:00-04:00')
    expect(r.claimLastDate).toBe('2026-04-15')
    expect(r.claimWindowDays).toBe(15)
  })

  it('explains the month in sentences', () => {
    expect(r.explanation).toEqual([
      'Service credits of account acme for 2026-03 (America/New_York), in USD; each amount is exact until rounded half-up once to whole minor units',
      'Platform availability (platform-availability): $125.00, automatic',
      'Support response (support-response): $60.00, on request',
      'Performance issues (performance): $50.00, automatic',
      'Subtotal: $235.00',
      'Total credit: $235.00 ($175.00 automatic, $60.00 on request)',
      'On-request credits must be claimed within 15 days after the month ends: through 2026-04-15 (deadline 2026-04-16T00:00:00-04:00)',
    ])
  })

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(r))).toEqual(r)
  })
})

describe('claim deadline', () => {
  const deadline = (month: string, zone: string, days: number) =>
    claimDeadlineOf(monthPeriod(month, zone).end, zone, days)

  it('crosses the autumn DST change in New York: October + 15 days = 16 November 00:00 EST', () => {
    // October ends at 1 November 00:00 EDT (04:00Z); DST ends at 02:00 that night.
    expect(deadline('2026-10', 'America/New_York', 15)).toEqual({
      deadline: Date.UTC(2026, 10, 16, 5),
      deadlineText: '2026-11-16T00:00:00-05:00',
      lastDate: '2026-11-15',
    })
  })

  it('crosses the spring DST change: February + 15 days = 16 March 00:00 EDT', () => {
    // February ends at 1 March 00:00 EST (05:00Z); DST starts on 8 March 2026.
    expect(deadline('2026-02', 'America/New_York', 15).deadline).toBe(Date.UTC(2026, 2, 16, 4))
  })

  it('counts local days in UTC and across a year end', () => {
    expect(deadline('2026-03', 'UTC', 15).deadline).toBe(Date.UTC(2026, 3, 16))
    expect(deadline('2026-12', 'UTC', 1)).toMatchObject({
      deadline: Date.UTC(2027, 0, 2),
      lastDate: '2027-01-01',
    })
  })

  it('is null without a claim window', () => {
    const r = total({ schedules: [flat('a', '5', { claim: 'on-request' })] })
    expect(r.claimDeadline).toBeNull()
    expect(r.claimDeadlineText).toBeNull()
    expect(r.explanation).toContain(
      'On-request credits must be claimed; the contract sets no claim window',
    )
  })
})

describe('overall cap', () => {
  const twoSchedules = [flat('a', '40'), flat('b', '30')] // $400.00 + $300.00 = $700.00

  it('limits the total to a percent of the monthly fee', () => {
    // 50% of $1,000.00 = $500.00 < $700.00.
    const r = total({ schedules: twoSchedules, cap: { percent: '50' } })
    expect(r.subtotalMinor).toBe(70_000)
    expect(r.overallCapMinor).toBe(50_000)
    expect(r.cappedByOverall).toBe(true)
    expect(r.totalMinor).toBe(50_000)
  })

  it('limits the total to a fixed amount', () => {
    const r = total({ schedules: twoSchedules, cap: { amountMinor: 60_000 } })
    expect(r.totalMinor).toBe(60_000)
    expect(r.explanation).toContain('Overall cap: $600.00; the subtotal is limited to $600.00')
  })

  it('leaves a total within the cap alone', () => {
    const r = total({ schedules: twoSchedules, cap: { percent: '100' } })
    expect(r.totalMinor).toBe(70_000)
    expect(r.cappedByOverall).toBe(false)
  })

  it('applies its percent to the monthly fee, not to a component fee base', () => {
    // Schedule: 100% of the platform fee ($600.00). Overall cap 50% of the $1,000.00 monthly fee.
    const r = total(
      {
        schedules: [flat('a', '100', { feeBase: 'component-fee', components: ['platform'] })],
        cap: { percent: '50' },
      },
      { componentFees: { platform: 60_000 } },
    )
    expect(r.schedules[0]!.amountMinor).toBe(60_000)
    expect(r.totalMinor).toBe(50_000)
  })

  it('rounds a percent cap by the contract rule', () => {
    // 50% of $10.01 = 500.5 cents → half-up 501, floor 500.
    expect(
      total({ schedules: [flat('a', '100')], cap: { percent: '50' } }, { monthlyFeeMinor: 1_001 })
        .overallCapMinor,
    ).toBe(501)
    expect(
      total(
        { schedules: [flat('a', '100')], cap: { percent: '50' }, rounding: 'floor' },
        { monthlyFeeMinor: 1_001 },
      ).overallCapMinor,
    ).toBe(500)
  })

  it('shares a capped total between automatic and on-request schedules in proportion', () => {
    // Automatic $300.00 + on request $200.00 = $500.00, capped at $400.00:
    // on request = floor(40,000 × 20,000 ÷ 50,000) = 16,000; automatic = 24,000.
    const r = total({
      schedules: [flat('auto', '30'), flat('ask', '20', { claim: 'on-request' })],
      cap: { amountMinor: 40_000 },
    })
    expect(r.onRequestMinor).toBe(16_000)
    expect(r.automaticMinor).toBe(24_000)
    // $1.00 automatic + $2.00 on request, capped at $1.00: on request = floor(100 × 200 ÷ 300) =
    // 66; the remaining cent goes to automatic: 34.
    const odd = total({
      schedules: [
        flat('auto', '1', { credit: { amountMinor: 100 } }),
        flat('ask', '1', { credit: { amountMinor: 200 }, claim: 'on-request' }),
      ],
      cap: { amountMinor: 100 },
    })
    expect([odd.automaticMinor, odd.onRequestMinor]).toEqual([34, 66])
  })
})

describe('schedule caps', () => {
  it('compares an amount cap with the exact amount', () => {
    // 30% of $1,000.00 = $300.00, capped at $250.00.
    const r = total({ schedules: [flat('a', '30', { cap: { amountMinor: 25_000 } })] })
    const s = r.schedules[0]!
    expect([s.uncappedMinor, s.amountMinor, s.capMinor, s.capped]).toEqual([
      30_000,
      25_000,
      25_000,
      true,
    ])
    expect(s.percentOfFeeBase).toBe('25')
  })

  it('does not count an amount equal to the cap as capped', () => {
    const s = total({ schedules: [flat('a', '25', { cap: { percent: '25' } })] }).schedules[0]!
    expect(s.capped).toBe(false)
    expect(s.amountMinor).toBe(25_000)
  })

  it('caps a fixed amount by a percent of its fee base', () => {
    // $80.00 a day against a cap of 5% of $1,000.00 = $50.00.
    const s = total({
      schedules: [flat('a', '1', { credit: { amountMinor: 8_000 }, cap: { percent: '5' } })],
    }).schedules[0]!
    expect(s.amountMinor).toBe(5_000)
    expect(s.capped).toBe(true)
  })
})

describe('minimum amount', () => {
  it('waives a credit below the minimum', () => {
    // 1% of $1,000.00 = $10.00 < $25.00 → 0.
    const r = total({
      schedules: [flat('a', '1')],
      minimum: { amountMinor: 2_500, rule: 'waive-below' },
    })
    expect(r.subtotalMinor).toBe(1_000)
    expect(r.totalMinor).toBe(0)
    expect([r.automaticMinor, r.onRequestMinor]).toEqual([0, 0])
    expect(r.minimum).toEqual({ amountMinor: 2_500, rule: 'waive-below', applied: 'waived' })
  })

  it('raises a credit below the minimum to it', () => {
    const r = total({
      schedules: [flat('a', '1', { claim: 'on-request' })],
      minimum: { amountMinor: 2_500, rule: 'raise-to' },
    })
    expect(r.totalMinor).toBe(2_500)
    expect(r.onRequestMinor).toBe(2_500)
    expect(r.minimum?.applied).toBe('raised')
  })

  it('leaves a zero credit and a credit at or above the minimum alone', () => {
    const none = computeServiceCredit(
      factsFor(
        contractWith({
          credits: {
            schedules: [flat('a', '1')],
            minimum: { amountMinor: 2_500, rule: 'raise-to' },
          },
        }),
      ),
    )
    expect(none.totalMinor).toBe(0)
    expect(none.minimum?.applied).toBe('none')
    const met = total({
      schedules: [flat('a', '3')],
      minimum: { amountMinor: 2_500, rule: 'waive-below' },
    })
    expect(met.totalMinor).toBe(3_000)
  })

  it('never raises above the overall cap', () => {
    // $10.00 of credit, minimum $25.00 raise-to, overall cap $20.00 → $20.00.
    const r = total({
      schedules: [flat('a', '1')],
      cap: { amountMinor: 2_000 },
      minimum: { amountMinor: 2_500, rule: 'raise-to' },
    })
    expect(r.totalMinor).toBe(2_000)
  })
})

describe('rounding', () => {
  // 50% of $10.01 = 500.5 cents; 50% of $10.03 = 501.5 cents.
  it.each<[RoundingRule, number, number]>([
    ['half-up', 501, 502],
    ['half-even', 500, 502],
    ['half-down', 500, 501],
    ['floor', 500, 501],
    ['ceil', 501, 502],
  ])('%s rounds 500.5 cents to %i and 501.5 cents to %i', (rounding, a, b) => {
    const at = (fee: number) =>
      total({ schedules: [flat('a', '50')], rounding }, { monthlyFeeMinor: fee }).totalMinor
    expect(at(1_001)).toBe(a)
    expect(at(1_003)).toBe(b)
  })

  it('rounds each schedule once and shows the exact amount it rounded', () => {
    const r = total({ schedules: [flat('a', '50')] }, { monthlyFeeMinor: 1_001 })
    expect(r.schedules[0]!.steps).toContain('50% × $10.01 = $5.005, rounded half-up to $5.01')
  })

  it('works in a currency without minor digits', () => {
    // 50% of ¥1,001 = ¥500.5 → half-up ¥501.
    const r = total({ schedules: [flat('a', '50')] }, { monthlyFeeMinor: 1_001, currency: 'JPY' })
    expect(r.totalMinor).toBe(501)
    expect(r.schedules[0]!.steps).toContain('50% × ¥1,001 = ¥500.5, rounded half-up to ¥501')
  })
})

describe('component-fee base', () => {
  it('sums the fees of the measured components, a component without a fee counting 0', () => {
    // Commitment over platform ($600.00) and reports (no fee): base $600.00.
    // 99.65% → 2.5 steps × 5% = 12.5% of $600.00 = $75.00.
    const contract = contractWith({
      credits: { schedules: [{ ...leadflyPlatform(), feeBase: 'component-fee' }] },
      commitments: [{ id: 'platform', components: ['platform', 'reports'], target: '99.9' }],
      componentFees: { platform: 60_000, api: 40_000 },
    })
    const r = computeServiceCredit(
      factsFor(contract, {
        uptime: [
          uptimeFact('platform', MS_30_DAYS, 9_072_000, { components: ['platform', 'reports'] }),
        ],
      }),
    )
    const s = r.schedules[0]!
    expect(s.feeBaseMinor).toBe(60_000)
    expect(s.amountMinor).toBe(7_500)
    expect(s.capMinor).toBe(60_000) // 100% of the component fee
    expect(s.steps.slice(0, 2)).toEqual([
      'Fee base: the fees of platform ($600.00) and reports (no fee set: $0.00) = $600.00',
      'The contract sets no fee for reports; it contributes nothing to the fee base',
    ])
  })
})

describe('amounts beyond the largest safe integer', () => {
  it('are limited to Number.MAX_SAFE_INTEGER with a step that says so', () => {
    // 1,000,000% of a fee of 2^53 − 1 minor units cannot be represented as a number.
    const r = total(
      { schedules: [flat('a', '1000000'), flat('b', '1000000')] },
      { monthlyFeeMinor: Number.MAX_SAFE_INTEGER },
    )
    const s = r.schedules[0]!
    expect(s.amountMinor).toBe(Number.MAX_SAFE_INTEGER)
    expect(s.steps.at(-1)).toMatch(/^The amount exceeds the largest amount the engine represents/)
    expect(r.subtotalMinor).toBe(Number.MAX_SAFE_INTEGER)
    expect(r.automaticMinor + r.onRequestMinor).toBe(r.totalMinor)
  })
})
