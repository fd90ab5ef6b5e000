import { describe, expect, it } from 'vitest'
import { isValidTimeZone } from '../time/zone.js'
import { businessMinutesBetween, compileCalendar } from './business-calendar.js'
import { ianaZoneForZendesk, importZendeskSchedule } from './zendesk-schedule.js'
import { ZENDESK_TIME_ZONES } from './zendesk-time-zones.js'

describe('Zendesk time-zone names', () => {
  it('map every Rails name Zendesk uses to a zone the runtime knows', () => {
    for (const [name, zone] of Object.entries(ZENDESK_TIME_ZONES))
      expect([name, isValidTimeZone(zone)]).toEqual([name, true])
  })

  it('pass IANA names through and refuse unknown names', () => {
    expect(ianaZoneForZendesk('Eastern Time (US & Canada)')).toBe('America/New_York')
    expect(ianaZoneForZendesk('Kathmandu')).toBe('Asia/Kathmandu')
    expect(ianaZoneForZendesk('Europe/Paris')).toBe('Europe/Paris')
    expect(ianaZoneForZendesk('Middle Earth')).toBeUndefined()
  })
})

describe('importZendeskSchedule', () => {
  it('converts minutes from Sunday 00:00 into weekly intervals in the IANA zone', () => {
    // Mon–Fri 09:00–17:00 (Mon = 1440; 09:00 = +540), as Zendesk returns it.
    const intervals = [0, 1, 2, 3, 4].map((d) => ({
      start_time: 1980 + d * 1440,
      end_time: 2460 + d * 1440,
    }))
    const r = importZendeskSchedule(
      { id: 42, name: 'US support', time_zone: 'Eastern Time (US & Canada)', intervals },
      [{ id: 7, name: 'Thanksgiving', start_date: '2026-11-26', end_date: '2026-11-27' }],
    )
    expect(r).toEqual({
      ok: true,
      value: {
        id: 'zendesk-42',
        name: 'US support',
        timeZone: 'America/New_York',
        hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
        holidays: [{ name: 'Thanksgiving', date: '2026-11-26', until: '2026-11-27' }],
      },
    })
    if (!r.ok) return
    const cal = compileCalendar(r.value)
    // Wed 25 Nov 2026 09:00 EST → Mon 30 Nov 09:00 EST: one day (Thanksgiving Thursday and Friday off).
    expect(
      businessMinutesBetween(
        cal,
        Date.parse('2026-11-25T14:00:00Z'),
        Date.parse('2026-11-30T14:00:00Z'),
      ),
    ).toBe(480)
  })

  it('handles Saturday night into Sunday (10080 is Sunday 00:00 again) and split shifts', () => {
    const r = importZendeskSchedule({
      time_zone: 'London',
      intervals: [
        { start_time: 9360, end_time: 10080 }, // Sat 12:00–24:00
        { start_time: 1980, end_time: 2160 }, // Mon 09:00–12:00
        { start_time: 2220, end_time: 2460 }, // Mon 13:00–17:00
      ],
    })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.hours).toEqual([
      { days: ['sat'], start: '12:00', end: '24:00' },
      { days: ['mon'], start: '09:00', end: '12:00' },
      { days: ['mon'], start: '13:00', end: '17:00' },
    ])
  })

  it('reports every problem with its path in the Zendesk payload', () => {
    const r = importZendeskSchedule(
      {
        time_zone: 'Atlantis Standard Time',
        intervals: [
          { start_time: 600, end_time: 300 },
          { start_time: -5, end_time: 20_000 },
        ],
      },
      [{ name: 'Bad', start_date: '2026-02-30', end_date: '2026-03-01' }],
    )
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.issues.map((i) => `${i.path} ${i.rule}`)).toEqual([
      'time_zone time-zone',
      'intervals[0].end_time range',
      'intervals[1].start_time range',
      'intervals[1].end_time range',
    ])
    const holidays = importZendeskSchedule(
      { time_zone: 'UTC', intervals: [{ start_time: 1980, end_time: 2460 }] },
      [{ name: 'Bad', start_date: '2026-02-30', end_date: '2026-03-01' }],
    )
    expect(holidays.ok).toBe(false)
    if (!holidays.ok)
      expect(holidays.issues[0]).toMatchObject({ path: 'holidays[0].start_date', rule: 'date' })
  })

  it('refuses a schedule without intervals', () => {
    const r = importZendeskSchedule({ time_zone: 'UTC', intervals: [] })
    expect(r.ok).toBe(false)
  })
})
