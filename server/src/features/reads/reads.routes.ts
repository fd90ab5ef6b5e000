import Type from 'typebox'
import { ACCOUNT_FLAGS, IdSchema } from '@sla-tracker/shared'
import type { App } from '../../app.js'
import { ErrorSchema } from '../../lib/http-schemas.js'
import { principalOf } from '../../plugins/auth.js'
import {
  ClockViewSchema,
  OrganizationIdSchema,
  TicketIdSchema,
} from '../tickets/tickets.schemas.js'
import { accountSla, portfolio, ticketSla } from './reads.service.js'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()])
const Str = Type.String()
const Risk = Type.Enum(['none', 'watch', 'at-risk', 'breached'])
const CreditViewSchema = Type.Unknown({
  description:
    'The credit computation (docs/scenario-format.md, "Credit result"): schedules, caps, total, claim deadline and the explanation in sentences',
})
const UptimeViewSchema = Type.Unknown({
  description: 'A commitment\'s uptime (docs/scenario-format.md, "Uptime")',
})
const TicketCountsSchema = Type.Unknown({
  description:
    'Tickets with a clock during the month: total, open, clocks by state, breaches in it',
})

const LiveClockSchema = Type.Object({
  ...ClockViewSchema.properties,
  dueInMinutes: Nullable(Type.Number()),
  overdueMinutes: Nullable(Type.Number()),
  risk: Risk,
  reason: Nullable(Str),
})

const MonthSummarySchema = Type.Object({
  month: Str,
  computedAt: Str,
  ageMinutes: Type.Integer(),
  stale: Type.Boolean(),
  staleReasons: Type.Array(Str),
  staleCodes: Type.Array(Type.Enum(['other-month', 'contracts-changed'])),
  tier: Nullable(Str),
  budgetStatus: Nullable(Str),
  flags: Type.Array(Str),
  uptime: Type.Array(
    Type.Object({
      commitmentId: Str,
      label: Nullable(Str),
      target: Str,
      applicable: Type.Boolean(),
      uptimePercent: Str,
      monthToDatePercent: Str,
      meetsTarget: Type.Boolean(),
      downtimeMinutes: Type.Number(),
      errorBudget: Type.Object({
        allowedMinutes: Type.Number(),
        usedMinutes: Type.Number(),
        remainingMinutes: Type.Number(),
        percentUsed: Str,
        status: Str,
      }),
    }),
  ),
  credit: CreditViewSchema,
})

const OutageSchema = Type.Object({
  kind: Type.Enum(['incident', 'maintenance']),
  id: Str,
  title: Nullable(Str),
  impact: Str,
  components: Type.Array(Str),
  start: Str,
  end: Nullable(Str),
  minutesSinceStart: Type.Integer(),
})

const TicketSlaSchema = Type.Object({
  asOf: Str,
  ticket: Nullable(
    Type.Object({
      id: Type.Integer(),
      subject: Nullable(Str),
      status: Str,
      priority: Nullable(Str),
      organizationId: Nullable(Type.Integer()),
      createdAt: Str,
      updatedAt: Str,
    }),
  ),
  account: Nullable(
    Type.Object({
      id: Str,
      name: Str,
      tier: Nullable(Str),
      organizationId: Nullable(Type.Integer()),
      timeZone: Str,
    }),
  ),
  clocksStatus: Type.Enum(['computed', 'no-account', 'no-contract', 'incomplete', 'no-ticket']),
  clocks: Type.Array(LiveClockSchema),
  risk: Type.Object({ level: Risk, reasons: Type.Array(Str) }),
  month: Nullable(MonthSummarySchema),
  outages: Type.Array(OutageSchema),
})

const AccountSlaSchema = Type.Object({
  asOf: Str,
  account: Type.Object({
    id: Str,
    name: Str,
    organizationId: Nullable(Type.Integer()),
    timeZone: Str,
    components: Type.Array(Str),
    regions: Type.Array(Str),
  }),
  contract: Nullable(
    Type.Object({
      tier: Str,
      accountVersion: Type.Integer({
        description: "0-based index of the account's contract version in force",
      }),
      tierVersion: Type.Integer({ description: '0-based index of the tier version in force' }),
      effectiveFrom: Nullable(Str),
      until: Nullable(Str),
      monthlyFee: Type.Object({ amountMinor: Type.Integer(), currency: Str }),
      componentFees: Type.Record(Str, Type.Integer()),
    }),
  ),
  months: Type.Array(
    Type.Object({
      month: Str,
      tier: Nullable(Str),
      budgetStatus: Nullable(Str),
      worstBudgetPercent: Nullable(Str),
      creditMinor: Type.Integer(),
      currency: Nullable(Str),
      flags: Type.Array(Str),
      uptime: Type.Array(UptimeViewSchema),
      credit: CreditViewSchema,
      tickets: TicketCountsSchema,
      computedAt: Str,
    }),
  ),
  credits: Type.Array(
    Type.Object({
      month: Str,
      totalMinor: Type.Integer(),
      automaticMinor: Type.Integer(),
      onRequestMinor: Type.Integer(),
      currency: Str,
      claimDeadline: Nullable(Str),
      claimLastDate: Nullable(Str),
    }),
  ),
  breaches: Type.Object({
    items: Type.Array(
      Type.Object({
        ticketId: Type.Integer(),
        subject: Nullable(Str),
        metric: Str,
        cycle: Type.Integer(),
        priority: Str,
        active: Type.Boolean(),
        breachedAt: Str,
        dueAt: Nullable(Str),
        stoppedAt: Nullable(Str),
      }),
    ),
    next: Nullable(Str),
  }),
})

