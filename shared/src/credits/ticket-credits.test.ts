import { describe, expect, it } from 'vitest'
import type { CreditSchedule } from '../contract/profile.schema.js'
import {
  MS_PER_HOUR,
  MS_PER_MINUTE,
  contractWith,
  factsFor,
  impacted,
  leadflyPerformance,
  leadflySupportResponse,
  miss,
  taiPerMiss,
} from '../test-support/credit-fixtures.js'
import { computeServiceCredit } from './compute-credit.js'
import type { ImpactedDayFact, MissFact } from './credit-facts.js'

function run(
  schedule: CreditSchedule,
  facts: { misses?: MissFact[]; impactedDays?: ImpactedDayFact[]; accountComponents?: string[] },
  fee = 100_000,
  claimWindowDays?: number,
) {
  const contract = contractWith({
    credits: {
      schedules: [schedule],
      ...(claimWindowDays !== undefined ? { claimWindowDays } : {}),
    },
    monthlyFeeMinor: fee,
    componentFees: { platform: 60_000, api: 40_000 },
  })
  const result = computeServiceCredit(factsFor(contract, facts))
  return { result, schedule: result.schedules[0]! }
}

// TAI Enterprise: contract value > $100K, say $120,000 a year = $10,000.00 a month.
const ENTERPRISE_FEE = 1_000_000
// TAI Mid-Market: $60,000 a year = $5,000.00 a month.
const MID_MARKET_FEE = 500_000

