/**
 * The account's stored month in the ticket sidebar: uptime against each commitment with its error
 * budget, and the credit exposure. A stale month says so above its figures, and its headings name
 * the month instead of "this month".
 */
import type { MonthSummary } from '@sla-tracker/shared'
import { Alert, Paragraph, Title } from '@zendeskgarden/react-notifications'
import { Progress } from '@zendeskgarden/react-loaders'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { budgetUse, staleReasons, type StaleReason } from './ticket-view-model.js'
import { COLORS, GLYPH, Glyph, localDate, mutedText, Section, TONES } from './sidebar-parts.js'
import type { Translator } from '../../i18n/i18n.js'
import type { Formatters } from '../../ui/format.js'

function staleText(t: Translator, format: Formatters, r: StaleReason): string {
  switch (r.kind) {
    case 'other-month':
      return t('ticket.month.stale.otherMonth', { month: format.month(r.month) })
    case 'contracts-changed':
      return t('ticket.month.stale.contractsChanged')
    case 'unknown':
      return t('ticket.month.stale.unknown')
  }
}

const BUDGET_TONE = { ok: 'green', approaching: 'amber', breached: 'red' } as const

function budgetTone(status: string) {
  return TONES[BUDGET_TONE[status as keyof typeof BUDGET_TONE] ?? 'neutral']
}

export function AccountMonth(props: { month: MonthSummary }) {
  const { t, format } = useEnvironment()
  const m = props.month
  const reasons = staleReasons(m)
  const monthName = format.month(m.month)
  const commitments = m.uptime.filter((u) => u.applicable)
  return (
    <>
      {m.stale ? (
        <Alert type="warning" data-testid="month-stale" style={{ margin: '8px 0' }}>
          <Title>{t('ticket.month.staleTitle')}</Title>
          {reasons.map((r) => (
            <Paragraph key={r.kind}>{staleText(t, format, r)}</Paragraph>
          ))}
        </Alert>
      ) : null}
      <Section
        id="ticket-uptime"
        testId="uptime"
        title={
          m.stale ? t('ticket.uptime.titleFor', { month: monthName }) : t('ticket.uptime.title')
        }
      >
        {commitments.length === 0 ? (
          <p style={{ ...mutedText, margin: 0 }}>
            {m.uptime.length === 0 ? t('ticket.uptime.none') : t('ticket.uptime.notApplicable')}
          </p>
        ) : (
          <ul style={{ margin: 0, padding: 0, listStyle: 'none' }}>
            {commitments.map((u) => {
              const name = u.label ?? u.commitmentId
              const use = budgetUse(u.errorBudget.usedMinutes, u.errorBudget.allowedMinutes)
              const tone = budgetTone(u.errorBudget.status)
              const statusText = t(`ticket.uptime.budgetStatus.${u.errorBudget.status}`)
              const budgetText = t('ticket.uptime.budgetText', {
                used: format.duration(u.errorBudget.usedMinutes * 60_000),
                allowed: format.duration(u.errorBudget.allowedMinutes * 60_000),
                percent: format.percent(String(use.percent), 1),
              })
              return (
                <li
                  key={u.commitmentId}
                  data-commitment={u.commitmentId}
                  data-meets={u.meetsTarget}
                  style={{ margin: '0 0 8px' }}
                >
                  <div style={{ fontWeight: 600, fontSize: 13 }}>{name}</div>
                  <div>
                    {t('ticket.uptime.value', { uptime: format.percent(u.monthToDatePercent, 3) })}
                    {GLYPH.separator}
                    {t('ticket.uptime.target', { target: format.percent(u.target, 3) })}
                  </div>
                  <div
                    style={{
                      color: u.meetsTarget ? TONES.green.fg : TONES.red.fg,
                      fontSize: 12,
                      fontWeight: 600,
                    }}
                  >
                    <Glyph>{u.meetsTarget ? GLYPH.ok : GLYPH.bad}</Glyph>
                    {u.meetsTarget ? t('ticket.uptime.meets') : t('ticket.uptime.below')}
                  </div>
                  <div data-testid="error-budget" data-status={u.errorBudget.status}>
                    <Progress
                      value={use.bar}
                      color={tone.fg}
                      size="small"
                      aria-label={t('ticket.uptime.budgetLabel', { commitment: name })}
                      aria-valuetext={t('ticket.uptime.budgetValue', {
                        text: budgetText,
                        status: statusText,
                      })}
                      style={{ margin: '4px 0 2px' }}
                    />
                    <div style={mutedText}>
                      {budgetText}
                      {GLYPH.separator}
                      <span style={{ color: tone.fg, fontWeight: 600 }}>{statusText}</span>
                    </div>
                  </div>
                </li>
              )
            })}
          </ul>
        )}
        <div style={mutedText}>
          {t('ticket.month.computedAt', { time: format.dateTime(m.computedAt) })}
        </div>
      </Section>
      <Section
        id="ticket-credit"
        testId="credit-exposure"
        title={
          m.stale ? t('ticket.credit.titleFor', { month: monthName }) : t('ticket.credit.title')
        }
      >
        {m.credit === null ? (
          <p style={{ ...mutedText, margin: 0 }}>{t('ticket.credit.noTerms')}</p>
        ) : m.credit.totalMinor === 0 ? (
          <p style={{ margin: 0, color: COLORS.muted }}>{t('ticket.credit.nothing')}</p>
        ) : (
          <>
            <div style={{ fontWeight: 600, fontSize: 15 }}>
              {t('ticket.credit.total', {
                amount: format.money(m.credit.totalMinor, m.credit.currency),
              })}
            </div>
            <ul style={{ ...mutedText, margin: '2px 0 0', paddingLeft: 16 }}>
              {m.credit.automaticMinor > 0 ? (
                <li>
                  {t('ticket.credit.automatic', {
                    amount: format.money(m.credit.automaticMinor, m.credit.currency),
                  })}
                </li>
              ) : null}
              {m.credit.onRequestMinor > 0 ? (
                <li>
                  {t('ticket.credit.onRequest', {
                    amount: format.money(m.credit.onRequestMinor, m.credit.currency),
                  })}
                  {m.credit.claimLastDate
                    ? `${GLYPH.separator}${t('ticket.credit.claimBy', { date: localDate(t.locale, m.credit.claimLastDate) })}`
                    : ''}
                </li>
              ) : null}
            </ul>
          </>
        )}
      </Section>
    </>
  )
}
