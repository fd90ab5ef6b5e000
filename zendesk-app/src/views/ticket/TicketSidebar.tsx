/**
 * The ticket sidebar: the requester's account and tier, the breach risk with its reasons, every
 * SLA clock counting down live, the next customer update, the account's month (uptime, error
 * budget, credit exposure) and the incidents and maintenance hitting it.
 *
 * Reads `GET /api/v1/tickets/{id}/sla` (with the ticket's organization, so a ticket not synced yet
 * still shows its account) on open, on `ticket.updated` / `ticket.submit.done`, on the refresh
 * button and when a running clock's due instant passes.
 */
import { useEffect, useState } from 'react'
import type { LiveClock, TicketSla } from '@sla-tracker/shared'
import { Tag } from '@zendeskgarden/react-tags'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.js'
import { useServiceData } from '../../ui/useServiceData.js'
import { serviceErrorOf } from '../../service/service-api.js'
import type { Translator } from '../../i18n/i18n.js'
import type { Formatters } from '../../ui/format.js'
import {
  countdownText,
  nextDueAfter,
  nextUpdate,
  organizationIdOf,
  riskReasons,
  serviceNow,
  sortClocks,
  ticketIdOf,
  type RiskReason,
} from './ticket-view-model.js'
import { ClockCard, metricLabel } from './ClockCard.js'
import { AccountMonth } from './AccountMonth.js'
import { Outages } from './Outages.js'
import { COLORS, GLYPH, Glyph, mutedText, Section, SidebarFrame, TONES } from './sidebar-parts.js'

/** What a load found: a new ticket (no id yet), a ticket the service does not know, or its SLA. */
export type TicketLoad =
  { kind: 'new-ticket' } | { kind: 'not-found' } | { kind: 'sla'; sla: TicketSla }

const REFRESH_EVENTS = ['ticket.updated', 'ticket.submit.done'] as const

/** Re-renders every second while `enabled`; returns the browser clock. */
function useTicker(enabled: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!enabled) return
    setNow(Date.now())
    const id = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(id)
  }, [enabled])
  return now
}

const RISK_TONE = { none: 'green', watch: 'amber', 'at-risk': 'amber', breached: 'red' } as const
const RISK_GLYPH = {
  none: GLYPH.ok,
  watch: GLYPH.warning,
  'at-risk': GLYPH.warning,
  breached: GLYPH.breached,
} as const

function reasonText(t: Translator, format: Formatters, r: RiskReason): string {
  const metric = metricLabel(t, r.metric, r.cycle)
  const long = (ms: number) => format.duration(ms)
  switch (r.kind) {
    case 'breached':
      return t('ticket.reason.breached', {
        metric,
        ago: format.duration(r.agoMs),
        due: format.dateTime(r.due),
      })
    case 'due':
      return t('ticket.reason.due', {
        metric,
        left: countdownText(r.leftMs, long),
        percent: format.number(r.percent),
      })
    case 'overdue':
      return t('ticket.reason.overdue', { metric, ago: countdownText(r.agoMs, long) })
    case 'paused':
      return t('ticket.reason.paused', { metric, percent: format.number(r.percent) })
  }
}

export function TicketSidebar() {
  const { client, service, t } = useEnvironment()

  const data = useServiceData<TicketLoad>(async () => {
    const got = await client.get(['ticket.id', 'ticket.organization'])
    const id = ticketIdOf(got['ticket.id'])
    if (id === null || !service) return { kind: 'new-ticket' }
    try {
      const sla = await service.read<TicketSla>(`/api/v1/tickets/${id}/sla`, {
        organizationId: organizationIdOf(got['ticket.organization']),
      })
      return { kind: 'sla', sla }
    } catch (reason) {
      const error = serviceErrorOf(reason)
      if (error.kind === 'not-found') return { kind: 'not-found' }
      throw error
    }
  }, [client, service])
  const { refresh } = data

  useEffect(() => {
    const handler = () => refresh()
    for (const e of REFRESH_EVENTS) client.on(e, handler)
    return () => {
      for (const e of REFRESH_EVENTS) client.off(e, handler)
    }
  }, [client, refresh])

  const sla = data.status === 'ready' && data.data.kind === 'sla' ? data.data.sla : null
  const receivedAt = data.status === 'ready' ? data.receivedAt : 0
  const counting = !!sla && sla.clocks.some((c) => c.active)
  const clientNow = useTicker(counting)
  const now = sla ? serviceNow(sla.asOf, receivedAt, clientNow) : clientNow

  // Ask again once the next running clock is due: the service then reports the breach.
  const dueAt = sla ? nextDueAfter(sla.clocks, serviceNow(sla.asOf, receivedAt, receivedAt)) : null
  useEffect(() => {
    if (!sla || dueAt === null) return
    const wait = dueAt - serviceNow(sla.asOf, receivedAt, Date.now()) + 1000
    if (wait > 24 * 3600_000) return
    const id = setTimeout(refresh, Math.max(1000, wait))
    return () => clearTimeout(id)
  }, [sla, receivedAt, dueAt, refresh])

  let body
  if (data.status === 'loading') body = <LoadingState />
  else if (data.status === 'error') body = <ErrorState error={data.error} onRetry={refresh} />
  else if (data.data.kind === 'new-ticket')
    body = (
      <EmptyState title={t('ticket.status.noTicketTitle')}>
        {t('ticket.status.newTicket')}
      </EmptyState>
    )
  else if (data.data.kind === 'not-found')
    body = (
      <EmptyState title={t('ticket.status.notFoundTitle')}>
        {t('ticket.status.notFound')}
      </EmptyState>
    )
  else body = <TicketSlaView sla={data.data.sla} now={now} />

  return (
    <SidebarFrame area="ticket" testId="ticket-sidebar" data={data} asOf={sla?.asOf}>
      {body}
    </SidebarFrame>
  )
}

