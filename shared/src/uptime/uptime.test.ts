import { describe, expect, it } from 'vitest'
import type { ContractProfile, UptimeTerms } from '../contract/profile.schema.js'
import { monthPeriod } from '../time/period.js'
import { BASE_PROFILE, resolvedContract } from '../test-support/contract-fixtures.js'
import type { Incident, Maintenance } from './incident.js'
import { computeAccountUptime, type UptimeInput } from './uptime.js'

const t = (iso: string) => Date.parse(iso)
const MIN = 60_000

function profileWith(uptime: Partial<UptimeTerms> = {}): ContractProfile {
  return {
    ...BASE_PROFILE,
    uptime: {
      commitments: [{ id: 'platform', components: ['platform'], target: '99.9' }],
      ...uptime,
    },
  }
}

function incident(
  id: string,
  start: string,
  minutes: number,
  extra: Partial<Incident> = {},
): Incident {
  return {
    id,
    components: ['platform'],
    impact: 'major',
    start: t(start),
    end: t(start) + minutes * MIN,
    ...extra,
  }
}

function run(opts: {
  profile?: ContractProfile
  month?: string
  zone?: string
  now?: string
  incidents?: Incident[]
  maintenance?: Maintenance[]
  components?: string[]
  regions?: string[]
  accountId?: string
}) {
  const zone = opts.zone ?? 'UTC'
  const period = monthPeriod(opts.month ?? '2026-04', zone)
  const input: UptimeInput = {
    accountId: opts.accountId ?? 'acme',
    components: opts.components ?? ['platform', 'api'],
    regions: opts.regions,
    contract: resolvedContract(opts.profile ?? profileWith(), { timeZone: zone }),
    period,
    now: opts.now ? t(opts.now) : period.end,
    incidents: opts.incidents ?? [],
    maintenance: opts.maintenance ?? [],
  }
  const r = computeAccountUptime(input)
  return { ...r, platform: r.commitments[0]! }
}

describe('monthly uptime and error budget', () => {
  it('60 downtime minutes in a 30-day month is 99.86%', () => {
    const { platform } = run({ incidents: [incident('i1', '2026-04-10T10:00:00Z', 60)] })
    expect(platform.periodMs).toBe(30 * 24 * 60 * MIN)
    expect(platform.downtimeMs).toBe(60 * MIN)
    // (43,200 − 60) / 43,200 = 99.861111…%
    expect(platform.uptimePercent).toBe('99.8611')
    expect(platform.meetsTarget).toBe(false)
    // 0.1% of 43,200 minutes = 43.2 minutes = 2,592,000 ms
    expect(platform.errorBudget.allowedMs).toBe(2_592_000)
    expect(platform.errorBudget.remainingMs).toBe(2_592_000 - 3_600_000)
    expect(platform.errorBudget.status).toBe('breached')
  })

  it('99.9%, 30-day month, 35 minutes down by day 12 is 81% of the budget: approaching', () => {
    const { platform } = run({
      now: '2026-04-12T12:00:00Z',
      incidents: [incident('i1', '2026-04-03T08:00:00Z', 35)],
    })
    // 35 / 43.2 = 81.018…%
    expect(platform.errorBudget.percentUsed).toBe('81.01')
    expect(platform.errorBudget.status).toBe('approaching')
    expect(platform.meetsTarget).toBe(true)
    expect(platform.elapsedMs).toBe((11 * 24 + 12) * 60 * MIN)
  })

  it('allows 44.64 minutes at 99.9% in a 31-day month', () => {
    const { platform } = run({ month: '2026-05' })
    expect(platform.errorBudget.allowedMs).toBe(2_678_400)
    expect(platform.uptimePercent).toBe('100.0000')
    expect(platform.errorBudget.status).toBe('ok')
  })

  it('measures the month in the contract zone, one hour short across spring-forward', () => {
    const { platform } = run({ month: '2026-03', zone: 'America/New_York' })
    expect(platform.measuredFrom).toBe(t('2026-03-01T05:00:00Z'))
    expect(platform.periodMs).toBe((31 * 24 - 1) * 60 * MIN)
    expect(platform.errorBudget.allowedMs).toBe(2_674_800)
  })

  it('counts an ongoing incident up to now and uses month-to-date figures', () => {
    const { platform } = run({
      now: '2026-04-02T00:00:00Z',
      incidents: [{ ...incident('i1', '2026-04-01T23:00:00Z', 0), end: null }],
    })
    expect(platform.downtimeMs).toBe(60 * MIN)
    // 60 of 1,440 elapsed minutes down: 95.8333…%
    expect(platform.monthToDatePercent).toBe('95.8333')
  })

  it('does not double-count overlapping incidents and takes the heavier weight', () => {
    const { platform } = run({
      profile: profileWith({ downtime: { impactWeights: { partial: '50' } } }),
      incidents: [
        incident('major', '2026-04-10T10:00:00Z', 30),
        incident('partial', '2026-04-10T10:20:00Z', 40, { impact: 'partial' }),
      ],
    })
    // 10:00–10:30 major (30 min) + 10:30–11:00 partial at 50% (15 min) = 45 min
    expect(platform.downtimeMs).toBe(45 * MIN)
  })

  it('ignores degraded service by default and components or regions the account does not use', () => {
    const { platform } = run({
      regions: ['us'],
      incidents: [
        incident('slow', '2026-04-10T10:00:00Z', 30, { impact: 'degraded' }),
        incident('eu-only', '2026-04-11T10:00:00Z', 30, { regions: ['eu'] }),
        incident('billing', '2026-04-12T10:00:00Z', 30, { components: ['billing'] }),
      ],
    })
    expect(platform.downtimeMs).toBe(0)
  })

  it('reports a commitment the account does not use as not applicable', () => {
    const r = run({ components: ['api'] })
    expect(r.platform.applicable).toBe(false)
    expect(r.facts).toHaveLength(0)
  })
})

