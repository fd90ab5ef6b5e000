/**
 * The portfolio: totals per tier, then the accounts (filtered, sorted, paged) with a drill-down
 * into one account. The list stays mounted (hidden) under the detail, so "Back" returns to the
 * same filters, pages and scroll position, with focus on the account that was opened.
 */
import { useEffect, useRef, useState, type ChangeEvent, type ReactNode } from 'react'
import type { Portfolio } from '@sla-tracker/shared'
import { Button } from '@zendeskgarden/react-buttons'
import { Field, Select } from '@zendeskgarden/react-forms'
import { Table } from '@zendeskgarden/react-tables'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { EmptyState } from '../../ui/states.js'
import { useServiceData } from '../../ui/useServiceData.js'
import {
  appendPage,
  ariaSortOf,
  BUDGET_STATUSES,
  clearFilters,
  creditEntries,
  DEFAULT_FILTERS,
  filtersKey,
  hasActiveFilters,
  isBudgetStatus,
  isPortfolioFlag,
  isPortfolioSort,
  knownTiers,
  orderedTiers,
  overallTotals,
  PORTFOLIO_FLAGS,
  PORTFOLIO_SORTS,
  portfolioQuery,
  type OverallTotals,
  type PortfolioFilters,
  type PortfolioItem,
  type SortColumn,
} from './dashboard-model.js'
import { useMorePages } from './useMorePages.js'
import { AccountDetail } from './AccountDetail.js'
import {
  BudgetTag,
  DataFrame,
  FlagTags,
  LoadMore,
  RefreshButton,
  Scroll,
  toneColor,
  visuallyHidden,
} from './parts.js'

export interface AccountRef {
  id: string
  name: string
}

