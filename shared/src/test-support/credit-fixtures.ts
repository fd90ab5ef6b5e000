/**
 * Realistic contracts and facts for the credit formulas' tests. Every profile built here is
 * checked with `validateProfile` (the formulas assume a validated profile), so a fixture that
 * the validator would reject fails loudly instead of testing an impossible contract.
 */
import { resolvedContract } from './contract-fixtures.js'
import type { ResolvedContract } from '../contract/contracts.js'
import type {
  Charge,
  ContractProfile,
  CreditTerms,
  Impact,
  Metric,
  PartialStepRule,
  PerDayImpactedSchedule,
  PerHourDelaySchedule,
  PerMissSchedule,
  UptimeBandsSchedule,
  UptimeLinearSchedule,
} from '../contract/profile.schema.js'
import type { CreditFacts, ImpactedDayFact, MissFact, UptimeFact } from '../credits/credit-facts.js'
import { parseDecimal } from '../money/rational.js'
import { monthPeriod } from '../time/period.js'

/** Milliseconds in a 30-day month: 2,592,000,000. */
export const MS_30_DAYS = 30 * 86_400_000
/** Milliseconds in a 31-day month: 2,678,400,000. */
export const MS_31_DAYS = 31 * 86_400_000
/** Milliseconds in a minute. */
export const MS_PER_MINUTE = 60_000
/** Milliseconds in an hour. */
export const MS_PER_HOUR = 3_600_000

/** An uptime commitment of a fixture profile. */
export interface CommitmentSpec {
  id: string
  components: string[]
  target: string
}

/** What a fixture contract may set; everything else gets a realistic default. */
export interface ContractSpec {
  credits?: CreditTerms
  /** Default: one commitment per uptime schedule, named after it, target 99.9, component = its id. */
  commitments?: CommitmentSpec[]
  monthlyFeeMinor?: number
  currency?: string
  componentFees?: Record<string, number>
  timeZone?: string
}

/** Priorities of every fixture profile. */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const

/** A resolved contract whose profile carries `spec.credits`; throws if the profile is invalid. */
export function contractWith(spec: ContractSpec = {}): ResolvedContract {
  const commitments =
    spec.commitments ??
    [
      ...new Set(
        (spec.credits?.schedules ?? []).flatMap((s) =>
          s.kind === 'uptime-bands' || s.kind === 'uptime-linear' ? [s.commitment] : [],
        ),
      ),
    ].map((id) => ({ id, components: [id], target: '99.9' }))
  const profile: ContractProfile = {
    name: 'Fixture profile',
    priorities: PRIORITIES.map((id) => ({ id })),
    targets: {
      firstResponse: { urgent: { minutes: 60, basis: 'calendar' } },
      resolution: { urgent: { minutes: 480, basis: 'calendar' } },
    },
    ...(commitments.length > 0 ? { uptime: { commitments } } : {}),
    ...(spec.credits ? { credits: spec.credits } : {}),
  }
  return resolvedContract(profile, {
    ...(spec.timeZone !== undefined ? { timeZone: spec.timeZone } : {}),
    ...(spec.monthlyFeeMinor !== undefined ? { monthlyFeeMinor: spec.monthlyFeeMinor } : {}),
    ...(spec.currency !== undefined ? { currency: spec.currency } : {}),
    ...(spec.componentFees !== undefined ? { componentFees: spec.componentFees } : {}),
  })
}

/** Facts for a fixture contract (month default 2026-03, in the contract's zone). */
export function factsFor(
  contract: ResolvedContract,
  facts: {
    month?: string
    accountComponents?: string[]
    uptime?: UptimeFact[]
    misses?: MissFact[]
    impactedDays?: ImpactedDayFact[]
  } = {},
): CreditFacts {
  return {
    accountId: contract.accountId,
    period: monthPeriod(facts.month ?? '2026-03', contract.timeZone),
    contract,
    accountComponents: facts.accountComponents ?? ['platform', 'api', 'data', 'dashboard'],
    uptime: facts.uptime ?? [],
    misses: facts.misses ?? [],
    impactedDays: facts.impactedDays ?? [],
  }
}

/** A measured commitment; `target` as decimal text (default "99.9"), components default `[id]`. */
export function uptimeFact(
  commitmentId: string,
  periodMs: number,
  downtimeMs: number,
  opts: { target?: string; components?: string[] } = {},
): UptimeFact {
  const target = parseDecimal(opts.target ?? '99.9')
  if (!target) throw new Error('bad target')
  return {
    commitmentId,
    components: opts.components ?? [commitmentId],
    target,
    periodMs,
    downtimeMs,
  }
}

let ticketSeq = 1000

/** A breached clock; delays default to 0, priority to `urgent`. */
export function miss(
  metric: Metric,
  opts: {
    priority?: string
    ticketId?: string
    delayBusinessMs?: number
    delayCalendarMs?: number
    cycle?: number
  } = {},
): MissFact {
  const dueAt = Date.UTC(2026, 2, 10, 12)
  return {
    ticketId: opts.ticketId ?? String(ticketSeq++),
    metric,
    priority: opts.priority ?? 'urgent',
    cycle: opts.cycle ?? 1,
    dueAt,
    breachedAt: dueAt,
    delayBusinessMs: opts.delayBusinessMs ?? 0,
    delayCalendarMs: opts.delayCalendarMs ?? opts.delayBusinessMs ?? 0,
  }
}

