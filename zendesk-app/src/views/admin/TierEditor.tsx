/**
 * Tier profiles: pick a tier, edit its latest profile version (name, calendar, targets per metric
 * and priority, warning thresholds) and save it as a new version from a date or as a correction.
 * The form validates with the engine's `validateProfile` as the admin types; the service's own
 * refusals (400/422) land under the same fields.
 */
import { useCallback, useMemo, useState } from 'react'
import { METRICS, type Metric, type ValidationIssue } from '@sla-tracker/shared'
import { Button } from '@zendeskgarden/react-buttons'
import { Field, Fieldset, Input, Select } from '@zendeskgarden/react-forms'
import { Paragraph, Well } from '@zendeskgarden/react-notifications'
import { LG, SM } from '@zendeskgarden/react-typography'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { serviceErrorOf } from '../../service/service-api.js'
import { EmptyState, LoadingState } from '../../ui/states.js'
import { useServiceData } from '../../ui/useServiceData.js'
import { useAdmin } from './admin-api.js'
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
import {
  latestVersion,
  tierFieldPaths,
  tierFormOf,
  tierPathOf,
  validateTierForm,
  type Basis,
  type TierForm,
} from './tier-form.js'
import type { RegistrySummary, TierSummary, TierView } from './types.js'

const SCOPE = 'tier'

export function TierEditor() {
  const { t } = useEnvironment()
  const admin = useAdmin()
  const tiers = useServiceData(() => admin.get<{ tiers: TierSummary[] }>('/api/v1/tiers'), [admin])
  const calendars = useServiceData(
    () => admin.get<{ calendars: RegistrySummary[] }>('/api/v1/calendars'),
    [admin],
  )
  const [selected, setSelected] = useState<string | null>(null)
  const list = tiers.status === 'ready' ? tiers.data.tiers : []
  const id = list.some((x) => x.id === selected) ? selected : (list[0]?.id ?? null)

  return (
    <section data-testid="tier-editor" aria-labelledby="admin-tier-title">
      <LG tag="h2" id="admin-tier-title" isBold style={{ marginBottom: 4 }}>
        {t('admin.tier.title')}
      </LG>
      <Paragraph style={{ marginBottom: 12 }}>{t('admin.tier.intro')}</Paragraph>
      {tiers.status === 'loading' ? <LoadingState label={t('admin.tier.loading')} /> : null}
      {tiers.status === 'error' ? (
        <AdminErrorState error={tiers.error} onRetry={tiers.refresh} />
      ) : null}
      {tiers.status === 'ready' && list.length === 0 ? (
        <EmptyState title={t('admin.tier.emptyTitle')}>{t('admin.tier.empty')}</EmptyState>
      ) : null}
      {list.length > 0 && id !== null ? (
        <>
          <Field style={{ marginBottom: 16 }}>
            <Field.Label>{t('admin.tier.pick')}</Field.Label>
            <Select value={id} onChange={(e) => setSelected(e.target.value)}>
              {list.map((x) => (
                <option key={x.id} value={x.id}>
                  {t('admin.tier.option', {
                    name: x.name ?? x.id,
                    versions: t.plural('admin.versionCount', x.versionCount),
                    accounts: t.plural('admin.accountCount', x.accountCount),
                  })}
                </option>
              ))}
            </Select>
          </Field>
          <TierLoader
            id={id}
            calendars={calendars.status === 'ready' ? calendars.data.calendars : null}
            onSaved={tiers.refresh}
          />
        </>
      ) : null}
    </section>
  )
}