describe('per-miss credits (TAI)', () => {
  it('a single Enterprise response miss earns 5% of the monthly fee, below the repeat threshold', () => {
    // 5% × $10,000.00 = $500.00.
    const { schedule } = run(
      taiPerMiss('enterprise', 'replace'),
      { misses: [miss('firstResponse', { ticketId: '101', priority: 'high' })] },
      ENTERPRISE_FEE,
    )
    expect(schedule.amountMinor).toBe(50_000)
    expect(schedule.inputs).toMatchObject({ missesCounted: 1, repeatedApplied: 'no' })
    expect(schedule.steps).toEqual([
      'Fee base: the monthly fee, $10,000.00',
      '1 of 1 missed target in the period counts (first response, next response and resolution; priorities: all)',
      'Ticket 101: first response missed (priority high): 5%',
      'Per-miss sum: 1 first response miss × 5% = 5% of the monthly fee',
      '1 miss is fewer than the 2 that trigger the repeated-miss credit',
      '5% × $10,000.00 = $500.00',
    ])
  })

  it('replace: 2 resolution misses earn the 15% repeat credit instead of 10% + 10%', () => {
    // Per-miss sum 20% ($2,000.00) is replaced by 15% = $1,500.00.
    const { schedule } = run(
      taiPerMiss('enterprise', 'replace'),
      { misses: [miss('resolution'), miss('resolution')] },
      ENTERPRISE_FEE,
    )
    expect(schedule.amountMinor).toBe(150_000)
    expect(schedule.percentOfFeeBase).toBe('15')
    // Two response misses: 5% + 5% = 10% → replaced by 15% = $1,500.00.
    expect(
      run(
        taiPerMiss('enterprise', 'replace'),
        { misses: [miss('firstResponse'), miss('nextResponse', { cycle: 2 })] },
        ENTERPRISE_FEE,
      ).schedule.amountMinor,
    ).toBe(150_000)
  })

  it('add: the 15% repeat credit comes on top of the per-miss sum', () => {
    // 10% + 10% = 20%, + 15% = 35% × $10,000.00 = $3,500.00.
    const { schedule } = run(
      taiPerMiss('enterprise', 'add'),
      { misses: [miss('resolution'), miss('resolution')] },
      ENTERPRISE_FEE,
    )
    expect(schedule.amountMinor).toBe(350_000)
    expect(schedule.steps).toContain(
      '2 misses reach the threshold of 2 for the repeated-miss credit (15% of the monthly fee); it is added to the per-miss sum: 20% of the monthly fee + 15% of the monthly fee = 35% of the monthly fee',
    )
  })

  it('max: the larger of the per-miss sum and the 15% repeat credit', () => {
    // 2 resolution misses: max(20%, 15%) = 20% = $2,000.00.
    expect(
      run(
        taiPerMiss('enterprise', 'max'),
        { misses: [miss('resolution'), miss('resolution')] },
        ENTERPRISE_FEE,
      ).schedule.amountMinor,
    ).toBe(200_000)
    // 2 response misses: max(10%, 15%) = 15% = $1,500.00.
    const { schedule } = run(
      taiPerMiss('enterprise', 'max'),
      { misses: [miss('firstResponse'), miss('firstResponse')] },
      ENTERPRISE_FEE,
    )
    expect(schedule.amountMinor).toBe(150_000)
    expect(schedule.steps).toContain(
      '2 misses reach the threshold of 2 for the repeated-miss credit (15% of the monthly fee); the larger of the per-miss sum (10% of the monthly fee) and the repeated-miss credit applies: 15% of the monthly fee',
    )
  })

  it('max compares exact amounts when a fixed repeat credit meets a percent sum', () => {
    // Sum: 2 × 1% of $1,000.00 = $20.00. Repeat credit: a fixed $15.00. The sum is larger.
    const schedule: CreditSchedule = {
      kind: 'per-miss',
      id: 'mixed',
      perMiss: { resolution: { percent: '1' } },
      repeated: { minMisses: 2, credit: { amountMinor: 1_500 }, combine: 'max' },
    }
    const r = run(schedule, { misses: [miss('resolution'), miss('resolution')] })
    expect(r.schedule.amountMinor).toBe(2_000)
    expect(r.schedule.percentOfFeeBase).toBeNull()
    // On a $500.00 fee the sum is $10.00 and the fixed $15.00 wins.
    expect(
      run(schedule, { misses: [miss('resolution'), miss('resolution')] }, 50_000).schedule
        .amountMinor,
    ).toBe(1_500)
  })

  it('Mid-Market: response 3%, resolution 5%, 2+ misses 10%', () => {
    // One response miss alone: 3% × $5,000.00 = $150.00.
    expect(
      run(taiPerMiss('mid-market', 'replace'), { misses: [miss('firstResponse')] }, MID_MARKET_FEE)
        .schedule.amountMinor,
    ).toBe(15_000)
    const both = [miss('firstResponse'), miss('resolution')]
    // replace: 3% + 5% = 8% → 10% = $500.00; add: 8% + 10% = 18% = $900.00; max: 10% = $500.00.
    expect(
      run(taiPerMiss('mid-market', 'replace'), { misses: both }, MID_MARKET_FEE).schedule
        .amountMinor,
    ).toBe(50_000)
    expect(
      run(taiPerMiss('mid-market', 'add'), { misses: both }, MID_MARKET_FEE).schedule.amountMinor,
    ).toBe(90_000)
    expect(
      run(taiPerMiss('mid-market', 'max'), { misses: both }, MID_MARKET_FEE).schedule.amountMinor,
    ).toBe(50_000)
  })

  it('counts only misses of metrics with a charge and of the listed priorities', () => {
    const schedule: CreditSchedule = {
      kind: 'per-miss',
      id: 'urgent-only',
      perMiss: { resolution: { percent: '10' } },
      priorities: ['urgent', 'high'],
      repeated: { minMisses: 2, credit: { percent: '15' }, combine: 'replace' },
    }
    // Counted: the urgent resolution miss. Not counted: a normal-priority resolution miss and a
    // periodic-update miss (no charge). 1 miss < 2: 10% = $100.00.
    const { schedule: s } = run(schedule, {
      misses: [
        miss('resolution', { priority: 'urgent' }),
        miss('resolution', { priority: 'normal' }),
        miss('periodicUpdate', { priority: 'urgent' }),
      ],
    })
    expect(s.amountMinor).toBe(10_000)
    expect(s.inputs).toMatchObject({
      missesInPeriod: 3,
      missesCounted: 1,
      priorities: 'urgent, high',
    })
  })

  it('pays fixed amounts per miss', () => {
    // 3 resolution misses × $50.00 = $150.00.
    const { schedule } = run(
      { kind: 'per-miss', id: 'fixed', perMiss: { resolution: { amountMinor: 5_000 } } },
      { misses: [miss('resolution'), miss('resolution'), miss('resolution')] },
    )
    expect(schedule.amountMinor).toBe(15_000)
    expect(schedule.steps).toContain('Per-miss sum: 3 resolution misses × $50.00 = $150.00')
    expect(schedule.steps.at(-1)).toBe('Credit: $150.00')
  })

  it('adds percent and fixed charges into one amount', () => {
    // 5% of $1,000.00 + $50.00 = $100.00.
    const { schedule } = run(
      {
        kind: 'per-miss',
        id: 'mixed',
        perMiss: { firstResponse: { percent: '5' }, resolution: { amountMinor: 5_000 } },
      },
      { misses: [miss('firstResponse'), miss('resolution')] },
    )
    expect(schedule.amountMinor).toBe(10_000)
    expect(schedule.percentOfFeeBase).toBeNull()
    expect(schedule.steps.slice(-2)).toEqual([
      'Per-miss sum: 1 first response miss × 5% + 1 resolution miss × $50.00 = 5% of the monthly fee + $50.00',
      '5% × $1,000.00 + $50.00 = $100.00',
    ])
  })
})

