import { describe, expect, it } from 'vitest'
import {
  AMBER_WITHIN_MS,
  budgetUse,
  businessRemainingMs,
  clockTestId,
  clockTone,
  countdownText,
  nextDueAfter,
  nextUpdate,
  organizationIdOf,
  overdueMs,
  riskReasons,
  serviceNow,
  sortClocks,
  staleReasons,
  ticketIdOf,
  wallRemainingMs,
  warningEmphasis,
} from './ticket-view-model.js'
import { at, AS_OF, clock } from './fixtures.js'

const NOW = Date.parse(AS_OF)
const long = (ms: number) => `long(${ms})`

describe('clock tone', () => {
  const dueIn = (ms: number) => clock({ dueAt: new Date(NOW + ms).toISOString() })

  it('is amber at exactly 15 minutes of clock time left', () => {
    expect(AMBER_WITHIN_MS).toBe(900_000)
    expect(clockTone(dueIn(900_000), NOW)).toBe('amber')
  })

  it('is green at 15 minutes and 1 second left', () => {
    expect(clockTone(dueIn(901_000), NOW)).toBe('green')
  })

  it('stays amber down to the last second and turns red once the due instant is reached', () => {
    expect(clockTone(dueIn(1_000), NOW)).toBe('amber')
    expect(clockTone(dueIn(0), NOW)).toBe('red')
    expect(clockTone(dueIn(-60_000), NOW)).toBe('red')
  })

  it('is red for a breached clock, running or stopped late', () => {
    expect(clockTone(clock({ state: 'breached', breachedAt: at(-3) }), NOW)).toBe('red')
    expect(
      clockTone(
        clock({ state: 'breached', active: false, breachedAt: at(-30), stoppedAt: at(-2) }),
        NOW,
      ),
    ).toBe('red')
  })

  it('is neutral for a paused clock (it does not count down), green for a met one', () => {
    expect(clockTone(clock({ state: 'paused', dueAt: null }), NOW)).toBe('neutral')
    expect(clockTone(clock({ state: 'met', active: false, stoppedAt: at(-5) }), NOW)).toBe('green')
  })

  it('follows the live instant: a clock 20 minutes from due is amber 5 minutes later', () => {
    const c = dueIn(20 * 60_000)
    expect(clockTone(c, NOW)).toBe('green')
    expect(clockTone(c, NOW + 5 * 60_000)).toBe('amber')
  })
})

describe('remaining and overdue time', () => {
  it('counts clock time to the due instant of running clocks only', () => {
    expect(wallRemainingMs(clock({ dueAt: at(90) }), NOW)).toBe(5_400_000)
    expect(wallRemainingMs(clock({ state: 'paused', dueAt: null }), NOW)).toBeNull()
    expect(wallRemainingMs(clock({ state: 'met', active: false }), NOW)).toBeNull()
  })

  it('counts overdue time from the breach, or from the due instant the service has not judged yet', () => {
    expect(overdueMs(clock({ state: 'breached', breachedAt: at(-12) }), NOW)).toBe(720_000)
    expect(overdueMs(clock({ dueAt: at(-2) }), NOW)).toBe(120_000)
    expect(overdueMs(clock({ dueAt: at(2) }), NOW)).toBeNull()
    // Stopped after the breach: no longer counting.
    expect(
      overdueMs(
        clock({ state: 'breached', active: false, breachedAt: at(-12), stoppedAt: at(-1) }),
        NOW,
      ),
    ).toBeNull()
  })

  it('gives business time left as target minus elapsed business time, null for calendar time', () => {
    expect(businessRemainingMs(clock({ targetMinutes: 240, elapsedMinutes: 100.5 }))).toBe(
      8_370_000,
    )
    expect(businessRemainingMs(clock({ targetMinutes: 60, elapsedMinutes: 75 }))).toBe(-900_000)
    expect(businessRemainingMs(clock({ basis: 'calendar' }))).toBeNull()
  })

  it('carries the service clock forward from asOf, ignoring the browser clock offset', () => {
    // Received at browser time 1000 (whatever the browser thinks), 2.5 s ago.
    expect(serviceNow(AS_OF, 1_000, 3_500)).toBe(NOW + 2_500)
    expect(serviceNow(AS_OF, 5_000, 4_000)).toBe(NOW)
  })
})

describe('countdown text', () => {
  it('shows H:MM:SS under 48 hours', () => {
    expect(countdownText(900_000, long)).toBe('0:15:00')
    expect(countdownText(899_001, long)).toBe('0:14:59')
    expect(countdownText(3 * 3600_000 + 5 * 60_000 + 9_000, long)).toBe('3:05:09')
    expect(countdownText(48 * 3600_000 - 1_000, long)).toBe('47:59:59')
  })

  it('drops the sign and uses the long form from 48 hours', () => {
    expect(countdownText(-61_000, long)).toBe('0:01:01')
    expect(countdownText(48 * 3600_000, long)).toBe(`long(${48 * 3600_000})`)
  })
})

