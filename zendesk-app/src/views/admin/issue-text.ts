/**
 * Validation issues in the admin's language. The shared engine and the service describe every
 * problem in English (`{path, rule, message}`); the `rule` id is stable, the wording is not
 * structured. Each rule has the English sentences it is known to produce; when an issue's message
 * is one of them, the parameters (limits, values, names) are read from it and the sentence is
 * written again from `admin.issues.*`. Anything else — an unknown rule, a new wording, a message
 * the form already wrote in the admin's language — is shown exactly as it came: never a guess.
 */
import type { Translator } from '../../i18n/i18n.js'

export interface IssueLike {
  rule: string
  message: string
}

type Helpers = {
  t: Translator
  /** A decimal as written in the message, in the locale's notation; null when not a decimal. */
  num: (text: string | undefined) => string | null
  /** A whole count (for plural forms); null when not one. */
  count: (text: string | undefined) => number | null
}

/** How one known English sentence is written again; null when it cannot be done faithfully. */
type Rewrite = (m: RegExpExecArray, h: Helpers) => string | null

interface Known {
  re: RegExp
  text: Rewrite
}

const K = 'admin.issues'

/** A quoted value as the engine writes it (JSON string: no unescaped quote inside). */
const Q = '"((?:[^"\\\\]|\\\\.)*)"'
/** A JSON literal: string, number, boolean, null. */
const LITERAL = `(?:${Q.replace('(', '(?:')}|-?\\d+(?:\\.\\d+)?|true|false|null)`
/** A list of JSON literals, or of alternatives `kind "x"`, as in "must be one of: …". */
const LITERAL_LIST = new RegExp(
  `^(?:(?:kind|type) )?${LITERAL}(?:, (?:(?:kind|type) )?${LITERAL})*$`,
)
/** A list of quoted names: `"a", "b"`. */
const NAME_LIST = new RegExp(`^${Q}(?:, ${Q})*$`)
/** Plain identifiers separated by `, ` (missing fields, priorities, calendars). */
const ID_LIST = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:, [A-Za-z0-9][A-Za-z0-9._-]*)*$/
const NUMBER = '(-?\\d+(?:\\.\\d+)?)'

