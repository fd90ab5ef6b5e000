/**
 * Schema building blocks shared by calendars, contracts and scenarios.
 */
import Type from 'typebox'

/** Lower-case ISO-ish weekday names; Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]
export const WeekdaySchema = Type.Enum([...WEEKDAYS])

/** `HH:MM`, 00:00 to 24:00 (24:00 = end of day). */
export const TimeOfDaySchema = Type.String({
  pattern: '^(?:(?:[01]\\d|2[0-3]):[0-5]\\d|24:00)$',
  errorMessage: 'must be a time of day HH:MM between 00:00 and 24:00',
})

/** `YYYY-MM-DD`. */
export const DateSchema = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  errorMessage: 'must be a date YYYY-MM-DD',
})

/** ISO 8601 instant with an explicit offset, e.g. `2026-03-02T09:15:00Z` or `…+05:45`. */
export const InstantSchema = Type.String({
  pattern:
    '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,3})?)?(?:Z|[+-]\\d{2}:\\d{2})$',
  errorMessage: 'must be an ISO 8601 instant with an offset, e.g. 2026-03-02T09:15:00Z',
})

/** A date (`YYYY-MM-DD`, midnight in the account's contract zone) or an instant. */
export const DateOrInstantSchema = Type.String({
  pattern:
    '^\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,3})?)?(?:Z|[+-]\\d{2}:\\d{2}))?$',
  errorMessage: 'must be a date YYYY-MM-DD or an ISO 8601 instant with an offset',
})

/**
 * An exact decimal, written as a string (`"99.9"`) or a JSON number (`99.9`). Numbers are read
 * through their shortest decimal form, so `99.9` means exactly 99.9, never 99.90000000000000568.
 */
export const DecimalSchema = Type.Union(
  [Type.Number(), Type.String({ pattern: '^-?\\d+(?:\\.\\d+)?$' })],
  {
    errorMessage: 'must be a decimal number such as 99.9 (a number or a string)',
  },
)

/** An identifier: letters, digits, `-`, `_`, `.`, 1–64 characters. */
export const IdSchema = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  errorMessage: 'must be an identifier: letters, digits, ".", "_" or "-", at most 64 characters',
})

/** A non-empty label of at most 200 characters. */
export const LabelSchema = Type.String({ minLength: 1, maxLength: 200 })
