/**
 * The frame the tier and calendar editors share: picking one registry object of a list, loading
 * it, and the form around its fields (summary of problems at the top; how the save writes, the
 * Save button and what came of it at the bottom). The fields themselves stay in each editor.
 */
import { Fragment, useState, type ReactNode } from 'react'
import { Button } from '@zendeskgarden/react-buttons'
import { Field, Select } from '@zendeskgarden/react-forms'
import { SM } from '@zendeskgarden/react-typography'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { EmptyState, LoadingState } from '../../ui/states.js'
import { useServiceData, type ServiceData } from '../../ui/useServiceData.js'
import { useAdmin } from './admin-api.js'
import { AdminErrorState, SaveOutcome, ValidationSummary, VersionFields } from './form-ui.js'
import type { RegistrySummary, VersionedView } from '@sla-tracker/shared'
import type { VersionedFormState } from './useVersionedForm.js'

/**
 * The list's loading, error and empty states, then a picker (the first object until the admin
 * picks another) and what `children` shows for the picked id.
 */
export function RegistryPicker<T extends RegistrySummary>(props: {
  list: ServiceData<readonly T[]> & { refresh: () => void }
  labels: { loading: string; emptyTitle: string; empty: string; pick: string }
  optionLabel: (item: T) => string
  children: (id: string) => ReactNode
}) {
  const { list: state, labels } = props
  const [selected, setSelected] = useState<string | null>(null)
  const list = state.status === 'ready' ? state.data : []
  const id = list.some((x) => x.id === selected) ? selected : (list[0]?.id ?? null)
  return (
    <>
      {state.status === 'loading' ? <LoadingState label={labels.loading} /> : null}
      {state.status === 'error' ? (
        <AdminErrorState error={state.error} onRetry={state.refresh} />
      ) : null}
      {state.status === 'ready' && list.length === 0 ? (
        <EmptyState title={labels.emptyTitle}>{labels.empty}</EmptyState>
      ) : null}
      {list.length > 0 && id !== null ? (
        <>
          <Field style={{ marginBottom: 16 }}>
            <Field.Label>{labels.pick}</Field.Label>
            <Select value={id} onChange={(e) => setSelected(e.target.value)}>
              {list.map((x) => (
                <option key={x.id} value={x.id}>
                  {props.optionLabel(x)}
                </option>
              ))}
            </Select>
          </Field>
          {props.children(id)}
        </>
      ) : null}
    </>
  )
}

/**
 * Loads one versioned object (`path`) and shows `children` for it, afresh (remounted) for every
 * revision received; a loading state while it (re)loads, an error with a retry, or a note when it
 * has no version yet.
 */
export function VersionedLoader<V extends VersionedView<object>>(props: {
  path: string
  labels: { loading: string; noVersionsTitle: string; noVersions: string }
  children: (view: V, reload: () => void) => ReactNode
}) {
  const admin = useAdmin()
  const { labels } = props
  const loaded = useServiceData(() => admin.get<V>(props.path), [admin, props.path])
  if (loaded.status === 'loading' || (loaded.status === 'ready' && loaded.refreshing))
    return <LoadingState label={labels.loading} />
  if (loaded.status === 'error')
    return <AdminErrorState error={loaded.error} onRetry={loaded.refresh} />
  if (loaded.data.versions.length === 0)
    return <EmptyState title={labels.noVersionsTitle}>{labels.noVersions}</EmptyState>
  return (
    <Fragment key={`${loaded.data.id}:${loaded.data.revision}:${loaded.receivedAt}`}>
      {props.children(loaded.data, loaded.refresh)}
    </Fragment>
  )
}

/**
 * The form around an editor's fields: the summary of every problem first, then the fields, how
 * the save writes, the Save button (disabled while anything is wrong, with a hint saying so) and
 * what came of the save.
 */
export function VersionedForm(props: {
  scope: string
  label: string
  labelOf: (path: string) => string
  state: VersionedFormState
  saveTestId: string
  onReload: () => void
  children: ReactNode
}) {
  const { t } = useEnvironment()
  const { scope, state } = props
  const { save, invalid } = state
  return (
    <form
      noValidate
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault()
        void state.submit()
      }}
    >
      <ValidationSummary
        scope={scope}
        issues={state.placed}
        labelOf={props.labelOf}
        fromService={state.fromService}
      />
      {props.children}
      <VersionFields
        scope={scope}
        mode={state.form.mode}
        onMode={state.setMode}
        effectiveFrom={state.form.effectiveFrom}
        onEffectiveFrom={state.setEffectiveFrom}
        latest={state.latest}
        issues={state.placed}
      />
      <Button
        type="submit"
        isPrimary
        disabled={invalid || save.state === 'saving'}
        data-testid={props.saveTestId}
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
