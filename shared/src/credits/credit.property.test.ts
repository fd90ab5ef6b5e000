import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  METRICS,
  PARTIAL_STEP_RULES,
  type Charge,
  type CreditSchedule,
  type CreditTerms,
  type PartialStepRule,
} from '../contract/profile.schema.js'
import { decimalOf } from '../contract/validate-profile.js'
import {
  HUNDRED,
  ROUNDING_RULES,
  ZERO,
  ceil,
  div,
  floor,
  lte,
  max,
  min,
  mul,
  rat,
  round,
  sub,
  type Rational,
  type RoundingRule,
} from '../money/rational.js'
import {
  MS_31_DAYS,
  PRIORITIES,
  contractWith,
  factsFor,
  impacted,
  miss,
  uptimeFact,
} from '../test-support/credit-fixtures.js'
import { computeServiceCredit } from './compute-credit.js'
import type { CreditResult } from './credit-result.js'
import type { ImpactedDayFact, MissFact, UptimeFact } from './credit-facts.js'

/** `n / 10^places` as decimal text: dec(9990, 2) = "99.90". */
const dec = (n: number, places: number) => {
  const s = String(n).padStart(places + 1, '0')
  return places === 0 ? s : `${s.slice(0, -places)}.${s.slice(-places)}`
}

const percentArb = (maxHundredths: number) =>
  fc.integer({ min: 0, max: maxHundredths }).map((n) => dec(n, 2))
const chargeArb: fc.Arbitrary<Charge> = fc.oneof(
  percentArb(20_000).map((percent) => ({ percent })),
  fc.integer({ min: 0, max: 500_000 }).map((amountMinor) => ({ amountMinor })),
)
/** Charges including the extremes the validator allows (1,000,000%, any safe amount). */
const wildChargeArb: fc.Arbitrary<Charge> = fc.oneof(
  chargeArb,
  fc.constant({ percent: '1000000' }),
  fc.constant({ amountMinor: Number.MAX_SAFE_INTEGER }),
)
const capArb: fc.Arbitrary<Charge | undefined> = fc.option(
  fc.oneof(
    percentArb(10_000).map((percent) => ({ percent })),
    fc.integer({ min: 0, max: 300_000 }).map((amountMinor) => ({ amountMinor })),
  ),
  { nil: undefined },
)
const partialArb = fc.constantFrom<PartialStepRule>(...PARTIAL_STEP_RULES)
const roundingArb = fc.constantFrom<RoundingRule>(...ROUNDING_RULES)
const feeArb = fc.oneof(
  fc.integer({ min: 0, max: 10_000_000 }),
  fc.constant(0),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
)
const claimArb = fc.constantFrom<'automatic' | 'on-request'>('automatic', 'on-request')

/** A measured period and two downtimes d1 ≤ d2 in it. */
const downtimesArb = fc
  .integer({ min: 1, max: MS_31_DAYS })
  .chain((periodMs) =>
    fc
      .tuple(fc.integer({ min: 0, max: periodMs }), fc.integer({ min: 0, max: periodMs }))
      .map(([a, b]) => ({ periodMs, d1: Math.min(a, b), d2: Math.max(a, b) })),
  )

/** A band table without gaps whose credit never decreases as uptime falls. */
const bandsArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 9_999 }), { minLength: 1, maxLength: 4 })
  .chain((thresholds) => {
    const sorted = [...thresholds].sort((a, b) => b - a)
    return fc
      .array(fc.integer({ min: 0, max: 10_000 }), {
        minLength: sorted.length,
        maxLength: sorted.length,
      })
      .map((credits) => {
        const rising = [...credits].sort((a, b) => a - b)
        return sorted.map((t, i) => ({
          below: dec(t, 2),
          ...(i + 1 < sorted.length ? { atLeast: dec(sorted[i + 1]!, 2) } : {}),
          credit: { percent: dec(rising[i]!, 2) },
        }))
      })
  })

const linearArb = fc.record({
  per: fc.integer({ min: 1, max: 500 }).map((n) => dec(n, 2)),
  credit: chargeArb,
  partialStep: partialArb,
  cap: capArb,
  target: fc.integer({ min: 9_000, max: 9_999 }).map((n) => dec(n, 2)),
})

