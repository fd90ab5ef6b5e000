/** Small pieces the dashboard's screens share: status tags, flag tags, the "as of" line. */
import { Tag } from '@zendeskgarden/react-tags'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { budgetTone, flagTone, knownKey, type Tone } from './dashboard-model.js'

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