function TicketSlaView(props: { sla: TicketSla; now: number }) {
  const { t } = useEnvironment()
  const { sla, now } = props
  const account = sla.account
  return (
    <>
      {account ? (
        <header style={{ margin: '4px 0 8px' }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 6 }}>
            <h2 style={{ margin: 0, fontSize: 15, fontWeight: 600, minWidth: 0 }}>
              {account.name}
            </h2>
            <Tag
              data-testid="tier-badge"
              hue={account.tier ? 'blue' : 'grey'}
              isPill
              size="small"
              title={t('ticket.tierLabel')}
            >
              {account.tier ? t('ticket.tier', { tier: account.tier }) : t('ticket.noTier')}
            </Tag>
          </div>
        </header>
      ) : null}
      <ClocksPart sla={sla} now={now} />
      {sla.month ? (
        <AccountMonth month={sla.month} />
      ) : account ? (
        <Section id="ticket-uptime" testId="uptime" title={t('ticket.uptime.title')}>
          <p style={{ ...mutedText, margin: 0 }}>{t('ticket.month.none')}</p>
        </Section>
      ) : null}
      {account ? <Outages outages={sla.outages} /> : null}
    </>
  )
}

/** Why a ticket has no clocks to show: the empty state's title and text. */
const CLOCKS_STATUS_TEXT: Record<
  Exclude<TicketSla['clocksStatus'], 'computed'>,
  { title: string; text: string }
> = {
  'no-ticket': { title: 'ticket.status.noTicketTitle', text: 'ticket.status.notSynced' },
  'no-account': { title: 'ticket.status.noAccountTitle', text: 'ticket.status.noAccount' },
  'no-contract': { title: 'ticket.status.noContractTitle', text: 'ticket.status.noContract' },
  incomplete: { title: 'ticket.status.incompleteTitle', text: 'ticket.status.incomplete' },
}

function ClocksPart(props: { sla: TicketSla; now: number }) {
  const { t } = useEnvironment()
  const { sla, now } = props
  if (sla.clocksStatus === 'computed')
    return <Clocks clocks={sla.clocks} level={sla.risk.level} now={now} asOf={sla.asOf} />
  const { title, text } = CLOCKS_STATUS_TEXT[sla.clocksStatus]
  return <EmptyState title={t(title)}>{t(text)}</EmptyState>
}

function Clocks(props: {
  clocks: LiveClock[]
  level: TicketSla['risk']['level']
  now: number
  asOf: string
}) {
  const { t, format } = useEnvironment()
  const { clocks, level, now } = props
  const reasons = riskReasons(clocks, now)
  const tone = TONES[RISK_TONE[level]]
  const next = nextUpdate(clocks, now)
  const long = (ms: number) => format.duration(ms)
  return (
    <>
      <Section id="ticket-risk" testId="risk" title={t('ticket.risk.label')}>
        <div
          data-level={level}
          style={{
            display: 'inline-block',
            color: tone.fg,
            background: tone.bg,
            border: `1px solid ${tone.border}`,
            borderRadius: 4,
            padding: '0 8px',
            fontWeight: 600,
          }}
        >
          <Glyph>{RISK_GLYPH[level]}</Glyph>
          {t(`ticket.risk.${level}`)}
        </div>
        {reasons.length > 0 ? (
          <ul
            aria-label={t('ticket.risk.reasonsLabel')}
            style={{ margin: '6px 0 0', paddingLeft: 18, fontSize: 13 }}
          >
            {reasons.map((r) => (
              <li key={`${r.metric}-${r.cycle}`}>{reasonText(t, format, r)}</li>
            ))}
          </ul>
        ) : level === 'none' && clocks.some((c) => c.active) ? (
          <p style={{ ...mutedText, margin: '4px 0 0' }}>{t('ticket.risk.allClear')}</p>
        ) : null}
      </Section>
      <Section id="ticket-clocks" title={t('ticket.clock.listLabel')}>
        {clocks.length === 0 ? (
          <p style={{ ...mutedText, margin: 0 }}>{t('ticket.status.noClocks')}</p>
        ) : (
          <ul style={{ margin: 0, padding: 0 }}>
            {sortClocks(clocks).map((c) => (
              <ClockCard key={`${c.metric}-${c.cycle}`} clock={c} now={now} asOf={props.asOf} />
            ))}
          </ul>
        )}
      </Section>
      <Section id="ticket-next-update" testId="next-update" title={t('ticket.nextUpdate.title')}>
        <p
          data-kind={next.kind}
          style={{
            margin: 0,
            color: next.kind === 'overdue' ? TONES.red.fg : COLORS.text,
            fontWeight: next.kind === 'none' ? 400 : 600,
          }}
        >
          {next.kind === 'due'
            ? t('ticket.nextUpdate.due', {
                time: format.dateTime(next.dueAt),
                left: countdownText(next.leftMs, long),
              })
            : next.kind === 'overdue'
              ? t('ticket.nextUpdate.overdue', {
                  time: format.dateTime(next.since),
                  left: countdownText(next.agoMs, long),
                })
              : next.kind === 'paused'
                ? t('ticket.nextUpdate.paused')
                : t('ticket.nextUpdate.none')}
        </p>
      </Section>
    </>
  )
}
