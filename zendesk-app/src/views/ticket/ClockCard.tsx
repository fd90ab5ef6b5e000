/** One SLA clock: state, live countdown in clock time, business time left, use of the target. */
import type { LiveClock } from '@sla-tracker/shared'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import type { Translator } from '../../i18n/i18n.js'
import {
  businessRemainingMs,
  clockTestId,
  clockTone,
  countdownText,
  overdueMs,
  wallRemainingMs,
  warningEmphasis,
} from './ticket-view-model.js'
import {
  COLORS,
  GLYPH,
  Glyph,
  mutedText,
  TONES,
  VisuallyHidden,
  WARNING_OUTLINE,
} from './sidebar-parts.js'

/** "First response", "Next response #2". */
export function metricLabel(t: Translator, metric: LiveClock['metric'], cycle: number): string {
  const name = t(`ticket.metric.${metric}`)
  return cycle > 1 ? t('ticket.metric.cycle', { metric: name, cycle }) : name
}

export function ClockCard(props: { clock: LiveClock; now: number; asOf: string }) {
  const { t, format } = useEnvironment()
  const c = props.clock
  const now = props.now
  const tone = clockTone(c, now)
  const colors = TONES[tone]
  const emphasis = warningEmphasis(c)
  const left = wallRemainingMs(c, now)
  const late = overdueMs(c, now)
  const business = businessRemainingMs(c)
  const label = metricLabel(t, c.metric, c.cycle)
  const headingId = `${clockTestId(c)}-label`
  const long = (ms: number) => format.duration(ms)
  const glyph = c.state === 'running' && late !== null ? GLYPH.breached : GLYPH[c.state]

  let main: string
  if (late !== null) main = t('ticket.clock.overdueBy', { left: countdownText(late, long) })
  else if (left !== null) main = t('ticket.clock.dueIn', { left: countdownText(left, long) })
  else if (c.state === 'met' && c.stoppedAt)
    main = t('ticket.clock.metAt', { time: format.dateTime(c.stoppedAt) })
  else if (c.state === 'breached' && c.breachedAt)
    main = t('ticket.clock.breachedAt', { time: format.dateTime(c.breachedAt) })
  else main = t(`ticket.state.${c.state}`)

  const outline =
    emphasis === 0
      ? `1px solid ${colors.border}`
      : `${emphasis === 1 ? 2 : 3}px solid ${tone === 'red' ? colors.fg : WARNING_OUTLINE}`

  return (
    <li
      data-testid={clockTestId(c)}
      data-tone={tone}
      data-state={c.state}
      data-warning={c.warningLevel}
      aria-labelledby={headingId}
      style={{
        listStyle: 'none',
        border: outline,
        borderLeft: `4px solid ${colors.fg}`,
        borderRadius: 4,
        padding: '6px 8px',
        margin: '0 0 6px',
        background: COLORS.surface,
        minWidth: 0,
      }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 4 }}>
        <strong id={headingId} style={{ fontSize: 13 }}>
          {label}
        </strong>
        <span
          style={{
            color: colors.fg,
            background: colors.bg,
            borderRadius: 10,
            padding: '0 8px',
            fontSize: 12,
            fontWeight: 600,
          }}
        >
          <Glyph>{glyph}</Glyph>
          {t(`ticket.state.${c.state}`)}
        </span>
      </div>
      <div
        style={{ color: colors.fg, fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}
        data-part="countdown"
      >
        {main}
        <VisuallyHidden>
          {GLYPH.separator}
          {t(`ticket.clock.tone.${tone}`)}
        </VisuallyHidden>
      </div>
      {c.state === 'running' && c.dueAt ? (
        <div style={mutedText}>
          {t('ticket.clock.wallLeft')}
          {GLYPH.separator}
          {t('ticket.clock.dueAt', { time: format.dateTime(c.dueAt) })}
        </div>
      ) : null}
      {c.state === 'breached' && c.stoppedAt ? (
        <div style={mutedText}>
          {t('ticket.clock.stoppedAt', { time: format.dateTime(c.stoppedAt) })}
        </div>
      ) : null}
      {c.state === 'paused' ? <div style={mutedText}>{t('ticket.clock.paused')}</div> : null}
      {business !== null && c.active ? (
        <div style={mutedText} data-part="business-left">
          {business >= 0
            ? t('ticket.clock.businessLeftValue', {
                label: t('ticket.clock.businessLeft'),
                left: format.duration(business),
                time: format.dateTime(props.asOf),
              })
            : t('ticket.clock.businessOverValue', {
                label: t('ticket.clock.businessOver'),
                over: format.duration(-business),
              })}
        </div>
      ) : null}
      <div style={mutedText}>
        {t('ticket.clock.used', {
          elapsed: format.duration(c.elapsedMinutes * 60_000),
          target: format.duration(c.targetMinutes * 60_000),
          percent: format.number(Math.round(c.percentUsed)),
        })}
        {GLYPH.separator}
        {t(c.basis === 'business' ? 'ticket.clock.basisBusiness' : 'ticket.clock.basisCalendar')}
        {c.afterHours ? `${GLYPH.separator}${t('ticket.clock.afterHours')}` : ''}
      </div>
      {c.basis === 'business' && c.active ? (
        <div style={mutedText}>
          {t('ticket.clock.elapsedCalendar', {
            elapsed: format.duration(c.elapsedCalendarMinutes * 60_000),
          })}
        </div>
      ) : null}
      {emphasis > 0 && c.warningThreshold !== null ? (
        <div style={{ ...mutedText, color: TONES.amber.fg, fontWeight: 600 }}>
          <Glyph>{GLYPH.warning}</Glyph>
          {t('ticket.clock.warning', { threshold: format.number(c.warningThreshold) })}
        </div>
      ) : null}
    </li>
  )
}