describe('exclusions', () => {
  it('excludes force-majeure, and customer-caused only for the customer who caused it', () => {
    const incidents = [
      incident('storm', '2026-04-10T10:00:00Z', 30, { exclusion: 'force-majeure' }),
      incident('misconfig', '2026-04-11T10:00:00Z', 20, {
        exclusion: 'customer-caused',
        excludedFor: ['other'],
      }),
    ]
    const { platform } = run({ incidents })
    expect(platform.downtimeMs).toBe(20 * MIN)
    expect(platform.excludedMs).toBe(30 * MIN)
    expect(platform.contributions.find((c) => c.id === 'misconfig')!.notes[0]).toMatch(
      /not for this account/,
    )
    const causer = run({ incidents, accountId: 'other' })
    expect(causer.platform.downtimeMs).toBe(0)
  })

  it('does not count downtime inside time taken out of the period', () => {
    const { platform } = run({
      profile: profileWith({ excludedTime: 'removed-from-period' }),
      incidents: [
        incident('storm', '2026-04-10T10:00:00Z', 60, { exclusion: 'force-majeure' }),
        incident('outage', '2026-04-10T10:30:00Z', 60),
      ],
    })
    // The outage's first 30 minutes fall in the excluded hour, which leaves the period.
    expect(platform.periodMs).toBe((30 * 24 * 60 - 60) * MIN)
    expect(platform.downtimeMs).toBe(30 * MIN)
  })

  it('counts a flagged incident the contract does not exclude', () => {
    const { platform } = run({
      profile: profileWith({ exclusions: ['force-majeure'] }),
      incidents: [incident('cloud', '2026-04-10T10:00:00Z', 30, { exclusion: 'third-party' })],
    })
    expect(platform.downtimeMs).toBe(30 * MIN)
    expect(platform.contributions[0]!.notes[0]).toMatch(/does not exclude third-party/)
  })
})

describe('planned maintenance: Saturday 02:00–06:00 UTC, 72 h notice, at most 4 h a month', () => {
  const profile = profileWith({
    maintenance: {
      windows: [{ days: ['sat'], start: '02:00', end: '06:00', timeZone: 'UTC' }],
      noticeMinutes: 72 * 60,
      monthlyAllowanceMinutes: 240,
    },
  })
  const m = (
    id: string,
    start: string,
    minutes: number,
    announcedHoursBefore: number | null,
    extra: Partial<Maintenance> = {},
  ): Maintenance => ({
    id,
    components: ['platform'],
    start: t(start),
    end: t(start) + minutes * MIN,
    announcedAt: announcedHoursBefore === null ? null : t(start) - announcedHoursBefore * 60 * MIN,
    ...extra,
  })

  it('excludes announced maintenance inside the window', () => {
    const { platform } = run({ profile, maintenance: [m('m1', '2026-04-04T02:00:00Z', 120, 80)] })
    expect(platform.downtimeMs).toBe(0)
    expect(platform.excludedMs).toBe(120 * MIN)
  })

  it('counts maintenance announced with too little notice, unannounced or emergency', () => {
    expect(
      run({ profile, maintenance: [m('m1', '2026-04-04T02:00:00Z', 120, 48)] }).platform.downtimeMs,
    ).toBe(120 * MIN)
    expect(
      run({ profile, maintenance: [m('m1', '2026-04-04T02:00:00Z', 120, null)] }).platform
        .downtimeMs,
    ).toBe(120 * MIN)
    expect(
      run({ profile, maintenance: [m('m1', '2026-04-04T02:00:00Z', 30, 100, { emergency: true })] })
        .platform.downtimeMs,
    ).toBe(30 * MIN)
  })

  it('counts the part outside the window', () => {
    const { platform } = run({ profile, maintenance: [m('m1', '2026-04-04T05:00:00Z', 120, 96)] })
    // 05:00–06:00 excluded, 06:00–07:00 counted
    expect(platform.downtimeMs).toBe(60 * MIN)
    expect(platform.contributions[0]!.notes.join(' ')).toMatch(
      /60 min outside the maintenance window/,
    )
  })

  it('counts what exceeds the monthly allowance, in time order', () => {
    const { platform } = run({
      profile,
      maintenance: [
        m('m2', '2026-04-11T02:00:00Z', 180, 100),
        m('m1', '2026-04-04T02:00:00Z', 180, 100),
      ],
    })
    // 180 + 180 = 360 min inside windows; 240 excluded (all of m1, 60 min of m2); 120 counted
    expect(platform.downtimeMs).toBe(120 * MIN)
    const m2 = platform.contributions.find((c) => c.id === 'm2')!
    expect(m2.excludedMs).toBe(60 * MIN)
    expect(m2.notes.join(' ')).toMatch(/120 min beyond the monthly allowance of 240 min/)
  })

  it('masks an outage during excluded maintenance', () => {
    const { platform } = run({
      profile,
      maintenance: [m('m1', '2026-04-04T02:00:00Z', 120, 100)],
      incidents: [incident('i1', '2026-04-04T03:00:00Z', 120)],
    })
    // The incident runs 03:00–05:00; 03:00–04:00 falls in the excluded maintenance.
    expect(platform.downtimeMs).toBe(60 * MIN)
  })

  it('can take excluded time out of the period instead of counting it as uptime', () => {
    const { platform } = run({
      profile: { ...profile, uptime: { ...profile.uptime!, excludedTime: 'removed-from-period' } },
      maintenance: [m('m1', '2026-04-04T02:00:00Z', 120, 100)],
    })
    expect(platform.periodMs).toBe((30 * 24 * 60 - 120) * MIN)
  })

  it('counts all maintenance as downtime when the contract has no maintenance terms', () => {
    expect(
      run({ maintenance: [m('m1', '2026-04-04T02:00:00Z', 120, 100)] }).platform.downtimeMs,
    ).toBe(120 * MIN)
  })
})