const exact = (sentence: string, key: string): Known => ({
  re: new RegExp(`^${sentence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
  text: (_, h) => h.t(`${K}.${key}`),
})
const re = (source: string) => new RegExp(`^${source}$`)

/** The wording of the schema checker's `type` rule: `must be integer`. */
const TYPES = new Set(['integer', 'number', 'string', 'boolean', 'object', 'array', 'null'])

/** Sentences set as `errorMessage` on shared schemas; they appear under several rules. */
const SCHEMA_SENTENCES: Known[] = [
  exact('must be a time of day HH:MM between 00:00 and 24:00', 'timeOfDayFormat'),
  exact('must be a date YYYY-MM-DD', 'dateFormat'),
  exact('must be an ISO 8601 instant with an offset, e.g. 2026-03-02T09:15:00Z', 'instantFormat'),
  exact('must be a date YYYY-MM-DD or an ISO 8601 instant with an offset', 'dateOrInstantFormat'),
  exact('must be a decimal number such as 99.9 (a number or a string)', 'decimalOrText'),
  exact('must be a decimal number such as 99.9', 'decimal'),
  exact(
    'must be an identifier: letters, digits, ".", "_" or "-", at most 64 characters',
    'identifier',
  ),
  exact('must be an ISO 4217 currency code such as USD', 'currency'),
  exact('must be "24x7" or a list of weekly intervals { days, start, end }', 'hoursShape'),
  exact(
    'must be a credit schedule with kind uptime-bands, uptime-linear, per-miss, per-hour-delay or per-day-impacted',
    'creditSchedule',
  ),
  exact('must be an object with "calendars", "tiers" and "accounts" lists', 'registryDocument'),
]

const PATTERNS: Readonly<Record<string, readonly Known[]>> = {
  required: [
    exact('is required', 'required'),
    {
      re: /^is required \(missing: (.+)\)$/,
      text: (m, h) =>
        ID_LIST.test(m[1]!)
          ? h.t.plural(`${K}.requiredMissing`, m[1]!.split(', ').length, { names: m[1]! })
          : null,
    },
    exact('is required: a target uses business time or an after-hours rule', 'requiredCalendar'),
    exact('is required when method is "slots"', 'requiredForSlots'),
    exact('is required when slotRule is "error-rate"', 'requiredForErrorRate'),
    exact('is required on every version but the first', 'requiredAfterFirstVersion'),
  ],
  'unknown-field': [
    {
      re: /^has unknown fields? (.+)$/,
      text: (m, h) => {
        if (!NAME_LIST.test(m[1]!)) return null
        const n = [...m[1]!.matchAll(new RegExp(Q, 'g'))].length
        const plural = m[0].startsWith('has unknown fields ')
        if (plural !== n > 1) return null
        return h.t.plural(`${K}.unknownFields`, n, { names: m[1]! })
      },
    },
  ],
  type: [
    {
      re: /^must be (\w+)$/,
      text: (m, h) =>
        TYPES.has(m[1]!) ? h.t(`${K}.type`, { type: h.t(`${K}.types.${m[1]!}`) }) : null,
    },
  ],
  'one-of': [
    {
      re: /^must be one of: (.+)$/,
      text: (m, h) => (LITERAL_LIST.test(m[1]!) ? h.t(`${K}.oneOf`, { values: m[1]! }) : null),
    },
    {
      re: re(`must be (${LITERAL})`),
      text: (m, h) => h.t(`${K}.equals`, { value: m[1]! }),
    },
    exact('must give exactly one of "percent" or "amountMinor"', 'percentOrAmount'),
  ],
  pattern: [
    { re: re(`must match pattern ${Q}`), text: (m, h) => h.t(`${K}.pattern`, { pattern: m[1]! }) },
  ],
  format: [
    { re: re(`must match format ${Q}`), text: (m, h) => h.t(`${K}.format`, { format: m[1]! }) },
  ],
  'min-length': [
    exact('must not be empty', 'notEmpty'),
    {
      re: /^must have at least (\d+) characters$/,
      text: (m, h) => plural(h, 'minLength', m[1]),
    },
  ],
  'max-length': [
    {
      re: /^must have at most (\d+) characters$/,
      text: (m, h) => plural(h, 'maxLength', m[1]),
    },
    {
      re: /^must have (\d+) to (\d+) characters$/,
      text: (m, h) => {
        const min = h.num(m[1])
        return min === null ? null : plural(h, 'lengthBetween', m[2], { min })
      },
    },
  ],
  'min-items': [
    { re: /^must have at least (\d+) item\(s\)$/, text: (m, h) => plural(h, 'minItems', m[1]) },
    {
      re: /^must have at least (\d+) entr\(y\/ies\)$/,
      text: (m, h) => plural(h, 'minEntries', m[1]),
    },
  ],
  'max-items': [
    { re: /^must have at most (\d+) items$/, text: (m, h) => plural(h, 'maxItems', m[1]) },
  ],
  range: [
    { re: re(`must be >= ${NUMBER}`), text: (m, h) => limit(h, 'atLeast', m[1]) },
    { re: re(`must be > ${NUMBER}`), text: (m, h) => limit(h, 'greaterThan', m[1]) },
    { re: re(`must be <= ${NUMBER}`), text: (m, h) => limit(h, 'atMost', m[1]) },
    { re: re(`must be < ${NUMBER}`), text: (m, h) => limit(h, 'lessThan', m[1]) },
    { re: re(`must be greater than ${NUMBER}`), text: (m, h) => limit(h, 'greaterThan', m[1]) },
    { re: re(`must be at most ${NUMBER}`), text: (m, h) => limit(h, 'atMost', m[1]) },
    exact('must not be negative', 'notNegative'),
    exact('must be above 0 and below 100 (percent)', 'percentOpen'),
    {
      re: re(`must be below "below" \\(${NUMBER}\\)`),
      text: (m, h) => limit(h, 'belowBandEnd', m[1]),
    },
    {
      re: /^must be on or after date (\d{4}-\d{2}-\d{2})$/,
      text: (m, h) => h.t(`${K}.onOrAfterDate`, { date: m[1]! }),
    },
    exact('a yearly holiday may not cover a whole year', 'yearlyWholeYear'),
    {
      re: /^a holiday may span at most (\d+) days \(this one spans (\d+)\)$/,
      text: (m, h) => {
        const max = h.num(m[1])
        const span = h.num(m[2])
        return max === null || span === null ? null : h.t(`${K}.holidaySpan`, { max, span })
      },
    },
  ],
  decimal: [exact('must be a decimal number such as 99.9', 'decimal')],
  unique: [
    {
      re: re(`priority ${Q} is listed twice`),
      text: (m, h) => h.t(`${K}.priorityTwice`, { value: m[1]! }),
    },
    {
      re: re(`${Q} names more than one priority \\(ids and aliases must be unique\\)`),
      text: (m, h) => h.t(`${K}.aliasTwice`, { value: m[1]! }),
    },
    {
      re: re(`commitment ${Q} is listed twice`),
      text: (m, h) => h.t(`${K}.commitmentTwice`, { value: m[1]! }),
    },
    {
      re: re(`schedule id ${Q} is used twice`),
      text: (m, h) => h.t(`${K}.scheduleTwice`, { value: m[1]! }),
    },
    exact('lists a status twice', 'statusTwice'),
    exact('lists an exclusion twice', 'exclusionTwice'),
    exact('lists a metric twice', 'metricTwice'),
    exact('lists a day twice', 'dayTwice'),
    {
      re: re(`${Q} is also the id of (\\w+\\[\\d+\\])`),
      text: (m, h) => h.t(`${K}.idTwice`, { value: m[1]!, other: m[2]! }),
    },
  ],
  reference: [
    {
      re: re(`${Q} is not one of the priorities: (.+)`),
      text: (m, h) =>
        ID_LIST.test(m[2]!) ? h.t(`${K}.unknownPriorityOf`, { value: m[1]!, known: m[2]! }) : null,
    },
    {
      re: re(`${Q} is not one of the priorities`),
      text: (m, h) => h.t(`${K}.unknownPriority`, { value: m[1]! }),
    },
    {
      re: re(`${Q} is not a known calendar \\(none defined\\)`),
      text: (m, h) => h.t(`${K}.unknownCalendarNone`, { value: m[1]! }),
    },
    {
      re: re(`${Q} is not a known calendar \\((.+)\\)`),
      text: (m, h) =>
        ID_LIST.test(m[2]!) ? h.t(`${K}.unknownCalendar`, { value: m[1]!, known: m[2]! }) : null,
    },
    {
      re: re(`${Q} is not an uptime commitment of this profile`),
      text: (m, h) => h.t(`${K}.unknownCommitment`, { value: m[1]! }),
    },
    exact('needs uptime commitments in the profile', 'needsCommitments'),
  ],
  'pause-status': [
    exact('solved and closed stop clocks; they cannot be pause statuses', 'pauseSolved'),
  ],
  order: [
    exact('thresholds must increase strictly', 'thresholdsIncrease'),
    {
      re: re(
        `must be later than the previous version's effectiveFrom ${Q} \\(in every time zone\\)`,
      ),
      text: (m, h) => h.t(`${K}.laterThanPrevious`, { previous: m[1]! }),
    },
  ],
  consistency: [
    exact('must be "slots" when slotMinutes or slotRule is given', 'slotsMethod'),
    exact('"component-fee" applies only to uptime and per-day-impacted schedules', 'componentFee'),
    {
      re: re(`is ${Q} but the calendar is ${Q}; leave it out or make them equal`),
      text: (m, h) => h.t(`${K}.calendarIdMismatch`, { value: m[1]!, id: m[2]! }),
    },
  ],
  'time-zone': [
    {
      re: re(`${Q} is not an IANA time zone(?: \\(e\\.g\\. .*\\))?`),
      text: (m, h) => h.t(`${K}.timeZone`, { value: m[1]! }),
    },
  ],
  interval: [
    exact('start and end must differ', 'startEndDiffer'),
    {
      re: /^start and end are both (\d{2}:\d{2}): an interval must not be empty \(use 00:00–24:00 for a whole day\)$/,
      text: (m, h) => h.t(`${K}.emptyInterval`, { time: m[1]! }),
    },
    exact('has no business time', 'noHours'),
  ],
  'time-of-day': [
    exact('cannot be 24:00', 'notMidnightEnd'),
    exact('cannot be 24:00 (use 00:00 of the next day)', 'notMidnightEndNextDay'),
  ],
  date: [
    {
      re: re(`${Q} is not a calendar date`),
      text: (m, h) => h.t(`${K}.notADate`, { value: m[1]! }),
    },
    {
      re: re(`${Q} is not a real date or instant \\(years 1901–2299\\)`),
      text: (m, h) => h.t(`${K}.notADateOrInstant`, { value: m[1]! }),
    },
  ],
  overlap: [
    {
      re: /^overlaps band (\d+) \(bands are half-open: below "below", at or above "atLeast"\)$/,
      text: (m, h) => h.t(`${K}.bandOverlap`, { band: m[1]! }),
    },
  ],
  'no-business-time': [
    {
      re: /^leave no business time in (\d{4}): no due date could ever be reached$/,
      text: (m, h) => h.t(`${K}.noBusinessTimeInYear`, { year: m[1]! }),
    },
  ],
  'first-version': [
    exact('the first version applies since always: leave it out', 'firstVersionUndated'),
  ],
}

