/**
 * The organization sidebar: the account mapped to the organization, its contract in plain words,
 * uptime this month and the six before it as a chart, breaches and credits.
 *
 * Reads `GET /api/v1/accounts?organizationId=`, then `GET /api/v1/accounts/{id}/sla?months=7`,
 * and for the terms `GET /api/v1/tiers/{tier}` and `GET /api/v1/calendars/{id}` (all allowed with
 * the signed read). The terms are optional: when they fail, the rest still shows.
 */
import { useState } from 'react'
import type {
  AccountPage,
  AccountSla,
  CalendarDefinition,
  CalendarView,
  ContractProfile,
  LiveClock,
  TierView,
} from '@sla-tracker/shared'
import { Button } from '@zendeskgarden/react-buttons'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.js'
import { useServiceData } from '../../ui/useServiceData.js'
import { serviceErrorOf, type ServiceError } from '../../service/service-api.js'
import {
  calendarInForce,
  monthOf,
  profileInForce,
  uptimeSeries,
} from './organization-view-model.js'
import { organizationIdOf } from '../ticket/ticket-view-model.js'
import { metricLabel } from '../ticket/ClockCard.js'
import { ContractSummary } from './ContractSummary.js'
import { UptimeChart } from './UptimeChart.js'
import {
  GLYPH,
  localDate,
  mutedText,
  Section,
  SidebarFrame,
  TONES,
} from '../ticket/sidebar-parts.js'

/** Months read: this one and the six before it. */
export const MONTHS_SHOWN = 7
/** Breaches listed before "show all". */
const BREACHES_SHOWN = 5

export interface AccountTerms {
  profile: ContractProfile | null
  calendar: CalendarDefinition | null
  tierName: string | null
  error: ServiceError | null
}

export type OrganizationLoad =
  | { kind: 'no-organization' }
  | { kind: 'unmapped' }
  | { kind: 'account'; sla: AccountSla; terms: AccountTerms }

export function OrganizationSidebar() {
  const { client, service, t } = useEnvironment()

  const data = useServiceData<OrganizationLoad>(async () => {
    const got = await client.get(['organization.id'])
    const organizationId = organizationIdOf(got['organization.id'])
    if (organizationId === undefined || !service) return { kind: 'no-organization' }
    const list = await service.read<AccountPage>('/api/v1/accounts', {
      organizationId,
    })
    const account = list.accounts[0]
    if (!account) return { kind: 'unmapped' }
    const sla = await service.read<AccountSla>(
      `/api/v1/accounts/${encodeURIComponent(account.id)}/sla`,
      { months: MONTHS_SHOWN },
    )
    const terms: AccountTerms = { profile: null, calendar: null, tierName: null, error: null }
    if (sla.contract) {
      try {
        const tier = await service.read<TierView>(
          `/api/v1/tiers/${encodeURIComponent(sla.contract.tier)}`,
        )
        terms.tierName = tier.name
        const overrides = account.contracts[sla.contract.accountVersion]?.overrides
        terms.profile = profileInForce(tier, sla.contract.tierVersion, overrides)
        const calendarId = terms.profile?.calendar
        if (calendarId) {
          const cal = await service.read<CalendarView>(
            `/api/v1/calendars/${encodeURIComponent(calendarId)}`,
          )
          terms.calendar = calendarInForce(cal, Date.parse(sla.asOf))
        } else terms.calendar = { hours: '24x7' }
      } catch (reason) {
        terms.error = serviceErrorOf(reason)
      }
    }
    return { kind: 'account', sla, terms }
  }, [client, service])
  const { refresh } = data

  let body
  if (data.status === 'loading') body = <LoadingState />
  else if (data.status === 'error') body = <ErrorState error={data.error} onRetry={refresh} />
  else if (data.data.kind === 'no-organization')
    body = <EmptyState>{t('organization.status.noOrganization')}</EmptyState>
  else if (data.data.kind === 'unmapped')
    body = (
      <EmptyState title={t('organization.status.unmappedTitle')}>
        <span style={{ display: 'block' }}>{t('organization.status.unmapped')}</span>
        <span style={{ display: 'block', marginTop: 4 }}>
          {t('organization.status.unmappedAdmin')}
        </span>
      </EmptyState>
    )
  else body = <AccountView sla={data.data.sla} terms={data.data.terms} />

  return (
    <SidebarFrame
      area="organization"
      testId="organization-sidebar"
      data={data}
      asOf={
        data.status === 'ready' && data.data.kind === 'account' ? data.data.sla.asOf : undefined
      }
    >
      {body}
    </SidebarFrame>
  )
}

