/**
 * The contract profile: every SLA term of a tier or an account as data. Where a term could be
 * read two ways, a field with a named choice makes the reading explicit (see
 * docs/scenario-format.md for each field and its default, docs/contract-rules.md for the rules).
 */
import Type, { type Static } from 'typebox'
import {
  DateOrInstantSchema,
  DecimalSchema,
  IdSchema,
  LabelSchema,
  TimeOfDaySchema,
  WeekdaySchema,
} from '../common.schema.js'
import { ROUNDING_RULES } from '../money/rational.js'

/** The four ticket metrics. */
export const METRICS = ['firstResponse', 'nextResponse', 'periodicUpdate', 'resolution'] as const
export type Metric = (typeof METRICS)[number]
export const MetricSchema = Type.Enum([...METRICS])

/** Zendesk ticket statuses. */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]
export const TicketStatusSchema = Type.Enum([...TICKET_STATUSES])

/** Incident impact levels, most severe first. */
export const IMPACTS = ['major', 'partial', 'degraded'] as const
export type Impact = (typeof IMPACTS)[number]
export const ImpactSchema = Type.Enum([...IMPACTS])

/** Incident flags a contract may exclude from downtime. */
export const EXCLUSION_KINDS = ['force-majeure', 'customer-caused', 'third-party'] as const
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number]
export const ExclusionKindSchema = Type.Enum([...EXCLUSION_KINDS])

/** Business time (the contract's calendar) or calendar time (wall clock, 24×7). */
export const BasisSchema = Type.Enum(['business', 'calendar'])
export type Basis = Static<typeof BasisSchema>

const TargetTimeSchema = Type.Object(
  {
    minutes: Type.Integer({ minimum: 1, maximum: 527_040 }),
    basis: BasisSchema,
  },
  { additionalProperties: false },
)

/**
 * A time target. `afterHours` applies instead when the clock starts outside the contract's
 * business calendar ("1 h in business hours, 4 h after hours").
 */
export const TargetSchema = Type.Object(
  {
    minutes: Type.Integer({ minimum: 1, maximum: 527_040 }),
    basis: BasisSchema,
    afterHours: Type.Optional(TargetTimeSchema),
  },
  { additionalProperties: false },
)
export type Target = Static<typeof TargetSchema>

const TargetsByPrioritySchema = Type.Record(IdSchema, TargetSchema)

export const TargetsSchema = Type.Object(
  {
    firstResponse: Type.Optional(TargetsByPrioritySchema),
    nextResponse: Type.Optional(TargetsByPrioritySchema),
    periodicUpdate: Type.Optional(TargetsByPrioritySchema),
    resolution: Type.Optional(TargetsByPrioritySchema),
  },
  { additionalProperties: false },
)
export type Targets = Static<typeof TargetsSchema>

const StatusListSchema = Type.Array(TicketStatusSchema, { maxItems: 6 })

/** Statuses in which each metric's clock pauses. */
export const PauseOnSchema = Type.Object(
  {
    firstResponse: Type.Optional(StatusListSchema),
    nextResponse: Type.Optional(StatusListSchema),
    periodicUpdate: Type.Optional(StatusListSchema),
    resolution: Type.Optional(StatusListSchema),
  },
  { additionalProperties: false },
)
export type PauseOn = Static<typeof PauseOnSchema>

/** Defaults when a profile does not say: resolution (and periodic update) pause while pending or on hold. */
export const DEFAULT_PAUSE_ON: Readonly<Record<Metric, readonly TicketStatus[]>> = {
  firstResponse: [],
  nextResponse: [],
  periodicUpdate: ['pending', 'hold'],
  resolution: ['pending', 'hold'],
}

/** Warning thresholds in percent of the target used. */
export const DEFAULT_WARNING_THRESHOLDS: readonly number[] = [50, 75, 100]

export const PrioritySchema = Type.Object(
  {
    id: IdSchema,
    label: Type.Optional(LabelSchema),
    /** Ticket priority values that mean this priority (e.g. Zendesk's `urgent` for `critical`). */
    aliases: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 }),
    ),
  },
  { additionalProperties: false },
)
export type Priority = Static<typeof PrioritySchema>

// ---------------------------------------------------------------------------------------------
// Uptime

export const UptimeCommitmentSchema = Type.Object(
  {
    id: IdSchema,
    label: Type.Optional(LabelSchema),
    /** Service components whose outages count; intersected with the components the account uses. */
    components: Type.Array(IdSchema, { minItems: 1, maxItems: 100 }),
    /** Monthly uptime target in percent, e.g. 99.9. */
    target: DecimalSchema,
  },
  { additionalProperties: false },
)
export type UptimeCommitment = Static<typeof UptimeCommitmentSchema>