function withCap<T extends object>(schedule: T, cap: Charge | undefined): T {
  return cap === undefined ? schedule : { ...schedule, cap }
}

function run(
  schedules: CreditSchedule[],
  facts: {
    uptime?: UptimeFact[]
    misses?: MissFact[]
    impactedDays?: ImpactedDayFact[]
  },
  fee: number,
  extra: Partial<CreditTerms> = {},
  commitments?: { id: string; components: string[]; target: string }[],
): CreditResult {
  const contract = contractWith({
    credits: { schedules, ...extra },
    monthlyFeeMinor: fee,
    ...(commitments ? { commitments } : {}),
  })
  return computeServiceCredit(factsFor(contract, facts))
}

/** A straightforward re-computation of a linear credit, for comparison. */
function linearOracle(
  l: { per: string; credit: Charge; partialStep: PartialStepRule; cap: Charge | undefined },
  target: Rational,
  periodMs: number,
  downMs: number,
  fee: number,
  rule: RoundingRule,
): bigint {
  const uptime = mul(rat(periodMs - downMs, periodMs), HUNDRED)
  const shortfall = max(sub(target, uptime), ZERO)
  const raw = div(shortfall, decimalOf(l.per))
  const steps =
    l.partialStep === 'floor' ? rat(floor(raw)) : l.partialStep === 'ceil' ? rat(ceil(raw)) : raw
  let amount =
    l.credit.percent !== undefined
      ? div(mul(mul(rat(fee), steps), decimalOf(l.credit.percent)), HUNDRED)
      : mul(steps, rat(l.credit.amountMinor!))
  if (l.cap?.percent !== undefined)
    amount = min(amount, div(mul(rat(fee), decimalOf(l.cap.percent)), HUNDRED))
  if (l.cap?.amountMinor !== undefined) amount = min(amount, rat(l.cap.amountMinor))
  return round(amount, rule)
}