function TierLoader(props: {
  id: string
  calendars: RegistrySummary[] | null
  onSaved: () => void
}) {
  const { t } = useEnvironment()
  const admin = useAdmin()
  const tier = useServiceData(
    () => admin.get<TierView>(`/api/v1/tiers/${encodeURIComponent(props.id)}`),
    [admin, props.id],
  )
  if (tier.status === 'loading') return <LoadingState label={t('admin.tier.loadingOne')} />
  if (tier.status === 'error') return <AdminErrorState error={tier.error} onRetry={tier.refresh} />
  if (tier.refreshing) return <LoadingState label={t('admin.tier.loadingOne')} />
  if (tier.data.versions.length === 0)
    return (
      <EmptyState title={t('admin.tier.noVersionsTitle')}>{t('admin.tier.noVersions')}</EmptyState>
    )
  return (
    <TierProfileForm
      key={`${tier.data.id}:${tier.data.revision}:${tier.receivedAt}`}
      view={tier.data}
      calendars={props.calendars}
      onReload={tier.refresh}
      onSaved={props.onSaved}
    />
  )
}

function TierProfileForm(props: {
  view: TierView
  calendars: RegistrySummary[] | null
  onReload: () => void
  onSaved: () => void
}) {
  const { t, user } = useEnvironment()
  const admin = useAdmin()
  const today = todayIn(user.timeZone?.ianaName ?? undefined)
  const [view, setView] = useState(props.view)
  const [form, setForm] = useState<TierForm>(() => tierFormOf(props.view, today))
  const [serverIssues, setServerIssues] = useState<ValidationIssue[]>([])
  const [save, setSave] = useState<SaveState>({ state: 'idle' })
  const latest = latestVersion(view)

  const messages = useMemo(
    () => ({
      wholeMinutes: t('admin.tier.errors.wholeMinutes'),
      thresholdNumber: t('admin.tier.errors.thresholdNumber'),
      required: t('admin.version.errors.required'),
      format: t('admin.version.errors.format'),
      order: t('admin.version.errors.order'),
    }),
    [t],
  )
  const calendarIds = useMemo(
    () => (props.calendars ? new Set(props.calendars.map((c) => c.id)) : undefined),
    [props.calendars],
  )
  const checked = useMemo(
    () => validateTierForm(form, view, calendarIds, messages),
    [form, view, calendarIds, messages],
  )
  const fields = useMemo(() => tierFieldPaths(form), [form])
  const placed = useMemo(
    () => placeIssues([...checked.issues, ...serverIssues], fields, tierPathOf),
    [checked.issues, serverIssues, fields],
  )

  const update = useCallback((change: (f: TierForm) => TierForm) => {
    setForm(change)
    setServerIssues([])
    setSave((s) => (s.state === 'saving' ? s : { state: 'idle' }))
  }, [])

  const priorityLabel = (id: string) =>
    latest.profile.priorities.find((p) => p.id === id)?.label ?? id
  const metricLabel = (m: Metric) => t(`admin.metrics.${m}`)
  const labelOf = (path: string): string => {
    const m = /^targets\.(\w+)\.(.+)\.(minutes|basis)$/.exec(path)
    if (m)
      return t(m[3] === 'minutes' ? 'admin.tier.minutesOf' : 'admin.tier.basisOf', {
        metric: metricLabel(m[1] as Metric),
        priority: priorityLabel(m[2]!),
      })
    if (path === 'effectiveFrom') return t('admin.version.effectiveFrom')
    return t(`admin.tier.fields.${path}`)
  }

  const invalid = checked.issues.length > 0 || serverIssues.length > 0
  const onSave = async () => {
    if (invalid || save.state === 'saving') return
    const req = saveRequestOf('tiers', view, form.mode, form.effectiveFrom, {
      profile: checked.profile,
    })
    setSave({ state: 'saving' })
    try {
      const next = await admin.send<TierView>(req.method, req.path, {
        body: req.body,
        ifMatch: view.revision,
      })
      setView(next)
      setForm(tierFormOf(next, today))
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

  const calendarOptions = props.calendars ?? []
  const unknownCalendar =
    form.calendar !== '' && !calendarOptions.some((c) => c.id === form.calendar)

  return (
    <form
      noValidate
      aria-label={t('admin.tier.formLabel', { name: view.name ?? view.id })}
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
      <FormField scope={SCOPE} path="name" label={labelOf('name')} issues={placed}>
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
        path="calendar"
        label={labelOf('calendar')}
        hint={props.calendars ? t('admin.tier.calendarHint') : t('admin.tier.calendarsUnavailable')}
        issues={placed}
      >
        {(c) => (
          <Select
            {...c}
            value={form.calendar}
            onChange={(e) => {
              const calendar = e.target.value
              update((f) => ({ ...f, calendar }))
            }}
          >
            <option value="">{t('admin.tier.noCalendar')}</option>
            {calendarOptions.map((cal) => (
              <option key={cal.id} value={cal.id}>
                {cal.name ?? cal.id}
              </option>
            ))}
            {unknownCalendar ? <option value={form.calendar}>{form.calendar}</option> : null}
          </Select>
        )}
      </FormField>

      <Fieldset style={{ marginBottom: 12 }}>
        <Fieldset.Legend>{t('admin.tier.targets')}</Fieldset.Legend>
        <SM style={{ marginBottom: 8, color: '#68737d' }}>{t('admin.tier.targetsHint')}</SM>
        {METRICS.map((metric) => (
          <Fieldset key={metric} style={{ marginBottom: 12 }} data-testid={`metric-${metric}`}>
            <Fieldset.Legend>{metricLabel(metric)}</Fieldset.Legend>
            {Object.entries(form.targets[metric]).map(([prio, cell]) => (
              <div
                key={prio}
                style={{
                  display: 'flex',
                  flexWrap: 'wrap',
                  gap: '0 12px',
                  alignItems: 'flex-start',
                }}
              >
                <FormField
                  scope={SCOPE}
                  path={`targets.${metric}.${prio}.minutes`}
                  label={t('admin.tier.minutesFor', { priority: priorityLabel(prio) })}
                  issues={placed}
                  style={{ flex: '1 1 120px' }}
                >
                  {(c) => (
                    <Input
                      {...c}
                      isCompact
                      inputMode="numeric"
                      value={cell.minutes}
                      placeholder={t('admin.tier.noTarget')}
                      onChange={(e) => {
                        const minutes = e.target.value
                        update((f) => setCell(f, metric, prio, { minutes }))
                      }}
                    />
                  )}
                </FormField>
                <FormField
                  scope={SCOPE}
                  path={`targets.${metric}.${prio}.basis`}
                  label={t('admin.tier.basisFor', { priority: priorityLabel(prio) })}
                  issues={placed}
                  style={{ flex: '1 1 120px' }}
                >
                  {(c) => (
                    <Select
                      {...c}
                      isCompact
                      value={cell.basis}
                      onChange={(e) => {
                        const basis = e.target.value as Basis
                        update((f) => setCell(f, metric, prio, { basis }))
                      }}
                    >
                      <option value="business">{t('admin.basis.business')}</option>
                      <option value="calendar">{t('admin.basis.calendar')}</option>
                    </Select>
                  )}
                </FormField>
              </div>
            ))}
          </Fieldset>
        ))}
      </Fieldset>

      <FormField
        scope={SCOPE}
        path="warningThresholds"
        label={labelOf('warningThresholds')}
        hint={t('admin.tier.thresholdsHint')}
        issues={placed}
      >
        {(c) => (
          <Input
            {...c}
            value={form.warningThresholds}
            placeholder={t('admin.tier.thresholdsPlaceholder')}
            onChange={(e) => {
              const warningThresholds = e.target.value
              update((f) => ({ ...f, warningThresholds }))
            }}
          />
        )}
      </FormField>

      <Well isRecessed style={{ marginBottom: 12, padding: 12 }}>
        <Paragraph>{t('admin.tier.keptAsIs')}</Paragraph>
      </Well>

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
                : tierFormOf(view, today).effectiveFrom,
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
        data-testid="save-tier"
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

function setCell(
  f: TierForm,
  metric: Metric,
  prio: string,
  change: Partial<TierForm['targets'][Metric][string]>,
): TierForm {
  const current = f.targets[metric][prio] ?? { minutes: '', basis: 'calendar' as const }
  return {
    ...f,
    targets: {
      ...f.targets,
      [metric]: { ...f.targets[metric], [prio]: { ...current, ...change } },
    },
  }
}