function AccountView(props: { sla: AccountSla; terms: AccountTerms }) {
  const { t, format } = useEnvironment()
  const { sla, terms } = props
  const current = monthOf(sla.asOf, sla.account.timeZone)
  const latest = sla.months[0]
  const series = uptimeSeries(sla.months, current, MONTHS_SHOWN)
  return (
    <>
      <header style={{ margin: '4px 0 8px' }}>
        <h2 style={{ margin: 0, fontSize: 15, fontWeight: 600 }}>{sla.account.name}</h2>
      </header>
      <ContractSummary
        sla={sla}
        profile={terms.profile}
        calendar={terms.calendar}
        tierName={terms.tierName}
        termsError={terms.error}
      />
      <Section id="org-uptime" testId="uptime-chart" title={t('organization.uptime.title')}>
        {!latest ? (
          <EmptyState title={t('organization.status.noMonthsTitle')}>
            {t('organization.status.noMonths')}
          </EmptyState>
        ) : (
          <>
            {latest.month !== current ? (
              <p style={{ ...mutedText, margin: '0 0 6px', color: TONES.amber.fg }} role="note">
                {t('organization.uptime.notCurrent', {
                  month: format.month(current),
                  latest: format.month(latest.month),
                })}
              </p>
            ) : null}
            {series.length === 0 ? (
              <p style={{ ...mutedText, margin: 0 }}>{t('organization.uptime.none')}</p>
            ) : (
              series.map((s) => <UptimeChart key={s.commitmentId} series={s} />)
            )}
          </>
        )}
      </Section>
      <Breaches sla={sla} />
      <Credits sla={sla} />
    </>
  )
}

function Breaches(props: { sla: AccountSla }) {
  const { client, t, format } = useEnvironment()
  const [all, setAll] = useState(false)
  const items = props.sla.breaches.items
  const shown = all ? items : items.slice(0, BREACHES_SHOWN)
  return (
    <Section id="org-breaches" testId="breaches" title={t('organization.breaches.title')}>
      {items.length === 0 ? (
        <p style={{ ...mutedText, margin: 0 }}>{t('organization.breaches.none')}</p>
      ) : (
        <>
          <ul style={{ margin: 0, padding: 0, listStyle: 'none' }}>
            {shown.map((b) => (
              <li
                key={`${b.ticketId}-${b.metric}-${b.cycle}`}
                data-active={b.active}
                style={{
                  borderLeft: `3px solid ${TONES.red.fg}`,
                  padding: '2px 0 2px 8px',
                  margin: '0 0 6px',
                }}
              >
                <Button
                  isLink
                  size="small"
                  onClick={() => void client.invoke('routeTo', 'ticket', b.ticketId)}
                  aria-label={t('organization.breaches.openTicket', { id: b.ticketId })}
                  style={{ fontWeight: 600, textAlign: 'left', whiteSpace: 'normal' }}
                >
                  {t('organization.breaches.ticket', { id: b.ticketId })}
                  {b.subject ? `${GLYPH.separator}${b.subject}` : ''}
                </Button>
                <div style={{ fontSize: 13, color: TONES.red.fg }}>
                  {t('organization.breaches.item', {
                    metric: metricLabel(t, b.metric as LiveClock['metric'], b.cycle),
                    time: format.dateTime(b.breachedAt),
                  })}
                </div>
                <div style={mutedText}>
                  {b.active
                    ? t('organization.breaches.open')
                    : b.stoppedAt
                      ? t('organization.breaches.stopped', { time: format.dateTime(b.stoppedAt) })
                      : ''}
                  {GLYPH.separator}
                  {t('organization.breaches.priority', { priority: b.priority })}
                </div>
              </li>
            ))}
          </ul>
          {items.length > BREACHES_SHOWN ? (
            <Button size="small" isBasic onClick={() => setAll((v) => !v)} aria-expanded={all}>
              {all
                ? t('organization.breaches.showFewer')
                : t('organization.breaches.showAll', { count: items.length })}
            </Button>
          ) : null}
          {props.sla.breaches.next ? (
            <p style={{ ...mutedText, margin: '4px 0 0' }}>{t('organization.breaches.more')}</p>
          ) : null}
        </>
      )}
    </Section>
  )
}

function Credits(props: { sla: AccountSla }) {
  const { t, format } = useEnvironment()
  const owed = props.sla.credits.filter((c) => c.totalMinor > 0)
  return (
    <Section id="org-credits" testId="credits" title={t('organization.credits.title')}>
      {owed.length === 0 ? (
        <p style={{ ...mutedText, margin: 0 }}>{t('organization.credits.none')}</p>
      ) : (
        <ul style={{ margin: 0, padding: 0, listStyle: 'none' }}>
          {owed.map((c) => {
            const parts = [
              c.automaticMinor > 0
                ? t('organization.credits.automatic', {
                    amount: format.money(c.automaticMinor, c.currency),
                  })
                : null,
              c.onRequestMinor > 0
                ? t('organization.credits.onRequest', {
                    amount: format.money(c.onRequestMinor, c.currency),
                  }) +
                  (c.claimLastDate
                    ? `${GLYPH.separator}${t('organization.credits.claimBy', { date: localDate(t.locale, c.claimLastDate) })}`
                    : '')
                : null,
            ].filter((p): p is string => p !== null)
            return (
              <li key={c.month} data-month={c.month} style={{ margin: '0 0 6px' }}>
                <div style={{ fontWeight: 600 }}>
                  {t('organization.credits.month', {
                    month: format.month(c.month),
                    amount: format.money(c.totalMinor, c.currency),
                  })}
                </div>
                {parts.length > 0 ? (
                  <div style={mutedText}>{parts.join(GLYPH.separator)}</div>
                ) : null}
              </li>
            )
          })}
        </ul>
      )}
    </Section>
  )
}