/** An impacted day. */
export function impacted(date: string, component: string, impact: Impact): ImpactedDayFact {
  return { date, component, impact }
}

// ---------------------------------------------------------------------------------------------
// Credit terms from /work/shared/reference/sample-contracts.md

const pct = (percent: string): Charge => ({ percent })

/** Section D, S3-style 99.9%: [99.0, 99.9) → 10%; [95.0, 99.0) → 25%; below 95.0 → 100%. */
export function s3StyleBands(commitment = 'storage'): UptimeBandsSchedule {
  return {
    kind: 'uptime-bands',
    id: 's3-style',
    commitment,
    bands: [
      { below: '99.9', atLeast: '99.0', credit: pct('10') },
      { below: '99.0', atLeast: '95.0', credit: pct('25') },
      { below: '95.0', credit: pct('100') },
    ],
  }
}

/** Section D, Compute-style 99.99%: [99.0, 99.99) → 10%; [95.0, 99.0) → 30%; below 95.0 → 100%. */
export function computeStyleBands(commitment = 'compute'): UptimeBandsSchedule {
  return {
    kind: 'uptime-bands',
    id: 'compute-style',
    commitment,
    bands: [
      { below: '99.99', atLeast: '99.0', credit: pct('10') },
      { below: '99.0', atLeast: '95.0', credit: pct('30') },
      { below: '95.0', credit: pct('100') },
    ],
  }
}

/** Section D, Google-style 99.9%: [99.0, 99.9) → 10%; [95.0, 99.0) → 25%; below 95.0 → 50%; overall cap 50%. */
export function googleStyleTerms(commitment = 'cloud'): CreditTerms {
  return {
    schedules: [
      {
        kind: 'uptime-bands',
        id: 'google-style',
        commitment,
        bands: [
          { below: '99.9', atLeast: '99.0', credit: pct('10') },
          { below: '99.0', atLeast: '95.0', credit: pct('25') },
          { below: '95.0', credit: pct('50') },
        ],
      },
    ],
    cap: pct('50'),
  }
}

/** Section A, LeadFly platform availability: 5% of the monthly fee per 0.1% below 99.9%, max 100%. */
export function leadflyPlatform(partialStep: PartialStepRule = 'prorate'): UptimeLinearSchedule {
  return {
    kind: 'uptime-linear',
    id: 'platform-availability',
    label: 'Platform availability',
    commitment: 'platform',
    per: '0.1',
    credit: pct('5'),
    partialStep,
    cap: pct('100'),
  }
}

/** Section A, LeadFly API availability: 10% per 0.1% below 99.95%. */
export function leadflyApi(partialStep: PartialStepRule = 'prorate'): UptimeLinearSchedule {
  return {
    kind: 'uptime-linear',
    id: 'api-availability',
    label: 'API availability',
    commitment: 'api',
    per: '0.1',
    credit: pct('10'),
    partialStep,
  }
}

/** Section A, LeadFly support response: 2% of the monthly fee per hour of delay, max 25%, on request. */
export function leadflySupportResponse(
  partialHour: PartialStepRule = 'prorate',
): PerHourDelaySchedule {
  return {
    kind: 'per-hour-delay',
    id: 'support-response',
    label: 'Support response',
    metrics: ['firstResponse', 'nextResponse'],
    credit: pct('2'),
    basis: 'business',
    partialHour,
    cap: pct('25'),
    claim: 'on-request',
  }
}

/** Section A, LeadFly performance issues: 5% per day impacted, max 50%, automatic. */
export function leadflyPerformance(): PerDayImpactedSchedule {
  return {
    kind: 'per-day-impacted',
    id: 'performance',
    label: 'Performance issues',
    impacts: ['degraded', 'partial'],
    credit: pct('5'),
    cap: pct('50'),
    claim: 'automatic',
  }
}

/** LeadFly's commitments (platform 99.9, api 99.95, data 99.9, dashboard 99.9). */
export const LEADFLY_COMMITMENTS: CommitmentSpec[] = [
  { id: 'platform', components: ['platform'], target: '99.9' },
  { id: 'api', components: ['api'], target: '99.95' },
  { id: 'data', components: ['data'], target: '99.9' },
  { id: 'dashboard', components: ['dashboard'], target: '99.9' },
]

/** Section B, TAI per-miss credits: response and resolution misses, "2+ misses in a month". */
export function taiPerMiss(
  tier: 'enterprise' | 'mid-market',
  combine: 'replace' | 'add' | 'max',
): PerMissSchedule {
  const [response, resolution, repeated] =
    tier === 'enterprise' ? ['5', '10', '15'] : ['3', '5', '10']
  return {
    kind: 'per-miss',
    id: `tai-${tier}`,
    label: tier === 'enterprise' ? 'TAI Enterprise support' : 'TAI Mid-Market support',
    perMiss: {
      firstResponse: pct(response),
      nextResponse: pct(response),
      resolution: pct(resolution),
    },
    repeated: { minMisses: 2, credit: pct(repeated), combine },
  }
}

/** Section C, portfolio: 10% of the monthly fee per percentage point below the SLA, up to 30%. */
export function portfolioLinear(
  commitment = 'cloud',
  partialStep: PartialStepRule = 'prorate',
): UptimeLinearSchedule {
  return {
    kind: 'uptime-linear',
    id: 'portfolio',
    commitment,
    per: '1',
    credit: pct('10'),
    partialStep,
    cap: pct('30'),
  }
}
