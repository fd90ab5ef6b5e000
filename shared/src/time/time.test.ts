import { describe, expect, it } from 'vitest'
import { civilFromDays, daysFromCivil, isoWeekday, parseCivilDate } from './civil.js'
import { formatInstantInZone, parseDateOrInstant, parseInstant } from './instant.js'
import { monthOf, monthPeriod } from './period.js'
import { fromLocalMs, isValidTimeZone, offsetAt, offsetSegments } from './zone.js'

const t = (iso: string) => Date.parse(iso)

describe('civil dates', () => {
  it('round-trips day numbers and knows weekdays', () => {
    for (let d = -800_000; d <= 800_000; d += 997) expect(daysFromCivil(civilFromDays(d))).toBe(d)
    expect(daysFromCivil({ year: 1970, month: 1, day: 1 })).toBe(0)
    expect(isoWeekday(daysFromCivil({ year: 2026, month: 11, day: 23 }))).toBe(1) // a Monday
  })

  it('rejects impossible dates', () => {
    expect(parseCivilDate('2026-02-29')).toBeUndefined()
    expect(parseCivilDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 })
    expect(parseCivilDate('2026-13-01')).toBeUndefined()
  })
})

describe('instants', () => {
  it('parses ISO 8601 with offsets, including 45-minute ones', () => {
    expect(parseInstant('2026-03-02T09:15:00Z')).toBe(t('2026-03-02T09:15:00Z'))
    expect(parseInstant('2026-03-02T15:00:00+05:45')).toBe(t('2026-03-02T09:15:00Z'))
    expect(parseInstant('2026-03-02T09:15Z')).toBe(t('2026-03-02T09:15:00Z'))
    expect(parseInstant('2026-03-02T09:15:00.5Z')).toBe(t('2026-03-02T09:15:00.500Z'))
  })

  it('refuses what is not an instant with an offset', () => {
    for (const bad of [
      '2026-03-02T09:15:00',
      '2026-02-30T00:00:00Z',
      '2026-03-02T24:00:00Z',
      'yesterday',
      '1899-12-31T00:00:00Z',
    ]) {
      expect(parseInstant(bad)).toBeUndefined()
    }
  })

  it('reads a date as midnight in a zone, and shows instants with the zone offset', () => {
    expect(parseDateOrInstant('2026-03-01', 'America/New_York')).toBe(t('2026-03-01T05:00:00Z'))
    expect(formatInstantInZone(t('2026-03-02T09:15:00Z'), 'Asia/Kathmandu')).toBe(
      '2026-03-02T15:00:00+05:45',
    )
  })
})

describe('zones', () => {
  it('validates IANA names', () => {
    expect(isValidTimeZone('Australia/Lord_Howe')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus')).toBe(false)
    expect(isValidTimeZone('')).toBe(false)
  })

  it('finds offset changes to the second, including Lord Howe’s 30-minute DST', () => {
    const segs = offsetSegments(
      'Australia/Lord_Howe',
      t('2026-01-01T00:00:00Z'),
      t('2027-01-01T00:00:00Z'),
    )
    expect(segs.map((s) => s.offset / 60_000)).toEqual([660, 630, 660])
    expect(offsetAt('Asia/Kathmandu', t('2026-06-01T00:00:00Z'))).toBe((5 * 60 + 45) * 60_000)
  })

  it('resolves skipped and repeated wall times like Temporal "compatible"', () => {
    // New York 2026-03-08 02:30 does not exist → 03:30 EDT; 2026-11-01 01:30 happens twice → the first (EDT).
    expect(fromLocalMs('America/New_York', t('2026-03-08T02:30:00Z'))).toBe(
      t('2026-03-08T07:30:00Z'),
    )
    expect(fromLocalMs('America/New_York', t('2026-11-01T01:30:00Z'))).toBe(
      t('2026-11-01T05:30:00Z'),
    )
  })
})

describe('months', () => {
  it('are calendar months in the contract zone', () => {
    const march = monthPeriod('2026-03', 'America/New_York')
    expect(march).toMatchObject({
      start: t('2026-03-01T05:00:00Z'),
      end: t('2026-04-01T04:00:00Z'),
      days: 31,
    })
    expect(monthOf(t('2026-04-01T03:00:00Z'), 'America/New_York').month).toBe('2026-03')
    // Santiago changes at midnight: the month starts at the first instant of its first day.
    expect(monthPeriod('2026-09', 'America/Santiago').start).toBe(t('2026-09-01T04:00:00Z'))
  })
})
