/**
 * Business calendars: pick one, edit its latest definition (name, IANA time zone, hours per
 * weekday, holidays) and save it as a new version from a date or as a correction. Validated with
 * the engine's `validateCalendar` as the admin types; the service's refusals land on the same
 * fields.
 */
import { useCallback, useMemo, useState } from 'react'
import { WEEKDAYS, type ValidationIssue, type Weekday } from '@sla-tracker/shared'
import { Button } from '@zendeskgarden/react-buttons'
import { Checkbox, Field, Fieldset, Input, Select } from '@zendeskgarden/react-forms'
import { Paragraph } from '@zendeskgarden/react-notifications'
import { LG, SM } from '@zendeskgarden/react-typography'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { serviceErrorOf } from '../../service/service-api.js'
import { EmptyState, LoadingState } from '../../ui/states.js'
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
  type HolidayRow,
  type HourRange,
} from './calendar-form.js'
import { todayIn } from './effective-date.js'
import { placeIssues } from './form-issues.js'
import {
  AdminErrorState,
  FormField,
  SaveOutcome,
  ValidationSummary,
  VersionFields,
  type SaveState,
} from './form-ui.js'
import { saveRequestOf } from './save-request.js'
import type { CalendarView, RegistrySummary } from './types.js'

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
    () => admin.get<{ calendars: RegistrySummary[] }>('/api/v1/calendars'),
    [admin],
  )
  const [selected, setSelected] = useState<string | null>(null)
  const list = calendars.status === 'ready' ? calendars.data.calendars : []
  const id = list.some((x) => x.id === selected) ? selected : (list[0]?.id ?? null)

  return (
    <section data-testid="calendar-editor" aria-labelledby="admin-calendar-title">
      <LG tag="h2" id="admin-calendar-title" isBold style={{ marginBottom: 4 }}>
        {t('admin.calendar.title')}
      </LG>
      <Paragraph style={{ marginBottom: 12 }}>{t('admin.calendar.intro')}</Paragraph>
      {calendars.status === 'loading' ? <LoadingState label={t('admin.calendar.loading')} /> : null}
      {calendars.status === 'error' ? (
        <AdminErrorState error={calendars.error} onRetry={calendars.refresh} />
      ) : null}
      {calendars.status === 'ready' && list.length === 0 ? (
        <EmptyState title={t('admin.calendar.emptyTitle')}>{t('admin.calendar.empty')}</EmptyState>
      ) : null}
      {list.length > 0 && id !== null ? (
        <>
          <Field style={{ marginBottom: 16 }}>
            <Field.Label>{t('admin.calendar.pick')}</Field.Label>
            <Select value={id} onChange={(e) => setSelected(e.target.value)}>
              {list.map((x) => (
                <option key={x.id} value={x.id}>
                  {t('admin.calendar.option', {
                    name: x.name ?? x.id,
                    versions: t.plural('admin.versionCount', x.versionCount),
                  })}
                </option>
              ))}
            </Select>
          </Field>
          <CalendarLoader id={id} onSaved={calendars.refresh} />
        </>
      ) : null}
    </section>
  )
}

function CalendarLoader(props: { id: string; onSaved: () => void }) {
  const { t } = useEnvironment()
  const admin = useAdmin()
  const calendar = useServiceData(
    () => admin.get<CalendarView>(`/api/v1/calendars/${encodeURIComponent(props.id)}`),
    [admin, props.id],
  )
  if (calendar.status === 'loading' || (calendar.status === 'ready' && calendar.refreshing))
    return <LoadingState label={t('admin.calendar.loadingOne')} />
  if (calendar.status === 'error')
    return <AdminErrorState error={calendar.error} onRetry={calendar.refresh} />
  if (calendar.data.versions.length === 0)
    return (
      <EmptyState title={t('admin.calendar.noVersionsTitle')}>
        {t('admin.calendar.noVersions')}
      </EmptyState>
    )
  return (
    <CalendarForm
      key={`${calendar.data.id}:${calendar.data.revision}:${calendar.receivedAt}`}
      view={calendar.data}
      onReload={calendar.refresh}
      onSaved={props.onSaved}
    />
  )
}

