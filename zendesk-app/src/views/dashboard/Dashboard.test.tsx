import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import type { AccountSla, Portfolio } from '@sla-tracker/shared'
import { renderInApp, type Route } from '../../test-support/render.js'
import { jsonResponse } from '../../zaf/fake-client.js'
import { Dashboard } from './Dashboard.js'
import type { IncidentListItem, MaintenanceListItem } from '@sla-tracker/shared'

type Item = Portfolio['items'][number]

const row = (id: string, name: string, o: Partial<Item> = {}): Item => ({
  account: { id, name },
  month: '2026-11',
  tier: 'gold',
  budgetStatus: 'ok',
  worstBudgetPercent: '12.5',
  creditMinor: 0,
  currency: 'USD',
  flags: [],
  clocks: { breached: 0, atRisk: 0 },
  computedAt: '2026-11-10T00:00:00Z',
  ...o,
})

const portfolio = (items: Item[], o: Partial<Portfolio> = {}): Portfolio => ({
  asOf: '2026-11-10T12:00:00Z',
  month: null,
  sort: 'credit',
  items,
  next: null,
  totals: {
    tiers: [
      {
        tier: 'gold',
        accounts: 2,
        approaching: 1,
        breached: 1,
        withBreachedClocks: 1,
        withClocksAtRisk: 0,
        credit: { USD: 123450 },
      },
      {
        tier: 'silver',
        accounts: 1,
        approaching: 0,
        breached: 0,
        withBreachedClocks: 0,
        withClocksAtRisk: 1,
        credit: { EUR: 500 },
      },
    ],
    accountsWithoutState: 0,
  },
  ...o,
})

const acme = row('acme', 'Acme Corp', {
  budgetStatus: 'breached',
  worstBudgetPercent: '140',
  creditMinor: 123450,
  flags: ['error-budget-breached', 'credit-owed'],
  clocks: { breached: 2, atRisk: 1 },
})
const beta = row('beta', 'Beta GmbH', { tier: 'silver', currency: 'EUR', creditMinor: 500 })
const gamma = row('gamma', 'Gamma Ltd')

const accountSla = (id: string, name: string, o: Partial<AccountSla> = {}): AccountSla => ({
  asOf: '2026-11-10T12:00:00Z',
  account: {
    id,
    name,
    organizationId: 1,
    timeZone: 'Europe/Berlin',
    components: ['api', 'web'],
    regions: ['eu'],
  },
  contract: {
    tier: 'gold',
    accountVersion: 2,
    tierVersion: 3,
    effectiveFrom: '2026-01-01T00:00:00Z',
    until: null,
    monthlyFee: { amountMinor: 500000, currency: 'USD' },
    componentFees: {},
  },
  months: [
    {
      month: '2026-11',
      tier: 'gold',
      budgetStatus: 'breached',
      worstBudgetPercent: '140',
      creditMinor: 123450,
      currency: 'USD',
      flags: ['credit-owed'],
      uptime: [
        {
          commitmentId: 'platform',
          label: 'Platform',
          target: '99.9',
          uptimePercent: '99.5',
          applicable: true,
          meetsTarget: false,
        } as unknown as AccountSla['months'][number]['uptime'][number],
      ],
      credit: null,
      tickets: { total: 3, open: 1, clocks: {}, breachesInPeriod: 2 } as never,
      computedAt: '2026-11-10T00:00:00Z',
    },
  ],
  credits: [
    {
      month: '2026-10',
      totalMinor: 1000,
      automaticMinor: 600,
      onRequestMinor: 400,
      currency: 'USD',
      claimDeadline: '2026-12-01T00:00:00Z',
      claimLastDate: '2026-11-30',
    },
  ],
  breaches: {
    items: [
      {
        ticketId: 101,
        subject: 'Login broken',
        metric: 'first_reply',
        cycle: 1,
        priority: 'urgent',
        active: true,
        breachedAt: '2026-11-09T08:00:00Z',
        dueAt: '2026-11-09T08:00:00Z',
        stoppedAt: null,
      },
    ],
    next: 'b2',
  },
  ...o,
})

/** A portfolio route that records every query and answers from `answer`. */
function portfolioRoute(answer: (q: URLSearchParams) => Portfolio) {
  const queries: URLSearchParams[] = []
  const route: Route = (_req, url) => {
    queries.push(url.searchParams)
    return jsonResponse(200, answer(url.searchParams))
  }
  return { route, queries }
}

