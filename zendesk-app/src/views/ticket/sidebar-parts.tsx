/**
 * Small building blocks the two sidebars share: the frame (root region, iframe resizing, the line
 * with "as of", refresh and the stale notice), a section with a heading, visually hidden text, the tone colours and the glyphs that go with
 * them (never the only signal: every glyph is `aria-hidden` and sits beside words).
 */
import { useRef, type CSSProperties, type ReactNode } from 'react'
import { Button } from '@zendeskgarden/react-buttons'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { RefreshFailedNotice } from '../../ui/RefreshFailedNotice.js'
import { useAutoResize } from '../../ui/useAutoResize.js'
import type { ServiceData } from '../../ui/useServiceData.js'
import type { Tone } from './ticket-view-model.js'

/** Garden 9's palette (DEFAULT_THEME.palette), the shades used here. */
export const COLORS = {
  text: '#293239', // grey 900
  muted: '#5c6970', // grey 700
  border: '#d8dcde', // grey 300
  surface: '#fff',
  subtle: '#f8f9f9', // grey 100
}

/** Foreground, background and border of each tone (WCAG AA text contrast on the background). */
export const TONES: Record<Tone, { fg: string; bg: string; border: string }> = {
  green: { fg: '#037f52', bg: '#eef8f4', border: '#94c1b0' },
  amber: { fg: '#ac5918', bg: '#fff3e4', border: '#fca347' },
  red: { fg: '#cd3642', bg: '#fff2f3', border: '#f2a1a8' },
  neutral: { fg: '#5c6970', bg: '#f8f9f9', border: '#d8dcde' },
}

export const WARNING_OUTLINE = '#d67305' // yellow 600

/** Glyphs shown beside words (decorative). */
export const GLYPH = {
  running: '\u25B6',
  paused: '\u23F8',
  met: '\u2713',
  breached: '\u2715',
  warning: '\u26A0',
  ok: '\u2713',
  bad: '\u2715',
  dot: '\u25CF',
  separator: ' \u00B7 ',
} as const

export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
}

export function VisuallyHidden(props: { children: ReactNode }) {
  return <span style={visuallyHidden}>{props.children}</span>
}

export function Glyph(props: { children: string; color?: string }) {
  return (
    <span aria-hidden="true" style={{ color: props.color, marginRight: 4 }}>
      {props.children}
    </span>
  )
}

/** A titled part of a sidebar (`<section aria-labelledby>` with an `h3`). */
export function Section(props: {
  id: string
  title: string
  testId?: string
  children: ReactNode
}) {
  return (
    <section
      aria-labelledby={props.id}
      data-testid={props.testId}
      style={{ borderTop: `1px solid ${COLORS.border}`, padding: '10px 0', minWidth: 0 }}
    >
      <h3
        id={props.id}
        style={{ margin: '0 0 6px', fontSize: 13, fontWeight: 600, color: COLORS.text }}
      >
        {props.title}
      </h3>
      {props.children}
    </section>
  )
}

export const mutedText: CSSProperties = { color: COLORS.muted, fontSize: 12, lineHeight: '16px' }

/** Root style of a sidebar: fills the iframe, never wider than it. */
export const sidebarRoot: CSSProperties = {
  boxSizing: 'border-box',
  width: '100%',
  maxWidth: '100%',
  padding: '4px 2px 8px',
  fontSize: 14,
  lineHeight: '20px',
  color: COLORS.text,
  overflowWrap: 'anywhere',
}

/** A local date (`YYYY-MM-DD`, e.g. a claim's last day) in the agent's language. */
export function localDate(locale: string, date: string): string {
  const at = Date.parse(`${date}T00:00:00Z`)
  if (!Number.isFinite(at)) return date
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(at)
}

type SidebarData = ServiceData<unknown> & { refresh: () => void }

/**
 * A sidebar's root: a region named by `<area>.title`, as wide as the iframe, which it keeps as tall
 * as its content; the header line above the content.
 */
export function SidebarFrame(props: {
  area: 'ticket' | 'organization'
  testId: string
  data: SidebarData
  /** The service's `asOf` for the data shown; without one, when the data was received. */
  asOf: string | undefined
  children: ReactNode
}) {
  const { client, t } = useEnvironment()
  const rootRef = useRef<HTMLDivElement>(null)
  useAutoResize(client, rootRef)
  return (
    <div
      ref={rootRef}
      data-testid={props.testId}
      role="region"
      aria-label={t(`${props.area}.title`)}
      style={sidebarRoot}
    >
      <SidebarHeader data={props.data} asOf={props.asOf} area={props.area} />
      {props.children}
    </div>
  )
}

/**
 * The top of a sidebar once its data is loaded: "As of {time}" (or "Refreshing…", read out
 * politely), a refresh button and, when a refresh failed, the stale-data notice. Nothing while the
 * first load runs or after it failed (the body shows that state).
 */
function SidebarHeader(props: {
  data: SidebarData
  asOf: string | undefined
  /** Whose strings: `<area>.refreshing`, `<area>.asOf` and `<area>.refreshLabel`. */
  area: 'ticket' | 'organization'
}) {
  const { t, format } = useEnvironment()
  const { data, area } = props
  if (data.status !== 'ready') return null
  return (
    <>
      <div
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 4,
          marginBottom: 4,
        }}
      >
        <span style={mutedText} aria-live="polite">
          {data.refreshing
            ? t(`${area}.refreshing`)
            : t(`${area}.asOf`, {
                time: format.dateTime(props.asOf ?? new Date(data.receivedAt).toISOString()),
              })}
        </span>
        <Button
          size="small"
          isBasic
          onClick={data.refresh}
          disabled={data.refreshing}
          aria-label={t(`${area}.refreshLabel`)}
        >
          {t('common.refresh')}
        </Button>
      </div>
      <RefreshFailedNotice data={data} />
    </>
  )
}
