import { describe, expect, it } from 'vitest'
import {
  validateCalendar,
  validateProfile,
  type ContractProfile,
  type ValidationIssue,
} from '@sla-tracker/shared'
import { createTranslator, loadMessages, type Translator } from '../../i18n/i18n.js'
import { issueText, localizeIssues } from './issue-text.js'
import { tierView } from './test-fixtures.js'

async function translator(locale: 'en' | 'de', full: string): Promise<Translator> {
  return createTranslator(await loadMessages(locale), full)
}

const en = await translator('en', 'en-US')
const de = await translator('de', 'de-DE')

const text = (t: Translator, rule: string, message: string) => issueText({ rule, message }, t)

function profile(change: (p: Record<string, unknown>) => void): unknown {
  const p = structuredClone(tierView().versions[0]!.profile) as unknown as Record<string, unknown>
  change(p)
  return p
}

function issuesOf(result: { ok: boolean; issues?: ValidationIssue[] }): ValidationIssue[] {
  expect(result.ok).toBe(false)
  return result.issues ?? []
}

describe('issueText', () => {
  it('writes limits of range rules in words, with the locale decimal separator', () => {
    expect(text(en, 'range', 'must be >= 1')).toBe('must be at least 1')
    expect(text(de, 'range', 'must be >= 1')).toBe('muss mindestens 1 sein')
    expect(text(de, 'range', 'must be <= 527040')).toBe('darf höchstens 527040 sein')
    expect(text(de, 'range', 'must be > 0')).toBe('muss größer als 0 sein')
    expect(text(de, 'range', 'must be < 99.95')).toBe('muss kleiner als 99,95 sein')
    expect(text(en, 'range', 'must be < 99.95')).toBe('must be less than 99.95')
    // Exact: never through a float.
    expect(text(de, 'range', 'must be at most 9007199254740991')).toBe(
      'darf höchstens 9007199254740991 sein',
    )
  })

  it('translates required, length, type, one-of and pattern rules', () => {
    expect(text(de, 'required', 'is required (missing: name, targets)')).toBe(
      'Pflichtfelder fehlen: name, targets',
    )
    expect(text(de, 'required', 'is required (missing: name)')).toBe('Pflichtfeld fehlt: name')
    expect(text(en, 'required', 'is required (missing: name)')).toBe(
      'is missing a required field: name',
    )
    expect(text(de, 'min-length', 'must not be empty')).toBe('darf nicht leer sein')
    expect(text(de, 'max-length', 'must have at most 200 characters')).toBe(
      'darf höchstens 200 Zeichen haben',
    )
    expect(text(de, 'min-items', 'must have at least 1 item(s)')).toBe(
      'muss mindestens 1 Eintrag haben',
    )
    expect(text(en, 'min-items', 'must have at least 2 item(s)')).toBe('must have at least 2 items')
    expect(text(de, 'type', 'must be integer')).toBe('muss eine ganze Zahl sein')
    expect(text(en, 'type', 'must be integer')).toBe('must be a whole number')
    expect(text(de, 'one-of', 'must be one of: "business", "calendar"')).toBe(
      'muss einer dieser Werte sein: "business", "calendar"',
    )
    expect(text(de, 'pattern', 'must be a time of day HH:MM between 00:00 and 24:00')).toBe(
      'muss eine Uhrzeit HH:MM zwischen 00:00 und 24:00 sein',
    )
    expect(text(de, 'type', 'must be a date YYYY-MM-DD')).toBe(
      'muss ein Datum JJJJ-MM-TT (YYYY-MM-DD) sein',
    )
    expect(text(de, 'unknown-field', 'has unknown fields "a", "b"')).toBe(
      'enthält unbekannte Felder: "a", "b"',
    )
    expect(text(de, 'unknown-field', 'has unknown field "a"')).toBe(
      'enthält ein unbekanntes Feld: "a"',
    )
  })

  it('keeps values from the message: zones, dates, priorities, calendars', () => {
    expect(text(de, 'time-zone', '"Mars/Olympus" is not an IANA time zone')).toBe(
      '"Mars/Olympus" ist keine IANA-Zeitzone (z. B. "Europe/Berlin", "America/New_York", "UTC")',
    )
    expect(text(de, 'date', '"2026-02-30" is not a calendar date')).toBe(
      '"2026-02-30" ist kein Kalenderdatum',
    )
    expect(text(de, 'reference', '"p9" is not one of the priorities: urgent, high')).toBe(
      '"p9" ist keine der Prioritäten: urgent, high',
    )
    expect(text(de, 'reference', '"nope" is not a known calendar (none defined)')).toBe(
      '"nope" ist kein bekannter Kalender (keiner angelegt)',
    )
    expect(text(de, 'range', 'must be on or after date 2026-05-01')).toBe(
      'muss am oder nach dem Datum 2026-05-01 liegen',
    )
  })

  it('shows the message as it came when the rule or wording is unknown', () => {
    // Unknown rule.
    expect(text(de, 'depth', 'is nested more than 64 levels deep')).toBe(
      'is nested more than 64 levels deep',
    )
    // Known rule, unknown wording (the limit cannot be read faithfully).
    expect(text(de, 'range', 'must be >= 1 and odd')).toBe('must be >= 1 and odd')
    expect(text(de, 'range', 'must be >= one')).toBe('must be >= one')
    expect(text(de, 'type', 'must be a colour')).toBe('must be a colour')
    // A list the translation could garble.
    expect(text(de, 'one-of', 'must be one of: red or blue')).toBe('must be one of: red or blue')
    expect(text(de, 'unknown-field', 'has unknown field "a", "b"')).toBe(
      'has unknown field "a", "b"',
    )
    // A message the form already wrote in the admin's language stays as it is.
    expect(text(de, 'required', 'Gib das Datum ein, ab dem diese Version gilt.')).toBe(
      'Gib das Datum ein, ab dem diese Version gilt.',
    )
    expect(text(en, 'required', 'Enter the date from which this version applies.')).toBe(
      'Enter the date from which this version applies.',
    )
  })

  it('keeps English as precise as the engine wording', () => {
    const engine = [
      ['min-length', 'must not be empty'],
      ['time-zone', '"X/Y" is not an IANA time zone'],
      ['interval', 'has no business time'],
      ['unique', 'lists a day twice'],
      ['order', 'thresholds must increase strictly'],
      ['pattern', 'must be an ISO 4217 currency code such as USD'],
      ['required', 'is required: a target uses business time or an after-hours rule'],
    ] as const
    for (const [rule, message] of engine) expect(text(en, rule, message)).toContain(message)
  })
})

