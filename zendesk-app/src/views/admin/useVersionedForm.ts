/**
 * The state of an editor for a versioned registry object (a tier or a calendar): the form built
 * from the latest version, its issues (the form's own and the service's) placed on the fields,
 * how a save writes (new version from a date or correction, with the date that goes with it), and
 * the save itself: validation first, then `POST`/`PUT` with the revision read in `If-Match`.
 */
import { useCallback, useMemo, useState } from 'react'
import type { ValidationIssue, VersionedView } from '@sla-tracker/shared'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { serviceErrorOf } from '../../service/service-api.js'
import { useAdmin } from './admin-api.js'
import { todayIn } from './effective-date.js'
import { placeIssues, type PlacedIssues } from './form-issues.js'
import { localizeIssues } from './issue-text.js'
import type { SaveState } from './form-ui.js'
import { saveRequestOf } from './save-request.js'
import type { SaveMode } from './types.js'

/** What every versioned form has: how the save writes, and from when. */
export interface VersionFormFields {
  mode: SaveMode
  effectiveFrom: string
}

export interface VersionedFormOptions<
  V extends VersionedView<object>,
  F extends VersionFormFields,
  C extends { issues: readonly ValidationIssue[] },
> {
  kind: 'tiers' | 'calendars'
  /** The object as loaded. */
  view: V
  latestOf: (view: V) => V['versions'][number]
  formOf: (view: V, today: string) => F
  /** Checks the form (keep it stable: a module function or a `useCallback`). */
  check: (form: F, view: V) => C
  /** The form's field paths, in display order (stable). */
  fieldPaths: (form: F) => string[]
  /** An issue path → the form's path(s) (stable). */
  pathOf: (path: string, checked: C) => string | readonly string[]
  /** What a save sends besides the effective date. */
  content: (checked: C) => Record<string, unknown>
  onSaved: () => void
}

/** What the shared form frame (`VersionedForm`) needs from the editor's state. */
export interface VersionedFormState {
  form: VersionFormFields
  latest: { version: number; effectiveFrom: string | null }
  placed: PlacedIssues
  /** The service refused the last save with issues (shown on the fields until the next edit). */
  fromService: boolean
  invalid: boolean
  save: SaveState
  submit: () => Promise<void>
  setMode: (mode: SaveMode) => void
  setEffectiveFrom: (effectiveFrom: string) => void
}

export function useVersionedForm<
  V extends VersionedView<object>,
  F extends VersionFormFields,
  C extends { issues: readonly ValidationIssue[] },
>(
  options: VersionedFormOptions<V, F, C>,
): VersionedFormState & {
  view: V
  form: F
  latest: V['versions'][number]
  checked: C
  update: (change: (f: F) => F) => void
} {
  const { kind, latestOf, formOf, check, fieldPaths, pathOf } = options
  const { user, t } = useEnvironment()
  const admin = useAdmin()
  const today = todayIn(user.timeZone?.ianaName ?? undefined)
  const [view, setView] = useState(options.view)
  const [form, setForm] = useState<F>(() => formOf(options.view, today))
  const [serverIssues, setServerIssues] = useState<ValidationIssue[]>([])
  const [save, setSave] = useState<SaveState>({ state: 'idle' })
  const latest = latestOf(view)

  const checked = useMemo(() => check(form, view), [check, form, view])
  const fields = useMemo(() => fieldPaths(form), [fieldPaths, form])
  // Engine and service messages are English; shown in the admin's language where known.
  const placed = useMemo(
    () =>
      placeIssues(localizeIssues([...checked.issues, ...serverIssues], t), fields, (p) =>
        pathOf(p, checked),
      ),
    [checked, serverIssues, fields, pathOf, t],
  )

  const update = useCallback((change: (f: F) => F) => {
    setForm(change)
    setServerIssues([])
    setSave((s) => (s.state === 'saving' ? s : { state: 'idle' }))
  }, [])

  const setMode = (mode: SaveMode) =>
    update((f) => ({
      ...f,
      mode,
      effectiveFrom:
        mode === 'correct' ? (latest.effectiveFrom ?? '') : formOf(view, today).effectiveFrom,
    }))
  const setEffectiveFrom = (effectiveFrom: string) => update((f) => ({ ...f, effectiveFrom }))

  const invalid = checked.issues.length > 0 || serverIssues.length > 0
  const submit = async () => {
    if (invalid || save.state === 'saving') return
    const req = saveRequestOf(kind, view, form.mode, form.effectiveFrom, options.content(checked))
    setSave({ state: 'saving' })
    try {
      const next = await admin.send<V>(req.method, req.path, {
        body: req.body,
        ifMatch: view.revision,
      })
      setView(next)
      setForm(formOf(next, today))
      setSave({
        state: 'saved',
        version: req.version,
        effectiveFrom: next.versions.find((v) => v.version === req.version)?.effectiveFrom ?? null,
      })
      options.onSaved()
    } catch (reason) {
      const error = serviceErrorOf(reason)
      if (error.kind === 'conflict') setSave({ state: 'conflict', error })
      else if (error.kind === 'invalid' && error.issues.length > 0) {
        setServerIssues(error.issues)
        setSave({ state: 'idle' })
      } else setSave({ state: 'failed', error })
    }
  }

  return {
    view,
    form,
    latest,
    checked,
    placed,
    fromService: serverIssues.length > 0,
    invalid,
    save,
    update,
    submit,
    setMode,
    setEffectiveFrom,
  }
}
