import { describe, expect, it } from 'vitest'
import { div, mul, rat, sub, HUNDRED, ONE, eq } from '../money/rational.js'
import { decimalOf } from '../contract/validate-profile.js'
import {
  LEADFLY_COMMITMENTS,
  MS_30_DAYS,
  MS_31_DAYS,
  MS_PER_MINUTE,
  computeStyleBands,
  contractWith,
  factsFor,
  googleStyleTerms,
  impacted,
  leadflyApi,
  leadflyPlatform,
  portfolioLinear,
  s3StyleBands,
  uptimeFact,
} from '../test-support/credit-fixtures.js'
import { computeServiceCredit } from './compute-credit.js'
import type { CreditSchedule, CreditTerms } from '../contract/profile.schema.js'
import type { UptimeFact } from './credit-facts.js'
import { uptimePercent } from './uptime-credits.js'

/** The single schedule of a one-schedule computation. */
function only(terms: CreditTerms, uptime: UptimeFact[], fee = 100_000) {
  const contract = contractWith({ credits: terms, monthlyFeeMinor: fee })
  const result = computeServiceCredit(factsFor(contract, { uptime }))
  expect(result.schedules).toHaveLength(1)
  return { result, schedule: result.schedules[0]! }
}

describe('uptime percent', () => {
  it('is (period − downtime) ÷ period × 100, exactly', () => {
    // 1,000 ms down of 1,000,000: 999,000 / 1,000,000 × 100 = 99.9 exactly.
    expect(uptimePercent(1_000_000, 1_000)).toEqual(rat(999, 10))
    // 60 minutes down in a 30-day month: 1 − 3,600,000 / 2,592,000,000 = 1 − 1/720 → 3595/36 %.
    expect(uptimePercent(MS_30_DAYS, 60 * MS_PER_MINUTE)).toEqual(rat(3595, 36))
  })

  it('is undefined when nothing was measured and refuses downtime longer than the period', () => {
    expect(uptimePercent(0, 0)).toBeUndefined()
    expect(() => uptimePercent(1000, 1001)).toThrow(RangeError)
    expect(() => uptimePercent(1000, -1)).toThrow(RangeError)
    expect(() => uptimePercent(1000.5, 0)).toThrow(RangeError)
  })

  it('shows 60 downtime minutes in a 30-day month as 99.86%', () => {
    // Atlassian-style: (2,592,000,000 − 3,600,000) ÷ 2,592,000,000 × 100 = 99.861111…%,
    // shown truncated to two decimals as 99.86%.
    const { schedule } = only({ schedules: [s3StyleBands('platform')] }, [
      uptimeFact('platform', MS_30_DAYS, 60 * MS_PER_MINUTE),
    ])
    expect(schedule.inputs.uptimePercent).toBe('3595/36')
    expect(schedule.steps).toContain(
      'Uptime of platform: (2,592,000,000 − 3,600,000) ÷ 2,592,000,000 ms × 100 = 99.8611…% (99.86% to two decimals)',
    )
  })

  it('allows 43.2 minutes of downtime at 99.9% in a 30-day month and 44.64 in a 31-day month', () => {
    // (1 − 99.9/100) × 30 days = 0.001 × 2,592,000,000 ms = 2,592,000 ms = 43.2 min.
    const budget = (periodMs: number) =>
      div(mul(sub(ONE, div(decimalOf('99.9'), HUNDRED)), rat(periodMs)), rat(MS_PER_MINUTE))
    expect(budget(MS_30_DAYS)).toEqual(decimalOf('43.2'))
    expect(budget(MS_31_DAYS)).toEqual(decimalOf('44.64'))
    // Exactly the budget is exactly 99.9%: no credit. One ms more falls into the 10% band.
    const at = (period: number, down: number) =>
      only({ schedules: [s3StyleBands('platform')] }, [uptimeFact('platform', period, down)])
        .schedule.amountMinor
    expect(at(MS_30_DAYS, 2_592_000)).toBe(0)
    expect(at(MS_30_DAYS, 2_592_001)).toBe(10_000)
    expect(at(MS_31_DAYS, 2_678_400)).toBe(0)
    expect(at(MS_31_DAYS, 2_678_401)).toBe(10_000)
  })
})

