/** Incidents and maintenance running on the account's components. */
import type { OutageView } from '@sla-tracker/shared'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { GLYPH, Glyph, mutedText, Section, TONES } from './sidebar-parts.js'

const IMPACTS = ['major', 'partial', 'degraded']

export function Outages(props: { outages: OutageView[] }) {
  const { t, format } = useEnvironment()
  const impactLabel = (impact: string) =>
    IMPACTS.includes(impact) ? t(`ticket.outages.impactLevel.${impact}`) : impact
  return (
    <Section id="ticket-outages" testId="outages" title={t('ticket.outages.title')}>
      {props.outages.length === 0 ? (
        <p style={{ ...mutedText, margin: 0 }}>{t('ticket.outages.none')}</p>
      ) : (
        <ul style={{ margin: 0, padding: 0, listStyle: 'none' }}>
          {props.outages.map((o) => {
            const tone = o.kind === 'incident' ? TONES.red : TONES.amber
            return (
              <li
                key={`${o.kind}-${o.id}`}
                data-kind={o.kind}
                style={{
                  borderLeft: `3px solid ${tone.fg}`,
                  padding: '2px 0 2px 8px',
                  margin: '0 0 6px',
                }}
              >
                <div style={{ fontWeight: 600, fontSize: 13 }}>
                  <span style={{ color: tone.fg }}>
                    <Glyph>{o.kind === 'incident' ? GLYPH.warning : GLYPH.paused}</Glyph>
                    {t(`ticket.outages.${o.kind}`)}
                  </span>
                  {GLYPH.separator}
                  {o.title ?? t('ticket.outages.untitled')}
                </div>
                <div style={mutedText}>
                  {t('ticket.outages.since', {
                    time: format.dateTime(o.start),
                    duration: format.duration(o.minutesSinceStart * 60_000),
                  })}
                  {o.end
                    ? `${GLYPH.separator}${t('ticket.outages.until', { time: format.dateTime(o.end) })}`
                    : ''}
                </div>
                <div style={mutedText}>
                  {t('ticket.outages.impact', { impact: impactLabel(o.impact) })}
                  {o.components.length > 0
                    ? `${GLYPH.separator}${t('ticket.outages.components', { components: o.components.join(', ') })}`
                    : ''}
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </Section>
  )
}