function CalendarForm(props: { view: CalendarView; onReload: () => void; onSaved: () => void }) {
  const { t, user } = useEnvironment()
  const admin = useAdmin()
  const today = todayIn(user.timeZone?.ianaName ?? undefined)
  const [view, setView] = useState(props.view)
  const [form, setForm] = useState<CalendarForm>(() => calendarFormOf(props.view, today))
  const [serverIssues, setServerIssues] = useState<ValidationIssue[]>([])
  const [save, setSave] = useState<SaveState>({ state: 'idle' })
  const latest = latestDefinition(view)
  const zones = useMemo(timeZoneNames, [])

  const messages = useMemo(
    () => ({
      required: t('admin.version.errors.required'),
      format: t('admin.version.errors.format'),
      order: t('admin.version.errors.order'),
    }),
    [t],
  )
  const checked = useMemo(() => validateCalendarForm(form, view, messages), [form, view, messages])
  const fields = useMemo(() => calendarFieldPaths(form), [form])
  const placed = useMemo(
    () =>
      placeIssues([...checked.issues, ...serverIssues], fields, (p) =>
        calendarPathsOf(p, checked.hoursIndex),
      ),
    [checked, serverIssues, fields],
  )

  const update = useCallback((change: (f: CalendarForm) => CalendarForm) => {
    setForm(change)
    setServerIssues([])
    setSave((s) => (s.state === 'saving' ? s : { state: 'idle' }))
  }, [])

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

  const invalid = checked.issues.length > 0 || serverIssues.length > 0
  const onSave = async () => {
    if (invalid || save.state === 'saving') return
    const req = saveRequestOf('calendars', view, form.mode, form.effectiveFrom, {
      definition: checked.definition,
    })
    setSave({ state: 'saving' })
    try {
      const next = await admin.send<CalendarView>(req.method, req.path, {
        body: req.body,
        ifMatch: view.revision,
      })
      setView(next)
      setForm(calendarFormOf(next, today))
      setSave({
        state: 'saved',
        version: req.version,
        effectiveFrom: next.versions.find((v) => v.version === req.version)?.effectiveFrom ?? null,
      })
      props.onSaved()
    } catch (reason) {
      const error = serviceErrorOf(reason)
      if (error.kind === 'conflict') setSave({ state: 'conflict', error })
      else if (error.kind === 'invalid' && error.issues.length > 0) {
        setServerIssues(error.issues)
        setSave({ state: 'idle' })
      } else setSave({ state: 'failed', error })
    }
  }

  const setDay = (day: Weekday, ranges: HourRange[]) =>
    update((f) => ({ ...f, week: { ...f.week, [day]: ranges } }))
  const setHoliday = (index: number, change: Partial<HolidayRow>) =>
    update((f) => ({
      ...f,
      holidays: f.holidays.map((h, i) => (i === index ? { ...h, ...change } : h)),
    }))

  return (
    <form
      noValidate
      aria-label={t('admin.calendar.formLabel', { name: view.name ?? view.id })}
      onSubmit={(e) => {
        e.preventDefault()
        void onSave()
      }}
    >
      <ValidationSummary
        scope={SCOPE}
        issues={placed}
        labelOf={labelOf}
        fromService={serverIssues.length > 0}
      />
      <FormField
        scope={SCOPE}
        path="name"
        label={labelOf('name')}
        hint={t('admin.calendar.nameHint')}
        issues={placed}
      >
        {(c) => (
          <Input
            {...c}
            value={form.name}
            onChange={(e) => {
              const name = e.target.value
              update((f) => ({ ...f, name }))
            }}
          />
        )}
      </FormField>
      <FormField
        scope={SCOPE}
        path="timeZone"
        label={labelOf('timeZone')}
        hint={t('admin.calendar.timeZoneHint')}
        issues={placed}
      >
        {(c) => (
          <Input
            {...c}
            value={form.timeZone}
            list="admin-time-zones"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('admin.calendar.timeZonePlaceholder')}
            onChange={(e) => {
              const timeZone = e.target.value
              update((f) => ({ ...f, timeZone }))
            }}
          />
        )}
      </FormField>
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
          <div
            key={h.key}
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
              <FormField
                scope={SCOPE}
                path={`holidays[${i}].date`}
                label={t('admin.calendar.holiday.date')}
                issues={placed}
                style={{ flex: '1 1 120px' }}
              >
                {(c) => (
                  <Input
                    {...c}
                    isCompact
                    value={h.date}
                    placeholder={t('admin.version.datePlaceholder')}
                    onChange={(e) => setHoliday(i, { date: e.target.value })}
                  />
                )}
              </FormField>
              <FormField
                scope={SCOPE}
                path={`holidays[${i}].until`}
                label={t('admin.calendar.holiday.until')}
                issues={placed}
                style={{ flex: '1 1 120px' }}
              >
                {(c) => (
                  <Input
                    {...c}
                    isCompact
                    value={h.until}
                    placeholder={t('admin.calendar.holiday.untilPlaceholder')}
                    onChange={(e) => setHoliday(i, { until: e.target.value })}
                  />
                )}
              </FormField>
            </div>
            <FormField
              scope={SCOPE}
              path={`holidays[${i}].name`}
              label={t('admin.calendar.holiday.name')}
              issues={placed}
            >
              {(c) => (
                <Input
                  {...c}
                  isCompact
                  value={h.name}
                  onChange={(e) => setHoliday(i, { name: e.target.value })}
                />
              )}
            </FormField>
            <div
              style={{
                display: 'flex',
                flexWrap: 'wrap',
                justifyContent: 'space-between',
                alignItems: 'center',
                gap: 8,
                marginBottom: 8,
              }}
            >
              <Field>
                <Checkbox
                  checked={h.yearly}
                  onChange={(e) => setHoliday(i, { yearly: e.target.checked })}
                >
                  <Field.Label isRegular>{t('admin.calendar.holiday.yearly')}</Field.Label>
                </Checkbox>
              </Field>
              <Button
                size="small"
                isDanger
                isBasic
                aria-label={t('admin.calendar.holiday.removeLabel', { n: i + 1 })}
                onClick={() =>
                  update((f) => ({ ...f, holidays: f.holidays.filter((_, j) => j !== i) }))
                }
              >
                {t('admin.calendar.holiday.remove')}
              </Button>
            </div>
          </div>
        ))}
        <Button
          size="small"
          onClick={() => update((f) => ({ ...f, holidays: [...f.holidays, holidayRow()] }))}
        >
          {t('admin.calendar.holiday.add')}
        </Button>
      </Fieldset>

      <VersionFields
        scope={SCOPE}
        mode={form.mode}
        onMode={(mode) =>
          update((f) => ({
            ...f,
            mode,
            effectiveFrom:
              mode === 'correct'
                ? (latest.effectiveFrom ?? '')
                : calendarFormOf(view, today).effectiveFrom,
          }))
        }
        effectiveFrom={form.effectiveFrom}
        onEffectiveFrom={(effectiveFrom) => update((f) => ({ ...f, effectiveFrom }))}
        latest={latest}
        issues={placed}
      />

      <Button
        type="submit"
        isPrimary
        disabled={invalid || save.state === 'saving'}
        data-testid="save-calendar"
      >
        {save.state === 'saving' ? t('admin.save.saving') : t('admin.save.save')}
      </Button>
      {invalid ? (
        <SM style={{ marginTop: 4, color: '#68737d' }}>{t('admin.save.fixFirst')}</SM>
      ) : null}
      <SaveOutcome save={save} onReload={props.onReload} />
    </form>
  )
}

function WeekdayRow(props: {
  day: Weekday
  dayName: string
  ranges: HourRange[]
  onChange: (ranges: HourRange[]) => void
  placed: ReturnType<typeof placeIssues>
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
          <FormField
            scope={SCOPE}
            path={`${rangePath(day, i)}.start`}
            label={t('admin.calendar.opensOn', { day: props.dayName })}
            issues={props.placed}
            style={{ flex: '1 1 100px' }}
          >
            {(c) => (
              <Input
                {...c}
                isCompact
                value={r.start}
                placeholder={t('admin.calendar.timePlaceholder')}
                onChange={(e) =>
                  props.onChange(
                    ranges.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)),
                  )
                }
              />
            )}
          </FormField>
          <FormField
            scope={SCOPE}
            path={`${rangePath(day, i)}.end`}
            label={t('admin.calendar.closesOn', { day: props.dayName })}
            issues={props.placed}
            style={{ flex: '1 1 100px' }}
          >
            {(c) => (
              <Input
                {...c}
                isCompact
                value={r.end}
                placeholder={t('admin.calendar.timePlaceholder')}
                onChange={(e) =>
                  props.onChange(
                    ranges.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)),
                  )
                }
              />
            )}
          </FormField>
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