describe('uptime bands', () => {
  // Period 1,000,000 ms: every 1 ms of downtime is 0.0001 percentage points.
  const P = 1_000_000
  const amount = (schedule: CreditSchedule, downtimeMs: number) =>
    only({ schedules: [schedule] }, [
      uptimeFact((schedule as { commitment: string }).commitment, P, downtimeMs),
    ]).schedule.amountMinor

  // Credits on a $1,000.00 monthly fee, in cents.
  it.each([
    { down: 0, uptime: '100', cents: 0 },
    { down: 999, uptime: '99.9001', cents: 0 },
    { down: 1_000, uptime: '99.9 exactly (not below 99.9)', cents: 0 },
    { down: 1_001, uptime: '99.8999', cents: 10_000 },
    { down: 10_000, uptime: '99.0 exactly (at or above 99.0)', cents: 10_000 },
    { down: 10_001, uptime: '98.9999', cents: 25_000 },
    { down: 50_000, uptime: '95.0 exactly (at or above 95.0)', cents: 25_000 },
    { down: 50_001, uptime: '94.9999', cents: 100_000 },
    { down: 1_000_000, uptime: '0', cents: 100_000 },
  ])('S3-style table: $down ms down, uptime $uptime, earns $cents cents', ({ down, cents }) => {
    expect(amount(s3StyleBands(), down)).toBe(cents)
  })

  it.each([
    { down: 100, uptime: '99.99 exactly', cents: 0 },
    { down: 101, uptime: '99.9899', cents: 10_000 },
    { down: 10_000, uptime: '99.0 exactly', cents: 10_000 },
    { down: 10_001, uptime: '98.9999', cents: 30_000 },
    { down: 50_000, uptime: '95.0 exactly', cents: 30_000 },
    { down: 50_001, uptime: '94.9999', cents: 100_000 },
  ])(
    'Compute-style table: $down ms down, uptime $uptime, earns $cents cents',
    ({ down, cents }) => {
      expect(amount(computeStyleBands(), down)).toBe(cents)
    },
  )

  it('Google-style pays 10%, 25% and 50% and never more than 50% of the monthly fee a month', () => {
    const contract = contractWith({ credits: googleStyleTerms() })
    const total = (down: number, extra: Partial<Parameters<typeof factsFor>[1]> = {}) =>
      computeServiceCredit(factsFor(contract, { uptime: [uptimeFact('cloud', P, down)], ...extra }))
    expect(total(5_000).totalMinor).toBe(10_000) // 99.5% → 10% of $1,000.00
    expect(total(20_000).totalMinor).toBe(25_000) // 98% → 25%
    const worst = total(100_000) // 90% → 50% = $500.00, exactly the cap
    expect(worst.totalMinor).toBe(50_000)
    expect(worst.overallCapMinor).toBe(50_000)
    expect(worst.cappedByOverall).toBe(false)
  })

  it('Google-style cap binds when another schedule adds to the month', () => {
    // Bands 50% ($500.00) + 2 degraded days × 10% ($200.00) = $700.00 → capped at $500.00.
    const terms = googleStyleTerms()
    const contract = contractWith({
      credits: {
        ...terms,
        schedules: [
          ...terms.schedules,
          { kind: 'per-day-impacted', id: 'slow', impacts: ['degraded'], credit: { percent: 10 } },
        ],
      },
    })
    const r = computeServiceCredit(
      factsFor(contract, {
        uptime: [uptimeFact('cloud', P, 100_000)],
        impactedDays: [
          impacted('2026-03-02', 'platform', 'degraded'),
          impacted('2026-03-03', 'platform', 'degraded'),
        ],
      }),
    )
    expect(r.subtotalMinor).toBe(70_000)
    expect(r.totalMinor).toBe(50_000)
    expect(r.cappedByOverall).toBe(true)
    expect(r.explanation).toContain(
      'Overall cap: 50% of the monthly fee $1,000.00 = $500.00; the subtotal is limited to $500.00',
    )
  })

  it('explains the band it applied and the one-time rounding', () => {
    const { schedule } = only({ schedules: [s3StyleBands()] }, [uptimeFact('storage', P, 5_000)])
    expect(schedule.steps).toEqual([
      'Fee base: the monthly fee, $1,000.00',
      'Uptime of storage: (1,000,000 − 5,000) ÷ 1,000,000 ms × 100 = 99.5%',
      "99.5% is below 99.9% and at or above 99%: the band's credit is 10% of the monthly fee",
      '10% × $1,000.00 = $100.00',
    ])
    expect(schedule.inputs).toMatchObject({
      commitment: 'storage',
      periodMs: P,
      downtimeMs: 5_000,
      uptimePercent: '99.5',
      band: 'at or above 99% and below 99.9%: 10%',
    })
    expect(schedule.percentOfFeeBase).toBe('10')
  })

  it('says so when uptime is in no band', () => {
    const { schedule } = only({ schedules: [s3StyleBands()] }, [uptimeFact('storage', P, 0)])
    expect(schedule.amountMinor).toBe(0)
    expect(schedule.steps.at(-2)).toBe(
      '100% is in no credit band (at or above 99% and below 99.9%: 10%; at or above 95% and below 99%: 25%; below 95%: 100%): no credit',
    )
  })

  it('pays a fixed-amount band as that amount', () => {
    const { schedule } = only(
      {
        schedules: [
          {
            kind: 'uptime-bands',
            id: 'fixed',
            commitment: 'platform',
            bands: [{ below: '99.9', credit: { amountMinor: 25_000 } }],
          },
        ],
      },
      [uptimeFact('platform', P, 2_000)],
    )
    expect(schedule.amountMinor).toBe(25_000)
    expect(schedule.percentOfFeeBase).toBeNull()
  })

  it('earns nothing, with a step, when the commitment was not measured or the period is empty', () => {
    const missing = only({ schedules: [s3StyleBands()] }, [])
    expect(missing.schedule.amountMinor).toBe(0)
    expect(missing.schedule.steps).toContain(
      'No uptime was measured for commitment "storage": no credit',
    )
    const empty = only({ schedules: [s3StyleBands()] }, [uptimeFact('storage', 0, 0)])
    expect(empty.schedule.amountMinor).toBe(0)
    expect(empty.schedule.steps).toContain(
      'Nothing was measured for storage: the measured period is 0 ms long, so there is no uptime and no credit',
    )
  })

  it('refuses facts that measure one commitment twice', () => {
    const contract = contractWith({ credits: { schedules: [s3StyleBands()] } })
    const facts = factsFor(contract, {
      uptime: [uptimeFact('storage', P, 0), uptimeFact('storage', P, 10)],
    })
    expect(() => computeServiceCredit(facts)).toThrow(RangeError)
  })
})

