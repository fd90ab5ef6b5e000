/**
 * Tier profiles: pick a tier, edit its latest profile version (name, calendar, targets per metric
 * and priority, warning thresholds) and save it as a new version from a date or as a correction.
 * The form validates with the engine's `validateProfile` as the admin types; the service's own
 * refusals (400/422) land under the same fields.
 */
import { useCallback, useMemo } from 'react'
import {
  METRICS,
  type Metric,
  type RegistrySummary,
  type TierSummary,
  type TierView,
} from '@sla-tracker/shared'
import { Fieldset, Select } from '@zendeskgarden/react-forms'
import { Paragraph, Well } from '@zendeskgarden/react-notifications'
import { SM } from '@zendeskgarden/react-typography'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { useServiceData } from '../../ui/useServiceData.js'
import { useAdmin } from './admin-api.js'
import { AdminSection, FormField, TextField } from './form-ui.js'
import {
  latestVersion,
  tierFieldPaths,
  tierFormOf,
  tierPathOf,
  validateTierForm,
  type Basis,
  type TierForm,
} from './tier-form.js'
import { useVersionedForm } from './useVersionedForm.js'
import { RegistryPicker, VersionedForm, VersionedLoader } from './versioned-editor.js'

const SCOPE = 'tier'

export function TierEditor() {
  const { t } = useEnvironment()
  const admin = useAdmin()
  const tiers = useServiceData(
    () => admin.get<{ tiers: TierSummary[] }>('/api/v1/tiers').then((r) => r.tiers),
    [admin],
  )
  const calendars = useServiceData(
    () => admin.get<{ calendars: RegistrySummary[] }>('/api/v1/calendars'),
    [admin],
  )

  return (
    <AdminSection
      testId="tier-editor"
      titleId="admin-tier-title"
      title={t('admin.tier.title')}
      intro={t('admin.tier.intro')}
    >
      <RegistryPicker
        list={tiers}
        labels={{
          loading: t('admin.tier.loading'),
          emptyTitle: t('admin.tier.emptyTitle'),
          empty: t('admin.tier.empty'),
          pick: t('admin.tier.pick'),
        }}
        optionLabel={(x) =>
          t('admin.tier.option', {
            name: x.name ?? x.id,
            versions: t.plural('admin.versionCount', x.versionCount),
            accounts: t.plural('admin.accountCount', x.accountCount),
          })
        }
      >
        {(id) => (
          <VersionedLoader<TierView>
            path={`/api/v1/tiers/${encodeURIComponent(id)}`}
            labels={{
              loading: t('admin.tier.loadingOne'),
              noVersionsTitle: t('admin.tier.noVersionsTitle'),
              noVersions: t('admin.tier.noVersions'),
            }}
          >
            {(view, reload) => (
              <TierProfileForm
                view={view}
                calendars={calendars.status === 'ready' ? calendars.data.calendars : null}
                onReload={reload}
                onSaved={tiers.refresh}
              />
            )}
          </VersionedLoader>
        )}
      </RegistryPicker>
    </AdminSection>
  )
}

const profileContent = (checked: ReturnType<typeof validateTierForm>) => ({
  profile: checked.profile,
})

function TierProfileForm(props: {
  view: TierView
  calendars: RegistrySummary[] | null
  onReload: () => void
  onSaved: () => void
}) {
  const { t } = useEnvironment()

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
  const check = useCallback(
    (form: TierForm, view: TierView) => validateTierForm(form, view, calendarIds, messages),
    [calendarIds, messages],
  )
  const state = useVersionedForm({
    kind: 'tiers',
    view: props.view,
    latestOf: latestVersion,
    formOf: tierFormOf,
    check,
    fieldPaths: tierFieldPaths,
    pathOf: tierPathOf,
    content: profileContent,
    onSaved: props.onSaved,
  })
  const { view, form, latest, placed, update } = state

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

  const calendarOptions = props.calendars ?? []
  const unknownCalendar =
    form.calendar !== '' && !calendarOptions.some((c) => c.id === form.calendar)

  return (
    <VersionedForm
      scope={SCOPE}
      label={t('admin.tier.formLabel', { name: view.name ?? view.id })}
      labelOf={labelOf}
      state={state}
      saveTestId="save-tier"
      onReload={props.onReload}
    >
      <TextField
        scope={SCOPE}
        path="name"
        label={labelOf('name')}
        issues={placed}
        value={form.name}
        onChange={(name) => update((f) => ({ ...f, name }))}
      />
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
                <TextField
                  scope={SCOPE}
                  path={`targets.${metric}.${prio}.minutes`}
                  label={t('admin.tier.minutesFor', { priority: priorityLabel(prio) })}
                  issues={placed}
                  style={{ flex: '1 1 120px' }}
                  value={cell.minutes}
                  onChange={(minutes) => update((f) => setCell(f, metric, prio, { minutes }))}
                  input={{
                    isCompact: true,
                    inputMode: 'numeric',
                    placeholder: t('admin.tier.noTarget'),
                  }}
                />
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

      <TextField
        scope={SCOPE}
        path="warningThresholds"
        label={labelOf('warningThresholds')}
        hint={t('admin.tier.thresholdsHint')}
        issues={placed}
        value={form.warningThresholds}
        onChange={(warningThresholds) => update((f) => ({ ...f, warningThresholds }))}
        input={{ placeholder: t('admin.tier.thresholdsPlaceholder') }}
      />

      <Well isRecessed style={{ marginBottom: 12, padding: 12 }}>
        <Paragraph>{t('admin.tier.keptAsIs')}</Paragraph>
      </Well>
    </VersionedForm>
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
