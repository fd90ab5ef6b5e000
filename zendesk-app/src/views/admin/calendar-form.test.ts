import { describe, expect, it } from 'vitest'
import {
  calendarFieldPaths,
  calendarFormOf,
  calendarPathsOf,
  definitionOf,
  holidayRow,
  validateCalendarForm,
  type CalendarForm,
} from './calendar-form.js'
import { placeIssues } from './form-issues.js'
import { calendarView } from './test-fixtures.js'

const messages = { required: 'date required', format: 'date format', order: 'after {previous}' }
const TODAY = '2026-03-02'
const base = () => calendarView().versions[0]!.definition

function edit(change: (f: CalendarForm) => void): CalendarForm {
  const f = calendarFormOf(calendarView(), TODAY)
  change(f)
  return f
}

function placed(form: CalendarForm) {
  const r = validateCalendarForm(form, calendarView(), messages)
  return placeIssues(r.issues, calendarFieldPaths(form), (p) => calendarPathsOf(p, r.hoursIndex))
}

describe('the calendar form', () => {
  it('shows hours per weekday and round-trips the stored definition', () => {
    const form = calendarFormOf(calendarView(), TODAY)
    expect(form.week.mon).toEqual([{ start: '09:00', end: '17:00' }])
    expect(form.week.sat).toEqual([])
    expect(form.holidays[0]).toMatchObject({ name: 'New Year', date: '2026-01-01', yearly: true })
    expect(JSON.stringify(definitionOf(form, base()).definition)).toBe(JSON.stringify(base()))
    expect(validateCalendarForm(form, calendarView(), messages).issues).toEqual([])
  })

  it('groups weekdays with the same hours into one interval', () => {
    const form = edit((f) => {
      f.week.fri = [{ start: '09:00', end: '15:00' }]
      f.week.sat = [{ start: '10:00', end: '14:00' }]
    })
    const { definition, hoursIndex } = definitionOf(form, base())
    expect(definition.hours).toEqual([
      { days: ['mon', 'tue', 'wed', 'thu'], start: '09:00', end: '17:00' },
      { days: ['fri'], start: '09:00', end: '15:00' },
      { days: ['sat'], start: '10:00', end: '14:00' },
    ])
    expect(hoursIndex[1]).toEqual(['hours.fri[0]'])
  })

  it('runs round the clock, and leaves the zone to the account when empty', () => {
    const { definition } = definitionOf(
      edit((f) => {
        f.allDay = true
        f.timeZone = ' '
      }),
      base(),
    )
    expect(definition.hours).toBe('24x7')
    expect(definition).not.toHaveProperty('timeZone')
  })

  it('reports a time zone that is not IANA under the time-zone field', () => {
    expect(placed(edit((f) => (f.timeZone = 'Mars/Olympus'))).byField).toEqual({
      timeZone: [expect.stringContaining('is not an IANA time zone')],
    })
  })

  it('shows a bad time under every weekday that shares the interval', () => {
    const p = placed(edit((f) => (f.week.mon[0]!.end = '25:00')))
    expect(Object.keys(p.byField)).toEqual(['hours.mon[0].end'])
    const all = placed(
      edit((f) => {
        for (const d of ['mon', 'tue'] as const) f.week[d] = [{ start: '12:00', end: '12:00' }]
      }),
    )
    expect(Object.keys(all.byField)).toEqual(['hours.mon[0].start', 'hours.tue[0].start'])
  })

  it('reports a week without business time on the hours field', () => {
    const p = placed(
      edit((f) => (f.week = { ...f.week, mon: [], tue: [], wed: [], thu: [], fri: [] })),
    )
    expect(Object.keys(p.byField)).toEqual(['hours'])
  })

  it('adds holidays and reports bad dates on their row', () => {
    const form = edit((f) => {
      f.holidays.push({ ...holidayRow(), name: 'Strike', date: '2026-02-30', until: '' })
      f.holidays.push({ ...holidayRow(), date: '2026-05-04', until: '2026-05-01' })
    })
    expect(definitionOf(form, base()).definition.holidays![1]).toEqual({
      name: 'Strike',
      date: '2026-02-30',
    })
    expect(placed(form).byField).toEqual({
      'holidays[1].date': [expect.stringContaining('not a calendar date')],
      'holidays[2].until': [expect.stringContaining('on or after')],
    })
  })

  it('maps the service paths (under definition.) to the form', () => {
    expect(calendarPathsOf('definition.timeZone', [])).toEqual(['timeZone'])
    expect(calendarPathsOf('definition.hours[0].end', [['hours.mon[0]', 'hours.tue[0]']])).toEqual([
      'hours.mon[0].end',
      'hours.tue[0].end',
    ])
    expect(calendarPathsOf('definition.hours[3]', [])).toEqual(['hours'])
  })
})