describe('downtime definitions', () => {
  it('counts only outages of at least 10 consecutive minutes (Google-style)', () => {
    const { platform } = run({
      profile: profileWith({ downtime: { minConsecutiveMinutes: 10 } }),
      incidents: [
        incident('short', '2026-04-10T10:00:00Z', 5),
        incident('long', '2026-04-11T10:00:00Z', 12),
        // Two touching 6-minute incidents form one 12-minute outage.
        incident('a', '2026-04-12T10:00:00Z', 6),
        incident('b', '2026-04-12T10:06:00Z', 6),
      ],
    })
    expect(platform.downtimeMs).toBe(24 * MIN)
    expect(platform.method).toMatch(/5 min dropped/)
  })

  it('counts whole 5-minute slots when any part is down', () => {
    const { platform } = run({
      profile: profileWith({ downtime: { method: 'slots', slotMinutes: 5 } }),
      incidents: [
        incident('inside-one', '2026-04-10T12:01:00Z', 2),
        incident('straddles-two', '2026-04-10T13:04:00Z', 2),
      ],
    })
    expect(platform.downtimeMs).toBe(15 * MIN)
  })

  it('counts a slot only when the error rate reaches the threshold', () => {
    const { platform } = run({
      profile: profileWith({
        downtime: {
          method: 'slots',
          slotMinutes: 5,
          slotRule: 'error-rate',
          errorRateThreshold: '5',
        },
      }),
      incidents: [
        incident('low', '2026-04-10T12:00:00Z', 10, {
          impact: 'partial',
          errorRatePercent: { n: 3n, d: 1n },
        }),
        incident('high', '2026-04-11T12:00:00Z', 10, {
          impact: 'partial',
          errorRatePercent: { n: 10n, d: 1n },
        }),
        incident('major', '2026-04-12T12:00:00Z', 3),
      ],
    })
    // high: two slots; major (counts as 100%): one slot
    expect(platform.downtimeMs).toBe(15 * MIN)
  })
})

describe('burn rate and impacted days', () => {
  it('reports a fast burn when half of the last hour was down at 99.9%', () => {
    const { platform } = run({
      now: '2026-04-10T11:00:00Z',
      incidents: [incident('i1', '2026-04-10T10:30:00Z', 30)],
    })
    // (30 / 60) / 0.001 = 500× the sustainable pace
    expect(platform.burnRates.find((b) => b.windowMinutes === 60)!.rate).toBe(500)
    expect(platform.fastBurn).toBe(true)
  })

  it('lists each impacted day in the contract zone once per component and impact', () => {
    const r = run({
      zone: 'America/New_York',
      incidents: [
        // 03:30Z on 10 April is 23:30 EDT on 9 April; the incident runs into 10 April local.
        incident('i1', '2026-04-10T03:30:00Z', 60, {
          components: ['platform', 'api'],
          impact: 'partial',
        }),
        incident('fm', '2026-04-12T10:00:00Z', 60, { exclusion: 'force-majeure' }),
      ],
    })
    expect(r.impactedDays).toEqual([
      { date: '2026-04-09', component: 'platform', impact: 'partial' },
      { date: '2026-04-09', component: 'api', impact: 'partial' },
      { date: '2026-04-10', component: 'platform', impact: 'partial' },
      { date: '2026-04-10', component: 'api', impact: 'partial' },
    ])
  })
})