describe('risk reasons', () => {
  it('lists breached clocks first, then the soonest due, with their numbers', () => {
    const clocks = [
      clock({
        metric: 'resolution',
        dueAt: at(50),
        percentUsed: 79.6,
        risk: 'watch',
        warningLevel: 1,
      }),
      clock({
        metric: 'firstResponse',
        dueAt: at(10),
        percentUsed: 83.3,
        risk: 'at-risk',
        warningLevel: 2,
      }),
      clock({
        metric: 'nextResponse',
        cycle: 2,
        state: 'breached',
        dueAt: at(-7),
        breachedAt: at(-7),
        risk: 'breached',
      }),
      clock({ metric: 'periodicUpdate', risk: 'none' }),
    ]
    expect(riskReasons(clocks, NOW)).toEqual([
      { kind: 'breached', metric: 'nextResponse', cycle: 2, agoMs: 420_000, due: at(-7) },
      { kind: 'due', metric: 'firstResponse', cycle: 1, leftMs: 600_000, percent: 83 },
      { kind: 'due', metric: 'resolution', cycle: 1, leftMs: 3_000_000, percent: 80 },
    ])
  })

  it('says a paused clock at risk is paused, and a clock past due before the service noticed is overdue', () => {
    const clocks = [
      clock({ state: 'paused', dueAt: null, percentUsed: 76, risk: 'at-risk' }),
      clock({ metric: 'resolution', dueAt: at(-1), risk: 'at-risk' }),
    ]
    expect(riskReasons(clocks, NOW)).toEqual([
      { kind: 'overdue', metric: 'resolution', cycle: 1, agoMs: 60_000 },
      { kind: 'paused', metric: 'firstResponse', cycle: 1, percent: 76 },
    ])
  })
})

describe('next customer update', () => {
  it('is the latest periodic-update cycle still counting', () => {
    const clocks = [
      clock({ metric: 'periodicUpdate', cycle: 1, state: 'met', active: false, dueAt: at(-100) }),
      clock({ metric: 'periodicUpdate', cycle: 2, dueAt: at(25) }),
      clock({ metric: 'firstResponse', dueAt: at(5) }),
    ]
    expect(nextUpdate(clocks, NOW)).toEqual({ kind: 'due', dueAt: at(25), leftMs: 1_500_000 })
  })

  it('is overdue after a breach, paused while paused, and none without a periodic-update clock', () => {
    expect(
      nextUpdate(
        [clock({ metric: 'periodicUpdate', state: 'breached', breachedAt: at(-20) })],
        NOW,
      ),
    ).toEqual({ kind: 'overdue', since: at(-20), agoMs: 1_200_000 })
    expect(
      nextUpdate([clock({ metric: 'periodicUpdate', state: 'paused', dueAt: null })], NOW),
    ).toEqual({
      kind: 'paused',
    })
    expect(nextUpdate([clock()], NOW)).toEqual({ kind: 'none' })
    expect(
      nextUpdate([clock({ metric: 'periodicUpdate', state: 'met', active: false })], NOW),
    ).toEqual({ kind: 'none' })
  })
})

describe('helpers', () => {
  it('names clock test ids by metric, with the cycle from the second one', () => {
    expect(clockTestId({ metric: 'firstResponse', cycle: 1 })).toBe('clock-firstResponse')
    expect(clockTestId({ metric: 'nextResponse', cycle: 2 })).toBe('clock-nextResponse-2')
  })

  it('puts counting clocks first, then metric order, latest cycle first', () => {
    const sorted = sortClocks([
      clock({ metric: 'nextResponse', cycle: 1, state: 'met', active: false }),
      clock({ metric: 'resolution' }),
      clock({ metric: 'nextResponse', cycle: 2 }),
      clock({ metric: 'firstResponse', state: 'met', active: false }),
    ])
    expect(sorted.map((c) => clockTestId(c))).toEqual([
      'clock-nextResponse-2',
      'clock-resolution',
      'clock-firstResponse',
      'clock-nextResponse',
    ])
  })

  it('maps warning levels to outline emphasis, only on clocks still counting', () => {
    expect(warningEmphasis({ active: true, warningLevel: 0 })).toBe(0)
    expect(warningEmphasis({ active: true, warningLevel: 1 })).toBe(1)
    expect(warningEmphasis({ active: true, warningLevel: 3 })).toBe(2)
    expect(warningEmphasis({ active: false, warningLevel: 3 })).toBe(0)
  })

  it('finds the next due instant after now', () => {
    expect(
      nextDueAfter(
        [clock({ dueAt: at(30) }), clock({ dueAt: at(5) }), clock({ dueAt: at(-1) })],
        NOW,
      ),
    ).toBe(NOW + 300_000)
    expect(nextDueAfter([clock({ state: 'paused', dueAt: null })], NOW)).toBeNull()
  })

  it('words why a month is stale from the service’s codes, never passing the English text through', () => {
    expect(
      staleReasons({
        month: '2026-10',
        stale: true,
        staleCodes: ['other-month', 'contracts-changed'],
      }),
    ).toEqual([{ kind: 'other-month', month: '2026-10' }, { kind: 'contracts-changed' }])
    expect(staleReasons({ month: '2026-11', stale: true, staleCodes: [] })).toEqual([
      { kind: 'unknown' },
    ])
    expect(staleReasons({ month: '2026-11', stale: false, staleCodes: [] })).toEqual([])
  })

  it('gives error-budget use as an exact percent and a bar clamped to 0–100', () => {
    expect(budgetUse(12, 43.2)).toEqual({ bar: 27.8, percent: 27.8 })
    expect(budgetUse(60, 43.2)).toEqual({ bar: 100, percent: 138.9 })
    expect(budgetUse(0, 0)).toEqual({ bar: 0, percent: 0 })
    expect(budgetUse(1, 0)).toEqual({ bar: 100, percent: 100 })
  })

  it('reads ZAF ticket ids and organizations in their several shapes', () => {
    expect(ticketIdOf(4321)).toBe(4321)
    expect(ticketIdOf('4321')).toBe(4321)
    expect(ticketIdOf(null)).toBeNull()
    expect(ticketIdOf(undefined)).toBeNull()
    expect(organizationIdOf({ id: 360000001, name: 'Acme' })).toBe(360000001)
    expect(organizationIdOf(360000001)).toBe(360000001)
    expect(organizationIdOf(null)).toBeUndefined()
    expect(organizationIdOf({ name: 'no id' })).toBeUndefined()
  })
})