const q = (p: URLSearchParams) => Object.fromEntries(p.entries())

async function renderDashboard(
  routes: Record<string, Route>,
  o: { role?: 'admin' | 'agent'; locale?: string } = {},
) {
  return renderInApp(<Dashboard />, { location: 'nav_bar', routes, ...o })
}

describe('the portfolio', () => {
  it('shows totals per tier and the accounts, with labels and money from minor units', async () => {
    const { route } = portfolioRoute(() => portfolio([acme, beta]))
    await renderDashboard({ '/api/v1/portfolio': route })
    expect(screen.getByTestId('dashboard')).toBeInTheDocument()
    const table = await screen.findByTestId('portfolio-table')
    const totals = screen.getByTestId('portfolio-totals')
    expect(within(totals).getByText('All tiers')).toBeInTheDocument()
    expect(within(totals).getByText('3 accounts')).toBeInTheDocument()
    expect(within(totals).getAllByText('$1,234.50').length).toBeGreaterThan(0)
    expect(within(totals).getAllByText('€5.00').length).toBeGreaterThan(0)
    const first = within(table).getByTestId('account-row-acme')
    expect(first).toHaveTextContent('Acme Corp')
    expect(first).toHaveTextContent('Breached')
    expect(first).toHaveTextContent('140%')
    expect(first).toHaveTextContent('2 / 1')
    expect(first).toHaveTextContent('Credit owed')
    expect(within(table).getByTestId('account-row-beta')).toHaveTextContent('€5.00')
    // The tier filter offers the tiers of the totals.
    const tierSelect = screen.getByLabelText('Tier')
    expect(
      within(tierSelect)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['All tiers', 'gold', 'silver'])
  })

  it('re-queries the service when a filter changes, from the first page', async () => {
    const user = userEvent.setup()
    const { route, queries } = portfolioRoute((p) =>
      portfolio(p.get('cursor') ? [gamma] : [acme, beta], { next: p.get('cursor') ? null : 'c1' }),
    )
    await renderDashboard({ '/api/v1/portfolio': route })
    await screen.findByTestId('portfolio-table')
    expect(q(queries[0]!)).toEqual({ sort: 'credit', limit: '25' })

    await user.click(screen.getByTestId('load-more'))
    await screen.findByTestId('account-row-gamma')
    expect(q(queries[1]!)).toMatchObject({ cursor: 'c1' })

    await user.selectOptions(screen.getByTestId('filter-tier'), 'gold')
    await waitFor(() => expect(queries).toHaveLength(3))
    expect(q(queries[2]!)).toEqual({ sort: 'credit', limit: '25', tier: 'gold' })
    await user.selectOptions(screen.getByLabelText('Error budget'), 'breached')
    await waitFor(() => expect(queries).toHaveLength(4))
    await user.selectOptions(screen.getByLabelText('Flag'), 'fast-burn')
    await waitFor(() => expect(queries).toHaveLength(5))
    expect(q(queries[4]!)).toEqual({
      sort: 'credit',
      limit: '25',
      tier: 'gold',
      budget: 'breached',
      flag: 'fast-burn',
    })
    // The pages loaded under the old filters are gone.
    await waitFor(() => expect(screen.queryByTestId('account-row-gamma')).not.toBeInTheDocument())
  })

  it('sorts by the select or by a column header, and says so with aria-sort', async () => {
    const user = userEvent.setup()
    const { route, queries } = portfolioRoute(() => portfolio([acme, beta]))
    await renderDashboard({ '/api/v1/portfolio': route })
    await screen.findByTestId('portfolio-table')
    const header = (name: string) => screen.getByRole('button', { name }).closest('th')!
    expect(header('Credit exposure')).toHaveAttribute('aria-sort', 'descending')
    expect(header('Account')).toHaveAttribute('aria-sort', 'none')

    await user.click(screen.getByRole('button', { name: 'Account' }))
    await waitFor(() => expect(queries).toHaveLength(2))
    expect(q(queries[1]!)).toMatchObject({ sort: 'name' })
    await waitFor(() => expect(header('Account')).toHaveAttribute('aria-sort', 'ascending'))
    expect(screen.getByTestId('sort')).toHaveValue('name')

    await user.selectOptions(screen.getByTestId('sort'), 'budget')
    await waitFor(() => expect(queries).toHaveLength(3))
    expect(q(queries[2]!)).toMatchObject({ sort: 'budget' })
  })

  it('appends the next page on "Load more" and hides the button on the last page', async () => {
    const user = userEvent.setup()
    const { route } = portfolioRoute((p) =>
      p.get('cursor') === 'c1'
        ? portfolio([acme, gamma], { next: null }) // acme repeated: shown once
        : portfolio([acme, beta], { next: 'c1' }),
    )
    await renderDashboard({ '/api/v1/portfolio': route })
    await screen.findByTestId('portfolio-table')
    await user.click(screen.getByTestId('load-more'))
    await screen.findByTestId('account-row-gamma')
    const rows = screen.getAllByTestId(/^account-row-/).map((r) => r.dataset['testid'])
    expect(rows).toEqual(['account-row-acme', 'account-row-beta', 'account-row-gamma'])
    expect(screen.queryByTestId('load-more')).not.toBeInTheDocument()
  })

  it('says when filters match nothing and clears them', async () => {
    const user = userEvent.setup()
    const { route, queries } = portfolioRoute((p) =>
      p.get('flag')
        ? portfolio([], { totals: { tiers: [], accountsWithoutState: 0 } })
        : portfolio([acme]),
    )
    await renderDashboard({ '/api/v1/portfolio': route })
    await screen.findByTestId('portfolio-table')
    await user.selectOptions(screen.getByTestId('filter-flag'), 'no-contract')
    expect(await screen.findByText('No accounts match these filters')).toBeInTheDocument()
    const clear = screen.getAllByRole('button', { name: 'Clear filters' })
    await user.click(clear[clear.length - 1]!)
    await screen.findByTestId('account-row-acme')
    expect(q(queries[queries.length - 1]!)).toEqual({ sort: 'credit', limit: '25' })
    expect(screen.getByTestId('filter-flag')).toHaveValue('')
  })

  it('says when there are no accounts at all', async () => {
    await renderDashboard({
      '/api/v1/portfolio': portfolio([], { totals: { tiers: [], accountsWithoutState: 2 } }),
    })
    expect(await screen.findByText('No accounts yet')).toBeInTheDocument()
    expect(screen.getByText('2 accounts have no computed month yet.')).toBeInTheDocument()
  })

  it('shows an error with retry, and keeps the data with a notice when a refresh fails', async () => {
    const user = userEvent.setup()
    let calls = 0
    await renderDashboard({
      '/api/v1/portfolio': () => {
        calls++
        return calls === 1 || calls === 3
          ? jsonResponse(500, { error: { code: 'INTERNAL', message: 'boom' } })
          : jsonResponse(200, portfolio([acme]))
      },
    })
    expect(await screen.findByText('Could not load the SLA data')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    await screen.findByTestId('account-row-acme')
    await user.click(screen.getByRole('button', { name: 'Refresh' }))
    await waitFor(() => expect(document.querySelector('[data-state="stale"]')).toBeInTheDocument())
    expect(screen.getByTestId('account-row-acme')).toBeInTheDocument()
  })
})

describe('at narrow widths', () => {
  it('shows the accounts as cards that still open the detail', async () => {
    const user = userEvent.setup()
    const real = window.matchMedia.bind(window)
    const spy = vi.spyOn(window, 'matchMedia').mockImplementation((query: string) => {
      if (query !== '(max-width: 599px)') return real(query)
      const list = real(query)
      Object.defineProperty(list, 'matches', { value: true })
      return list
    })
    try {
      await renderDashboard({
        '/api/v1/portfolio': portfolio([acme, beta]),
        '/api/v1/accounts/beta/sla': accountSla('beta', 'Beta GmbH'),
      })
      const list = await screen.findByTestId('portfolio-table')
      expect(list.tagName).toBe('UL')
      const card = within(list).getByTestId('account-row-acme')
      expect(card).toHaveTextContent('Budget status')
      expect(card).toHaveTextContent('$1,234.50')
      await user.click(within(list).getByRole('button', { name: 'Open Beta GmbH' }))
      expect(await screen.findByTestId('account-detail')).toBeVisible()
    } finally {
      spy.mockRestore()
    }
  })
})

describe('the account detail', () => {
  it('opens from a row, pages breaches, and goes back to the same filtered list', async () => {
    const user = userEvent.setup()
    const { route, queries } = portfolioRoute(() => portfolio([acme, beta]))
    const slaQueries: URLSearchParams[] = []
    await renderDashboard({
      '/api/v1/portfolio': route,
      '/api/v1/accounts/acme/sla': (_req, url) => {
        slaQueries.push(url.searchParams)
        return jsonResponse(
          200,
          url.searchParams.get('cursor') === 'b2'
            ? accountSla('acme', 'Acme Corp', {
                breaches: {
                  items: [
                    {
                      ticketId: 102,
                      subject: null,
                      metric: 'next_reply',
                      cycle: 1,
                      priority: 'high',
                      active: false,
                      breachedAt: '2026-11-08T08:00:00Z',
                      dueAt: null,
                      stoppedAt: '2026-11-08T09:00:00Z',
                    },
                  ],
                  next: null,
                },
              })
            : accountSla('acme', 'Acme Corp'),
        )
      },
    })
    await screen.findByTestId('portfolio-table')
    await user.selectOptions(screen.getByTestId('filter-budget'), 'breached')
    await waitFor(() => expect(queries).toHaveLength(2))

    await user.click(screen.getByRole('button', { name: 'Open Acme Corp' }))
    const detail = await screen.findByTestId('account-detail')
    expect(screen.getByTestId('portfolio-table')).not.toBeVisible()
    await within(detail).findByText('Contract in force')
    expect(detail).toHaveTextContent('$5,000.00')
    expect(detail).toHaveTextContent('Platform: 99.5% (target 99.9%)')
    expect(detail).toHaveTextContent('misses target')
    expect(detail).toHaveTextContent('#101')
    expect(detail).toHaveTextContent('$6.00')
    expect(q(slaQueries[0]!)).toEqual({ limit: '20' })

    await user.click(within(detail).getByRole('button', { name: 'Load more' }))
    await within(detail).findByText('#102')
    expect(q(slaQueries[1]!)).toEqual({ limit: '20', cursor: 'b2' })
    expect(within(detail).getByText('#101')).toBeInTheDocument()

    await user.click(screen.getByTestId('back-to-portfolio'))
    expect(screen.queryByTestId('account-detail')).not.toBeInTheDocument()
    expect(screen.getByTestId('portfolio-table')).toBeVisible()
    expect(screen.getByTestId('filter-budget')).toHaveValue('breached')
    expect(queries).toHaveLength(2) // the list was kept, not reloaded
    expect(screen.getByRole('button', { name: 'Open Acme Corp' })).toHaveFocus()
  })

  it('opens with Enter on the account and shows a missing account as an error', async () => {
    const user = userEvent.setup()
    await renderDashboard({ '/api/v1/portfolio': portfolio([gamma]) })
    await screen.findByTestId('portfolio-table')
    screen.getByRole('button', { name: 'Open Gamma Ltd' }).focus()
    await user.keyboard('{Enter}')
    const detail = await screen.findByTestId('account-detail')
    expect(await within(detail).findByRole('alert')).toHaveTextContent(
      'The SLA service does not know this record.',
    )
  })
})

const incident = (o: Partial<IncidentListItem>): IncidentListItem & Record<string, unknown> => ({
  id: 'inc-1',
  title: 'API errors',
  components: ['api'],
  regions: ['eu'],
  impact: 'major',
  start: '2026-11-10T10:00:00Z',
  end: null,
  exclusion: null,
  ongoing: true,
  errorRatePercent: null,
  excludedFor: [],
  revision: 1,
  createdAt: '2026-11-10T10:00:00Z',
  updatedAt: '2026-11-10T10:00:00Z',
  ...o,
})

const maintenance = (o: Partial<MaintenanceListItem>): MaintenanceListItem => ({
  id: 'mw-1',
  title: 'Database upgrade',
  components: ['db'],
  regions: [],
  impact: 'partial',
  start: '2099-01-01T10:00:00Z',
  end: '2099-01-01T12:00:00Z',
  announcedAt: '2026-11-01T10:00:00Z',
  emergency: false,
  status: 'scheduled',
  revision: 1,
  createdAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-01T10:00:00Z',
  ...o,
})

/** Requests for one incident or maintenance window (the per-card reads the lists replace). */
const itemReads = (requests: readonly { url: string }[]) =>
  requests.filter((r) => /\/api\/v1\/(incidents|maintenance)\/[^/?]+/.test(r.url))

describe('the incidents tab', () => {
  it('lists open and recent incidents and maintenance with the accounts they affect', async () => {
    const user = userEvent.setup()
    const resolved = incident({
      id: 'inc-0',
      title: null,
      impact: 'degraded',
      end: '2026-11-09T11:30:00Z',
      start: '2026-11-09T10:00:00Z',
      ongoing: false,
      affectedAccounts: [],
    })
    const open = incident({
      affectedAccounts: [
        { id: 'beta', name: 'Beta GmbH' },
        { id: 'acme', name: 'Acme Corp' },
      ],
    })
    const listQueries: string[] = []
    const { client } = await renderDashboard({
      '/api/v1/portfolio': portfolio([acme]),
      '/api/v1/incidents': (_req, url) => {
        listQueries.push(url.search)
        return jsonResponse(200, {
          items: url.searchParams.get('open') ? [open] : [open, resolved],
          next: null,
        })
      },
      '/api/v1/maintenance': (_req, url) => {
        listQueries.push(url.search)
        return jsonResponse(200, {
          items: [maintenance({ affectedAccounts: [{ id: 'gamma', name: 'Gamma Ltd' }] })],
          next: null,
        })
      },
      '/api/v1/accounts/acme/sla': accountSla('acme', 'Acme Corp'),
    })
    await screen.findByTestId('portfolio-table')
    await user.click(screen.getByRole('tab', { name: 'Incidents' }))
    const panel = await screen.findByTestId('incidents')
    const card = await within(panel).findByTestId('incident-inc-1')
    expect(card).toHaveTextContent('API errors')
    expect(card).toHaveTextContent('Ongoing')
    expect(card).toHaveTextContent('Major outage')
    expect(card).toHaveTextContent('api')
    expect(card).toHaveTextContent('so far')
    const affected = within(card).getByTestId('affected-accounts')
    expect(within(affected).getByText('2 accounts')).toBeInTheDocument()
    expect(
      within(affected)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Acme Corp', 'Beta GmbH'])
    const past = within(panel).getByTestId('incident-inc-0')
    expect(past).toHaveTextContent('Untitled (inc-0)')
    expect(past).toHaveTextContent('Resolved')
    expect(past).toHaveTextContent('1 hr 30 min')
    expect(within(past).getByText(/No accounts use these components/)).toBeInTheDocument()
    const window = within(panel).getByTestId('maintenance-mw-1')
    expect(window).toHaveTextContent('Scheduled')
    expect(within(window).getByText('1 account')).toBeInTheDocument()
    expect(within(window).getByRole('button', { name: 'Open Gamma Ltd in the portfolio' }))
    expect(within(panel).getAllByTestId(/^incident-/)).toHaveLength(2) // inc-1 not repeated
    // Every list asks for the accounts, so no card reads its item.
    expect([...listQueries].sort()).toEqual([
      '?limit=10&include=affectedAccounts',
      '?limit=10&include=affectedAccounts',
      '?open=true&limit=100&include=affectedAccounts',
      '?open=true&limit=100&include=affectedAccounts',
    ])
    expect(itemReads(client.requests)).toEqual([])

    // An affected account opens in the portfolio.
    await user.click(within(card).getByRole('button', { name: 'Open Acme Corp in the portfolio' }))
    expect(await screen.findByTestId('account-detail')).toBeVisible()
    expect(screen.getByRole('tab', { name: 'Portfolio' })).toHaveAttribute('aria-selected', 'true')
    expect(itemReads(client.requests)).toEqual([])
  })

  it('shows the first five accounts and the rest on request, also on later pages', async () => {
    const user = userEvent.setup()
    const many = ['g', 'c', 'a', 'f', 'b', 'e', 'd'].map((x) => ({
      id: `acc-${x}`,
      name: `Account ${x.toUpperCase()}`,
    }))
    const first = incident({ id: 'inc-2', ongoing: false, end: '2026-11-10T11:00:00Z' })
    const later = incident({
      id: 'inc-1',
      title: 'Older outage',
      ongoing: false,
      start: '2026-11-01T10:00:00Z',
      end: '2026-11-01T11:00:00Z',
      affectedAccounts: [{ id: 'beta', name: 'Beta GmbH' }],
    })
    const pageQueries: string[] = []
    const { client } = await renderDashboard({
      '/api/v1/portfolio': portfolio([acme]),
      '/api/v1/incidents': (_req, url) => {
        if (url.searchParams.get('open')) return jsonResponse(200, { items: [], next: null })
        if (url.searchParams.get('cursor')) {
          pageQueries.push(url.search)
          return jsonResponse(200, { items: [later], next: null })
        }
        return jsonResponse(200, { items: [{ ...first, affectedAccounts: many }], next: 'c1' })
      },
      '/api/v1/maintenance': { items: [], next: null },
    })
    await user.click(await screen.findByRole('tab', { name: 'Incidents' }))
    const card = await screen.findByTestId('incident-inc-2')
    const affected = within(card).getByTestId('affected-accounts')
    expect(within(affected).getByText('7 accounts')).toBeInTheDocument()
    const names = () =>
      within(affected)
        .getAllByRole('button', { name: /in the portfolio$/ })
        .map((b) => b.textContent)
    expect(names()).toEqual(['Account A', 'Account B', 'Account C', 'Account D', 'Account E'])
    await user.click(within(affected).getByRole('button', { name: 'and 2 more' }))
    expect(names()).toHaveLength(7)
    expect(within(affected).queryByRole('button', { name: /more$/ })).not.toBeInTheDocument()

    await user.click(screen.getByTestId('load-more-incidents'))
    const older = await screen.findByTestId('incident-inc-1')
    expect(within(older).getByText('1 account')).toBeInTheDocument()
    expect(within(older).getByRole('button', { name: 'Open Beta GmbH in the portfolio' }))
    expect(pageQueries).toEqual(['?limit=10&cursor=c1&include=affectedAccounts'])
    expect(itemReads(client.requests)).toEqual([])
  })

  it('says when there is nothing', async () => {
    const user = userEvent.setup()
    await renderDashboard({
      '/api/v1/portfolio': portfolio([acme]),
      '/api/v1/incidents': { items: [], next: null },
      '/api/v1/maintenance': { items: [], next: null },
    })
    await user.click(await screen.findByRole('tab', { name: 'Incidents' }))
    expect(await screen.findByText('No incidents or maintenance')).toBeInTheDocument()
  })
})

describe('tabs, roles and language', () => {
  it('offers the admin tab to admins only, loading the admin screens when opened', async () => {
    const user = userEvent.setup()
    const { unmount } = await renderDashboard({ '/api/v1/portfolio': portfolio([acme]) })
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Portfolio', 'Incidents'])
    unmount()
    await renderDashboard({ '/api/v1/portfolio': portfolio([acme]) }, { role: 'admin' })
    const admin = screen.getByRole('tab', { name: 'Admin' })
    await user.click(admin)
    expect(admin).toHaveAttribute('aria-selected', 'true')
    await waitFor(() =>
      expect(screen.getByRole('tabpanel', { hidden: false })).not.toBeEmptyDOMElement(),
    )
  })

  it('moves between tabs with the arrow keys', async () => {
    const user = userEvent.setup()
    await renderDashboard({
      '/api/v1/portfolio': portfolio([acme]),
      '/api/v1/incidents': { items: [], next: null },
      '/api/v1/maintenance': { items: [], next: null },
    })
    screen.getByRole('tab', { name: 'Portfolio' }).focus()
    await user.keyboard('{ArrowRight}')
    expect(screen.getByRole('tab', { name: 'Incidents' })).toHaveFocus()
    await user.keyboard('{Enter}')
    expect(screen.getByRole('tab', { name: 'Incidents' })).toHaveAttribute('aria-selected', 'true')
  })

  it('speaks German', async () => {
    await renderDashboard({ '/api/v1/portfolio': portfolio([acme]) }, { locale: 'de' })
    expect(await screen.findByTestId('portfolio-table')).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: 'SLA-Dashboard' })).toBeInTheDocument()
    expect(screen.getByRole('tab', { name: 'Störungen' })).toBeInTheDocument()
    expect(screen.getByLabelText('Stufe')).toBeInTheDocument()
    expect(screen.getByTestId('account-row-acme')).toHaveTextContent('Überschritten')
    expect(screen.getByTestId('account-row-acme')).toHaveTextContent('1.234,50 $')
    expect(screen.getByText('Alle Stufen', { selector: 'h2' })).toBeInTheDocument()
  })
})
