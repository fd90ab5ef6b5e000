/**
 * The calendar form as data. Business hours are edited per weekday (a day is closed when it has
 * no hours) and stored as the definition's weekly intervals, days with the same hours sharing one
 * interval (Mon–Fri 09:00–17:00 stays one entry). Issues on `hours[k]` are shown under every
 * weekday that interval came from.
 */
import {
  WEEKDAYS,
  validateCalendar,
  type CalendarDefinition,
  type CalendarView,
  type Holiday,
  type ValidationIssue,
  type Weekday,
} from '@sla-tracker/shared'
import { defaultEffectiveFrom, effectiveDateIssues, type DateMessages } from './effective-date.js'
import { stripPrefix } from './form-issues.js'
import type { SaveMode } from './types.js'

export interface HourRange {
  start: string
  end: string
}

export interface HolidayRow {
  /** Stable React key. */
  key: number
  name: string
  date: string
  /** Empty: a single day. */
  until: string
  yearly: boolean
  /** The stored holiday the row came from (keeps `repeat: 'none'` as written). */
  stored?: Holiday
}

export interface CalendarForm {
  name: string
  /** Empty: each account's own zone. */
  timeZone: string
  allDay: boolean
  week: Record<Weekday, HourRange[]>
  holidays: HolidayRow[]
  mode: SaveMode
  effectiveFrom: string
}

export const DEFAULT_HOURS: HourRange = { start: '09:00', end: '17:00' }

function emptyWeek(): Record<Weekday, HourRange[]> {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as Record<Weekday, HourRange[]>
}

/** Per-weekday hours of a definition (Mon–Fri 09:00–17:00 when it runs round the clock). */
export function weekOf(def: CalendarDefinition): Record<Weekday, HourRange[]> {
  const week = emptyWeek()
  if (def.hours === '24x7') {
    for (const d of WEEKDAYS.slice(0, 5)) week[d].push({ ...DEFAULT_HOURS })
    return week
  }
  for (const iv of def.hours)
    for (const d of iv.days) week[d].push({ start: iv.start, end: iv.end })
  return week
}

export function latestDefinition(view: CalendarView): CalendarView['versions'][number] {
  const v = view.versions.at(-1)
  if (!v) throw new Error(`calendar "${view.id}" has no version`)
  return v
}

let nextKey = 1
export function holidayRow(h?: Holiday): HolidayRow {
  return {
    key: nextKey++,
    name: h?.name ?? '',
    date: h?.date ?? '',
    until: h?.until ?? '',
    yearly: h?.repeat === 'yearly',
    ...(h ? { stored: h } : {}),
  }
}

export function calendarFormOf(view: CalendarView, today: string): CalendarForm {
  const latest = latestDefinition(view)
  const def = latest.definition
  return {
    name: def.name ?? '',
    timeZone: def.timeZone ?? '',
    allDay: def.hours === '24x7',
    week: weekOf(def),
    holidays: (def.holidays ?? []).map((h) => holidayRow(h)),
    mode: 'new-version',
    effectiveFrom: defaultEffectiveFrom(latest.effectiveFrom, today),
  }
}

/** Form path of a weekday's range: `hours.mon[0]`. */
export function rangePath(day: Weekday, index: number): string {
  return `hours.${day}[${index}]`
}

export interface DefinitionOf {
  definition: CalendarDefinition
  /** For each `hours[k]` of the definition, the weekday ranges it came from (`hours.mon[0]`…). */
  hoursIndex: string[][]
}

function sameWeek(a: Record<Weekday, HourRange[]>, b: Record<Weekday, HourRange[]>): boolean {
  return WEEKDAYS.every(
    (d) =>
      a[d].length === b[d].length &&
      a[d].every((r, i) => r.start === b[d][i]?.start && r.end === b[d][i]?.end),
  )
}

/** The definition the form describes, on top of `base` (unknown parts kept). */
export function definitionOf(form: CalendarForm, base: CalendarDefinition): DefinitionOf {
  const definition: CalendarDefinition = { ...base }
  if (form.name === '') delete definition.name
  else definition.name = form.name
  const zone = form.timeZone.trim()
  if (zone === '') delete definition.timeZone
  else definition.timeZone = zone
  const hoursIndex: string[][] = []
  if (form.allDay) definition.hours = '24x7'
  else {
    const groups = new Map<
      string,
      { days: Weekday[]; start: string; end: string; from: string[] }
    >()
    for (const day of WEEKDAYS)
      form.week[day].forEach((r, i) => {
        const key = `${r.start}\u0000${r.end}`
        let g = groups.get(key)
        if (!g) groups.set(key, (g = { days: [], start: r.start, end: r.end, from: [] }))
        g.days.push(day)
        g.from.push(rangePath(day, i))
      })
    const unchanged = base.hours !== '24x7' && sameWeek(weekOf(base), form.week)
    if (unchanged && base.hours !== '24x7') {
      definition.hours = base.hours
      for (const iv of base.hours) {
        const from: string[] = []
        for (const d of iv.days) {
          const i = form.week[d].findIndex((r) => r.start === iv.start && r.end === iv.end)
          if (i >= 0) from.push(rangePath(d, i))
        }
        hoursIndex.push(from)
      }
    } else {
      definition.hours = [...groups.values()].map((g) => ({
        days: g.days,
        start: g.start,
        end: g.end,
      }))
      for (const g of groups.values()) hoursIndex.push(g.from)
    }
  }
  if (form.holidays.length === 0 && base.holidays === undefined) delete definition.holidays
  else
    definition.holidays = form.holidays.map((row) => {
      const h: Holiday = { ...(row.name !== '' ? { name: row.name } : {}), date: row.date.trim() }
      if (row.until.trim() !== '') h.until = row.until.trim()
      if (row.yearly) h.repeat = 'yearly'
      else if (row.stored?.repeat === 'none') h.repeat = 'none'
      return h
    })
  return { definition, hoursIndex }
}

/**
 * A definition path (the validator's, or the service's under `definition.`) → the form's
 * path(s): `hours[1].end` → `hours.sat[0].end`; a whole interval → its start fields.
 */
export function calendarPathsOf(path: string, hoursIndex: readonly string[][]): string[] {
  const p = stripPrefix(path, ['body.definition', 'definition', 'body'])
  const m = /^hours\[(\d+)\](.*)$/.exec(p)
  if (!m) return [p]
  const from = hoursIndex[Number(m[1])]
  if (!from || from.length === 0) return ['hours']
  const field = m[2] === '.end' ? 'end' : 'start'
  return from.map((f) => `${f}.${field}`)
}

export function calendarFieldPaths(form: CalendarForm): string[] {
  const out = ['name', 'timeZone', 'hours']
  if (!form.allDay)
    for (const d of WEEKDAYS)
      form.week[d].forEach((_, i) => out.push(`${rangePath(d, i)}.start`, `${rangePath(d, i)}.end`))
  out.push('holidays')
  form.holidays.forEach((_, i) =>
    out.push(`holidays[${i}].date`, `holidays[${i}].until`, `holidays[${i}].name`),
  )
  out.push('effectiveFrom')
  return out
}

export function validateCalendarForm(
  form: CalendarForm,
  view: CalendarView,
  messages: DateMessages,
): DefinitionOf & { issues: ValidationIssue[] } {
  const built = definitionOf(form, latestDefinition(view).definition)
  const checked = validateCalendar(built.definition)
  const issues = checked.ok ? [] : [...checked.issues]
  issues.push(...effectiveDateIssues(form.effectiveFrom, form.mode, view.versions, messages))
  return { ...built, issues }
}
