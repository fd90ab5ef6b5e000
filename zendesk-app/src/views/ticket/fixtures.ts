/**
 * Test fixtures shaped like the service's answers (`GET /api/v1/tickets/{id}/sla`), typed so a
 * change of the read model breaks them. Instants are around 2026-11-23 10:00 UTC (a Monday).
 */
import type {
  CreditView,
  LiveClock,
  MonthSummary,
  OutageView,
  TicketSla,
} from '@sla-tracker/shared'

export const AS_OF = '2026-11-23T10:00:00.000Z'
const AS_OF_MS = Date.parse(AS_OF)

/** An instant `minutes` after AS_OF (negative: before), with milliseconds. */
export function at(minutes: number, extraMs = 0): string {
  return new Date(AS_OF_MS + minutes * 60_000 + extraMs).toISOString()
}

export function clock(o: Partial<LiveClock> = {}): LiveClock {
  return {
    metric: 'firstResponse',
    cycle: 1,
    state: 'running',
    active: true,
    priority: 'high',
    basis: 'business',
    targetMinutes: 240,
    afterHours: false,
    startedAt: at(-60),
    stoppedAt: null,
    stoppedBy: null,
    elapsedMinutes: 60,
    elapsedCalendarMinutes: 60,
    remainingMinutes: 180,
    dueAt: at(180),
    breachedAt: null,
    percentUsed: 25,
    warningLevel: 0,
    warningThreshold: null,
    terms: { accountVersion: 0, tierVersion: 0, from: null },
    dueInMinutes: 180,
    overdueMinutes: null,
    risk: 'none',
    reason: null,
    ...o,
  }
}

export function credit(o: Partial<CreditView> = {}): CreditView {
  return {
    accountId: 'acme',
    month: '2026-11',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    rounding: 'half-up',
    monthlyFeeMinor: 500_000,
    schedules: [],
    subtotalMinor: 37_550,
    overallCapMinor: null,
    cappedByOverall: false,
    minimum: null,
    totalMinor: 37_550,
    automaticMinor: 25_000,
    onRequestMinor: 12_550,
    claimWindowDays: 30,
    claimDeadline: '2027-01-01T00:00:00+01:00',
    claimDeadlineText: '2027-01-01T00:00:00+01:00',
    claimLastDate: '2026-12-31',
    explanation: [],
    ...o,
  }
}

export function month(o: Partial<MonthSummary> = {}): MonthSummary {
  return {
    month: '2026-11',
    computedAt: at(-5),
    ageMinutes: 5,
    stale: false,
    staleReasons: [],
    staleCodes: [],
    tier: 'gold',
    budgetStatus: 'approaching',
    flags: [],
    uptime: [
      {
        commitmentId: 'platform',
        label: 'Platform availability',
        target: '99.9',
        applicable: true,
        uptimePercent: '99.8993',
        monthToDatePercent: '99.8631',
        meetsTarget: false,
        downtimeMinutes: 43.5,
        errorBudget: {
          allowedMinutes: 43.2,
          usedMinutes: 43.5,
          remainingMinutes: -0.3,
          percentUsed: '100.69',
          status: 'breached',
        },
      },
      {
        commitmentId: 'api',
        label: 'API availability',
        target: '99.95',
        applicable: true,
        uptimePercent: '99.9907',
        monthToDatePercent: '99.9875',
        meetsTarget: true,
        downtimeMinutes: 4,
        errorBudget: {
          allowedMinutes: 21.6,
          usedMinutes: 4,
          remainingMinutes: 17.6,
          percentUsed: '18.51',
          status: 'ok',
        },
      },
    ],
    credit: credit(),
    ...o,
  }
}

export const OUTAGE: OutageView = {
  kind: 'incident',
  id: 'inc-42',
  title: 'API errors in EU',
  impact: 'major',
  components: ['api'],
  start: at(-45),
  end: null,
  minutesSinceStart: 45,
}

export function ticketSla(o: Partial<TicketSla> = {}): TicketSla {
  return {
    asOf: AS_OF,
    ticket: {
      id: 4321,
      subject: 'Checkout fails',
      status: 'open',
      priority: 'high',
      organizationId: 360000001,
      createdAt: at(-60),
      updatedAt: at(-10),
    },
    account: {
      id: 'acme',
      name: 'Acme GmbH',
      tier: 'gold',
      organizationId: 360000001,
      timeZone: 'Europe/Berlin',
    },
    clocksStatus: 'computed',
    clocks: [clock()],
    risk: { level: 'none', reasons: [] },
    month: month(),
    outages: [],
    ...o,
  }
}
