import { describe, expect, it } from 'vitest'
import {
  addBusinessMinutes,
  businessMinutesBetween,
  compileCalendar,
  isBusinessTime,
  nextBusinessStart,
} from './business-calendar.js'

const t = (iso: string) => Date.parse(iso)

const nineToSix = compileCalendar({
  timeZone: 'America/New_York',
  hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }],
  holidays: [
    { name: 'Independence Day', date: '2026-07-04', repeat: 'yearly' },
    { date: '2026-11-26', until: '2026-11-27' },
  ],
})

describe('business time on Mon–Fri 09:00–18:00 America/New_York', () => {
  it('counts a whole weekday as nine hours', () => {
    expect(businessMinutesBetween(nineToSix, t('2026-03-02T05:00Z'), t('2026-03-03T05:00Z'))).toBe(
      540,
    )
  })

  it('skips the weekend', () => {
    // Fri 17:00 EST → Mon 10:00 EST
    expect(businessMinutesBetween(nineToSix, t('2026-03-06T22:00Z'), t('2026-03-09T14:00Z'))).toBe(
      120,
    )
  })

  it('keeps wall-clock hours across the spring-forward change (8 March 2026)', () => {
    // Fri 6 Mar 17:00 EST (22:00Z) + 2 business hours = Mon 9 Mar 10:00 EDT (14:00Z).
    expect(addBusinessMinutes(nineToSix, t('2026-03-06T22:00Z'), 120)).toBe(t('2026-03-09T14:00Z'))
  })

  it('ends at 18:00 when the target exactly fills the day', () => {
    expect(addBusinessMinutes(nineToSix, t('2026-03-02T14:00Z'), 540)).toBe(t('2026-03-02T23:00Z'))
  })

  it('skips holidays and yearly holidays', () => {
    // Thanksgiving Thu 26 + Fri 27 Nov 2026: Wed 25 17:00 EST + 2 h = Mon 30 Nov 10:00 EST.
    expect(addBusinessMinutes(nineToSix, t('2026-11-25T22:00Z'), 120)).toBe(t('2026-11-30T15:00Z'))
    // 4 July 2031 is a Friday.
    expect(isBusinessTime(nineToSix, t('2031-07-04T15:00Z'))).toBe(false)
    expect(isBusinessTime(nineToSix, t('2031-07-03T15:00Z'))).toBe(true)
  })

  it('finds the next business start', () => {
    expect(nextBusinessStart(nineToSix, t('2026-03-07T12:00Z'))).toBe(t('2026-03-09T13:00Z'))
    expect(nextBusinessStart(nineToSix, t('2026-03-09T15:00Z'))).toBe(t('2026-03-09T15:00Z'))
  })

  it('subtracts business time with a negative duration', () => {
    expect(addBusinessMinutes(nineToSix, t('2026-03-09T14:00Z'), -120)).toBe(t('2026-03-06T22:00Z'))
  })

  it('is negative when the end precedes the start', () => {
    expect(businessMinutesBetween(nineToSix, t('2026-03-09T14:00Z'), t('2026-03-06T22:00Z'))).toBe(
      -120,
    )
  })

  it('spans years', () => {
    // 2026-12-31 Thu 17:00 EST → 2027-01-04 Mon 10:00 EST: 1 h (Thu) + 9 h (Fri 1 Jan, not a holiday here) + 1 h
    expect(businessMinutesBetween(nineToSix, t('2026-12-31T22:00Z'), t('2027-01-04T15:00Z'))).toBe(
      660,
    )
  })
})

describe('a wall-clock hour repeated by a backward change counts twice', () => {
  // Havana falls back on Sun 1 Nov 2026 at 01:00 CDT (05:00Z) to 00:00 CST: 00:00–01:00 runs twice.
  // Sunday 00:00–00:20 and 00:40–02:00: the second pass of the first interval (05:00–05:20Z)
  // comes after the first pass of the second (04:40–05:00Z); neither may swallow the other.
  const havana = compileCalendar({
    timeZone: 'America/Havana',
    hours: [
      { days: ['sun'], start: '00:00', end: '00:20' },
      { days: ['sun'], start: '00:40', end: '02:00' },
    ],
  })

  it('counts both passes of every interval', () => {
    // 04:00–04:20 (20) + 04:40–05:00 (20) + 05:00–05:20 (20) + 05:40–07:00 (80) = 140 minutes.
    expect(businessMinutesBetween(havana, t('2026-11-01T04:00Z'), t('2026-11-01T07:00Z'))).toBe(140)
    expect(isBusinessTime(havana, t('2026-11-01T04:50Z'))).toBe(true) // 00:50 CDT, first pass
    expect(isBusinessTime(havana, t('2026-11-01T05:30Z'))).toBe(false) // 00:30 CST
    // 20 minutes to 04:20Z, the other 10 from 04:40Z.
    expect(addBusinessMinutes(havana, t('2026-11-01T04:00Z'), 30)).toBe(t('2026-11-01T04:50Z'))
  })
})