/** How downtime is counted. */
export const DowntimeDefinitionSchema = Type.Object(
  {
    /** `continuous`: every down millisecond; `slots`: fixed intervals, each wholly up or down. */
    method: Type.Optional(Type.Enum(['continuous', 'slots'])),
    /** Slot length for `slots` (e.g. 5). */
    slotMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    /** `any-downtime`: a slot is down if any part is down; `error-rate`: if an outage in it reaches the error-rate threshold. */
    slotRule: Type.Optional(Type.Enum(['any-downtime', 'error-rate'])),
    /** Error rate (percent) at which a slot counts as down, for `slotRule: error-rate`. */
    errorRateThreshold: Type.Optional(DecimalSchema),
    /** Only outages lasting at least this many consecutive minutes count (e.g. 10). */
    minConsecutiveMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
    /** Percent of an outage's time that counts as downtime, by impact. */
    impactWeights: Type.Optional(
      Type.Object(
        {
          major: Type.Optional(DecimalSchema),
          partial: Type.Optional(DecimalSchema),
          degraded: Type.Optional(DecimalSchema),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type DowntimeDefinition = Static<typeof DowntimeDefinitionSchema>

/** Default impact weights (percent of time counted): major and partial outages count in full, degradation does not. */
export const DEFAULT_IMPACT_WEIGHTS: Readonly<Record<Impact, string>> = {
  major: '100',
  partial: '100',
  degraded: '0',
}

export const MaintenanceWindowTermSchema = Type.Object(
  {
    days: Type.Array(WeekdaySchema, { minItems: 1, maxItems: 7 }),
    start: TimeOfDaySchema,
    end: TimeOfDaySchema,
    /** Zone of the window; defaults to UTC (contracts usually state it, e.g. "Saturday 02:00–06:00 UTC"). */
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
)

/** When planned maintenance is excluded from downtime. */
export const MaintenanceTermsSchema = Type.Object(
  {
    /** Maintenance is excluded only inside these windows. */
    windows: Type.Array(MaintenanceWindowTermSchema, { minItems: 1, maxItems: 20 }),
    /** Minimum notice before the maintenance starts, in minutes (72 h = 4320). */
    noticeMinutes: Type.Integer({ minimum: 0, maximum: 527_040 }),
    /** At most this much maintenance is excluded per month; the excess counts as downtime. */
    monthlyAllowanceMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 44_640 })),
  },
  { additionalProperties: false },
)
export type MaintenanceTerms = Static<typeof MaintenanceTermsSchema>

export const UptimeTermsSchema = Type.Object(
  {
    commitments: Type.Array(UptimeCommitmentSchema, { minItems: 1, maxItems: 50 }),
    downtime: Type.Optional(DowntimeDefinitionSchema),
    /** Incident flags excluded from downtime. Default: all three. */
    exclusions: Type.Optional(Type.Array(ExclusionKindSchema, { maxItems: 3 })),
    maintenance: Type.Optional(MaintenanceTermsSchema),
    /** Whether excluded time still counts in the period (`counts-as-uptime`) or is taken out of it. */
    excludedTime: Type.Optional(Type.Enum(['counts-as-uptime', 'removed-from-period'])),
    /** Error-budget use (percent) from which an account is "approaching breach". Default 80. */
    approachingAtPercent: Type.Optional(DecimalSchema),
  },
  { additionalProperties: false },
)
export type UptimeTerms = Static<typeof UptimeTermsSchema>

// ---------------------------------------------------------------------------------------------
// Credits

/** An amount: a percent of the fee base, or a fixed amount in minor units. Exactly one. */
export const ChargeSchema = Type.Object(
  {
    percent: Type.Optional(DecimalSchema),
    amountMinor: Type.Optional(Type.Integer({ minimum: 0, maximum: 9_007_199_254_740_991 })),
  },
  { additionalProperties: false },
)
export type Charge = Static<typeof ChargeSchema>

const scheduleCommon = {
  id: IdSchema,
  label: Type.Optional(LabelSchema),
  /** Cap for this schedule: percent of its fee base or a fixed amount. */
  cap: Type.Optional(ChargeSchema),
  /** `monthly-fee` (default) or `component-fee`: the fee of the components the schedule is about. */
  feeBase: Type.Optional(Type.Enum(['monthly-fee', 'component-fee'])),
  /** `automatic` (default): owed without asking; `on-request`: the customer must claim within the window. */
  claim: Type.Optional(Type.Enum(['automatic', 'on-request'])),
}

export const UptimeBandSchema = Type.Object(
  {
    /** The band applies when uptime is below this percent… */
    below: DecimalSchema,
    /** …and at or above this one (no lower bound when absent). */
    atLeast: Type.Optional(DecimalSchema),
    credit: ChargeSchema,
  },
  { additionalProperties: false },
)

export const UptimeBandsScheduleSchema = Type.Object(
  {
    kind: Type.Literal('uptime-bands'),
    commitment: IdSchema,
    bands: Type.Array(UptimeBandSchema, { minItems: 1, maxItems: 50 }),
    ...scheduleCommon,
  },
  { additionalProperties: false },
)

export const PARTIAL_STEP_RULES = ['prorate', 'floor', 'ceil'] as const
export type PartialStepRule = (typeof PARTIAL_STEP_RULES)[number]

export const UptimeLinearScheduleSchema = Type.Object(
  {
    kind: Type.Literal('uptime-linear'),
    commitment: IdSchema,
    /** Step size in percentage points below the target (0.1 for "per 0.1% below target"). */
    per: DecimalSchema,
    /** Credit per full step. */
    credit: ChargeSchema,
    /** What a partial step earns: `prorate` (its fraction), `floor` (nothing), `ceil` (a full step). */
    partialStep: Type.Enum([...PARTIAL_STEP_RULES]),
    ...scheduleCommon,
  },
  { additionalProperties: false },
)

export const PerMissScheduleSchema = Type.Object(
  {
    kind: Type.Literal('per-miss'),
    /** Credit per breached clock, by metric; metrics not listed earn nothing. */
    perMiss: Type.Object(
      {
        firstResponse: Type.Optional(ChargeSchema),
        nextResponse: Type.Optional(ChargeSchema),
        periodicUpdate: Type.Optional(ChargeSchema),
        resolution: Type.Optional(ChargeSchema),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
    /** Only misses on tickets of these priorities count (all when absent). */
    priorities: Type.Optional(Type.Array(IdSchema, { maxItems: 20 })),
    /** Escalation for repeated misses in the period, and how it combines with the per-miss sum. */
    repeated: Type.Optional(
      Type.Object(
        {
          minMisses: Type.Integer({ minimum: 2, maximum: 1000 }),
          credit: ChargeSchema,
          /** `replace`: the escalated credit instead of the sum; `add`: on top of it; `max`: the larger. */
          combine: Type.Enum(['replace', 'add', 'max']),
        },
        { additionalProperties: false },
      ),
    ),
    ...scheduleCommon,
  },
  { additionalProperties: false },
)

export const PerHourDelayScheduleSchema = Type.Object(
  {
    kind: Type.Literal('per-hour-delay'),
    metrics: Type.Array(MetricSchema, { minItems: 1, maxItems: 4 }),
    priorities: Type.Optional(Type.Array(IdSchema, { maxItems: 20 })),
    /** Credit per hour of delay past the due instant. */
    credit: ChargeSchema,
    /** Delay measured in business or calendar time. */
    basis: BasisSchema,
    /** What a partial hour earns, applied to the period's total delay. */
    partialHour: Type.Enum([...PARTIAL_STEP_RULES]),
    ...scheduleCommon,
  },
  { additionalProperties: false },
)

export const PerDayImpactedScheduleSchema = Type.Object(
  {
    kind: Type.Literal('per-day-impacted'),
    /** Incident impacts that make a day count. */
    impacts: Type.Array(ImpactSchema, { minItems: 1, maxItems: 3 }),
    /** Components that count (default: every component the account uses). */
    components: Type.Optional(Type.Array(IdSchema, { maxItems: 100 })),
    /** Credit per impacted day (a calendar day in the contract's zone). */
    credit: ChargeSchema,
    ...scheduleCommon,
  },
  { additionalProperties: false },
)

export const CreditScheduleSchema = Type.Union(
  [
    UptimeBandsScheduleSchema,
    UptimeLinearScheduleSchema,
    PerMissScheduleSchema,
    PerHourDelayScheduleSchema,
    PerDayImpactedScheduleSchema,
  ],
  {
    errorMessage:
      'must be a credit schedule with kind uptime-bands, uptime-linear, per-miss, per-hour-delay or per-day-impacted',
  },
)
export type CreditSchedule = Static<typeof CreditScheduleSchema>
export type UptimeBandsSchedule = Static<typeof UptimeBandsScheduleSchema>
export type UptimeLinearSchedule = Static<typeof UptimeLinearScheduleSchema>
export type PerMissSchedule = Static<typeof PerMissScheduleSchema>
export type PerHourDelaySchedule = Static<typeof PerHourDelayScheduleSchema>
export type PerDayImpactedSchedule = Static<typeof PerDayImpactedScheduleSchema>

export const CreditTermsSchema = Type.Object(
  {
    /** Rounding of every amount to minor units. Default `half-up`. */
    rounding: Type.Optional(Type.Enum([...ROUNDING_RULES])),
    schedules: Type.Array(CreditScheduleSchema, { minItems: 1, maxItems: 50 }),
    /** Cap on the period's total: percent of the monthly fee or a fixed amount. */
    cap: Type.Optional(ChargeSchema),
    /** Minimum amount: credits below it are waived, or raised to it. */
    minimum: Type.Optional(
      Type.Object(
        {
          amountMinor: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }),
          rule: Type.Enum(['waive-below', 'raise-to']),
        },
        { additionalProperties: false },
      ),
    ),
    /** Days after the period ends within which `on-request` credits must be claimed. */
    claimWindowDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
  },
  { additionalProperties: false },
)
export type CreditTerms = Static<typeof CreditTermsSchema>

// ---------------------------------------------------------------------------------------------
// The profile

export const ContractProfileSchema = Type.Object(
  {
    name: LabelSchema,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    /** Calendar id for business-time targets and after-hours rules. */
    calendar: Type.Optional(IdSchema),
    priorities: Type.Array(PrioritySchema, { minItems: 1, maxItems: 20 }),
    /** Priority of tickets that have none (or an unknown one); without it such tickets get no clocks. */
    defaultPriority: Type.Optional(IdSchema),
    targets: TargetsSchema,
    pauseOn: Type.Optional(PauseOnSchema),
    warningThresholds: Type.Optional(
      Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 1000 }), {
        minItems: 1,
        maxItems: 10,
      }),
    ),
    uptime: Type.Optional(UptimeTermsSchema),
    credits: Type.Optional(CreditTermsSchema),
  },
  { additionalProperties: false },
)
export type ContractProfile = Static<typeof ContractProfileSchema>

