/**
 * One account, opened from the portfolio: the contract in force, its months (uptime against each
 * target, credit) and credits, and its breached clocks, paged.
 */
import { useEffect, useRef, type ReactNode } from 'react'
import type { AccountSla, UptimeView } from '@sla-tracker/shared'
import { Button } from '@zendeskgarden/react-buttons'
import { Table } from '@zendeskgarden/react-tables'
import { LG } from '@zendeskgarden/react-typography'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { useServiceData } from '../../ui/useServiceData.js'
import { useMorePages } from './useMorePages.js'
import {
  BudgetTag,
  DataFrame,
  FlagTags,
  LoadMore,
  Note,
  RefreshButton,
  Scroll,
  ToneTag,
} from './parts.js'

type Breach = AccountSla['breaches']['items'][number]

/** Breaches per page of the detail. */
export const BREACH_PAGE_SIZE = 20

const breachKey = (b: Breach) => `${b.ticketId}|${b.metric}|${b.cycle}`

function appendBreaches(items: readonly Breach[], page: readonly Breach[]): Breach[] {
  const seen = new Set(items.map(breachKey))
  return [...items, ...page.filter((b) => !seen.has(breachKey(b)))]
}

export function AccountDetail(props: {
  account: { id: string; name: string }
  onBack: () => void
}) {
  const { account, onBack } = props
  const { service, t } = useEnvironment()
  const heading = useRef<HTMLHeadingElement>(null)
  const path = `/api/v1/accounts/${encodeURIComponent(account.id)}/sla`
  const read = (cursor?: string) =>
    service!.read<AccountSla>(path, { limit: BREACH_PAGE_SIZE, cursor })
  const data = useServiceData(() => read(), [path])
  const ready = data.status === 'ready' ? data : null
  const breaches = useMorePages<Breach>(
    ready ? { ...ready.data.breaches, receivedAt: ready.receivedAt } : null,
    async (cursor) => (await read(cursor)).breaches,
    appendBreaches,
  )

  useEffect(() => {
    heading.current?.focus()
  }, [account.id])

  return (
    <section
      data-testid="account-detail"
      aria-label={t('dashboard.detail.label', { name: account.name })}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
        <Button size="small" data-testid="back-to-portfolio" onClick={onBack}>
          {t('dashboard.detail.back')}
        </Button>
        <RefreshButton data={data} />
      </div>
      <LG
        tag="h2"
        isBold
        ref={heading}
        tabIndex={-1}
        style={{ margin: '12px 0 4px', outline: 'none', overflowWrap: 'anywhere' }}
      >
        {ready?.data.account.name ?? account.name}
      </LG>
      <DataFrame data={data}>
        {(sla) => (
          <>
            <AccountFacts sla={sla} />
            <Contract sla={sla} />
            <Months sla={sla} />
            <Credits sla={sla} />
            <Section title={t('dashboard.detail.breaches')}>
              {breaches.items.length === 0 ? (
                <Note>{t('dashboard.detail.noBreaches')}</Note>
              ) : (
                <BreachesTable items={breaches.items} />
              )}
              <LoadMore pages={breaches} testId="load-more-breaches" buttonMarginTop={8} />
            </Section>
          </>
        )}
      </DataFrame>
    </section>
  )
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <section style={{ marginTop: 16 }}>
      <h3 style={{ margin: '0 0 8px', fontSize: 14, fontWeight: 600 }}>{props.title}</h3>
      {props.children}
    </section>
  )
}