describe('credit properties', () => {
  it('uptime bands: the credit never decreases as downtime grows', () => {
    fc.assert(
      fc.property(bandsArb, downtimesArb, feeArb, capArb, (bands, d, fee, cap) => {
        const schedule = withCap(
          { kind: 'uptime-bands' as const, id: 'bands', commitment: 'platform', bands },
          cap,
        )
        const at = (down: number) =>
          run([schedule], { uptime: [uptimeFact('platform', d.periodMs, down)] }, fee)
        const a = at(d.d1)
        const b = at(d.d2)
        expect(a.schedules[0]!.amountMinor).toBeLessThanOrEqual(b.schedules[0]!.amountMinor)
        expect(a.totalMinor).toBeLessThanOrEqual(b.totalMinor)
      }),
      { numRuns: 200 },
    )
  })

  it('uptime linear: the credit never decreases as downtime grows, with any partial-step rule', () => {
    fc.assert(
      fc.property(linearArb, downtimesArb, feeArb, roundingArb, (l, d, fee, rounding) => {
        const schedule = withCap(
          {
            kind: 'uptime-linear' as const,
            id: 'linear',
            commitment: 'platform',
            per: l.per,
            credit: l.credit,
            partialStep: l.partialStep,
          },
          l.cap,
        )
        const commitments = [{ id: 'platform', components: ['platform'], target: l.target }]
        const at = (down: number) =>
          run(
            [schedule],
            { uptime: [uptimeFact('platform', d.periodMs, down, { target: l.target })] },
            fee,
            { rounding },
            commitments,
          ).schedules[0]!.amountMinor
        expect(at(d.d1)).toBeLessThanOrEqual(at(d.d2))
      }),
      { numRuns: 200 },
    )
  })

  it('uptime linear: the amount equals a straightforward exact re-computation', () => {
    fc.assert(
      fc.property(
        linearArb,
        downtimesArb,
        fc.integer({ min: 0, max: 100_000_000 }),
        roundingArb,
        (l, d, fee, rounding) => {
          const schedule = withCap(
            {
              kind: 'uptime-linear' as const,
              id: 'linear',
              commitment: 'platform',
              per: l.per,
              credit: l.credit,
              partialStep: l.partialStep,
            },
            l.cap,
          )
          const r = run(
            [schedule],
            { uptime: [uptimeFact('platform', d.periodMs, d.d2, { target: l.target })] },
            fee,
            { rounding },
            [{ id: 'platform', components: ['platform'], target: l.target }],
          )
          const expected = linearOracle(l, decimalOf(l.target), d.periodMs, d.d2, fee, rounding)
          expect(BigInt(r.schedules[0]!.amountMinor)).toBe(expected)
        },
      ),
      { numRuns: 300 },
    )
  })

  const missArb = fc
    .record({
      metric: fc.constantFrom(...METRICS),
      priority: fc.constantFrom(...PRIORITIES),
      business: fc.integer({ min: 0, max: 20 * 3_600_000 }),
      calendar: fc.integer({ min: 0, max: 60 * 3_600_000 }),
    })
    .map((m) =>
      miss(m.metric, {
        priority: m.priority,
        delayBusinessMs: m.business,
        delayCalendarMs: m.calendar,
        ticketId: 't',
      }),
    )
  const prioritiesArb = fc.option(
    fc.uniqueArray(fc.constantFrom(...PRIORITIES), { minLength: 1, maxLength: 4 }),
    { nil: undefined },
  )

  /** Per-miss schedules that are monotone by construction ('replace' only when the escalated credit is at least the largest sum just below the threshold). */
  const perMissArb = fc
    .record({
      charges: fc.dictionary(
        fc.constantFrom(...METRICS),
        fc.integer({ min: 0, max: 2_000 }).map((n) => dec(n, 2)),
        { minKeys: 1 },
      ),
      priorities: prioritiesArb,
      repeated: fc.option(
        fc.record({
          minMisses: fc.integer({ min: 2, max: 5 }),
          combine: fc.constantFrom<'replace' | 'add' | 'max'>('replace', 'add', 'max'),
          extra: fc.integer({ min: 0, max: 5_000 }),
        }),
        { nil: undefined },
      ),
      cap: capArb,
    })
    .map(({ charges, priorities, repeated, cap }): CreditSchedule => {
      const perMiss = Object.fromEntries(
        Object.entries(charges).map(([m, p]) => [m, { percent: p }]),
      )
      const largest = Math.max(...Object.values(charges).map((p) => Math.round(Number(p) * 100)))
      return withCap(
        {
          kind: 'per-miss',
          id: 'per-miss',
          perMiss,
          ...(priorities ? { priorities } : {}),
          ...(repeated
            ? {
                repeated: {
                  minMisses: repeated.minMisses,
                  combine: repeated.combine,
                  // hundredths of a percent
                  credit: {
                    percent: dec(
                      repeated.combine === 'replace'
                        ? (repeated.minMisses - 1) * largest + repeated.extra
                        : repeated.extra,
                      2,
                    ),
                  },
                },
              }
            : {}),
        },
        cap,
      )
    })

  it('per-miss: the credit never decreases as misses are added', () => {
    fc.assert(
      fc.property(
        perMissArb,
        fc.array(missArb, { maxLength: 8 }),
        missArb,
        feeArb,
        (schedule, misses, extra, fee) => {
          const a = run([schedule], { misses }, fee).schedules[0]!.amountMinor
          const b = run([schedule], { misses: [...misses, extra] }, fee).schedules[0]!.amountMinor
          expect(a).toBeLessThanOrEqual(b)
        },
      ),
      { numRuns: 200 },
    )
  })

  it("per-miss 'replace' can lower the credit when the escalated credit is below the sum it replaces", () => {
    // Resolution 10% each; 3+ misses: 15% instead. Two misses: 20% ($200.00); three: 15%.
    const schedule: CreditSchedule = {
      kind: 'per-miss',
      id: 'replace',
      perMiss: { resolution: { percent: '10' } },
      repeated: { minMisses: 3, credit: { percent: '15' }, combine: 'replace' },
    }
    const two = [miss('resolution'), miss('resolution')]
    expect(run([schedule], { misses: two }, 100_000).totalMinor).toBe(20_000)
    expect(run([schedule], { misses: [...two, miss('resolution')] }, 100_000).totalMinor).toBe(
      15_000,
    )
  })

  it('per-hour-delay: the credit never decreases as misses or delay are added', () => {
    fc.assert(
      fc.property(
        fc.record({
          metrics: fc.uniqueArray(fc.constantFrom(...METRICS), { minLength: 1, maxLength: 4 }),
          priorities: prioritiesArb,
          credit: chargeArb,
          basis: fc.constantFrom<'business' | 'calendar'>('business', 'calendar'),
          partialHour: partialArb,
          cap: capArb,
        }),
        fc.array(missArb, { minLength: 1, maxLength: 6 }),
        missArb,
        fc.integer({ min: 0, max: 10 * 3_600_000 }),
        feeArb,
        (spec, misses, extra, more, fee) => {
          const { cap, priorities, ...rest } = spec
          const schedule = withCap(
            {
              kind: 'per-hour-delay' as const,
              id: 'delay',
              ...rest,
              ...(priorities ? { priorities } : {}),
            },
            cap,
          )
          const amount = (ms: MissFact[]) => run([schedule], { misses: ms }, fee).schedules[0]!
          const base = amount(misses).amountMinor
          expect(base).toBeLessThanOrEqual(amount([...misses, extra]).amountMinor)
          const [first, ...others] = misses
          const longer = {
            ...first!,
            delayBusinessMs: first!.delayBusinessMs + more,
            delayCalendarMs: first!.delayCalendarMs + more,
          }
          expect(base).toBeLessThanOrEqual(amount([longer, ...others]).amountMinor)
        },
      ),
      { numRuns: 200 },
    )
  })

  const dayArb = fc
    .record({
      day: fc.integer({ min: 1, max: 31 }),
      component: fc.constantFrom('platform', 'api', 'billing'),
      impact: fc.constantFrom('major', 'partial', 'degraded'),
    })
    .map((d) => impacted(`2026-03-${String(d.day).padStart(2, '0')}`, d.component, d.impact))

  it('per-day-impacted: the credit never decreases as impacted days are added', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('major', 'partial', 'degraded'), {
          minLength: 1,
          maxLength: 3,
        }),
        chargeArb,
        capArb,
        fc.array(dayArb, { maxLength: 10 }),
        dayArb,
        feeArb,
        (impacts, credit, cap, days, extra, fee) => {
          const schedule = withCap(
            { kind: 'per-day-impacted' as const, id: 'days', impacts, credit },
            cap,
          )
          const a = run([schedule], { impactedDays: days }, fee).schedules[0]!.amountMinor
          const b = run([schedule], { impactedDays: [...days, extra] }, fee).schedules[0]!
            .amountMinor
          expect(a).toBeLessThanOrEqual(b)
        },
      ),
      { numRuns: 200 },
    )
  })

  /** Any schedule of any kind, with extreme charges allowed. */
  const anyScheduleArb: fc.Arbitrary<CreditSchedule> = fc.oneof(
    fc
      .tuple(bandsArb, capArb, claimArb)
      .map(([bands, cap, claim]) =>
        withCap(
          { kind: 'uptime-bands' as const, id: 'x', commitment: 'platform', bands, claim },
          cap,
        ),
      ),
    fc.tuple(linearArb, wildChargeArb, claimArb).map(([l, credit, claim]) =>
      withCap(
        {
          kind: 'uptime-linear' as const,
          id: 'x',
          commitment: 'api',
          per: l.per,
          credit,
          partialStep: l.partialStep,
          claim,
        },
        l.cap,
      ),
    ),
    fc
      .tuple(perMissArb, wildChargeArb, claimArb)
      .map(([s, credit, claim]) =>
        s.kind === 'per-miss' ? { ...s, perMiss: { ...s.perMiss, resolution: credit }, claim } : s,
      ),
    fc.tuple(wildChargeArb, capArb, partialArb, claimArb).map(([credit, cap, partialHour, claim]) =>
      withCap(
        {
          kind: 'per-hour-delay' as const,
          id: 'x',
          metrics: ['firstResponse' as const, 'resolution' as const],
          credit,
          basis: 'calendar' as const,
          partialHour,
          claim,
        },
        cap,
      ),
    ),
    fc.tuple(wildChargeArb, capArb, claimArb).map(([credit, cap, claim]) =>
      withCap(
        {
          kind: 'per-day-impacted' as const,
          id: 'x',
          impacts: ['major' as const, 'partial' as const],
          credit,
          claim,
        },
        cap,
      ),
    ),
  )

  it('amounts never exceed a cap, totals are never negative, the parts add up, all are safe integers', () => {
    fc.assert(
      fc.property(
        fc.array(anyScheduleArb, { minLength: 1, maxLength: 5 }),
        fc.record({
          cap: capArb,
          minimum: fc.option(
            fc.record({
              amountMinor: fc.integer({ min: 1, max: 200_000 }),
              rule: fc.constantFrom<'waive-below' | 'raise-to'>('waive-below', 'raise-to'),
            }),
            { nil: undefined },
          ),
          rounding: roundingArb,
          claimWindowDays: fc.option(fc.integer({ min: 1, max: 366 }), { nil: undefined }),
        }),
        feeArb,
        fc.record({
          platformDown: fc.integer({ min: 0, max: 100_000 }),
          apiDown: fc.integer({ min: 0, max: 100_000 }),
          misses: fc.array(missArb, { maxLength: 6 }),
          days: fc.array(dayArb, { maxLength: 6 }),
        }),
        (schedules, terms, fee, f) => {
          const extra: Partial<CreditTerms> = { rounding: terms.rounding }
          if (terms.cap) extra.cap = terms.cap
          if (terms.minimum) extra.minimum = terms.minimum
          if (terms.claimWindowDays) extra.claimWindowDays = terms.claimWindowDays
          const r = run(
            schedules.map((s, i) => ({ ...s, id: `s${i}` })),
            {
              uptime: [
                uptimeFact('platform', 100_000, f.platformDown),
                uptimeFact('api', 100_000, f.apiDown),
              ],
              misses: f.misses,
              impactedDays: f.days,
            },
            fee,
            extra,
            [
              { id: 'platform', components: ['platform'], target: '99.9' },
              { id: 'api', components: ['api'], target: '99.9' },
            ],
          )
          const safe = (n: number) => Number.isSafeInteger(n) && n >= 0
          for (const s of r.schedules) {
            expect(safe(s.amountMinor) && safe(s.uncappedMinor)).toBe(true)
            expect(s.amountMinor).toBeLessThanOrEqual(s.uncappedMinor)
            if (s.capMinor !== null) expect(s.amountMinor).toBeLessThanOrEqual(s.capMinor)
            if (s.percentOfFeeBase !== null && s.capMinor !== null && s.capped)
              expect(s.amountMinor).toBe(s.capMinor)
          }
          if (r.overallCapMinor !== null)
            expect(r.totalMinor).toBeLessThanOrEqual(r.overallCapMinor)
          for (const n of [r.subtotalMinor, r.totalMinor, r.automaticMinor, r.onRequestMinor])
            expect(safe(n)).toBe(true)
          expect(r.automaticMinor + r.onRequestMinor).toBe(r.totalMinor)
          if (!r.schedules.some((s) => s.claim === 'on-request')) expect(r.onRequestMinor).toBe(0)
          if (!r.schedules.some((s) => s.claim === 'automatic')) expect(r.automaticMinor).toBe(0)
          expect(JSON.parse(JSON.stringify(r))).toEqual(r)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('the exact amount of a percent schedule is its percent of the fee base', () => {
    fc.assert(
      fc.property(percentArb(10_000), fc.integer({ min: 0, max: 10_000_000 }), (p, fee) => {
        const r = run(
          [{ kind: 'per-day-impacted', id: 'x', impacts: ['major'], credit: { percent: p } }],
          { impactedDays: [impacted('2026-03-01', 'platform', 'major')] },
          fee,
        )
        const s = r.schedules[0]!
        expect(s.percentOfFeeBase).not.toBeNull()
        const exact = div(mul(rat(fee), decimalOf(s.percentOfFeeBase!)), HUNDRED)
        expect(BigInt(s.amountMinor)).toBe(round(exact, 'half-up'))
        expect(lte(rat(s.amountMinor - 1), exact)).toBe(true)
      }),
      { numRuns: 100 },
    )
  })
})