// ---------------------------------------------------------------------------------------------
// Tiers and accounts

export const MoneySchema = Type.Object(
  {
    amountMinor: Type.Integer({ minimum: 0, maximum: 9_007_199_254_740_991 }),
    currency: Type.String({
      pattern: '^[A-Z]{3}$',
      errorMessage: 'must be an ISO 4217 currency code such as USD',
    }),
  },
  { additionalProperties: false },
)

export const TierVersionSchema = Type.Object(
  {
    /** When this version takes effect; absent only on the first version ("since always"). */
    effectiveFrom: Type.Optional(DateOrInstantSchema),
    profile: ContractProfileSchema,
  },
  { additionalProperties: false },
)

/** A tier template (Starter, Enterprise…) with its versions. */
export const TierSchema = Type.Object(
  {
    id: IdSchema,
    name: Type.Optional(LabelSchema),
    versions: Type.Array(TierVersionSchema, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
)
export type Tier = Static<typeof TierSchema>

export const AccountContractVersionSchema = Type.Object(
  {
    effectiveFrom: Type.Optional(DateOrInstantSchema),
    tier: IdSchema,
    monthlyFee: MoneySchema,
    /** Monthly fee per service component, for `feeBase: component-fee`. */
    componentFees: Type.Optional(
      Type.Record(IdSchema, Type.Integer({ minimum: 0, maximum: 9_007_199_254_740_991 })),
    ),
    /** Per-account changes to the tier profile (see merge rules). */
    overrides: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
)
export type AccountContractVersion = Static<typeof AccountContractVersionSchema>

/** A customer account and its contract history. */
export const AccountSchema = Type.Object(
  {
    id: IdSchema,
    name: LabelSchema,
    /** The contract's zone: months, days and date-only effective dates are read in it. Default UTC. */
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** Zendesk organization this account maps to. */
    organizationId: Type.Optional(Type.Integer({ minimum: 1 })),
    components: Type.Array(IdSchema, { maxItems: 200 }),
    regions: Type.Optional(Type.Array(IdSchema, { maxItems: 100 })),
    contracts: Type.Array(AccountContractVersionSchema, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
)
export type Account = Static<typeof AccountSchema>
