/**
 * Monthly uptime against the commitment: a small bar chart per commitment with the target as a
 * dashed line. The SVG is one labelled image; the figures are also in a visually hidden table.
 * It scales to the sidebar's width (viewBox, width 100%).
 */
import { useId } from 'react'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { barFraction, chartFloor, type UptimeSeries } from './organization-view-model.js'
import { COLORS, GLYPH, TONES, visuallyHidden } from '../ticket/sidebar-parts.js'

const W = 300
const H = 96
const TOP = 14
const BOTTOM = 18
const PLOT = H - TOP - BOTTOM

export function UptimeChart(props: { series: UptimeSeries }) {
  const { t, format } = useEnvironment()
  const id = useId()
  const s = props.series
  const target = Number(s.target)
  const floor = chartFloor(
    s.points.map((p) => p.value),
    target,
  )
  const slot = W / Math.max(s.points.length, 1)
  const barW = Math.min(28, slot * 0.6)
  const y = (v: number) => TOP + PLOT * (1 - barFraction(v, floor))
  const monthShort = new Intl.DateTimeFormat(t.locale, { month: 'short', timeZone: 'UTC' })
  const shortMonth = (m: string) => {
    const [yy, mm] = m.split('-').map(Number)
    return monthShort.format(Date.UTC(yy ?? 1970, (mm ?? 1) - 1, 1))
  }
  const targetText = format.percent(s.target, 3)
  const below = s.points.filter((p) => !p.meets).length
  const latest = s.points[s.points.length - 1]
  const summary = t.plural('organization.uptime.summary', s.points.length, {
    commitment: s.label,
    target: targetText,
    below,
    latest: latest ? format.percent(latest.percent, 3) : '',
  })
  return (
    <figure style={{ margin: '0 0 10px' }} data-commitment={s.commitmentId}>
      <figcaption style={{ fontSize: 12, fontWeight: 600, color: COLORS.text }}>
        {s.label}
        {GLYPH.separator}
        <span style={{ fontWeight: 400, color: COLORS.muted }}>{targetText}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-title`}
        style={{ display: 'block', maxWidth: '100%', height: 'auto' }}
      >
        <title id={`${id}-title`}>{summary}</title>
        <line x1={0} x2={W} y1={TOP + PLOT} y2={TOP + PLOT} stroke={COLORS.border} />
        {s.points.map((p, i) => {
          const x = slot * i + (slot - barW) / 2
          const top = y(p.value)
          const tone = p.meets ? TONES.green : TONES.red
          return (
            <g key={p.month} data-month={p.month} data-meets={p.meets}>
              <rect
                x={x}
                y={top}
                width={barW}
                height={Math.max(1, TOP + PLOT - top)}
                fill={tone.fg}
                opacity={p.toDate ? 0.6 : 1}
                rx={2}
              />
              <text
                x={x + barW / 2}
                y={H - 5}
                textAnchor="middle"
                fontSize={10}
                fill={COLORS.muted}
              >
                {shortMonth(p.month)}
              </text>
              {p.meets ? null : (
                <text x={x + barW / 2} y={top - 3} textAnchor="middle" fontSize={9} fill={tone.fg}>
                  {GLYPH.bad}
                </text>
              )}
            </g>
          )
        })}
        <line
          x1={0}
          x2={W}
          y1={y(target)}
          y2={y(target)}
          stroke={COLORS.text}
          strokeDasharray="4 3"
          strokeWidth={1}
          data-part="target"
        />
      </svg>
      {/* A table ignores width and overflow, so the wrapper hides it. */}
      <div style={visuallyHidden}>
        <table>
          <caption>
            {t('organization.uptime.caption', { commitment: s.label, target: targetText })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('organization.uptime.month')}</th>
              <th scope="col">{t('organization.uptime.value')}</th>
              <th scope="col">{t('organization.uptime.meets')}</th>
            </tr>
          </thead>
          <tbody>
            {s.points.map((p) => (
              <tr key={p.month}>
                <th scope="row">
                  {p.toDate
                    ? t('organization.uptime.toDate', { month: format.month(p.month) })
                    : format.month(p.month)}
                </th>
                <td>{format.percent(p.percent, 4)}</td>
                <td>{p.meets ? t('organization.uptime.yes') : t('organization.uptime.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  )
}
