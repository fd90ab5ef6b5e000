/**
 * Request and response schemas of the ticket routes. Events have the scenario's shapes
 * (docs/scenario-format.md, "Events") plus `key`, the event's id at its source.
 */
import Type, { type TSchema } from 'typebox'
import { IdSchema, ScenarioEventSchema, type ScenarioEvent } from '@sla-tracker/shared'

export const MAX_TICKETS_PER_BATCH = 1000
export const MAX_EVENTS_PER_TICKET = 1000

/** A Zendesk ticket id. */
export const TicketIdSchema = Type.Integer({
  minimum: 1,
  maximum: Number.MAX_SAFE_INTEGER,
  errorMessage: 'must be a Zendesk ticket id (a positive integer)',
})

export const OrganizationIdSchema = Type.Integer({
  minimum: 1,
  maximum: Number.MAX_SAFE_INTEGER,
  errorMessage: 'must be a Zendesk organization id (a positive integer)',
})

const EventKeySchema = Type.String({
  minLength: 1,
  maxLength: 200,
  errorMessage: 'must be the event id at its source: 1–200 characters',
})

// Each scenario event shape, with `key` first.
const eventBranches = (ScenarioEventSchema.anyOf as readonly TSchema[]).map((branch) =>
  Type.Object(
    {
      key: EventKeySchema,
      ...(branch as unknown as { properties: Record<string, TSchema> }).properties,
    },
    { additionalProperties: false },
  ),
)

export const IngestEventSchema = Type.Union(eventBranches, {
  errorMessage:
    'must be an event with key, at and type created, status-changed, priority-changed, agent-reply, internal-note, end-user-comment, solved or reopened',
})

export type IngestEvent = ScenarioEvent & { key: string }

export const IngestTicketSchema = Type.Object(
  {
    id: TicketIdSchema,
    organizationId: Type.Optional(OrganizationIdSchema),
    accountId: Type.Optional(IdSchema),
    subject: Type.Optional(Type.String({ maxLength: 500 })),
    events: Type.Array(IngestEventSchema, { maxItems: MAX_EVENTS_PER_TICKET }),
  },
  { additionalProperties: false },
)

export interface IngestTicket {
  id: number
  organizationId?: number
  accountId?: string
  subject?: string
  events: IngestEvent[]
}

export const IngestBodySchema = Type.Object(
  {
    tickets: Type.Array(IngestTicketSchema, { minItems: 1, maxItems: MAX_TICKETS_PER_BATCH }),
  },
  { additionalProperties: false },
)

/** A clock as stored and shown: the engine's `clockView`. */
export const ClockViewSchema = Type.Object(
  {
    metric: Type.String(),
    cycle: Type.Integer(),
    state: Type.String(),
    active: Type.Boolean(),
    priority: Type.String(),
    basis: Type.String(),
    targetMinutes: Type.Number(),
    afterHours: Type.Boolean(),
    startedAt: Type.String(),
    stoppedAt: Type.Union([Type.String(), Type.Null()]),
    stoppedBy: Type.Union([Type.String(), Type.Null()]),
    elapsedMinutes: Type.Number(),
    elapsedCalendarMinutes: Type.Number(),
    remainingMinutes: Type.Number(),
    dueAt: Type.Union([Type.String(), Type.Null()]),
    breachedAt: Type.Union([Type.String(), Type.Null()]),
    percentUsed: Type.Number(),
    warningLevel: Type.Integer(),
    warningThreshold: Type.Union([Type.Number(), Type.Null()]),
    terms: Type.Object({
      accountVersion: Type.Integer(),
      tierVersion: Type.Integer(),
      from: Type.Union([Type.String(), Type.Null()]),
    }),
  },
  { description: 'A ticket SLA clock (docs/scenario-format.md, "Clock view")' },
)

export const AccountResolutionSchema = Type.Enum(
  ['account-id', 'organization', 'unchanged', 'unknown-account', 'unknown-organization', 'none'],
  {
    description:
      'How the ticket was mapped to an account: by `accountId`, by `organizationId`, kept from an earlier batch, or not (unknown account or organization of this tenant, or none given)',
  },
)

export const ClockOutcomeSchema = Type.Enum(
  ['computed', 'no-account', 'no-contract', 'incomplete'],
  {
    description:
      'Why the ticket has the clocks it has: replayed under its contract; no account; its account has no contract; its `created` event has not arrived yet',
  },
)

export const IngestResponseSchema = Type.Object({
  tickets: Type.Array(
    Type.Object({
      id: Type.Integer(),
      accountId: Type.Union([Type.String(), Type.Null()]),
      accountResolution: AccountResolutionSchema,
      storedEvents: Type.Integer({ description: 'Events stored by this request' }),
      duplicateEvents: Type.Integer({
        description: 'Events ignored because their key was already stored for the ticket',
      }),
      status: Type.String(),
      priority: Type.Union([Type.String(), Type.Null()]),
      clocks: ClockOutcomeSchema,
      note: Type.Optional(Type.String()),
      clockStates: Type.Array(ClockViewSchema),
    }),
  ),
  totals: Type.Object({
    tickets: Type.Integer(),
    storedEvents: Type.Integer(),
    duplicateEvents: Type.Integer(),
  }),
  recomputed: Type.Object({
    accounts: Type.Array(Type.String()),
    since: Type.Union([Type.String(), Type.Null()]),
  }),
})
