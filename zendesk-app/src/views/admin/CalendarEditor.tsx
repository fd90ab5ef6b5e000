/**
 * Business calendars: pick one, edit its latest definition (name, IANA time zone, hours per
 * weekday, holidays) and save it as a new version from a date or as a correction. Validated with
 * the engine's `validateCalendar` as the admin types; the service's refusals land on the same
 * fields.
 */
import { useCallback, useMemo } from 'react'
import {
  WEEKDAYS,
  type CalendarView,
  type RegistrySummary,
  type Weekday,
} from '@sla-tracker/shared'
import { Button } from '@zendeskgarden/react-buttons'
import { Checkbox, Field, Fieldset } from '@zendeskgarden/react-forms'
import { SM } from '@zendeskgarden/react-typography'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { useServiceData } from '../../ui/useServiceData.js'
import { useAdmin } from './admin-api.js'
import {
  DEFAULT_HOURS,
  calendarFieldPaths,
  calendarFormOf,
  calendarPathsOf,
  holidayRow,
  latestDefinition,
  rangePath,
  validateCalendarForm,
  type CalendarForm,
  type DefinitionOf,
  type HolidayRow,
  type HourRange,
} from './calendar-form.js'
import type { PlacedIssues } from './form-issues.js'
import { AdminSection, FormField, SPREAD_ROW, TextField } from './form-ui.js'
import { useVersionedForm } from './useVersionedForm.js'
import { RegistryPicker, VersionedForm, VersionedLoader } from './versioned-editor.js'

const SCOPE = 'calendar'

function timeZoneNames(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return []
  }
}

export function CalendarEditor() {
  const { t } = useEnvironment()
  const admin = useAdmin()
  const calendars = useServiceData(
    () => admin.get<{ calendars: RegistrySummary[] }>('/api/v1/calendars').then((r) => r.calendars),
    [admin],
  )

  return (
    <AdminSection
      testId="calendar-editor"
      titleId="admin-calendar-title"
      title={t('admin.calendar.title')}
      intro={t('admin.calendar.intro')}
    >
      <RegistryPicker
        list={calendars}
        labels={{
          loading: t('admin.calendar.loading'),
          emptyTitle: t('admin.calendar.emptyTitle'),
          empty: t('admin.calendar.empty'),
          pick: t('admin.calendar.pick'),
        }}
        optionLabel={(x) =>
          t('admin.calendar.option', {
            name: x.name ?? x.id,
            versions: t.plural('admin.versionCount', x.versionCount),
          })
        }
      >
        {(id) => (
          <VersionedLoader<CalendarView>
            path={`/api/v1/calendars/${encodeURIComponent(id)}`}
            labels={{
              loading: t('admin.calendar.loadingOne'),
              noVersionsTitle: t('admin.calendar.noVersionsTitle'),
              noVersions: t('admin.calendar.noVersions'),
            }}
          >
            {(view, reload) => (
              <CalendarForm view={view} onReload={reload} onSaved={calendars.refresh} />
            )}
          </VersionedLoader>
        )}
      </RegistryPicker>
    </AdminSection>
  )
}

const definitionPathsOf = (path: string, checked: DefinitionOf) =>
  calendarPathsOf(path, checked.hoursIndex)
const definitionContent = (checked: DefinitionOf) => ({ definition: checked.definition })

