import Type, { type Static } from 'typebox'
import {
  DateSchema,
  IdSchema,
  LabelSchema,
  TimeOfDaySchema,
  WeekdaySchema,
} from '../common.schema.js'

/**
 * Business hours on some weekdays. `end` at or before `start` means the interval crosses
 * midnight into the next day (Fri 22:00–06:00 runs until Saturday 06:00); `24:00` is the end of
 * the day.
 */
export const WeeklyIntervalSchema = Type.Object(
  {
    days: Type.Array(WeekdaySchema, { minItems: 1, maxItems: 7 }),
    start: TimeOfDaySchema,
    end: TimeOfDaySchema,
  },
  { additionalProperties: false },
)
export type WeeklyInterval = Static<typeof WeeklyIntervalSchema>

/**
 * A day or range of days without business time. `date` alone is one day; with `until` an
 * inclusive range. `repeat: 'yearly'` makes the month and day recur every year (29 February only
 * in leap years); a yearly range may wrap the new year (12-31 until 01-02).
 */
export const HolidaySchema = Type.Object(
  {
    name: Type.Optional(LabelSchema),
    date: DateSchema,
    until: Type.Optional(DateSchema),
    repeat: Type.Optional(Type.Enum(['none', 'yearly'])),
  },
  { additionalProperties: false },
)
export type Holiday = Static<typeof HolidaySchema>

/**
 * A business calendar: weekly hours (or round the clock) in an IANA zone, minus holidays.
 * `timeZone` may be left out when the calendar is used by a contract: it then takes the
 * account's contract zone (a "Mon–Fri 9–18 in the customer's zone" template).
 */
export const CalendarSchema = Type.Object(
  {
    id: Type.Optional(IdSchema),
    name: Type.Optional(LabelSchema),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    hours: Type.Union(
      [Type.Literal('24x7'), Type.Array(WeeklyIntervalSchema, { minItems: 1, maxItems: 100 })],
      {
        errorMessage: 'must be "24x7" or a list of weekly intervals { days, start, end }',
      },
    ),
    holidays: Type.Optional(Type.Array(HolidaySchema, { maxItems: 2000 })),
  },
  { additionalProperties: false },
)
export type CalendarDefinition = Static<typeof CalendarSchema>