describe('per-hour-delay credits (LeadFly support response)', () => {
  // Delays: 1 h 30 min + 45 min = 2.25 h of business time.
  const misses = [
    miss('firstResponse', { ticketId: '201', delayBusinessMs: 90 * MS_PER_MINUTE }),
    miss('nextResponse', { ticketId: '202', delayBusinessMs: 45 * MS_PER_MINUTE }),
    // Resolution is not a response metric: not counted.
    miss('resolution', { ticketId: '203', delayBusinessMs: 10 * MS_PER_HOUR }),
  ]

  it('prorates 2.25 hours: 2.25 × 2% = 4.5% of $1,000.00 = $45.00, on request', () => {
    const { schedule, result } = run(leadflySupportResponse('prorate'), { misses }, 100_000, 15)
    expect(schedule.amountMinor).toBe(4_500)
    expect(schedule.claim).toBe('on-request')
    expect(result.onRequestMinor).toBe(4_500)
    expect(result.automaticMinor).toBe(0)
    expect(result.claimLastDate).toBe('2026-04-15')
    expect(schedule.inputs).toMatchObject({
      totalDelayMs: 8_100_000,
      hours: '2.25',
      hoursCounted: '2.25',
      basis: 'business',
    })
    expect(schedule.steps).toEqual([
      'Fee base: the monthly fee, $1,000.00',
      '2 of 3 missed targets in the period count (first response and next response; priorities: all); delay in business time',
      'Ticket 201: first response missed (priority urgent): 1.5 h late',
      'Ticket 202: next response missed (priority urgent): 0.75 h late',
      'Total delay: 8,100,000 ms ÷ 3,600,000 ms an hour = 2.25 hours, prorated',
      '2.25 × 2% = 4.5% of the monthly fee',
      '4.5% × $1,000.00 = $45.00',
      "Within the schedule's maximum of 25% of the monthly fee ($250.00)",
    ])
  })

  it('floors the total to 2 hours ($40.00) or ceils it to 3 ($60.00)', () => {
    expect(run(leadflySupportResponse('floor'), { misses }).schedule.amountMinor).toBe(4_000)
    expect(run(leadflySupportResponse('ceil'), { misses }).schedule.amountMinor).toBe(6_000)
  })

  it('applies the partial-hour rule to the total, not to each miss', () => {
    // Two 30-minute delays: 1 hour in total. Per miss, floor would give 0 + 0 and ceil 1 + 1.
    const halves = [
      miss('firstResponse', { delayBusinessMs: 30 * MS_PER_MINUTE }),
      miss('firstResponse', { delayBusinessMs: 30 * MS_PER_MINUTE }),
    ]
    expect(run(leadflySupportResponse('floor'), { misses: halves }).schedule.amountMinor).toBe(
      2_000,
    )
    expect(run(leadflySupportResponse('ceil'), { misses: halves }).schedule.amountMinor).toBe(2_000)
  })

  it('stops at 25% of the monthly fee', () => {
    // 15 hours × 2% = 30% → 25% = $250.00.
    const { schedule } = run(leadflySupportResponse(), {
      misses: [miss('firstResponse', { delayBusinessMs: 15 * MS_PER_HOUR })],
    })
    expect(schedule.uncappedMinor).toBe(30_000)
    expect(schedule.amountMinor).toBe(25_000)
    expect(schedule.capped).toBe(true)
  })

  it('measures delay in the basis the schedule names', () => {
    // Business delay 1 h (the night does not count), calendar delay 16 h.
    const m = [
      miss('firstResponse', { delayBusinessMs: MS_PER_HOUR, delayCalendarMs: 16 * MS_PER_HOUR }),
    ]
    expect(run(leadflySupportResponse(), { misses: m }).schedule.amountMinor).toBe(2_000)
    const calendar = {
      ...leadflySupportResponse(),
      basis: 'calendar' as const,
      cap: { percent: '100' },
    }
    // 16 h × 2% = 32% = $320.00.
    expect(run(calendar, { misses: m }).schedule.amountMinor).toBe(32_000)
  })
})

