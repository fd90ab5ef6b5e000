/**
 * The three states every screen has besides its content: loading, empty and error. Each is
 * announced to assistive technology (`role="status"` / `role="alert"`).
 */
import type { ReactNode } from 'react'
import { Button } from '@zendeskgarden/react-buttons'
import { Dots } from '@zendeskgarden/react-loaders'
import { Alert, Paragraph, Title } from '@zendeskgarden/react-notifications'
import { useEnvironment } from '../zaf/ZafProvider.js'
import type { ServiceError } from '../service/service-api.js'

export function LoadingState(props: { label?: string }) {
  const { t } = useEnvironment()
  const label = props.label ?? t('common.loading')
  return (
    <div
      role="status"
      aria-live="polite"
      data-state="loading"
      style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '12px 0' }}
    >
      <Dots size={20} aria-hidden="true" />
      <span>{label}</span>
    </div>
  )
}

export function EmptyState(props: { title?: string; children?: ReactNode }) {
  const { t } = useEnvironment()
  return (
    <div role="status" data-state="empty" style={{ padding: '12px 0', color: '#68737d' }}>
      <strong style={{ display: 'block', color: '#2f3941', marginBottom: 4 }}>
        {props.title ?? t('common.emptyTitle')}
      </strong>
      {props.children ?? t('common.empty')}
    </div>
  )
}

/** What went wrong, in the agent's words, and what to do about it. */
export function errorMessage(
  t: (key: string, vars?: Record<string, string | number>) => string,
  error: ServiceError,
): string {
  switch (error.kind) {
    case 'unreachable':
      return t('common.errors.unreachable')
    case 'unauthorized':
      return t('common.errors.unauthorized')
    case 'forbidden':
      return t('common.errors.forbidden')
    case 'not-found':
      return t('common.errors.notFound')
    case 'invalid':
    case 'conflict':
      return error.message
    case 'server':
      return error.requestId
        ? t('common.errors.serverWithId', { id: error.requestId })
        : t('common.errors.server')
  }
}

export function ErrorState(props: { error: ServiceError; onRetry?: () => void; title?: string }) {
  const { t } = useEnvironment()
  return (
    <Alert type="error" role="alert" data-state="error">
      <Title>{props.title ?? t('common.errorTitle')}</Title>
      <Paragraph>{errorMessage(t, props.error)}</Paragraph>
      {props.onRetry ? (
        <Button size="small" onClick={props.onRetry} style={{ marginTop: 8 }}>
          {t('common.retry')}
        </Button>
      ) : null}
    </Alert>
  )
}

/** Shown above data that a refresh could not update. */
export function StaleNotice(props: {
  error: ServiceError
  receivedAt: number
  onRetry: () => void
}) {
  const { t, format } = useEnvironment()
  return (
    <Alert type="warning" role="alert" data-state="stale">
      <Paragraph>
        {t('common.staleData', { time: format.dateTime(new Date(props.receivedAt).toISOString()) })}{' '}
        {errorMessage(t, props.error)}
      </Paragraph>
      <Button size="small" isBasic onClick={props.onRetry}>
        {t('common.retry')}
      </Button>
    </Alert>
  )
}