export function PortfolioPanel(props: {
  account: AccountRef | null
  onAccountChange: (a: AccountRef | null) => void
}) {
  const { account, onAccountChange } = props
  const { service, t, format } = useEnvironment()
  const [filters, setFilters] = useState<PortfolioFilters>(DEFAULT_FILTERS)
  const [tiers, setTiers] = useState<string[]>([])
  const rowButtons = useRef(new Map<string, HTMLButtonElement>())
  const returnFocus = useRef<string | null>(null)
  const listTop = useRef<HTMLDivElement>(null)

  const key = filtersKey(filters)
  const read = (cursor?: string) =>
    service!.read<Portfolio>('/api/v1/portfolio', portfolioQuery(filters, cursor))
  const data = useServiceData(() => read(), [key])
  const ready = data.status === 'ready' ? data : null
  const more = useMorePages<PortfolioItem>(
    ready ? { items: ready.data.items, next: ready.data.next, receivedAt: ready.receivedAt } : null,
    read,
    appendPage,
  )

  const totals = ready?.data.totals.tiers
  useEffect(() => {
    if (totals) setTiers((known) => knownTiers(known, totals))
  }, [totals])
  const offeredTiers = totals ? knownTiers(tiers, totals) : tiers

  // Back from the detail: focus the account that was opened, else the top of the list.
  useEffect(() => {
    if (account || returnFocus.current === null) return
    const id = returnFocus.current
    returnFocus.current = null
    const button = rowButtons.current.get(id)
    if (button) button.focus()
    else listTop.current?.focus()
  }, [account])

  const open = (a: AccountRef) => {
    returnFocus.current = a.id
    onAccountChange(a)
  }

  const change = (patch: Partial<PortfolioFilters>) => setFilters((f) => ({ ...f, ...patch }))
  const onSelect =
    (apply: (value: string) => Partial<PortfolioFilters> | null) =>
    (e: ChangeEvent<HTMLSelectElement>) => {
      const patch = apply(e.target.value)
      if (patch) change(patch)
    }

  return (
    <div style={{ paddingTop: 8 }}>
      {account ? (
        <AccountDetail
          account={account}
          onBack={() => {
            returnFocus.current ??= account.id
            onAccountChange(null)
          }}
        />
      ) : null}
      <div hidden={account !== null} ref={listTop} tabIndex={-1} style={{ outline: 'none' }}>
        <div
          role="group"
          aria-label={t('dashboard.filters.label')}
          style={{
            display: 'flex',
            flexWrap: 'wrap',
            gap: 12,
            alignItems: 'flex-end',
            marginBottom: 12,
          }}
        >
          <FilterSelect
            label={t('dashboard.filters.tier')}
            testId="filter-tier"
            value={filters.tier}
            onChange={onSelect((v) => ({ tier: v }))}
          >
            <option value="">{t('dashboard.filters.allTiers')}</option>
            {offeredTiers.map((tier) => (
              <option key={tier} value={tier}>
                {tier}
              </option>
            ))}
            {filters.tier && !offeredTiers.includes(filters.tier) ? (
              <option value={filters.tier}>{filters.tier}</option>
            ) : null}
          </FilterSelect>
          <FilterSelect
            label={t('dashboard.filters.budget')}
            testId="filter-budget"
            value={filters.budget}
            onChange={onSelect((v) => ({ budget: isBudgetStatus(v) ? v : '' }))}
          >
            <option value="">{t('dashboard.filters.allBudgets')}</option>
            {BUDGET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`dashboard.budget.${s}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect
            label={t('dashboard.filters.flag')}
            testId="filter-flag"
            value={filters.flag}
            onChange={onSelect((v) => ({ flag: isPortfolioFlag(v) ? v : '' }))}
          >
            <option value="">{t('dashboard.filters.allFlags')}</option>
            {PORTFOLIO_FLAGS.map((f) => (
              <option key={f} value={f}>
                {t(`dashboard.flag.${f}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect
            label={t('dashboard.filters.sort')}
            testId="sort"
            value={filters.sort}
            onChange={onSelect((v) => (isPortfolioSort(v) ? { sort: v } : null))}
          >
            {PORTFOLIO_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`dashboard.sort.${s}`)}
              </option>
            ))}
          </FilterSelect>
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
            {hasActiveFilters(filters) ? (
              <Button size="small" onClick={() => setFilters(clearFilters)}>
                {t('dashboard.filters.clear')}
              </Button>
            ) : null}
            <RefreshButton data={data} />
          </div>
        </div>

        <DataFrame data={data}>
          {(portfolio) => (
            <>
              <Totals portfolio={portfolio} />
              {more.items.length === 0 ? (
                hasActiveFilters(filters) ? (
                  <EmptyState title={t('dashboard.empty.noMatchTitle')}>
                    <p style={{ margin: '0 0 8px' }}>{t('dashboard.empty.noMatch')}</p>
                    <Button size="small" onClick={() => setFilters(clearFilters)}>
                      {t('dashboard.filters.clear')}
                    </Button>
                  </EmptyState>
                ) : (
                  <EmptyState title={t('dashboard.empty.noAccountsTitle')}>
                    {t('dashboard.empty.noAccounts')}
                  </EmptyState>
                )
              ) : (
                <>
                  <AccountsView
                    items={more.items}
                    sort={filters.sort}
                    onSort={(sort) => change({ sort })}
                    onOpen={open}
                    buttons={rowButtons.current}
                  />
                  <p style={{ margin: '8px 0 0', color: '#68737d', fontSize: 12 }}>
                    {t('dashboard.table.shown', {
                      shown: format.number(more.items.length),
                      total: format.number(overallTotals(portfolio.totals.tiers).accounts),
                    })}
                  </p>
                  <LoadMore pages={more} testId="load-more" buttonMarginTop={12} />
                </>
              )}
            </>
          )}
        </DataFrame>
      </div>
    </div>
  )
}

/** One of the filter bar's compact, labelled selects. */
function FilterSelect(props: {
  label: string
  testId: string
  value: string
  onChange: (e: ChangeEvent<HTMLSelectElement>) => void
  children: ReactNode
}) {
  return (
    <Field style={{ flex: '1 1 160px', minWidth: 0, maxWidth: 260 }}>
      <Field.Label>{props.label}</Field.Label>
      <Select isCompact data-testid={props.testId} value={props.value} onChange={props.onChange}>
        {props.children}
      </Select>
    </Field>
  )
}

function Totals(props: { portfolio: Portfolio }) {
  const { t } = useEnvironment()
  const tiers = orderedTiers(props.portfolio.totals.tiers)
  const without = props.portfolio.totals.accountsWithoutState
  return (
    <section
      aria-label={t('dashboard.totals.label')}
      data-testid="portfolio-totals"
      style={{ margin: '8px 0 16px' }}
    >
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 260px), 1fr))',
          gap: 12,
        }}
      >
        {tiers.length > 1 || tiers.length === 0 ? (
          <TotalsCard title={t('dashboard.tier.all')} totals={overallTotals(tiers)} emphasized />
        ) : null}
        {tiers.map((tier) => (
          <TotalsCard
            key={tier.tier ?? ''}
            title={tier.tier ?? t('dashboard.tier.none')}
            totals={overallTotals([tier])}
          />
        ))}
      </div>
      {without > 0 ? (
        <p style={{ margin: '8px 0 0', color: '#68737d' }}>
          {t.plural('dashboard.totals.withoutState', without)}
        </p>
      ) : null}
    </section>
  )
}