/** Rules under which the shared schemas' own sentences appear. */
const SCHEMA_SENTENCE_RULES = new Set(['type', 'pattern', 'format', 'one-of', 'decimal'])

function plural(h: Helpers, key: string, n: string | undefined, vars: Record<string, string> = {}) {
  const count = h.count(n)
  return count === null ? null : h.t.plural(`${K}.${key}`, count, vars)
}

function limit(h: Helpers, key: string, n: string | undefined): string | null {
  const value = h.num(n)
  return value === null ? null : h.t(`${K}.${key}`, { limit: value })
}

const separators = new Map<string, string>()

/** The locale's decimal separator (`.` in English, `,` in German). */
function decimalSeparator(locale: string): string {
  let s = separators.get(locale)
  if (s === undefined) {
    try {
      s =
        new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ??
        '.'
    } catch {
      s = '.'
    }
    separators.set(locale, s)
  }
  return s
}

function helpersOf(t: Translator): Helpers {
  return {
    t,
    // Rewritten as text, never through a float: 9007199254740991 and 99.95 stay exact.
    num: (text) =>
      text !== undefined && /^-?\d+(?:\.\d+)?$/.test(text)
        ? text.replace('.', decimalSeparator(t.locale))
        : null,
    count: (text) => {
      if (text === undefined || !/^\d{1,9}$/.test(text)) return null
      return Number(text)
    },
  }
}

/** The issue's message in the admin's language; the message as it came when not known. */
export function issueText(issue: IssueLike, t: Translator): string {
  const message = issue.message.trim()
  const known = [
    ...(PATTERNS[issue.rule] ?? []),
    ...(SCHEMA_SENTENCE_RULES.has(issue.rule) ? SCHEMA_SENTENCES : []),
  ]
  const h = helpersOf(t)
  for (const k of known) {
    const m = k.re.exec(message)
    if (!m) continue
    const text = k.text(m, h)
    return text ?? issue.message
  }
  return issue.message
}

/** The issues with their messages in the admin's language (paths and rules unchanged). */
export function localizeIssues<T extends IssueLike>(issues: readonly T[], t: Translator): T[] {
  return issues.map((i) => {
    const message = issueText(i, t)
    return message === i.message ? i : { ...i, message }
  })
}