function CalendarForm(props: { view: CalendarView; onReload: () => void; onSaved: () => void }) {
  const { t } = useEnvironment()
  const zones = useMemo(timeZoneNames, [])

  const messages = useMemo(
    () => ({
      required: t('admin.version.errors.required'),
      format: t('admin.version.errors.format'),
      order: t('admin.version.errors.order'),
    }),
    [t],
  )
  const check = useCallback(
    (form: CalendarForm, view: CalendarView) => validateCalendarForm(form, view, messages),
    [messages],
  )
  const state = useVersionedForm({
    kind: 'calendars',
    view: props.view,
    latestOf: latestDefinition,
    formOf: calendarFormOf,
    check,
    fieldPaths: calendarFieldPaths,
    pathOf: definitionPathsOf,
    content: definitionContent,
    onSaved: props.onSaved,
  })
  const { view, form, placed, update } = state

  const dayName = (d: Weekday) => t(`admin.weekdays.${d}`)
  const labelOf = (path: string): string => {
    const range = /^hours\.(\w+)\[(\d+)\]\.(start|end)$/.exec(path)
    if (range)
      return t(range[3] === 'start' ? 'admin.calendar.opensOn' : 'admin.calendar.closesOn', {
        day: dayName(range[1] as Weekday),
      })
    const holiday = /^holidays\[(\d+)\]\.(date|until|name)$/.exec(path)
    if (holiday) return t(`admin.calendar.holiday.${holiday[2]}Of`, { n: Number(holiday[1]) + 1 })
    if (path === 'effectiveFrom') return t('admin.version.effectiveFrom')
    return t(`admin.calendar.fields.${path}`)
  }

  const setDay = (day: Weekday, ranges: HourRange[]) =>
    update((f) => ({ ...f, week: { ...f.week, [day]: ranges } }))
  const setHoliday = (index: number, change: Partial<HolidayRow>) =>
    update((f) => ({
      ...f,
      holidays: f.holidays.map((h, i) => (i === index ? { ...h, ...change } : h)),
    }))

  return (
    <VersionedForm
      scope={SCOPE}
      label={t('admin.calendar.formLabel', { name: view.name ?? view.id })}
      labelOf={labelOf}
      state={state}
      saveTestId="save-calendar"
      onReload={props.onReload}
    >
      <TextField
        scope={SCOPE}
        path="name"
        label={labelOf('name')}
        hint={t('admin.calendar.nameHint')}
        issues={placed}
        value={form.name}
        onChange={(name) => update((f) => ({ ...f, name }))}
      />
      <TextField
        scope={SCOPE}
        path="timeZone"
        label={labelOf('timeZone')}
        hint={t('admin.calendar.timeZoneHint')}
        issues={placed}
        value={form.timeZone}
        onChange={(timeZone) => update((f) => ({ ...f, timeZone }))}
        input={{
          list: 'admin-time-zones',
          autoComplete: 'off',
          spellCheck: false,
          placeholder: t('admin.calendar.timeZonePlaceholder'),
        }}
      />
      <datalist id="admin-time-zones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>

      <Fieldset style={{ marginBottom: 12 }}>
        <Fieldset.Legend>{t('admin.calendar.hours')}</Fieldset.Legend>
        <FormField scope={SCOPE} path="hours" label={labelOf('hours')} labelInside issues={placed}>
          {(c) => (
            <Checkbox
              {...c}
              checked={form.allDay}
              onChange={(e) => {
                const allDay = e.target.checked
                update((f) => ({ ...f, allDay }))
              }}
            >
              <Field.Label>{t('admin.calendar.allDay')}</Field.Label>
            </Checkbox>
          )}
        </FormField>
        {form.allDay ? null : (
          <>
            <SM style={{ marginBottom: 8, color: '#68737d' }}>{t('admin.calendar.hoursHint')}</SM>
            {WEEKDAYS.map((day) => (
              <WeekdayRow
                key={day}
                day={day}
                dayName={dayName(day)}
                ranges={form.week[day]}
                onChange={(ranges) => setDay(day, ranges)}
                placed={placed}
              />
            ))}
          </>
        )}
      </Fieldset>

      <Fieldset style={{ marginBottom: 12 }}>
        <Fieldset.Legend>{t('admin.calendar.holidays')}</Fieldset.Legend>
        <FormField
          scope={SCOPE}
          path="holidays"
          label={labelOf('holidays')}
          hideLabel
          issues={placed}
          style={{ marginBottom: 4 }}
        >
          {() =>
            form.holidays.length === 0 ? (
              <SM style={{ color: '#68737d' }}>{t('admin.calendar.noHolidays')}</SM>
            ) : null
          }
        </FormField>
        {form.holidays.map((h, i) => (
          <HolidayFields
            key={h.key}
            index={i}
            holiday={h}
            onChange={(change) => setHoliday(i, change)}
            onRemove={() =>
              update((f) => ({ ...f, holidays: f.holidays.filter((_, j) => j !== i) }))
            }
            placed={placed}
          />
        ))}
        <Button
          size="small"
          onClick={() => update((f) => ({ ...f, holidays: [...f.holidays, holidayRow()] }))}
        >
          {t('admin.calendar.holiday.add')}
        </Button>
      </Fieldset>
    </VersionedForm>
  )
}

/** The two ends of an opening-hours range, with the label and the form path of each. */
const RANGE_ENDS = [
  { end: 'start', label: 'admin.calendar.opensOn' },
  { end: 'end', label: 'admin.calendar.closesOn' },
] as const

