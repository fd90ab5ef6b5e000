/**
 * Incidents and maintenance: the open ones (ongoing incidents; maintenance in progress or
 * scheduled) and the recent ones, each with its impact, components, start, duration, status and
 * the accounts it affects. The lists are asked with `include=affectedAccounts`, so the accounts
 * (which the service computes from their components and regions) come with each item: one
 * request per list, none per card, as every request goes through Zendesk's proxy. An affected
 * account opens in the portfolio.
 */
import { useState, type ReactNode } from 'react'
import type {
  AffectedAccount,
  IncidentListItem,
  MaintenanceListItem,
  OutageList,
} from '@sla-tracker/shared'
import { Button } from '@zendeskgarden/react-buttons'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.js'
import { RefreshFailedNotice } from '../../ui/RefreshFailedNotice.js'
import { useServiceData } from '../../ui/useServiceData.js'
import type { ServiceApi } from '../../service/service-api.js'
import {
  affectedSummary,
  impactTone,
  incidentStatus,
  outageDurationMs,
  outageRunning,
  statusTone,
  withoutIds,
  type OutageStatus,
} from './dashboard-model.js'
import { useMorePages } from './useMorePages.js'
import { Note, Refreshed, RefreshButton, ToneTag, useLabel } from './parts.js'
import type { AccountRef } from './PortfolioPanel.js'

/** Open items are few; recent ones come a page at a time. */
export const OPEN_LIMIT = 100
export const RECENT_PAGE_SIZE = 10
/** Every list is asked for the accounts each item affects. */
const INCLUDE = { include: 'affectedAccounts' } as const

type Kind = 'incidents' | 'maintenance'

interface Lists {
  asOf: string
  incidents: { open: OutageList<IncidentListItem>; recent: OutageList<IncidentListItem> }
  maintenance: { open: OutageList<MaintenanceListItem>; recent: OutageList<MaintenanceListItem> }
}

async function loadLists(service: ServiceApi): Promise<Lists> {
  const list = <T,>(kind: Kind, query: Record<string, string | number | boolean>) =>
    service.read<OutageList<T>>(`/api/v1/${kind}`, query)
  const [io, ir, mo, mr] = await Promise.all([
    list<IncidentListItem>('incidents', { open: true, limit: OPEN_LIMIT, ...INCLUDE }),
    list<IncidentListItem>('incidents', { limit: RECENT_PAGE_SIZE, ...INCLUDE }),
    list<MaintenanceListItem>('maintenance', { open: true, limit: OPEN_LIMIT, ...INCLUDE }),
    list<MaintenanceListItem>('maintenance', { limit: RECENT_PAGE_SIZE, ...INCLUDE }),
  ])
  return {
    asOf: new Date().toISOString(),
    incidents: { open: io, recent: ir },
    maintenance: { open: mo, recent: mr },
  }
}