function TotalsCard(props: { title: string; totals: OverallTotals; emphasized?: boolean }) {
  const { t, format } = useEnvironment()
  const { totals } = props
  const credit = creditEntries(totals.credit)
  const rows: [string, number, 'yellow' | 'red' | null][] = [
    [t('dashboard.totals.approaching'), totals.approaching, totals.approaching ? 'yellow' : null],
    [t('dashboard.totals.breached'), totals.breached, totals.breached ? 'red' : null],
    [
      t('dashboard.totals.withBreachedClocks'),
      totals.withBreachedClocks,
      totals.withBreachedClocks ? 'red' : null,
    ],
    [
      t('dashboard.totals.withClocksAtRisk'),
      totals.withClocksAtRisk,
      totals.withClocksAtRisk ? 'yellow' : null,
    ],
  ]
  return (
    <div
      style={{
        border: '1px solid #d8dcde',
        borderRadius: 4,
        padding: 12,
        background: props.emphasized ? '#f8f9f9' : '#fff',
        minWidth: 0,
      }}
    >
      <h2 style={{ margin: 0, fontSize: 14, fontWeight: 600, overflowWrap: 'anywhere' }}>
        {props.title}
      </h2>
      <p style={{ margin: '2px 0 8px', color: '#68737d' }}>
        {t.plural('dashboard.totals.accounts', totals.accounts)}
      </p>
      <dl
        style={{
          margin: 0,
          display: 'grid',
          gridTemplateColumns: 'minmax(0, 1fr) max-content',
          gap: '2px 8px',
        }}
      >
        {rows.map(([label, n, tone]) => (
          <Pair key={label} label={label}>
            <span style={{ fontWeight: tone ? 600 : 400, color: toneColor(tone) }}>
              {format.number(n)}
            </span>
          </Pair>
        ))}
        <Pair label={t('dashboard.totals.credit')}>
          {credit.length === 0 ? (
            <span style={{ color: '#68737d' }}>{t('dashboard.totals.noCredit')}</span>
          ) : (
            credit.map(([currency, minor]) => (
              <span key={currency} style={{ display: 'block', fontWeight: 600 }}>
                {format.money(minor, currency)}
              </span>
            ))
          )}
        </Pair>
      </dl>
    </div>
  )
}

function Pair(props: { label: string; children: ReactNode }) {
  return (
    <>
      <dt style={{ color: '#49545c' }}>{props.label}</dt>
      <dd style={{ margin: 0, textAlign: 'right' }}>{props.children}</dd>
    </>
  )
}

interface AccountsProps {
  items: PortfolioItem[]
  sort: PortfolioFilters['sort']
  onSort: (sort: SortColumn) => void
  onOpen: (a: AccountRef) => void
  buttons: Map<string, HTMLButtonElement>
}

/** Narrower than this, the accounts are a list of cards instead of a table. */
const NARROW_QUERY = '(max-width: 599px)'

function useMediaQuery(query: string): boolean {
  const get = () =>
    typeof window !== 'undefined' && typeof window.matchMedia === 'function'
      ? window.matchMedia(query).matches
      : false
  const [matches, setMatches] = useState(get)
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return
    const list = window.matchMedia(query)
    const onChange = () => setMatches(list.matches)
    onChange()
    list.addEventListener('change', onChange)
    return () => list.removeEventListener('change', onChange)
  }, [query])
  return matches
}

function AccountsView(props: AccountsProps) {
  const narrow = useMediaQuery(NARROW_QUERY)
  return narrow ? <AccountsList {...props} /> : <AccountsTable {...props} />
}

/** The columns after the name, as [label, content] (shared by the table and the cards). */
function useAccountCells() {
  const { t, format } = useEnvironment()
  return (item: PortfolioItem): [string, ReactNode][] => [
    [t('dashboard.table.tier'), item.tier ?? t('dashboard.tier.none')],
    [
      t('dashboard.table.budgetUsed'),
      item.worstBudgetPercent === null
        ? t('dashboard.none')
        : format.percent(item.worstBudgetPercent, 1),
    ],
    [t('dashboard.table.budgetStatus'), <BudgetTag key="b" status={item.budgetStatus} />],
    [
      t('dashboard.table.clocks'),
      <span
        key="c"
        style={{
          color:
            item.clocks.breached > 0
              ? toneColor('red')
              : item.clocks.atRisk > 0
                ? toneColor('yellow')
                : undefined,
        }}
      >
        {t('dashboard.table.clocksValue', {
          breached: format.number(item.clocks.breached),
          atRisk: format.number(item.clocks.atRisk),
        })}
      </span>,
    ],
    [
      t('dashboard.table.credit'),
      item.currency === null ? t('dashboard.none') : format.money(item.creditMinor, item.currency),
    ],
    [t('dashboard.table.flags'), <FlagTags key="f" flags={item.flags} />],
  ]
}

