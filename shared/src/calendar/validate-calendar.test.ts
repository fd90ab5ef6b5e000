import { describe, expect, it } from 'vitest'
import { validateCalendar } from './validate-calendar.js'

const weekdays = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }]

describe('validateCalendar', () => {
  it('accepts weekly hours, intervals crossing midnight, 24×7 and holidays of every kind', () => {
    expect(validateCalendar({ timeZone: 'Asia/Kathmandu', hours: weekdays }).ok).toBe(true)
    expect(
      validateCalendar({
        timeZone: 'UTC',
        hours: [{ days: ['fri'], start: '22:00', end: '06:00' }],
      }).ok,
    ).toBe(true)
    expect(validateCalendar({ hours: '24x7' }).ok).toBe(true)
    expect(
      validateCalendar({
        timeZone: 'Europe/London',
        hours: weekdays,
        holidays: [
          { name: 'Boxing Day', date: '2026-12-28' },
          { date: '2026-12-24', until: '2026-12-31' },
          { name: 'New Year', date: '2026-12-31', until: '2027-01-01', repeat: 'yearly' },
          { date: '2024-02-29', repeat: 'yearly' },
        ],
      }).ok,
    ).toBe(true)
  })

  it('names the field and the rule of every problem', () => {
    const r = validateCalendar({
      timeZone: 'EST5EDT-ish',
      hours: [
        { days: ['mon', 'mon'], start: '09:00', end: '09:00' },
        { days: ['tue'], start: '24:00', end: '10:00' },
      ],
      holidays: [
        { date: '2026-02-30' },
        { date: '2026-03-10', until: '2026-03-01' },
        { date: '2026-01-01', until: '2027-06-01' },
      ],
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.issues.map((i) => `${i.path} ${i.rule}`)).toEqual(
      expect.arrayContaining([
        'timeZone time-zone',
        'hours[0] interval',
        'hours[0].days unique',
        'hours[1].start time-of-day',
        'holidays[0].date date',
        'holidays[1].until range',
        'holidays[2].until range',
      ]),
    )
  })

  it('rejects malformed shapes with the schema rule', () => {
    const r = validateCalendar({
      hours: [{ days: ['funday'], start: '9:00', end: '18:00' }],
      extra: true,
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '', rule: 'unknown-field' }),
        expect.objectContaining({ path: 'hours[0].days[0]', rule: 'one-of' }),
        expect.objectContaining({
          path: 'hours[0].start',
          rule: 'pattern',
          message: 'must be a time of day HH:MM between 00:00 and 24:00',
        }),
      ]),
    )
  })

  it('refuses holidays that leave a whole year without business time', () => {
    const halves = [
      { date: '2026-01-01', until: '2026-06-30', repeat: 'yearly' as const },
      { date: '2026-07-01', until: '2026-12-31', repeat: 'yearly' as const },
    ]
    const r = validateCalendar({ timeZone: 'UTC', hours: weekdays, holidays: halves })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.issues[0]).toMatchObject({ path: 'holidays', rule: 'no-business-time' })
    const dated = validateCalendar({
      timeZone: 'UTC',
      hours: [{ days: ['sat'], start: '10:00', end: '12:00' }],
      holidays: [{ date: '2027-01-01', until: '2027-12-31' }],
    })
    expect(dated.ok).toBe(false)
  })
})