export function IncidentsPanel(props: { onOpenAccount: (a: AccountRef) => void }) {
  const { service, t } = useEnvironment()
  const data = useServiceData(() => loadLists(service!), [service])
  const ready = data.status === 'ready' ? data : null
  const page =
    <T,>(kind: Kind) =>
    (cursor: string) =>
      service!.read<OutageList<T>>(`/api/v1/${kind}`, {
        limit: RECENT_PAGE_SIZE,
        cursor,
        ...INCLUDE,
      })
  const recentIncidents = useMorePages<IncidentListItem>(
    ready ? { ...ready.data.incidents.recent, receivedAt: ready.receivedAt } : null,
    page<IncidentListItem>('incidents'),
  )
  const recentMaintenance = useMorePages<MaintenanceListItem>(
    ready ? { ...ready.data.maintenance.recent, receivedAt: ready.receivedAt } : null,
    page<MaintenanceListItem>('maintenance'),
  )

  return (
    <section
      data-testid="incidents"
      aria-label={t('dashboard.incidents.label')}
      style={{ paddingTop: 8 }}
    >
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <RefreshButton data={data} />
      </div>
      {data.status === 'loading' ? <LoadingState /> : null}
      {data.status === 'error' ? <ErrorState error={data.error} onRetry={data.refresh} /> : null}
      {ready
        ? (() => {
            const now = ready.receivedAt
            const { incidents, maintenance } = ready.data
            const openIncidents = incidents.open.items
            const pastIncidents = withoutIds(recentIncidents.items, openIncidents)
            const openMaintenance = maintenance.open.items
            const pastMaintenance = withoutIds(recentMaintenance.items, openMaintenance)
            const nothing =
              openIncidents.length +
                pastIncidents.length +
                openMaintenance.length +
                pastMaintenance.length ===
              0
            return (
              <>
                <RefreshFailedNotice data={data} />
                <Refreshed asOf={ready.data.asOf} refreshing={ready.refreshing} />
                {nothing ? (
                  <EmptyState title={t('dashboard.empty.noIncidentsTitle')}>
                    {t('dashboard.empty.noIncidents')}
                  </EmptyState>
                ) : (
                  <>
                    <h2 style={headingStyle}>{t('dashboard.incidents.incidents')}</h2>
                    <Group title={t('dashboard.incidents.open')}>
                      {openIncidents.length === 0 ? (
                        <Note>{t('dashboard.empty.noneOpen')}</Note>
                      ) : (
                        openIncidents.map((i) => (
                          <IncidentCard
                            key={i.id}
                            item={i}
                            now={now}
                            onOpenAccount={props.onOpenAccount}
                          />
                        ))
                      )}
                    </Group>
                    <Group title={t('dashboard.incidents.recent')}>
                      {pastIncidents.length === 0 ? (
                        <Note>{t('dashboard.empty.noneRecent')}</Note>
                      ) : (
                        pastIncidents.map((i) => (
                          <IncidentCard
                            key={i.id}
                            item={i}
                            now={now}
                            onOpenAccount={props.onOpenAccount}
                          />
                        ))
                      )}
                      <More pages={recentIncidents} testId="load-more-incidents" />
                    </Group>
                    <h2 style={headingStyle}>{t('dashboard.incidents.maintenance')}</h2>
                    <Group title={t('dashboard.incidents.upcoming')}>
                      {openMaintenance.length === 0 ? (
                        <Note>{t('dashboard.empty.noMaintenanceOpen')}</Note>
                      ) : (
                        openMaintenance.map((m) => (
                          <MaintenanceCard
                            key={m.id}
                            item={m}
                            now={now}
                            onOpenAccount={props.onOpenAccount}
                          />
                        ))
                      )}
                    </Group>
                    <Group title={t('dashboard.incidents.past')}>
                      {pastMaintenance.length === 0 ? (
                        <Note>{t('dashboard.empty.noMaintenanceRecent')}</Note>
                      ) : (
                        pastMaintenance.map((m) => (
                          <MaintenanceCard
                            key={m.id}
                            item={m}
                            now={now}
                            onOpenAccount={props.onOpenAccount}
                          />
                        ))
                      )}
                      <More pages={recentMaintenance} testId="load-more-maintenance" />
                    </Group>
                  </>
                )}
              </>
            )
          })()
        : null}
    </section>
  )
}

const headingStyle = { margin: '16px 0 4px', fontSize: 16, fontWeight: 600 } as const

function Group(props: { title: string; children: ReactNode }) {
  return (
    <section style={{ marginTop: 8 }}>
      <h3 style={{ margin: '8px 0', fontSize: 14, fontWeight: 600, color: '#49545c' }}>
        {props.title}
      </h3>
      <div style={{ display: 'grid', gap: 12 }}>{props.children}</div>
    </section>
  )
}

