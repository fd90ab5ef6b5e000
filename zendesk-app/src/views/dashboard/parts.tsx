/**
 * Small pieces the dashboard's screens share: status tags, flag tags, the "as of" line, the
 * refresh button, a screen's loading / error / loaded frame, "load more", a scrolling region.
 */
import type { ReactNode } from 'react'
import { Button } from '@zendeskgarden/react-buttons'
import { Tag } from '@zendeskgarden/react-tags'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { ErrorState, LoadingState } from '../../ui/states.js'
import { RefreshFailedNotice } from '../../ui/RefreshFailedNotice.js'
import type { ServiceData } from '../../ui/useServiceData.js'
import { budgetTone, flagTone, knownKey, type Tone } from './dashboard-model.js'
import type { MorePages } from './useMorePages.js'

type ScreenData<T> = ServiceData<T> & { refresh: () => void }

const HUES: Record<Tone, string> = {
  green: 'green',
  yellow: 'yellow',
  red: 'red',
  grey: 'grey',
}

export function toneColor(tone: 'yellow' | 'red' | null): string | undefined {
  return tone === 'red' ? '#cc3340' : tone === 'yellow' ? '#ad5918' : undefined
}

export const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const

export function ToneTag(props: { tone: Tone; children: string }) {
  return (
    <Tag size="small" hue={HUES[props.tone]} style={{ margin: '1px 4px 1px 0' }}>
      <span>{props.children}</span>
    </Tag>
  )
}

/** A translated label of a known value, else the value as the service sent it. */
export function useLabel() {
  const { t } = useEnvironment()
  return (group: 'budget' | 'flag' | 'impact', value: string) => {
    const key = knownKey(group, value)
    return key ? t(key) : value
  }
}

export function BudgetTag(props: { status: string | null }) {
  const { t } = useEnvironment()
  const label = useLabel()
  if (props.status === null) return <>{t('dashboard.none')}</>
  return <ToneTag tone={budgetTone(props.status)}>{label('budget', props.status)}</ToneTag>
}

export function FlagTags(props: { flags: readonly string[] }) {
  const { t } = useEnvironment()
  const label = useLabel()
  if (props.flags.length === 0) return <>{t('dashboard.none')}</>
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap' }}>
      {props.flags.map((f) => (
        <ToneTag key={f} tone={flagTone(f)}>
          {label('flag', f)}
        </ToneTag>
      ))}
    </span>
  )
}

/** "As of 14:05" and, while a refresh runs, "Refreshing…" (announced politely). */
export function Refreshed(props: { asOf: string; refreshing: boolean }) {
  const { t, format } = useEnvironment()
  return (
    <p style={{ margin: '4px 0', color: '#68737d', fontSize: 12 }} aria-live="polite">
      <span>{t('dashboard.asOf', { time: format.dateTime(props.asOf) })}</span>
      {props.refreshing ? <span style={{ marginLeft: 8 }}>{t('dashboard.refreshing')}</span> : null}
    </p>
  )
}

/** A quiet line saying a section has nothing in it. */
export function Note(props: { children: string }) {
  return (
    <p data-state="empty" style={{ margin: '4px 0', color: '#68737d' }}>
      {props.children}
    </p>
  )
}

/** Loads a screen's data again; off while a load or refresh runs. */
export function RefreshButton(props: { data: ScreenData<unknown> }) {
  const { t } = useEnvironment()
  const { data } = props
  return (
    <Button
      size="small"
      isBasic
      onClick={data.refresh}
      disabled={data.status === 'loading' || (data.status === 'ready' && data.refreshing)}
    >
      {t('dashboard.refresh')}
    </Button>
  )
}

/**
 * A screen's data in its states: loading, failed (with retry), or loaded — then the notice when a
 * refresh failed, the "as of" line and the content.
 */
export function DataFrame<T extends { asOf: string }>(props: {
  data: ScreenData<T>
  children: (data: T) => ReactNode
}) {
  const { data } = props
  if (data.status === 'loading') return <LoadingState />
  if (data.status === 'error') return <ErrorState error={data.error} onRetry={data.refresh} />
  return (
    <>
      <RefreshFailedNotice data={data} />
      <Refreshed asOf={data.data.asOf} refreshing={data.refreshing} />
      {props.children(data.data)}
    </>
  )
}

/** Below a paged list: why the last page failed (with retry) and the "Load more" button. */
export function LoadMore(props: {
  pages: MorePages<unknown>
  testId: string
  buttonMarginTop: number
}) {
  const { t } = useEnvironment()
  const { pages } = props
  return (
    <>
      {pages.error ? (
        <div style={{ marginTop: 8 }}>
          <ErrorState
            title={t('dashboard.moreError')}
            error={pages.error}
            onRetry={pages.loadMore}
          />
        </div>
      ) : null}
      {pages.next ? (
        <Button
          size="small"
          data-testid={props.testId}
          style={{ marginTop: props.buttonMarginTop }}
          onClick={pages.loadMore}
          disabled={pages.loading}
          aria-busy={pages.loading}
        >
          {pages.loading ? t('dashboard.loadingMore') : t('dashboard.loadMore')}
        </Button>
      ) : null}
    </>
  )
}

/** A labelled region that scrolls sideways (a wide table at narrow widths), reachable by keyboard. */
export function Scroll(props: { label: string; children: ReactNode }) {
  return (
    <div
      role="region"
      aria-label={props.label}
      tabIndex={0}
      style={{ overflowX: 'auto', maxWidth: '100%' }}
    >
      {props.children}
    </div>
  )
}
