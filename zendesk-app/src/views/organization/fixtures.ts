/**
 * Test fixtures shaped like the service's answers for the organization sidebar, typed against the
 * read models. The service clock is 2026-11-23 10:00 UTC; the account is in Europe/Berlin.
 */
import type {
  AccountSla,
  AccountView,
  CalendarView,
  ContractProfile,
  TierView,
  UptimeView,
} from '@sla-tracker/shared'

export const AS_OF = '2026-11-23T10:00:00.000Z'

export function uptimeView(o: Partial<UptimeView> = {}): UptimeView {
  return {
    commitmentId: 'platform',
    label: 'Platform availability',
    target: '99.9',
    components: ['platform'],
    applicable: true,
    month: '2026-11',
    measuredFrom: '2026-10-31T23:00:00.000Z',
    measuredUntil: AS_OF,
    periodMs: 2_592_000_000,
    elapsedMs: 1_940_400_000,
    downtimeMs: 0,
    excludedMs: 0,
    uptimePercent: '100',
    monthToDatePercent: '100',
    meetsTarget: true,
    errorBudget: {
      allowedMs: 2_592_000,
      usedMs: 0,
      remainingMs: 2_592_000,
      percentUsed: '0',
      status: 'ok',
      approachingAtPercent: '80',
    },
    burnRates: [],
    fastBurn: false,
    contributions: [],
    method: 'continuous',
    downtimeMinutes: 0,
    allowedDowntimeMinutes: 43.2,
    ...o,
  }
}

/** Months newest first, as the service sends them: Nov 2026 (to date) back to May 2026. */
const FIGURES: [string, string, boolean][] = [
  ['2026-11', '99.8631', false],
  ['2026-10', '99.95', true],
  ['2026-09', '100', true],
  ['2026-08', '99.7', false],
  ['2026-07', '99.99', true],
  ['2026-06', '99.92', true],
  ['2026-05', '100', true],
]

export function accountSla(o: Partial<AccountSla> = {}): AccountSla {
  return {
    asOf: AS_OF,
    account: {
      id: 'acme',
      name: 'Acme GmbH',
      organizationId: 360000001,
      timeZone: 'Europe/Berlin',
      components: ['platform'],
      regions: ['eu'],
    },
    contract: {
      tier: 'gold',
      accountVersion: 0,
      tierVersion: 1,
      effectiveFrom: '2026-01-01T00:00:00.000+01:00',
      until: null,
      monthlyFee: { amountMinor: 500_000, currency: 'EUR' },
      componentFees: {},
    },
    months: FIGURES.map(([month, percent, meets]) => ({
      month,
      tier: 'gold',
      budgetStatus: meets ? 'ok' : 'breached',
      worstBudgetPercent: meets ? '10' : '130',
      creditMinor: meets ? 0 : 25_000,
      currency: 'EUR',
      flags: [],
      uptime: [
        uptimeView({
          month,
          uptimePercent: month === '2026-11' ? '99.8993' : percent,
          monthToDatePercent: percent,
          meetsTarget: meets,
        }),
      ],
      credit: null,
      tickets: {
        total: 10,
        open: 2,
        clocks: { running: 1, paused: 0, met: 8, breached: 1 },
        breachesInPeriod: 1,
      },
      computedAt: '2026-11-23T09:55:00.000Z',
    })),
    credits: [
      {
        month: '2026-11',
        totalMinor: 37_550,
        automaticMinor: 25_000,
        onRequestMinor: 12_550,
        currency: 'EUR',
        claimDeadline: '2027-01-01T00:00:00+01:00',
        claimLastDate: '2026-12-31',
      },
      {
        month: '2026-10',
        totalMinor: 0,
        automaticMinor: 0,
        onRequestMinor: 0,
        currency: 'EUR',
        claimDeadline: null,
        claimLastDate: null,
      },
    ],
    breaches: {
      items: [
        {
          ticketId: 4321,
          subject: 'Checkout fails',
          metric: 'firstResponse',
          cycle: 1,
          priority: 'critical',
          active: true,
          breachedAt: '2026-11-23T09:48:00.000Z',
          dueAt: '2026-11-23T09:48:00.000Z',
          stoppedAt: null,
        },
        {
          ticketId: 4100,
          subject: null,
          metric: 'resolution',
          cycle: 1,
          priority: 'high',
          active: false,
          breachedAt: '2026-11-10T12:00:00.000Z',
          dueAt: '2026-11-10T12:00:00.000Z',
          stoppedAt: '2026-11-10T15:30:00.000Z',
        },
      ],
      next: null,
    },
    ...o,
  }
}

export const GOLD_PROFILE: ContractProfile = {
  name: 'Gold',
  calendar: 'business-hours',
  priorities: [
    { id: 'critical', label: 'Critical', aliases: ['urgent'] },
    { id: 'normal', label: 'Normal' },
  ],
  defaultPriority: 'normal',
  targets: {
    firstResponse: {
      critical: { minutes: 60, basis: 'calendar' },
      normal: { minutes: 240, basis: 'business' },
    },
    resolution: { critical: { minutes: 480, basis: 'calendar' } },
  },
  uptime: {
    commitments: [
      { id: 'platform', label: 'Platform availability', components: ['platform'], target: '99.9' },
    ],
  },
  credits: {
    schedules: [
      {
        id: 'platform',
        label: 'Platform availability',
        kind: 'uptime-bands',
        commitment: 'platform',
        bands: [
          { below: '99.9', atLeast: '99', credit: { percent: '10' } },
          { below: '99', credit: { percent: '25' } },
        ],
      },
      {
        id: 'support',
        label: 'Support response delay',
        kind: 'per-hour-delay',
        metrics: ['firstResponse'],
        credit: { percent: '2' },
        basis: 'calendar',
        partialHour: 'prorate',
        cap: { percent: '25' },
        claim: 'on-request',
      },
    ],
    claimWindowDays: 30,
  },
}

const STAMP = '2026-01-05T10:00:00.000Z'

export const GOLD_TIER: TierView = {
  id: 'gold',
  name: 'Gold',
  revision: 2,
  createdAt: STAMP,
  updatedAt: STAMP,
  versions: [
    {
      version: 1,
      effectiveFrom: null,
      createdAt: STAMP,
      profile: {
        ...GOLD_PROFILE,
        targets: { firstResponse: { critical: { minutes: 120, basis: 'calendar' } } },
      },
    },
    { version: 2, effectiveFrom: '2026-06-01', createdAt: STAMP, profile: GOLD_PROFILE },
  ],
}

export const BUSINESS_HOURS: CalendarView = {
  id: 'business-hours',
  name: 'Business hours',
  revision: 1,
  createdAt: STAMP,
  updatedAt: STAMP,
  versions: [
    {
      version: 1,
      effectiveFrom: null,
      createdAt: STAMP,
      definition: {
        hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }],
      },
    },
  ],
}

export const ACME: AccountView = {
  id: 'acme',
  name: 'Acme GmbH',
  timeZone: 'Europe/Berlin',
  organizationId: 360000001,
  components: ['platform'],
  regions: ['eu'],
  csm: null,
  renewalDate: null,
  revision: 1,
  createdAt: STAMP,
  updatedAt: STAMP,
  currentTier: 'gold',
  contracts: [
    {
      version: 1,
      effectiveFrom: '2026-01-01T00:00:00.000+01:00',
      tier: 'gold',
      monthlyFee: { amountMinor: 500_000, currency: 'EUR' },
      componentFees: {},
      overrides: null,
    },
  ],
}