function More(props: { pages: ReturnType<typeof useMorePages>; testId: string }) {
  const { t } = useEnvironment()
  const { pages } = props
  return (
    <>
      {pages.error ? (
        <ErrorState title={t('dashboard.moreError')} error={pages.error} onRetry={pages.loadMore} />
      ) : null}
      {pages.next ? (
        <div>
          <Button
            size="small"
            data-testid={props.testId}
            onClick={pages.loadMore}
            disabled={pages.loading}
            aria-busy={pages.loading}
          >
            {pages.loading ? t('dashboard.loadingMore') : t('dashboard.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  )
}

interface CardProps<T> {
  item: T
  now: number
  onOpenAccount: (a: AccountRef) => void
}

function IncidentCard(props: CardProps<IncidentListItem>) {
  const { t } = useEnvironment()
  const label = useLabel()
  const { item } = props
  const status = incidentStatus(item)
  return (
    <OutageCard
      testId={`incident-${item.id}`}
      item={item}
      status={status}
      now={props.now}
      onOpenAccount={props.onOpenAccount}
      tags={<ToneTag tone={impactTone(item.impact)}>{label('impact', item.impact)}</ToneTag>}
      extra={
        item.exclusion ? [[t('dashboard.incidents.exclusion', { kind: item.exclusion }), null]] : []
      }
    />
  )
}

function MaintenanceCard(props: CardProps<MaintenanceListItem>) {
  const { t, format } = useEnvironment()
  const label = useLabel()
  const { item } = props
  return (
    <OutageCard
      testId={`maintenance-${item.id}`}
      item={item}
      status={item.status}
      now={props.now}
      onOpenAccount={props.onOpenAccount}
      tags={
        <>
          <ToneTag tone={impactTone(item.impact)}>{label('impact', item.impact)}</ToneTag>
          {item.emergency ? (
            <ToneTag tone="red">{t('dashboard.incidents.emergency')}</ToneTag>
          ) : null}
        </>
      }
      extra={[
        [
          t('dashboard.incidents.announced'),
          item.announcedAt
            ? format.dateTime(item.announcedAt)
            : t('dashboard.incidents.notAnnounced'),
        ],
      ]}
    />
  )
}

function OutageCard(props: {
  testId: string
  item: IncidentListItem | MaintenanceListItem
  status: OutageStatus
  now: number
  tags: ReactNode
  /** More facts: [label, value]; a null value shows the label as a line of its own. */
  extra: [string, string | null][]
  onOpenAccount: (a: AccountRef) => void
}) {
  const { t, format } = useEnvironment()
  const { item, now } = props
  const duration = outageDurationMs(item.start, item.end, now)
  const running = outageRunning(item.start, item.end, now)
  const headingId = `${props.testId}-title`
  const facts: [string, string][] = [
    [t('dashboard.incidents.components'), item.components.join(', ')],
    [
      t('dashboard.incidents.regions'),
      item.regions.length ? item.regions.join(', ') : t('dashboard.incidents.allRegions'),
    ],
    [t('dashboard.incidents.start'), format.dateTime(item.start)],
    [t('dashboard.incidents.end'), item.end ? format.dateTime(item.end) : t('dashboard.none')],
    [
      t('dashboard.incidents.duration'),
      duration === null
        ? t('dashboard.incidents.notStarted')
        : running
          ? t('dashboard.incidents.soFar', { duration: format.duration(duration) })
          : format.duration(duration),
    ],
    ...props.extra.filter((e): e is [string, string] => e[1] !== null),
  ]
  const notes = props.extra.filter(([, v]) => v === null).map(([l]) => l)
  return (
    <article
      data-testid={props.testId}
      aria-labelledby={headingId}
      style={{
        border: '1px solid #d8dcde',
        borderLeft: `4px solid ${props.status === 'ongoing' ? '#cc3340' : props.status === 'in-progress' ? '#ad5918' : '#d8dcde'}`,
        borderRadius: 4,
        padding: 12,
        minWidth: 0,
      }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 4 }}>
        <h4
          id={headingId}
          style={{ margin: '0 8px 0 0', fontSize: 14, fontWeight: 600, overflowWrap: 'anywhere' }}
        >
          {item.title ?? t('dashboard.incidents.untitled', { id: item.id })}
        </h4>
        <ToneTag tone={statusTone(props.status)}>
          {t(`dashboard.incidents.status.${props.status}`)}
        </ToneTag>
        {props.tags}
      </div>
      <dl
        style={{
          margin: '8px 0 0',
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 150px), 1fr))',
          gap: '6px 12px',
        }}
      >
        {facts.map(([l, v]) => (
          <div key={l} style={{ minWidth: 0 }}>
            <dt style={{ color: '#68737d', fontSize: 12 }}>{l}</dt>
            <dd style={{ margin: 0, overflowWrap: 'anywhere' }}>{v}</dd>
          </div>
        ))}
      </dl>
      {notes.map((n) => (
        <p key={n} style={{ margin: '6px 0 0', color: '#49545c' }}>
          {n}
        </p>
      ))}
      <AffectedAccounts accounts={item.affectedAccounts} onOpenAccount={props.onOpenAccount} />
    </article>
  )
}

/** The accounts an item affects, from the list item itself (`include=affectedAccounts`). */
function AffectedAccounts(props: {
  accounts: readonly AffectedAccount[] | undefined
  onOpenAccount: (a: AccountRef) => void
}) {
  const { t } = useEnvironment()
  const [all, setAll] = useState(false)
  const accounts = props.accounts
  return (
    <div style={{ marginTop: 8 }} data-testid="affected-accounts">
      <h5 style={{ margin: '0 0 4px', fontSize: 12, fontWeight: 600, color: '#49545c' }}>
        {t('dashboard.incidents.affected')}
      </h5>
      {accounts === undefined ? (
        // A service that did not send them: say so rather than claim "none".
        <Note>{t('dashboard.incidents.affectedError')}</Note>
      ) : accounts.length === 0 ? (
        <Note>{t('dashboard.incidents.affectedNone')}</Note>
      ) : (
        (() => {
          const { shown, more } = affectedSummary(accounts, all ? accounts.length : 5)
          return (
            <div>
              <span style={{ fontWeight: 600, marginRight: 8 }}>
                {t.plural('dashboard.incidents.affectedCount', accounts.length)}
              </span>
              <ul
                style={{
                  display: 'inline-flex',
                  flexWrap: 'wrap',
                  gap: '2px 12px',
                  listStyle: 'none',
                  margin: 0,
                  padding: 0,
                }}
              >
                {shown.map((a) => (
                  <li key={a.id}>
                    <Button
                      isLink
                      aria-label={t('dashboard.incidents.openAccount', { name: a.name })}
                      onClick={() => props.onOpenAccount({ id: a.id, name: a.name })}
                    >
                      {a.name}
                    </Button>
                  </li>
                ))}
                {more > 0 ? (
                  <li>
                    <Button isLink onClick={() => setAll(true)}>
                      {t.plural('dashboard.incidents.affectedMore', more)}
                    </Button>
                  </li>
                ) : null}
              </ul>
            </div>
          )
        })()
      )}
    </div>
  )
}