describe('uptime linear steps', () => {
  const leadfly = (schedule: CreditSchedule, uptime: UptimeFact[], fee = 100_000) => {
    const contract = contractWith({
      credits: { schedules: [schedule] },
      commitments: LEADFLY_COMMITMENTS,
      monthlyFeeMinor: fee,
    })
    return computeServiceCredit(factsFor(contract, { uptime })).schedules[0]!
  }
  // 151.2 minutes down in a 30-day month: 9,072,000 ÷ 2,592,000,000 = 0.35% → uptime 99.65%,
  // 0.25 points below 99.9% = 2.5 steps of 0.1 points.
  const platform = [uptimeFact('platform', MS_30_DAYS, 9_072_000)]

  it('LeadFly platform, prorated: 2.5 steps × 5% = 12.5% of $1,000.00 = $125.00', () => {
    const s = leadfly(leadflyPlatform('prorate'), platform)
    expect(s.amountMinor).toBe(12_500)
    expect(s.percentOfFeeBase).toBe('12.5')
    expect(s.inputs).toMatchObject({
      uptimePercent: '99.65',
      targetPercent: '99.9',
      shortfallPoints: '0.25',
      steps: '2.5',
      stepsCounted: '2.5',
      per: '0.1',
      partialStep: 'prorate',
    })
    expect(s.steps).toEqual([
      'Fee base: the monthly fee, $1,000.00',
      'Uptime of platform: (2,592,000,000 − 9,072,000) ÷ 2,592,000,000 ms × 100 = 99.65%',
      '0.25 points below the 99.9% target; at 0.1 points a step that is 2.5 steps, prorated',
      '2.5 × 5% = 12.5% of the monthly fee',
      '12.5% × $1,000.00 = $125.00',
      "Within the schedule's maximum of 100% of the monthly fee ($1,000.00)",
    ])
  })

  it('LeadFly platform, floored: the half step is dropped, 2 × 5% = 10% = $100.00', () => {
    const s = leadfly(leadflyPlatform('floor'), platform)
    expect(s.amountMinor).toBe(10_000)
    expect(s.steps).toContain(
      '0.25 points below the 99.9% target; at 0.1 points a step that is 2.5 steps; the partial step is dropped (floor) → 2 steps',
    )
  })

  it('LeadFly platform, ceiled: the half step counts, 3 × 5% = 15% = $150.00', () => {
    const s = leadfly(leadflyPlatform('ceil'), platform)
    expect(s.amountMinor).toBe(15_000)
    expect(s.steps).toContain('3 × 5% = 15% of the monthly fee')
  })

  it('LeadFly platform, one hour down in a 31-day month: 0.344 steps → $17.20 (rounded half-up)', () => {
    // Uptime = (2,678,400,000 − 3,600,000) ÷ 2,678,400,000 × 100 = 100 − 100/744 = 99.8655…%.
    // Shortfall = 100/744 − 0.1 = 16/465 = 0.0344… points; steps = 32/93 = 0.3440…;
    // 32/93 × 5% = 160/93 % = 1.7204…%; × 100,000 cents = 160,000/93 = 1,720.43… → 1,720.
    const s = leadfly(leadflyPlatform('prorate'), [uptimeFact('platform', MS_31_DAYS, 3_600_000)])
    expect(s.inputs.shortfallPoints).toBe('16/465')
    expect(s.inputs.steps).toBe('32/93')
    expect(s.percentOfFeeBase).toBe('160/93')
    expect(s.amountMinor).toBe(1_720)
    expect(s.steps).toEqual([
      'Fee base: the monthly fee, $1,000.00',
      'Uptime of platform: (2,678,400,000 − 3,600,000) ÷ 2,678,400,000 ms × 100 = 99.8655…% (99.86% to two decimals)',
      '0.0344… points below the 99.9% target; at 0.1 points a step that is 0.3440… steps, prorated',
      '0.3440… × 5% = 1.7204…% of the monthly fee',
      '1.7204…% × $1,000.00 = $17.204301…, rounded half-up to $17.20',
      "Within the schedule's maximum of 100% of the monthly fee ($1,000.00)",
    ])
  })

  it('LeadFly platform stops at its 100% maximum', () => {
    // 10% of a 31-day month down: uptime 90%, 9.9 points = 99 steps × 5% = 495% → 100%.
    const s = leadfly(leadflyPlatform('prorate'), [uptimeFact('platform', MS_31_DAYS, 267_840_000)])
    expect(s.uncappedMinor).toBe(495_000)
    expect(s.amountMinor).toBe(100_000)
    expect(s.capMinor).toBe(100_000)
    expect(s.capped).toBe(true)
    expect(s.percentOfFeeBase).toBe('100')
    expect(s.steps).toContain(
      "Capped at the schedule's maximum of 100% of the monthly fee ($1,000.00): $4,950.00 → $1,000.00",
    )
  })

  it('LeadFly API at 99.95%: 10% per 0.1% below target', () => {
    // 108 minutes down in 30 days = 0.25% → 99.75%: 0.2 points below 99.95 = 2 steps = 20%.
    const exact = leadfly(leadflyApi('prorate'), [
      uptimeFact('api', MS_30_DAYS, 6_480_000, { target: '99.95' }),
    ])
    expect(exact.amountMinor).toBe(20_000)
    // 60 minutes down: 99.8611…%, 0.0888… = 4/45 points below, 8/9 of a step.
    // Prorate: 8/9 × 10% = 8.888…% × 100,000 cents = 8,888.88… cents → 8,889 ($88.89).
    // Floor: 0 steps → 0. Ceil: 1 step = 10% = $100.00.
    const hour = [uptimeFact('api', MS_30_DAYS, 3_600_000, { target: '99.95' })]
    expect(leadfly(leadflyApi('prorate'), hour).amountMinor).toBe(8_889)
    expect(leadfly(leadflyApi('floor'), hour).amountMinor).toBe(0)
    expect(leadfly(leadflyApi('ceil'), hour).amountMinor).toBe(10_000)
  })

  it('meets the target: no credit', () => {
    const s = leadfly(leadflyPlatform(), [uptimeFact('platform', MS_30_DAYS, 2_592_000)])
    expect(s.amountMinor).toBe(0)
    expect(s.steps).toContain('99.9% meets the 99.9% target: no credit')
  })

  it('portfolio formula: 10% of the monthly fee per percentage point beyond the SLA, up to 30%', () => {
    const contract = (target: string, fee: number, partialStep: 'prorate' | 'floor') =>
      contractWith({
        credits: { schedules: [portfolioLinear('cloud', partialStep)] },
        commitments: [{ id: 'cloud', components: ['platform'], target }],
        monthlyFeeMinor: fee,
      })
    const run = (
      target: string,
      fee: number,
      down: number,
      partialStep: 'prorate' | 'floor' = 'prorate',
    ) =>
      computeServiceCredit(
        factsFor(contract(target, fee, partialStep), {
          uptime: [uptimeFact('cloud', MS_30_DAYS, down, { target })],
        }),
      ).schedules[0]!
    // Enterprise, $240K ACV = $20,000.00 a month, 99.9%. 1.6% down (41,472,000 ms) → 98.4%:
    // 1.5 points → prorated 15% = $3,000.00; floored 1 point = 10% = $2,000.00.
    expect(run('99.9', 2_000_000, 41_472_000).amountMinor).toBe(300_000)
    expect(run('99.9', 2_000_000, 41_472_000, 'floor').amountMinor).toBe(200_000)
    // 4.1% down → 95.9%: 4 points = 40% → capped at 30% = $6,000.00.
    const capped = run('99.9', 2_000_000, 106_272_000)
    expect(capped.uncappedMinor).toBe(800_000)
    expect(capped.amountMinor).toBe(600_000)
    expect(capped.capped).toBe(true)
    // Mid-market, $30K ACV = $2,500.00 a month, 99.5%. 0.8% down → 99.2%: 0.3 points = 3% = $75.00.
    expect(run('99.5', 250_000, 20_736_000).amountMinor).toBe(7_500)
  })

  it('multiplies a fixed amount by the steps', () => {
    // $20.00 per 0.1 point, 2.5 steps prorated → $50.00; 1/3 step → 666.66… cents → 667.
    const schedule: CreditSchedule = {
      kind: 'uptime-linear',
      id: 'fixed-linear',
      commitment: 'platform',
      per: '0.1',
      credit: { amountMinor: 2_000 },
      partialStep: 'prorate',
    }
    expect(leadfly(schedule, platform).amountMinor).toBe(5_000)
    // 1/3 step: shortfall 1/30 point → uptime 99.8666…% → downtime 0.1333…% of 30 days = 3,456,000 ms.
    const third = leadfly(schedule, [uptimeFact('platform', MS_30_DAYS, 3_456_000)])
    expect(third.inputs.steps).toBe('1/3')
    expect(third.amountMinor).toBe(667)
    expect(third.percentOfFeeBase).toBeNull()
  })

  it('exact targets compare exactly', () => {
    expect(eq(uptimePercent(MS_30_DAYS, 2_592_000)!, decimalOf('99.9'))).toBe(true)
  })
})