function WeekdayRow(props: {
  day: Weekday
  dayName: string
  ranges: HourRange[]
  onChange: (ranges: HourRange[]) => void
  placed: PlacedIssues
}) {
  const { t } = useEnvironment()
  const { day, ranges } = props
  const open = ranges.length > 0
  return (
    <div
      role="group"
      aria-label={props.dayName}
      data-testid={`weekday-${day}`}
      style={{ borderTop: '1px solid #e9ebed', padding: '8px 0 0' }}
    >
      <Field style={{ marginBottom: 8 }}>
        <Checkbox
          checked={open}
          onChange={(e) => props.onChange(e.target.checked ? [{ ...DEFAULT_HOURS }] : [])}
        >
          <Field.Label>
            {open
              ? t('admin.calendar.openOn', { day: props.dayName })
              : t('admin.calendar.closedOn', { day: props.dayName })}
          </Field.Label>
        </Checkbox>
      </Field>
      {ranges.map((r, i) => (
        <div
          key={i}
          style={{ display: 'flex', flexWrap: 'wrap', gap: '0 12px', alignItems: 'flex-end' }}
        >
          {RANGE_ENDS.map(({ end, label }) => (
            <TextField
              key={end}
              scope={SCOPE}
              path={`${rangePath(day, i)}.${end}`}
              label={t(label, { day: props.dayName })}
              issues={props.placed}
              style={{ flex: '1 1 100px' }}
              value={r[end]}
              input={{ isCompact: true, placeholder: t('admin.calendar.timePlaceholder') }}
              onChange={(value) =>
                props.onChange(ranges.map((x, j) => (j === i ? { ...x, [end]: value } : x)))
              }
            />
          ))}
          <Button
            size="small"
            isBasic
            style={{ marginBottom: 12 }}
            aria-label={t('admin.calendar.removeHoursLabel', { day: props.dayName, n: i + 1 })}
            onClick={() => props.onChange(ranges.filter((_, j) => j !== i))}
          >
            {t('admin.calendar.removeHours')}
          </Button>
        </div>
      ))}
      {open ? (
        <Button
          size="small"
          isBasic
          style={{ marginBottom: 8 }}
          aria-label={t('admin.calendar.addHoursLabel', { day: props.dayName })}
          onClick={() => props.onChange([...ranges, { start: '13:00', end: '17:00' }])}
        >
          {t('admin.calendar.addHours')}
        </Button>
      ) : null}
    </div>
  )
}

/** A holiday's dates side by side (from, until), with the placeholder each shows. */
const HOLIDAY_DATES = [
  {
    field: 'date',
    label: 'admin.calendar.holiday.date',
    placeholder: 'admin.version.datePlaceholder',
  },
  {
    field: 'until',
    label: 'admin.calendar.holiday.until',
    placeholder: 'admin.calendar.holiday.untilPlaceholder',
  },
] as const

function HolidayFields(props: {
  index: number
  holiday: HolidayRow
  onChange: (change: Partial<HolidayRow>) => void
  onRemove: () => void
  placed: PlacedIssues
}) {
  const { t } = useEnvironment()
  const { index: i, holiday: h } = props
  return (
    <div
      role="group"
      aria-label={t('admin.calendar.holiday.group', { n: i + 1 })}
      data-testid={`holiday-${i}`}
      style={{
        border: '1px solid #d8dcde',
        borderRadius: 4,
        padding: '8px 12px 0',
        marginBottom: 8,
      }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 12px' }}>
        {HOLIDAY_DATES.map(({ field, label, placeholder }) => (
          <TextField
            key={field}
            scope={SCOPE}
            path={`holidays[${i}].${field}`}
            label={t(label)}
            issues={props.placed}
            style={{ flex: '1 1 120px' }}
            value={h[field]}
            input={{ isCompact: true, placeholder: t(placeholder) }}
            onChange={(value) => props.onChange({ [field]: value })}
          />
        ))}
      </div>
      <TextField
        scope={SCOPE}
        path={`holidays[${i}].name`}
        label={t('admin.calendar.holiday.name')}
        issues={props.placed}
        value={h.name}
        input={{ isCompact: true }}
        onChange={(name) => props.onChange({ name })}
      />
      <div style={{ ...SPREAD_ROW, marginBottom: 8 }}>
        <Field>
          <Checkbox
            checked={h.yearly}
            onChange={(e) => props.onChange({ yearly: e.target.checked })}
          >
            <Field.Label isRegular>{t('admin.calendar.holiday.yearly')}</Field.Label>
          </Checkbox>
        </Field>
        <Button
          size="small"
          isDanger
          isBasic
          aria-label={t('admin.calendar.holiday.removeLabel', { n: i + 1 })}
          onClick={props.onRemove}
        >
          {t('admin.calendar.holiday.remove')}
        </Button>
      </div>
    </div>
  )
}