function AccountButton(props: {
  account: AccountRef
  onOpen: (a: AccountRef) => void
  buttons: Map<string, HTMLButtonElement>
}) {
  const { t } = useEnvironment()
  const { account: a, buttons } = props
  return (
    <Button
      isLink
      ref={(el) => {
        if (el) buttons.set(a.id, el)
        else buttons.delete(a.id)
      }}
      aria-label={t('dashboard.table.open', { name: a.name })}
      onClick={() => props.onOpen(a)}
      style={{ textAlign: 'left', whiteSpace: 'normal', overflowWrap: 'anywhere' }}
    >
      {a.name}
    </Button>
  )
}

function AccountsTable(props: AccountsProps) {
  const { t } = useEnvironment()
  const cells = useAccountCells()
  const { items, sort, onSort, onOpen, buttons } = props
  const sortable = (column: SortColumn, label: string) => (
    <Table.SortableCell sort={ariaSortOf(sort, column)} onClick={() => onSort(column)}>
      {label}
    </Table.SortableCell>
  )
  return (
    <Scroll label={t('dashboard.table.scrollLabel')}>
      <Table size="small" data-testid="portfolio-table" style={{ minWidth: 720 }}>
        <Table.Caption style={visuallyHidden}>{t('dashboard.table.caption')}</Table.Caption>
        <Table.Head>
          <Table.HeaderRow>
            {sortable('name', t('dashboard.table.account'))}
            <Table.HeaderCell>{t('dashboard.table.tier')}</Table.HeaderCell>
            {sortable('budget', t('dashboard.table.budgetUsed'))}
            <Table.HeaderCell>{t('dashboard.table.budgetStatus')}</Table.HeaderCell>
            <Table.HeaderCell>{t('dashboard.table.clocks')}</Table.HeaderCell>
            {sortable('credit', t('dashboard.table.credit'))}
            <Table.HeaderCell>{t('dashboard.table.flags')}</Table.HeaderCell>
          </Table.HeaderRow>
        </Table.Head>
        <Table.Body>
          {items.map((item) => {
            const a = { id: item.account.id, name: item.account.name }
            return (
              <Table.Row
                key={a.id}
                data-testid={`account-row-${a.id}`}
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest('button')) onOpen(a)
                }}
                style={{ cursor: 'pointer' }}
              >
                <Table.Cell>
                  <AccountButton account={a} onOpen={onOpen} buttons={buttons} />
                </Table.Cell>
                {cells(item).map(([label, content]) => (
                  <Table.Cell key={label}>{content}</Table.Cell>
                ))}
              </Table.Row>
            )
          })}
        </Table.Body>
      </Table>
    </Scroll>
  )
}

/** The accounts at narrow widths (sidebar-sized iframes): one card per account. */
function AccountsList(props: AccountsProps) {
  const { t } = useEnvironment()
  const cells = useAccountCells()
  const { items, onOpen, buttons } = props
  return (
    <ul
      data-testid="portfolio-table"
      aria-label={t('dashboard.table.caption')}
      style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}
    >
      {items.map((item) => {
        const a = { id: item.account.id, name: item.account.name }
        return (
          <li
            key={a.id}
            data-testid={`account-row-${a.id}`}
            style={{ border: '1px solid #d8dcde', borderRadius: 4, padding: '8px 12px' }}
          >
            <AccountButton account={a} onOpen={onOpen} buttons={buttons} />
            <dl
              style={{
                margin: '6px 0 0',
                display: 'grid',
                gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
                gap: '4px 8px',
              }}
            >
              {cells(item).map(([label, content]) => (
                <div key={label} style={{ minWidth: 0 }}>
                  <dt style={{ color: '#68737d', fontSize: 12 }}>{label}</dt>
                  <dd style={{ margin: 0 }}>{content}</dd>
                </div>
              ))}
            </dl>
          </li>
        )
      })}
    </ul>
  )
}