function Facts(props: { rows: [string, ReactNode][] }) {
  return (
    <dl
      style={{
        margin: 0,
        display: 'grid',
        gridTemplateColumns: 'minmax(0, max-content) minmax(0, 1fr)',
        gap: '4px 12px',
      }}
    >
      {props.rows.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt style={{ color: '#49545c' }}>{label}</dt>
          <dd style={{ margin: 0, overflowWrap: 'anywhere' }}>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

function AccountFacts(props: { sla: AccountSla }) {
  const { t } = useEnvironment()
  const a = props.sla.account
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : t('dashboard.none'))
  return (
    <>
      <p style={{ margin: '0 0 8px', color: '#68737d' }}>
        {t('dashboard.detail.zone', { zone: a.timeZone })}
      </p>
      <Facts
        rows={[
          [t('dashboard.detail.components'), list(a.components)],
          [t('dashboard.detail.regions'), list(a.regions)],
        ]}
      />
    </>
  )
}

function Contract(props: { sla: AccountSla }) {
  const { t, format } = useEnvironment()
  const c = props.sla.contract
  const zone = props.sla.account.timeZone
  if (!c)
    return (
      <Section title={t('dashboard.detail.contract')}>
        <Note>{t('dashboard.detail.noContract')}</Note>
      </Section>
    )
  const from = c.effectiveFrom ? format.dateTime(c.effectiveFrom, zone) : null
  const until = c.until ? format.dateTime(c.until, zone) : null
  const fees = Object.entries(c.componentFees).sort(([a], [b]) => a.localeCompare(b))
  return (
    <Section title={t('dashboard.detail.contract')}>
      <Facts
        rows={[
          [t('dashboard.detail.tier'), c.tier],
          [
            t('dashboard.detail.versions'),
            t('dashboard.detail.versionsValue', {
              // The service gives 0-based indexes into the version lists; people count from 1.
              account: c.accountVersion + 1,
              tier: c.tierVersion + 1,
            }),
          ],
          [
            t('dashboard.detail.effective'),
            from && until
              ? t('dashboard.detail.effectiveRange', { from, until })
              : from
                ? t('dashboard.detail.effectiveFrom', { from })
                : t('dashboard.detail.always'),
          ],
          [
            t('dashboard.detail.monthlyFee'),
            format.money(c.monthlyFee.amountMinor, c.monthlyFee.currency),
          ],
          ...(fees.length
            ? ([
                [
                  t('dashboard.detail.componentFees'),
                  <ul key="fees" style={{ margin: 0, paddingLeft: 16 }}>
                    {fees.map(([component, minor]) => (
                      <li key={component} style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                        <span>{component}</span>
                        <span>{format.money(minor, c.monthlyFee.currency)}</span>
                      </li>
                    ))}
                  </ul>,
                ],
              ] as [string, ReactNode][])
            : []),
        ]}
      />
    </Section>
  )
}

/** A table that scrolls sideways inside its labelled region, with one header row of `columns`. */
function DataTable(props: {
  label: string
  minWidth: number
  testId?: string
  columns: string[]
  children: ReactNode
}) {
  return (
    <Scroll label={props.label}>
      <Table size="small" style={{ minWidth: props.minWidth }} data-testid={props.testId}>
        <Table.Head>
          <Table.HeaderRow>
            {props.columns.map((column) => (
              <Table.HeaderCell key={column}>{column}</Table.HeaderCell>
            ))}
          </Table.HeaderRow>
        </Table.Head>
        <Table.Body>{props.children}</Table.Body>
      </Table>
    </Scroll>
  )
}

function UptimeLine(props: { u: UptimeView }) {
  const { t, format } = useEnvironment()
  const { u } = props
  const text = t('dashboard.detail.uptimeValue', {
    label: u.label ?? u.commitmentId,
    uptime: format.percent(u.uptimePercent, 4),
    target: format.percent(u.target, 4),
  })
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 4 }}>
      <span>{text}</span>
      {!u.applicable ? (
        <ToneTag tone="grey">{t('dashboard.detail.notApplicable')}</ToneTag>
      ) : u.meetsTarget ? (
        <ToneTag tone="green">{t('dashboard.detail.meets')}</ToneTag>
      ) : (
        <ToneTag tone="red">{t('dashboard.detail.misses')}</ToneTag>
      )}
    </div>
  )
}

