/**
 * What the admin screens share: each screen's heading and introduction, a wrapping row, a field
 * with its inline error (Garden's Field wires the message into `aria-describedby`), the summary
 * of every problem with a way to each field, how a save writes (new version or correction) and
 * what came of it.
 */
import type { CSSProperties, ReactNode } from 'react'
import { Button } from '@zendeskgarden/react-buttons'
import { Field, Fieldset, Input, Radio, type IInputProps } from '@zendeskgarden/react-forms'
import { Alert, Notification, Paragraph, Title } from '@zendeskgarden/react-notifications'
import { LG } from '@zendeskgarden/react-typography'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import type { ServiceError } from '../../service/service-api.js'
import { adminErrorMessage } from './admin-api.js'
import { fieldDomId, fieldInputId, type PlacedIssues } from './form-issues.js'
import type { SaveMode } from './types.js'

/** A row whose items go to both ends, wrapping in a narrow sidebar. */
export const SPREAD_ROW: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  justifyContent: 'space-between',
  alignItems: 'center',
  gap: 8,
}

/** One admin screen: its heading and introduction, then what it edits. */
export function AdminSection(props: {
  testId: string
  titleId: string
  title: string
  intro: string
  children: ReactNode
}) {
  return (
    <section data-testid={props.testId} aria-labelledby={props.titleId}>
      <LG tag="h2" id={props.titleId} isBold style={{ marginBottom: 4 }}>
        {props.title}
      </LG>
      <Paragraph style={{ marginBottom: 12 }}>{props.intro}</Paragraph>
      {props.children}
    </section>
  )
}

export interface ControlProps {
  'aria-invalid'?: true
  validation?: 'error'
}

export function FormField(props: {
  scope: string
  path: string
  label: string
  hideLabel?: boolean
  hint?: string
  issues: PlacedIssues
  /** Checkboxes and radios take their label inside; the field then renders none. */
  labelInside?: boolean
  children: (control: ControlProps) => ReactNode
  style?: CSSProperties
}) {
  const { t } = useEnvironment()
  const messages = props.issues.byField[props.path] ?? []
  const invalid = messages.length > 0
  return (
    <Field
      id={fieldDomId(props.scope, props.path)}
      data-testid={`field-${props.path}`}
      data-invalid={invalid || undefined}
      style={{ marginBottom: 12, minWidth: 0, ...props.style }}
    >
      {props.labelInside ? null : <Field.Label hidden={props.hideLabel}>{props.label}</Field.Label>}
      {props.hint ? <Field.Hint>{props.hint}</Field.Hint> : null}
      {props.children(invalid ? { 'aria-invalid': true, validation: 'error' } : {})}
      {invalid ? (
        <Field.Message validation="error" validationLabel={t('admin.form.errorIcon')}>
          {messages.join(' ')}
        </Field.Message>
      ) : null}
    </Field>
  )
}

/** A text input in a `FormField`: the value as typed, and the new text on every change. */
export function TextField(props: {
  scope: string
  path: string
  label: string
  hint?: string
  issues: PlacedIssues
  style?: CSSProperties
  value: string
  onChange: (value: string) => void
  /** Further props of the input (placeholder, isCompact, inputMode…). */
  input?: Omit<IInputProps, 'value' | 'onChange'>
}) {
  const { value, onChange, input, ...field } = props
  return (
    <FormField {...field}>
      {(c) => <Input {...c} {...input} value={value} onChange={(e) => onChange(e.target.value)} />}
    </FormField>
  )
}

/** Moves focus to a field's control (or, for a group, to the group). */
export function focusField(scope: string, path: string): void {
  const control = document.getElementById(fieldInputId(scope, path))
  const target = control ?? document.getElementById(fieldDomId(scope, path))
  target?.scrollIntoView?.({ block: 'center' })
  if (target) {
    if (!control) target.setAttribute('tabindex', '-1')
    target.focus()
  }
}

export function ValidationSummary(props: {
  scope: string
  issues: PlacedIssues
  labelOf: (path: string) => string
  fromService?: boolean
}) {
  const { t } = useEnvironment()
  const items = props.issues.summary
  if (items.length === 0) return null
  return (
    <Alert type="error" data-testid="validation-summary" style={{ marginBottom: 16 }}>
      <Title>{t.plural('admin.form.summaryTitle', items.length)}</Title>
      {props.fromService ? <Paragraph>{t('admin.form.serviceRefused')}</Paragraph> : null}
      <ul style={{ margin: '8px 0 0', paddingLeft: 18 }}>
        {items.map((item, i) => (
          <li key={`${item.path}-${i}`} style={{ marginBottom: 4 }}>
            {item.field ? (
              <Button
                isLink
                onClick={() => focusField(props.scope, item.field!)}
                style={{ textAlign: 'start', whiteSpace: 'normal' }}
              >
                {t('admin.form.issue', { field: props.labelOf(item.field), message: item.message })}
              </Button>
            ) : (
              <span>
                {t('admin.form.issue', {
                  field: item.path === '' ? t('admin.form.wholeObject') : item.path,
                  message: item.message,
                })}
              </span>
            )}
          </li>
        ))}
      </ul>
    </Alert>
  )
}

