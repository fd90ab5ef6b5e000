import { describe, expect, it } from 'vitest'
import type { CalendarView } from '@sla-tracker/shared'
import {
  applyOverrides,
  barFraction,
  businessHoursText,
  calendarInForce,
  chartFloor,
  dayRanges,
  monthOf,
  profileInForce,
  targetLines,
  uptimeSeries,
  weekdayNames,
} from './organization-view-model.js'
import { accountSla, AS_OF, BUSINESS_HOURS, GOLD_PROFILE, GOLD_TIER } from './fixtures.js'

describe('the contract in force', () => {
  it('takes the tier version the service names (an index, oldest first)', () => {
    expect(profileInForce(GOLD_TIER, 1, null)).toBe(GOLD_PROFILE)
    expect(profileInForce(GOLD_TIER, 0, null)?.targets.firstResponse?.critical?.minutes).toBe(120)
  })

  it("applies the account's overrides by the registry's merge rules", () => {
    const merged = profileInForce(GOLD_TIER, 1, {
      targets: { firstResponse: { critical: { minutes: 30, basis: 'calendar' } } },
      credits: null,
    })
    expect(merged?.targets.firstResponse?.critical?.minutes).toBe(30)
    expect(merged?.targets.firstResponse?.normal?.minutes).toBe(240)
    expect(merged?.targets.resolution).toEqual(GOLD_PROFILE.targets.resolution)
    expect(merged?.credits).toBeUndefined()
    expect(applyOverrides({ a: [1, 2] }, { a: [9] })).toEqual({ a: [9] })
  })

  it('picks the calendar version that has started', () => {
    const cal: CalendarView = {
      ...BUSINESS_HOURS,
      versions: [
        { version: 1, effectiveFrom: null, createdAt: AS_OF, definition: { hours: '24x7' } },
        {
          version: 2,
          effectiveFrom: '2026-12-01',
          createdAt: AS_OF,
          definition: { hours: [{ days: ['mon'], start: '09:00', end: '17:00' }] },
        },
      ],
    }
    expect(calendarInForce(cal, Date.parse(AS_OF))).toEqual({ hours: '24x7' })
    expect(calendarInForce(cal, Date.parse('2026-12-02T00:00:00Z'))?.hours).not.toBe('24x7')
  })

  it('words business hours with day ranges, in the agent language', () => {
    const en = weekdayNames('en')
    expect(dayRanges(['mon', 'tue', 'wed', 'thu', 'fri'], en)).toBe('Mon–Fri')
    expect(dayRanges(['sat', 'mon', 'tue', 'sun'], en)).toBe('Mon, Tue, Sat, Sun')
    expect(dayRanges(['mon', 'wed', 'thu', 'fri', 'sun'], en)).toBe('Mon, Wed–Fri, Sun')
    expect(
      businessHoursText(
        {
          hours: [
            { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '06:00', end: '22:00' },
            { days: ['sat'], start: '09:00', end: '17:00' },
          ],
        },
        'en',
      ),
    ).toBe('Mon–Fri 06:00–22:00, Sat 09:00–17:00')
    expect(businessHoursText({ hours: '24x7' }, 'en')).toBeNull()
    expect(dayRanges(['mon', 'tue', 'wed', 'thu', 'fri'], weekdayNames('de'))).toBe('Mo–Fr')
  })

  it('lists targets in the order of the profile priorities, with their labels', () => {
    expect(targetLines(GOLD_PROFILE, 'firstResponse')).toEqual([
      { priority: 'Critical', minutes: 60, basis: 'calendar' },
      { priority: 'Normal', minutes: 240, basis: 'business' },
    ])
    expect(targetLines(GOLD_PROFILE, 'nextResponse')).toEqual([])
  })
})

describe('the uptime series', () => {
  it('finds the month of an instant in the account zone', () => {
    expect(monthOf('2026-11-30T23:30:00Z', 'Europe/Berlin')).toBe('2026-12')
    expect(monthOf('2026-11-30T23:30:00Z', 'UTC')).toBe('2026-11')
  })

  it('runs oldest to newest, the current month to date, at most seven months', () => {
    const [s] = uptimeSeries(accountSla().months, '2026-11', 7)
    expect(s?.label).toBe('Platform availability')
    expect(s?.target).toBe('99.9')
    expect(s?.points.map((p) => p.month)).toEqual([
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ])
    expect(s?.points[6]).toEqual({
      month: '2026-11',
      percent: '99.8631',
      value: 99.8631,
      meets: false,
      toDate: true,
    })
    // A past month shows its whole-month figure.
    expect(s?.points[5]?.toDate).toBe(false)
    expect(uptimeSeries(accountSla().months, '2026-11', 3)[0]?.points).toHaveLength(3)
  })

  it('leaves out commitments that do not apply to the account', () => {
    const months = accountSla().months.map((m) => ({
      ...m,
      uptime: m.uptime.map((u) => ({ ...u, applicable: false })),
    }))
    expect(uptimeSeries(months, '2026-11')).toEqual([])
  })

  it('scales the chart so the target sits mid-height when months are close to it', () => {
    expect(chartFloor([99.95, 100], 99.9)).toBeCloseTo(99.8, 10)
    expect(barFraction(99.9, 99.8)).toBeCloseTo(0.5, 10)
    // A bad month lowers the floor below it, with a margin of a quarter of the gap.
    expect(chartFloor([99.5, 100], 99.9)).toBeCloseTo(99.475, 10)
    expect(barFraction(99.475, 99.475)).toBe(0)
    expect(barFraction(100, 99.475)).toBe(1)
    expect(chartFloor([], 100)).toBeCloseTo(99.99, 10)
  })
})