function Months(props: { sla: AccountSla }) {
  const { t, format } = useEnvironment()
  const months = props.sla.months
  return (
    <Section title={t('dashboard.detail.months')}>
      {months.length === 0 ? (
        <Note>{t('dashboard.detail.noMonths')}</Note>
      ) : (
        <DataTable
          label={t('dashboard.detail.months')}
          minWidth={640}
          testId="account-months"
          columns={[
            t('dashboard.detail.month'),
            t('dashboard.detail.tier'),
            t('dashboard.table.budgetStatus'),
            t('dashboard.detail.uptime'),
            t('dashboard.detail.credit'),
            t('dashboard.table.flags'),
          ]}
        >
          {months.map((m) => (
            <Table.Row key={m.month}>
              <Table.Cell>{format.month(m.month)}</Table.Cell>
              <Table.Cell>{m.tier ?? t('dashboard.tier.none')}</Table.Cell>
              <Table.Cell>
                <BudgetTag status={m.budgetStatus} />
              </Table.Cell>
              <Table.Cell>
                {m.uptime.length === 0
                  ? t('dashboard.none')
                  : m.uptime.map((u) => <UptimeLine key={u.commitmentId} u={u} />)}
              </Table.Cell>
              <Table.Cell>
                {m.currency === null
                  ? t('dashboard.none')
                  : format.money(m.creditMinor, m.currency)}
              </Table.Cell>
              <Table.Cell>
                <FlagTags flags={m.flags} />
              </Table.Cell>
            </Table.Row>
          ))}
        </DataTable>
      )}
    </Section>
  )
}

function Credits(props: { sla: AccountSla }) {
  const { t, format } = useEnvironment()
  const credits = props.sla.credits
  const zone = props.sla.account.timeZone
  return (
    <Section title={t('dashboard.detail.credits')}>
      {credits.length === 0 ? (
        <Note>{t('dashboard.detail.noCredits')}</Note>
      ) : (
        <DataTable
          label={t('dashboard.detail.credits')}
          minWidth={560}
          columns={[
            t('dashboard.detail.month'),
            t('dashboard.detail.total'),
            t('dashboard.detail.automatic'),
            t('dashboard.detail.onRequest'),
            t('dashboard.detail.claimBy'),
          ]}
        >
          {credits.map((c) => (
            <Table.Row key={c.month}>
              <Table.Cell>{format.month(c.month)}</Table.Cell>
              <Table.Cell>{format.money(c.totalMinor, c.currency)}</Table.Cell>
              <Table.Cell>{format.money(c.automaticMinor, c.currency)}</Table.Cell>
              <Table.Cell>{format.money(c.onRequestMinor, c.currency)}</Table.Cell>
              <Table.Cell>
                {c.claimDeadline ? format.dateTime(c.claimDeadline, zone) : t('dashboard.none')}
              </Table.Cell>
            </Table.Row>
          ))}
        </DataTable>
      )}
    </Section>
  )
}

function BreachesTable(props: { items: Breach[] }) {
  const { t, format } = useEnvironment()
  return (
    <DataTable
      label={t('dashboard.detail.breaches')}
      minWidth={600}
      testId="account-breaches"
      columns={[
        t('dashboard.detail.ticket'),
        t('dashboard.detail.metric'),
        t('dashboard.detail.priority'),
        t('dashboard.detail.breachedAt'),
        t('dashboard.detail.state'),
      ]}
    >
      {props.items.map((b) => (
        <Table.Row key={breachKey(b)} data-testid={`breach-${b.ticketId}-${b.metric}`}>
          <Table.Cell>
            <span style={{ fontWeight: 600 }}>
              {t('dashboard.detail.ticketValue', { id: b.ticketId })}
            </span>
            {b.subject ? (
              <span style={{ display: 'block', overflowWrap: 'anywhere' }}>{b.subject}</span>
            ) : null}
          </Table.Cell>
          <Table.Cell>{b.metric}</Table.Cell>
          <Table.Cell>{b.priority}</Table.Cell>
          <Table.Cell>{format.dateTime(b.breachedAt)}</Table.Cell>
          <Table.Cell>
            {b.active ? (
              <ToneTag tone="red">{t('dashboard.detail.active')}</ToneTag>
            ) : b.stoppedAt ? (
              t('dashboard.detail.stopped', { time: format.dateTime(b.stoppedAt) })
            ) : (
              t('dashboard.detail.ended')
            )}
          </Table.Cell>
        </Table.Row>
      ))}
    </DataTable>
  )
}