const PortfolioSchema = Type.Object({
  asOf: Str,
  month: Nullable(Str),
  sort: Str,
  items: Type.Array(
    Type.Object({
      account: Type.Object({ id: Str, name: Str }),
      month: Str,
      tier: Nullable(Str),
      budgetStatus: Nullable(Str),
      worstBudgetPercent: Nullable(Str),
      creditMinor: Type.Integer(),
      currency: Nullable(Str),
      flags: Type.Array(Str),
      clocks: Type.Object({ breached: Type.Integer(), atRisk: Type.Integer() }),
      computedAt: Str,
    }),
  ),
  next: Nullable(Str),
  totals: Type.Object({
    tiers: Type.Array(
      Type.Object({
        tier: Nullable(Str),
        accounts: Type.Integer(),
        approaching: Type.Integer(),
        breached: Type.Integer(),
        withBreachedClocks: Type.Integer(),
        withClocksAtRisk: Type.Integer(),
        credit: Type.Record(Str, Type.Integer(), {
          description: 'Credit exposure in minor units, per currency',
        }),
      }),
    ),
    accountsWithoutState: Type.Integer(),
  }),
})

export function readRoutes(app: App): void {
  app.get(
    '/api/v1/tickets/:id/sla',
    {
      config: { auth: 'read' },
      schema: {
        tags: ['reads'],
        summary: 'The ticket sidebar: clocks live at the service clock, risk, the account month',
        description: [
          "Every clock of the ticket replayed at the service clock (live remaining time, warning level, time to breach), the breach risk with its reasons, the account's tier, its stored month-to-date uptime, error budget and credit exposure (with the calculation), and the incidents and maintenance running on its components.",
          'The month is the stored one: `stale` says when it is not the current month or contracts changed since it was computed.',
          "With `organizationId`, a ticket not synced yet answers with its organization's account (`clocksStatus: no-ticket`).",
        ].join('\n'),
        params: Type.Object({ id: TicketIdSchema }, { additionalProperties: false }),
        querystring: Type.Object(
          { organizationId: Type.Optional(OrganizationIdSchema) },
          { additionalProperties: false },
        ),
        response: { 200: TicketSlaSchema, '4xx': ErrorSchema },
      },
    },
    async (req) =>
      ticketSla(
        app.db,
        principalOf(req).tenantId,
        req.params.id,
        app.clock(),
        req.query.organizationId,
        app.sidebarCache,
      ),
  )

  app.get(
    '/api/v1/accounts/:id/sla',
    {
      config: { auth: 'read' },
      schema: {
        tags: ['reads'],
        summary: 'Account detail: contract in force, months (uptime, credits), breaches',
        params: Type.Object({ id: IdSchema }, { additionalProperties: false }),
        querystring: Type.Object(
          {
            months: Type.Optional(Type.Integer({ minimum: 1, maximum: 25 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            cursor: Type.Optional(Type.String({ maxLength: 300 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccountSlaSchema, '4xx': ErrorSchema },
      },
    },
    async (req) =>
      accountSla(app.db, principalOf(req).tenantId, req.params.id, app.clock(), req.query),
  )

  app.get(
    '/api/v1/portfolio',
    {
      config: { auth: 'read' },
      schema: {
        tags: ['reads'],
        summary:
          'Portfolio by tier: accounts by error budget, breached and at-risk clocks, credits',
        description:
          "One month per account (`month`, default each account's current month in its zone), filtered by `tier`, `flag` and `budget`, sorted by credit exposure, error-budget use or name, with totals per tier over every page.",
        querystring: Type.Object(
          {
            tier: Type.Optional(IdSchema),
            flag: Type.Optional(Type.Enum([...ACCOUNT_FLAGS])),
            budget: Type.Optional(Type.Enum(['ok', 'approaching', 'breached'])),
            month: Type.Optional(
              Type.String({
                pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
                errorMessage: 'must be a month YYYY-MM',
              }),
            ),
            sort: Type.Optional(Type.Enum(['credit', 'budget', 'name'])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            cursor: Type.Optional(Type.String({ maxLength: 300 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: PortfolioSchema, '4xx': ErrorSchema },
      },
    },
    async (req) =>
      portfolio(app.db, principalOf(req).tenantId, app.clock(), {
        ...req.query,
        sort: req.query.sort,
      }),
  )
}
