import { act, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderInApp, type RenderOptions } from '../../test-support/render.js'
import { jsonResponse } from '../../zaf/fake-client.js'
import { OrganizationSidebar } from './OrganizationSidebar.js'
import { ACME, accountSla, AS_OF, BUSINESS_HOURS, GOLD_TIER } from './fixtures.js'

const DATA = { 'organization.id': 360000001 }

function routes(o: RenderOptions['routes'] = {}): RenderOptions['routes'] {
  return {
    '/api/v1/accounts': { accounts: [ACME], nextCursor: null },
    '/api/v1/accounts/acme/sla': accountSla(),
    '/api/v1/tiers/gold': GOLD_TIER,
    '/api/v1/calendars/business-hours': BUSINESS_HOURS,
    ...o,
  }
}

function render(r: RenderOptions['routes'] = routes(), o: RenderOptions = {}) {
  return renderInApp(<OrganizationSidebar />, {
    location: 'organization_sidebar',
    data: DATA,
    routes: r,
    ...o,
  })
}

async function settle() {
  for (let i = 0; i < 8; i++) await act(() => vi.advanceTimersByTimeAsync(0))
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  })
  vi.setSystemTime(Date.parse(AS_OF))
})
afterEach(() => {
  vi.useRealTimers()
})

describe('the organization sidebar', () => {
  it('finds the account by organization and describes its contract in plain words', async () => {
    const { client } = await render()
    await settle()
    expect(client.requests.map((r) => new URL(r.url).pathname + new URL(r.url).search)).toEqual([
      '/api/v1/accounts?organizationId=360000001',
      '/api/v1/accounts/acme/sla?months=7',
      '/api/v1/tiers/gold',
      '/api/v1/calendars/business-hours',
    ])
    const root = screen.getByTestId('organization-sidebar')
    expect(within(root).getByRole('heading', { name: 'Acme GmbH' })).toBeInTheDocument()
    const contract = screen.getByTestId('contract-summary')
    expect(contract).toHaveTextContent('Tier Gold · €5,000.00 a month')
    expect(contract).toHaveTextContent('in force since Jan 1, 2026')
    expect(contract).toHaveTextContent('Business hours: Mon–Fri 09:00–18:00 (Europe/Berlin)')
    expect(contract).toHaveTextContent('First response: Critical 1 hr · Normal 4 hr (business)')
    expect(contract).toHaveTextContent('Resolution: Critical 8 hr')
    expect(contract).toHaveTextContent('Uptime: Platform availability 99.9%')
    expect(contract).toHaveTextContent(
      'Platform availability: below 99.9%: 10% of the fee; below 99%: 25% of the fee',
    )
    expect(contract).toHaveTextContent(
      'Support response delay: 2% of the fee per hour late (up to 25% of the fee, on request)',
    )
    expect(contract).toHaveTextContent('must be claimed within 30 days')
  })

  it('charts seven months of uptime against the target, with the figures for assistive technology', async () => {
    await render()
    await settle()
    const chart = screen.getByTestId('uptime-chart')
    const img = within(chart).getByRole('img')
    expect(img).toHaveAccessibleName(
      'Platform availability: 7 months shown, commitment 99.9%; 2 below it. Latest: 99.863%.',
    )
    expect(chart.querySelectorAll('rect')).toHaveLength(7)
    expect(chart.querySelector('[data-part="target"]')).not.toBeNull()
    const table = within(chart).getByRole('table')
    const rows = within(table).getAllByRole('row')
    expect(rows).toHaveLength(8)
    expect(rows[1]).toHaveTextContent('May 2026100%Met')
    expect(rows[7]).toHaveTextContent('Nov 2026 (to date)99.8631%Missed')
    expect(chart.querySelector('[data-month="2026-08"]')).toHaveAttribute('data-meets', 'false')
  })

  it('lists breaches with a way to open the ticket, and credits owed', async () => {
    const { client } = await render()
    await settle()
    const breaches = screen.getByTestId('breaches')
    expect(breaches).toHaveTextContent('Ticket #4321 · Checkout fails')
    expect(breaches).toHaveTextContent('First response breached Nov 23, 09:48 AM')
    expect(breaches).toHaveTextContent('still open · priority critical')
    expect(breaches).toHaveTextContent('Resolution breached Nov 10, 12:00 PM')
    expect(breaches).toHaveTextContent('stopped Nov 10, 03:30 PM')
    fireEvent.click(within(breaches).getByRole('button', { name: 'Open ticket #4321' }))
    expect(client.invoked).toContainEqual({ name: 'routeTo', args: ['ticket', 4321] })

    const credits = screen.getByTestId('credits')
    expect(credits).toHaveTextContent('Nov 2026: €375.50')
    expect(credits).toHaveTextContent(
      '€250.00 automatic · €125.50 on request · claim by Dec 31, 2026',
    )
    expect(credits).not.toHaveTextContent('Oct 2026')
  })

  it('shows five breaches and the rest on request', async () => {
    const base = accountSla().breaches.items[0]!
    const items = Array.from({ length: 7 }, (_, i) => ({ ...base, ticketId: 5000 + i }))
    await render(
      routes({ '/api/v1/accounts/acme/sla': accountSla({ breaches: { items, next: null } }) }),
    )
    await settle()
    const breaches = screen.getByTestId('breaches')
    expect(within(breaches).getAllByRole('listitem')).toHaveLength(5)
    fireEvent.click(within(breaches).getByRole('button', { name: 'Show all 7' }))
    expect(within(breaches).getAllByRole('listitem')).toHaveLength(7)
  })

  it('explains an organization not mapped to any account, and what an admin does', async () => {
    const { client } = await render(
      routes({ '/api/v1/accounts': { accounts: [], nextCursor: null } }),
    )
    await settle()
    const root = screen.getByTestId('organization-sidebar')
    expect(root).toHaveTextContent('No SLA account for this organization')
    expect(root).toHaveTextContent("An admin can map it in the app's admin screen")
    expect(client.requests).toHaveLength(1)
  })

  it('says when no month has been computed yet', async () => {
    await render(routes({ '/api/v1/accounts/acme/sla': accountSla({ months: [], credits: [] }) }))
    await settle()
    expect(screen.getByTestId('uptime-chart')).toHaveTextContent('No months computed yet')
    expect(screen.getByTestId('credits')).toHaveTextContent('No credits owed in these months.')
  })

  it('says when the latest month is not the current one', async () => {
    const sla = accountSla()
    await render(routes({ '/api/v1/accounts/acme/sla': { ...sla, months: sla.months.slice(1) } }))
    await settle()
    expect(screen.getByTestId('uptime-chart')).toHaveTextContent(
      'No figures for Nov 2026 yet: the latest computed month is Oct 2026.',
    )
  })

  it('still shows the account when the tier terms cannot be read', async () => {
    await render(
      routes({
        '/api/v1/tiers/gold': () =>
          jsonResponse(403, { error: { code: 'FORBIDDEN', message: 'no' } }),
      }),
    )
    await settle()
    const contract = screen.getByTestId('contract-summary')
    expect(contract).toHaveTextContent('Tier gold · €5,000.00 a month')
    expect(contract).toHaveTextContent("The contract's terms could not be loaded")
    expect(screen.getByTestId('uptime-chart')).toBeInTheDocument()
  })

  it('shows an error with a retry when the first load fails', async () => {
    let calls = 0
    await render(
      routes({
        '/api/v1/accounts': () =>
          ++calls === 1
            ? jsonResponse(500, { error: { code: 'INTERNAL', message: 'boom' } })
            : jsonResponse(200, { accounts: [ACME], nextCursor: null }),
      }),
    )
    await settle()
    expect(screen.getByRole('alert')).toHaveTextContent('Could not load the SLA data')
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await settle()
    expect(screen.getByTestId('contract-summary')).toBeInTheDocument()
  })

  it('keeps the data and says so when a refresh fails', async () => {
    let calls = 0
    await render(
      routes({
        '/api/v1/accounts': () =>
          ++calls === 1
            ? jsonResponse(200, { accounts: [ACME], nextCursor: null })
            : Promise.reject(Object.assign(new Error('network'), { status: 0 })),
      }),
    )
    await settle()
    fireEvent.click(screen.getByRole('button', { name: 'Refresh the SLA data' }))
    await settle()
    expect(screen.getByTestId('contract-summary')).toBeInTheDocument()
    expect(screen.getByRole('alert')).toHaveTextContent('Showing data as of')
  })

  it('speaks German', async () => {
    await render(routes(), { locale: 'de' })
    await settle()
    const contract = screen.getByTestId('contract-summary')
    expect(contract).toHaveTextContent('Stufe Gold · 5.000,00 € pro Monat')
    expect(contract).toHaveTextContent('Geschäftszeiten: Mo–Fr 09:00–18:00 (Europe/Berlin)')
    expect(contract).toHaveTextContent('je Stunde Verspätung')
    expect(screen.getByTestId('uptime-chart')).toHaveTextContent('Verfügbarkeit der letzten Monate')
    expect(screen.getByTestId('breaches')).toHaveTextContent('noch offen')
  })

  it('fits a 320 px sidebar and resizes its frame', async () => {
    const { client } = await render()
    await settle()
    for (const el of screen
      .getByTestId('organization-sidebar')
      .querySelectorAll<HTMLElement>('*')) {
      if (!el.style) continue
      for (const prop of ['width', 'minWidth', 'flexBasis'] as const) {
        const px = /^(\d+)px$/.exec(el.style[prop])
        if (px) expect(Number(px[1]), `${el.tagName} ${prop}`).toBeLessThanOrEqual(320)
      }
    }
    const svg = screen.getByTestId('uptime-chart').querySelector('svg')
    expect(svg?.getAttribute('width')).toBe('100%')
    expect(client.invoked.some((i) => i.name === 'resize')).toBe(true)
  })
})