describe('issues from the shared engine', () => {
  const calendarIssues = issuesOf(
    validateCalendar({
      timeZone: 'Mars/Olympus',
      hours: [{ days: ['mon', 'mon'], start: '09:00', end: '09:00' }],
      holidays: [{ date: '2026-02-30' }],
    }),
  )
  const shapeIssues = [
    ...issuesOf(
      validateCalendar({
        name: '',
        hours: [{ days: ['mon'], start: '9', end: '17:00' }],
        extra: 1,
      }),
    ),
    ...issuesOf(
      validateProfile(
        profile((p) => {
          const targets = p.targets as ContractProfile['targets']
          targets.firstResponse!.urgent!.minutes = 0
          targets.firstResponse!.high!.basis = 'weekly' as 'business'
          delete p.name
        }),
      ),
    ),
  ]
  const profileIssues = issuesOf(
    validateProfile(
      profile((p) => {
        p.defaultPriority = 'p9'
        p.warningThresholds = [75, 50]
        p.pauseOn = { firstResponse: ['solved'] }
        delete p.calendar
      }),
    ),
  )

  it.each([
    ['calendar rules', calendarIssues],
    ['schema rules', shapeIssues],
    ['profile rules', profileIssues],
  ])('are all translated into German (%s)', (_, issues) => {
    expect(issues.length).toBeGreaterThan(1)
    for (const i of issues) {
      const german = issueText(i, de)
      expect(german, `${i.rule}: ${i.message}`).not.toBe(i.message)
      expect(german).not.toMatch(/\{\w+\}/)
    }
  })

  it('reads the limit of an engine range issue', () => {
    const minutes = shapeIssues.find((i) => i.path.endsWith('urgent.minutes'))!
    expect(minutes.rule).toBe('range')
    expect(issueText(minutes, de)).toBe('muss mindestens 1 sein')
    expect(issueText(minutes, en)).toBe('must be at least 1')
  })

  it('localizes a list, keeping paths and rules and the objects it cannot translate', () => {
    const unknown = { path: 'a', rule: 'depth', message: 'is nested too deep' }
    const out = localizeIssues([calendarIssues[0]!, unknown], de)
    expect(out[0]).toEqual({ ...calendarIssues[0], message: issueText(calendarIssues[0]!, de) })
    expect(out[1]).toBe(unknown)
  })
})
