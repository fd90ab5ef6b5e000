/**
 * A scenario: everything needed to evaluate contracts offline — calendars, tier templates,
 * accounts, tickets with their events, incidents, maintenance, the period and "now". The
 * `evaluate` command reads it from JSON or YAML (see docs/scenario-format.md).
 */
import Type, { type Static } from 'typebox'
import { CalendarSchema } from '../calendar/calendar.schema.js'
import { DecimalSchema, IdSchema, InstantSchema, LabelSchema } from '../common.schema.js'
import {
  AccountSchema,
  ExclusionKindSchema,
  ImpactSchema,
  TicketStatusSchema,
  TierSchema,
} from '../contract/profile.schema.js'

export const ScenarioCalendarSchema = Type.Object(
  { ...CalendarSchema.properties, id: IdSchema },
  { additionalProperties: false },
)
export type ScenarioCalendar = Static<typeof ScenarioCalendarSchema>

const PrioritySchema = Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], {
  errorMessage: 'must be a priority name or null',
})

const at = { at: InstantSchema }

export const ScenarioEventSchema = Type.Union(
  [
    Type.Object(
      {
        type: Type.Literal('created'),
        ...at,
        status: Type.Optional(TicketStatusSchema),
        priority: Type.Optional(PrioritySchema),
        by: Type.Optional(Type.Enum(['end-user', 'agent'])),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      { type: Type.Literal('status-changed'), ...at, status: TicketStatusSchema },
      { additionalProperties: false },
    ),
    Type.Object(
      { type: Type.Literal('priority-changed'), ...at, priority: PrioritySchema },
      { additionalProperties: false },
    ),
    Type.Object({ type: Type.Literal('agent-reply'), ...at }, { additionalProperties: false }),
    Type.Object({ type: Type.Literal('internal-note'), ...at }, { additionalProperties: false }),
    Type.Object({ type: Type.Literal('end-user-comment'), ...at }, { additionalProperties: false }),
    Type.Object({ type: Type.Literal('solved'), ...at }, { additionalProperties: false }),
    Type.Object(
      { type: Type.Literal('reopened'), ...at, status: Type.Optional(TicketStatusSchema) },
      { additionalProperties: false },
    ),
  ],
  {
    errorMessage:
      'must be an event with type created, status-changed, priority-changed, agent-reply, internal-note, end-user-comment, solved or reopened',
  },
)
export type ScenarioEvent = Static<typeof ScenarioEventSchema>

export const ScenarioTicketSchema = Type.Object(
  {
    id: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Integer({ minimum: 1 })], {
      errorMessage: 'must be a ticket id (a string or a positive integer)',
    }),
    account: IdSchema,
    subject: Type.Optional(Type.String({ maxLength: 500 })),
    events: Type.Array(ScenarioEventSchema, { minItems: 1, maxItems: 10_000 }),
  },
  { additionalProperties: false },
)
export type ScenarioTicket = Static<typeof ScenarioTicketSchema>

const affects = {
  components: Type.Array(IdSchema, { minItems: 1, maxItems: 100 }),
  regions: Type.Optional(Type.Array(IdSchema, { maxItems: 100 })),
}

export const ScenarioIncidentSchema = Type.Object(
  {
    id: IdSchema,
    title: Type.Optional(LabelSchema),
    ...affects,
    impact: ImpactSchema,
    start: InstantSchema,
    /** Absent or null while ongoing. */
    end: Type.Optional(
      Type.Union([InstantSchema, Type.Null()], {
        errorMessage: 'must be an instant or null (ongoing)',
      }),
    ),
    errorRatePercent: Type.Optional(DecimalSchema),
    exclusion: Type.Optional(ExclusionKindSchema),
    excludedFor: Type.Optional(Type.Array(IdSchema, { maxItems: 1000 })),
  },
  { additionalProperties: false },
)

export type ScenarioIncident = Static<typeof ScenarioIncidentSchema>

export const ScenarioMaintenanceSchema = Type.Object(
  {
    id: IdSchema,
    title: Type.Optional(LabelSchema),
    ...affects,
    start: InstantSchema,
    end: InstantSchema,
    announcedAt: Type.Optional(
      Type.Union([InstantSchema, Type.Null()], {
        errorMessage: 'must be an instant or null (not announced)',
      }),
    ),
    emergency: Type.Optional(Type.Boolean()),
    impact: Type.Optional(ImpactSchema),
  },
  { additionalProperties: false },
)

export type ScenarioMaintenance = Static<typeof ScenarioMaintenanceSchema>

export const ScenarioSchema = Type.Object(
  {
    /** Free text shown in reports. */
    name: Type.Optional(LabelSchema),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    /** The instant the evaluation is as of. */
    now: InstantSchema,
    /** Month to report (`YYYY-MM`, in each account's zone). Default: the month containing `now`. */
    period: Type.Optional(
      Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', errorMessage: 'must be a month YYYY-MM' }),
    ),
    calendars: Type.Optional(Type.Array(ScenarioCalendarSchema, { maxItems: 1000 })),
    tiers: Type.Array(TierSchema, { minItems: 1, maxItems: 100 }),
    accounts: Type.Array(AccountSchema, { minItems: 1, maxItems: 100_000 }),
    tickets: Type.Optional(Type.Array(ScenarioTicketSchema, { maxItems: 1_000_000 })),
    incidents: Type.Optional(Type.Array(ScenarioIncidentSchema, { maxItems: 100_000 })),
    maintenance: Type.Optional(Type.Array(ScenarioMaintenanceSchema, { maxItems: 100_000 })),
  },
  { additionalProperties: false },
)
export type Scenario = Static<typeof ScenarioSchema>

/**
 * The scenario's top level only, with its lists unchecked: each element is then validated on
 * its own, so one bad account does not hide the problems of another.
 */
export const ScenarioTopLevelSchema = Type.Object(
  {
    ...ScenarioSchema.properties,
    calendars: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 1000 })),
    tiers: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 100 }),
    accounts: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 100_000 }),
    tickets: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 1_000_000 })),
    incidents: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 100_000 })),
    maintenance: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 100_000 })),
  },
  { additionalProperties: false },
)