describe('per-day-impacted credits (LeadFly performance issues)', () => {
  const days = [
    impacted('2026-03-03', 'platform', 'degraded'),
    impacted('2026-03-09', 'api', 'partial'),
    impacted('2026-03-09', 'platform', 'degraded'), // same date: counted once
    impacted('2026-03-12', 'platform', 'major'), // impact not listed
    impacted('2026-03-15', 'billing', 'degraded'), // not a component of the account
  ]

  it('counts distinct dates: 2 days × 5% = 10% of $1,000.00 = $100.00, automatic', () => {
    const { schedule, result } = run(leadflyPerformance(), { impactedDays: days })
    expect(schedule.amountMinor).toBe(10_000)
    expect(result.automaticMinor).toBe(10_000)
    expect(schedule.inputs).toMatchObject({
      days: 2,
      dates: '2026-03-03, 2026-03-09',
      recordsCounted: 3,
    })
    expect(schedule.steps).toContain(
      'Days with an incident of impact degraded or partial on platform, api, data or dashboard: 2026-03-03, 2026-03-09 — 2 days (from 3 of 5 impacted-day records)',
    )
  })

  it('stops at 50% of the monthly fee', () => {
    // 12 degraded days × 5% = 60% → 50% = $500.00.
    const twelve = Array.from({ length: 12 }, (_, i) =>
      impacted(`2026-03-${String(i + 1).padStart(2, '0')}`, 'platform', 'degraded'),
    )
    const { schedule } = run(leadflyPerformance(), { impactedDays: twelve })
    expect(schedule.uncappedMinor).toBe(60_000)
    expect(schedule.amountMinor).toBe(50_000)
  })

  it('uses the fees of the schedule components as a component-fee base', () => {
    // api's fee $400.00; 1 api day (the 9th) × 5% = $20.00. platform days do not count.
    const schedule: CreditSchedule = {
      ...leadflyPerformance(),
      components: ['api'],
      feeBase: 'component-fee',
    }
    const { schedule: s } = run(schedule, { impactedDays: days })
    expect(s.feeBaseMinor).toBe(40_000)
    expect(s.feeBaseComponents).toEqual(['api'])
    expect(s.amountMinor).toBe(2_000)
    expect(s.steps[0]).toBe('Fee base: the fees of api ($400.00) = $400.00')
    expect(s.steps).toContain('1 × 5% = 5% of the fee of api')
  })

  it('refuses an impacted day that is not a date', () => {
    expect(() =>
      run(leadflyPerformance(), { impactedDays: [impacted('2026-02-30', 'platform', 'degraded')] }),
    ).toThrow(RangeError)
  })
})