/** New version from a date, or correct the latest version in place; and the date. */
export function VersionFields(props: {
  scope: string
  mode: SaveMode
  onMode: (mode: SaveMode) => void
  effectiveFrom: string
  onEffectiveFrom: (value: string) => void
  latest: { version: number; effectiveFrom: string | null }
  issues: PlacedIssues
}) {
  const { t } = useEnvironment()
  const { latest } = props
  const since = latest.effectiveFrom ?? t('admin.version.sinceAlways')
  const dateOptional = props.mode === 'correct' && latest.version === 1
  return (
    <Fieldset style={{ marginBottom: 12 }}>
      <Fieldset.Legend>{t('admin.version.legend')}</Fieldset.Legend>
      <Paragraph style={{ marginBottom: 8 }}>
        {t('admin.version.current', { version: latest.version, since })}
      </Paragraph>
      <Field>
        <Radio
          name={`${props.scope}-mode`}
          value="new-version"
          checked={props.mode === 'new-version'}
          onChange={() => props.onMode('new-version')}
        >
          <Field.Label>{t('admin.version.newVersion')}</Field.Label>
          <Field.Hint>{t('admin.version.newVersionHint')}</Field.Hint>
        </Radio>
      </Field>
      <Field>
        <Radio
          name={`${props.scope}-mode`}
          value="correct"
          checked={props.mode === 'correct'}
          onChange={() => props.onMode('correct')}
        >
          <Field.Label>{t('admin.version.correct', { version: latest.version })}</Field.Label>
          <Field.Hint>{t('admin.version.correctHint')}</Field.Hint>
        </Radio>
      </Field>
      <TextField
        scope={props.scope}
        path="effectiveFrom"
        label={t('admin.version.effectiveFrom')}
        hint={
          dateOptional
            ? t('admin.version.effectiveFromOptional')
            : t('admin.version.effectiveFromHint')
        }
        issues={props.issues}
        style={{ marginTop: 8 }}
        value={props.effectiveFrom}
        onChange={props.onEffectiveFrom}
        input={{
          placeholder: t('admin.version.datePlaceholder'),
          inputMode: 'numeric',
          autoComplete: 'off',
        }}
      />
    </Fieldset>
  )
}

export type SaveState =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; version: number; effectiveFrom: string | null }
  | { state: 'conflict'; error: ServiceError }
  | { state: 'failed'; error: ServiceError }

/** A date as the admin typed it, an instant in the agent's zone. */
export function useEffectiveLabel(): (value: string | null) => string {
  const { t, format } = useEnvironment()
  return (value) =>
    value === null
      ? t('admin.version.sinceAlways')
      : /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? value
        : format.dateTime(value)
}

export function SaveOutcome(props: { save: SaveState; onReload: () => void }) {
  const { t } = useEnvironment()
  const effective = useEffectiveLabel()
  const s = props.save
  if (s.state === 'saved')
    return (
      <Notification
        type="success"
        role="status"
        style={{ marginTop: 12 }}
        data-testid="save-success"
      >
        <Title>{t('admin.save.savedTitle')}</Title>
        <Paragraph>
          {t('admin.save.saved', { version: s.version, effective: effective(s.effectiveFrom) })}
        </Paragraph>
      </Notification>
    )
  if (s.state === 'conflict')
    return (
      <Alert type="warning" role="alert" style={{ marginTop: 12 }} data-testid="save-conflict">
        <Title>{t('admin.save.conflictTitle')}</Title>
        <Paragraph>{t('admin.save.conflict')}</Paragraph>
        <Button size="small" onClick={props.onReload} style={{ marginTop: 8 }}>
          {t('admin.save.reload')}
        </Button>
      </Alert>
    )
  if (s.state === 'failed') return <SaveFailed error={s.error} />
  return null
}

function SaveFailed(props: { error: ServiceError }) {
  const { t } = useEnvironment()
  return (
    <Alert type="error" role="alert" style={{ marginTop: 12 }} data-testid="save-failed">
      <Title>{t('admin.save.failedTitle')}</Title>
      <Paragraph>{adminErrorMessage(t, props.error)}</Paragraph>
    </Alert>
  )
}

/** An error while loading admin data, with a retry. */
export function AdminErrorState(props: { error: ServiceError; onRetry?: () => void }) {
  const { t } = useEnvironment()
  return (
    <Alert type="error" role="alert" data-state="error">
      <Title>{t('admin.errors.loadTitle')}</Title>
      <Paragraph>{adminErrorMessage(t, props.error)}</Paragraph>
      {props.onRetry ? (
        <Button size="small" onClick={props.onRetry} style={{ marginTop: 8 }}>
          {t('common.retry')}
        </Button>
      ) : null}
    </Alert>
  )
}
