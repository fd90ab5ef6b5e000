import { act, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TicketSla } from '@sla-tracker/shared'
import { renderInApp, type RenderOptions } from '../../test-support/render.js'
import { jsonResponse } from '../../zaf/fake-client.js'
import { TicketSidebar } from './TicketSidebar.js'
import { AS_OF, at, clock, month, OUTAGE, ticketSla } from './fixtures.js'

const PATH = '/api/v1/tickets/4321/sla'
const DATA = { 'ticket.id': 4321, 'ticket.organization': { id: 360000001, name: 'Acme GmbH' } }

function render(body: TicketSla | RenderOptions['routes'], o: RenderOptions = {}) {
  const routes = body && 'asOf' in body ? { [PATH]: body } : body
  return renderInApp(<TicketSidebar />, { data: DATA, routes, ...o })
}

/** Lets the load's promises settle under fake timers. */
async function settle() {
  for (let i = 0; i < 5; i++) await act(() => vi.advanceTimersByTimeAsync(0))
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

const clockEl = (id: string) => screen.getByTestId(id)

describe('the ticket sidebar', () => {
  it('shows the account, tier, a running clock counting down, uptime, budget, credit and outages', async () => {
    const { client } = await render(
      ticketSla({
        clocks: [
          clock({ dueAt: at(180, 500), elapsedMinutes: 60, targetMinutes: 240 }),
          clock({
            metric: 'periodicUpdate',
            basis: 'calendar',
            targetMinutes: 120,
            dueAt: at(95, 500),
          }),
        ],
        outages: [OUTAGE],
      }),
    )
    await settle()
    const root = screen.getByTestId('ticket-sidebar')
    expect(within(root).getByRole('heading', { name: 'Acme GmbH' })).toBeInTheDocument()
    expect(screen.getByTestId('tier-badge')).toHaveTextContent('Tier gold')
    expect(screen.getByTestId('risk')).toHaveTextContent('On track')

    const first = clockEl('clock-firstResponse')
    expect(first).toHaveAttribute('data-tone', 'green')
    expect(first).toHaveAttribute('data-state', 'running')
    expect(first).toHaveTextContent('Due in 3:00:00')
    expect(first).toHaveTextContent('Business time left: 3 hr')
    expect(first).toHaveTextContent('Target in business hours')
    expect(first).toHaveTextContent('1 hr of 4 hr used (25%)')

    const periodic = clockEl('clock-periodicUpdate')
    expect(periodic).toHaveTextContent('Target in calendar time (24×7)')
    expect(periodic).not.toHaveTextContent('Business time left')
    expect(screen.getByTestId('next-update')).toHaveTextContent('Due Nov 23, 11:35 AM (in 1:35:00)')

    const uptime = screen.getByTestId('uptime')
    expect(uptime).toHaveTextContent('Uptime this month')
    expect(uptime).toHaveTextContent('Platform availability')
    expect(uptime).toHaveTextContent('99.863% month to date')
    expect(uptime).toHaveTextContent('Commitment 99.9%')
    expect(uptime).toHaveTextContent('Below the commitment')
    expect(uptime).toHaveTextContent('Meets the commitment')
    const [platform, api] = within(uptime).getAllByRole('progressbar')
    expect(platform).toHaveAttribute('aria-valuenow', '100')
    expect(platform).toHaveAccessibleName('Error budget of Platform availability')
    expect(platform?.getAttribute('aria-valuetext')).toBe(
      '44 min of 43 min allowed downtime used (100.7%). Budget exceeded',
    )
    expect(api).toHaveAttribute('aria-valuenow', '18.5')
    expect(screen.getAllByTestId('error-budget')[1]).toHaveTextContent('Within budget')

    const credit = screen.getByTestId('credit-exposure')
    expect(credit).toHaveTextContent('€375.50 owed so far')
    expect(credit).toHaveTextContent('€250.00 automatic')
    expect(credit).toHaveTextContent('€125.50 on request · claim by Dec 31, 2026')

    const outages = screen.getByTestId('outages')
    expect(outages).toHaveTextContent('Incident · API errors in EU')
    expect(outages).toHaveTextContent('Impact: major outage')

    // The request carried the organization, so an unsynced ticket still finds its account.
    expect(client.requests[0]?.url).toBe(
      'https://sla.example.com/api/v1/tickets/4321/sla?organizationId=360000001',
    )
  })

  it('ticks every second and turns amber at 15 minutes left', async () => {
    await render(ticketSla({ clocks: [clock({ dueAt: at(15, 2_000) })] }))
    await settle()
    const c = clockEl('clock-firstResponse')
    expect(c).toHaveTextContent('Due in 0:15:02')
    expect(c).toHaveAttribute('data-tone', 'green')
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(c).toHaveTextContent('Due in 0:15:01')
    expect(c).toHaveAttribute('data-tone', 'green')
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(c).toHaveTextContent('Due in 0:15:00')
    expect(c).toHaveAttribute('data-tone', 'amber')
  })

  it('asks the service again once a running clock is due', async () => {
    const { client } = await render(ticketSla({ clocks: [clock({ dueAt: at(2) })] }))
    await settle()
    expect(client.requests).toHaveLength(1)
    await act(() => vi.advanceTimersByTimeAsync(2 * 60_000 + 1_500))
    await settle()
    expect(client.requests).toHaveLength(2)
  })

  it('shows a paused clock as neutral, without a countdown', async () => {
    await render(
      ticketSla({
        clocks: [
          clock({
            metric: 'resolution',
            state: 'paused',
            dueAt: null,
            dueInMinutes: null,
            elapsedMinutes: 300,
            targetMinutes: 480,
            percentUsed: 62.5,
            warningLevel: 1,
            warningThreshold: 50,
            risk: 'watch',
          }),
        ],
      }),
    )
    await settle()
    const c = clockEl('clock-resolution')
    expect(c).toHaveAttribute('data-tone', 'neutral')
    expect(c).toHaveAttribute('data-state', 'paused')
    expect(c).toHaveAttribute('data-warning', '1')
    expect(c).toHaveTextContent('Paused: the clock stands still')
    expect(c).toHaveTextContent('Business time left: 3 hr (as of')
    expect(c).toHaveTextContent('Warning: 50% of the target reached')
    expect(c).not.toHaveTextContent('Due in')
    expect(screen.getByTestId('risk')).toHaveTextContent('Resolution paused at 63% of the target')
  })

  it('shows a breached ticket in red with the reason, and the overdue time ticking', async () => {
    await render(
      ticketSla({
        clocks: [
          clock({
            state: 'breached',
            dueAt: at(-12),
            breachedAt: at(-12),
            overdueMinutes: 12,
            dueInMinutes: null,
            elapsedMinutes: 252,
            percentUsed: 105,
            warningLevel: 3,
            warningThreshold: 100,
            risk: 'breached',
          }),
          clock({
            metric: 'nextResponse',
            cycle: 2,
            state: 'met',
            active: false,
            stoppedAt: at(-30),
          }),
        ],
        risk: { level: 'breached', reasons: ['First response breached 12 min ago (due …)'] },
      }),
    )
    await settle()
    const c = clockEl('clock-firstResponse')
    expect(c).toHaveAttribute('data-tone', 'red')
    expect(c).toHaveAttribute('data-state', 'breached')
    expect(c).toHaveTextContent('Overdue by 0:12:00')
    expect(c).toHaveTextContent('Business time over target: 12 min')
    const risk = screen.getByTestId('risk')
    expect(risk).toHaveTextContent('Breached')
    expect(risk).toHaveTextContent('First response breached 12 min ago (was due Nov 23, 09:48 AM)')
    const met = clockEl('clock-nextResponse-2')
    expect(met).toHaveAttribute('data-tone', 'green')
    expect(met).toHaveTextContent('Met Nov 23, 09:30 AM')
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(c).toHaveTextContent('Overdue by 0:12:01')
  })

  it('shows an at-risk ticket in amber with a strong warning outline and its reasons, worst first', async () => {
    await render(
      ticketSla({
        clocks: [
          clock({
            dueAt: at(10),
            percentUsed: 83.33,
            warningLevel: 2,
            warningThreshold: 80,
            risk: 'at-risk',
          }),
          clock({
            metric: 'resolution',
            dueAt: at(300),
            percentUsed: 55,
            warningLevel: 1,
            warningThreshold: 50,
            risk: 'watch',
          }),
        ],
        risk: { level: 'at-risk', reasons: [] },
      }),
    )
    await settle()
    const c = clockEl('clock-firstResponse')
    expect(c).toHaveAttribute('data-tone', 'amber')
    expect(c).toHaveAttribute('data-warning', '2')
    expect(c.style.borderTopWidth).toBe('3px')
    expect(clockEl('clock-resolution').style.borderTopWidth).toBe('2px')
    const items = within(screen.getByTestId('risk')).getAllByRole('listitem')
    expect(items.map((i) => i.textContent)).toEqual([
      'First response due in 0:10:00 (83% of the target used)',
      'Resolution due in 5:00:00 (55% of the target used)',
    ])
    expect(screen.getByTestId('risk')).toHaveTextContent('At risk')
  })

  it('says when no customer update is due', async () => {
    await render(ticketSla())
    await settle()
    expect(screen.getByTestId('next-update')).toHaveTextContent(
      'No customer update is due on this ticket',
    )
  })

  it('refreshes on ticket.updated and ticket.submit.done, and stops listening when closed', async () => {
    const { client, unmount } = await render(ticketSla())
    await settle()
    expect(client.requests).toHaveLength(1)
    act(() => client.emit('ticket.updated'))
    await settle()
    expect(client.requests).toHaveLength(2)
    act(() => client.emit('ticket.submit.done'))
    await settle()
    expect(client.requests).toHaveLength(3)
    unmount()
    expect(client.listeners('ticket.updated')).toBe(0)
    expect(client.listeners('ticket.submit.done')).toBe(0)
  })

  it('refreshes from its button', async () => {
    const { client } = await render(ticketSla())
    await settle()
    fireEvent.click(screen.getByRole('button', { name: 'Refresh the SLA data' }))
    await settle()
    expect(client.requests).toHaveLength(2)
  })

  it('shows an error with a retry when the first load fails, and the data after retrying', async () => {
    let calls = 0
    await render({
      [PATH]: () =>
        ++calls === 1
          ? jsonResponse(503, { error: { code: 'UNAVAILABLE', message: 'down' } })
          : jsonResponse(200, ticketSla()),
    })
    await settle()
    expect(screen.getByRole('alert')).toHaveTextContent('Could not load the SLA data')
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await settle()
    expect(screen.getByTestId('clock-firstResponse')).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('keeps the data and says it is stale when a refresh fails', async () => {
    let calls = 0
    const { client } = await render({
      [PATH]: () =>
        ++calls === 1
          ? jsonResponse(200, ticketSla())
          : Promise.reject(Object.assign(new Error('network'), { status: 0 })),
    })
    await settle()
    act(() => client.emit('ticket.updated'))
    await settle()
    expect(screen.getByTestId('clock-firstResponse')).toBeInTheDocument()
    expect(screen.getByRole('alert')).toHaveTextContent('Showing data as of')
    expect(screen.getByRole('alert')).toHaveTextContent('could not be reached')
  })

  it('never passes a stale month as current', async () => {
    await render(
      ticketSla({
        month: month({
          month: '2026-10',
          stale: true,
          staleReasons: ['no state for 2026-11 yet: this is 2026-10'],
          staleCodes: ['other-month'],
        }),
      }),
    )
    await settle()
    expect(screen.getByTestId('month-stale')).toHaveTextContent(
      'No figures for the current month yet: these are for Oct 2026.',
    )
    expect(screen.getByTestId('uptime')).toHaveTextContent('Uptime Oct 2026')
    expect(screen.getByTestId('uptime')).not.toHaveTextContent('Uptime this month')
    expect(screen.getByTestId('credit-exposure')).toHaveTextContent('Credit exposure Oct 2026')
  })

  it('says when no credit is owed or the contract has no credit terms, and when no month is computed', async () => {
    await render(ticketSla({ month: month({ credit: null }) }))
    await settle()
    expect(screen.getByTestId('credit-exposure')).toHaveTextContent(
      'The contract has no credit terms.',
    )
  })

  it('says when the account has no computed month yet', async () => {
    await render(ticketSla({ month: null }))
    await settle()
    expect(screen.getByTestId('uptime')).toHaveTextContent('No month has been computed')
  })

  it.each([
    ['no-account', 'No SLA account for this organization', 'admin screen'],
    ['no-contract', 'No contract in force', 'no contract covering this ticket'],
    ['incomplete', 'Ticket history incomplete', 'once its history has synced'],
    ['no-ticket', 'This ticket has no SLA clocks yet', 'after the next sync'],
  ] as const)('explains clocksStatus %s', async (status, title, text) => {
    await render(
      ticketSla({
        clocksStatus: status,
        clocks: [],
        account: status === 'no-account' ? null : ticketSla().account,
        ticket: status === 'no-ticket' ? null : ticketSla().ticket,
      }),
    )
    await settle()
    const root = screen.getByTestId('ticket-sidebar')
    expect(root).toHaveTextContent(title)
    expect(root).toHaveTextContent(text)
    expect(screen.queryByTestId('clock-firstResponse')).not.toBeInTheDocument()
  })

  it('still shows the account month for a ticket not synced yet', async () => {
    await render(
      ticketSla({ clocksStatus: 'no-ticket', clocks: [], ticket: null, outages: [OUTAGE] }),
    )
    await settle()
    expect(screen.getByTestId('tier-badge')).toBeInTheDocument()
    expect(screen.getByTestId('uptime')).toBeInTheDocument()
    expect(screen.getByTestId('outages')).toHaveTextContent('API errors in EU')
  })

  it('asks to save a new ticket without calling the service', async () => {
    const { client } = await render(ticketSla(), { data: { 'ticket.id': null } })
    await settle()
    expect(screen.getByTestId('ticket-sidebar')).toHaveTextContent(
      'Save the ticket to start its SLA clocks.',
    )
    expect(client.requests).toHaveLength(0)
  })

  it('explains a ticket the service does not know', async () => {
    await render({})
    await settle()
    expect(screen.getByTestId('ticket-sidebar')).toHaveTextContent(
      'Not known to the SLA service yet',
    )
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('speaks German', async () => {
    await render(
      ticketSla({
        clocks: [
          clock({
            dueAt: at(10),
            risk: 'at-risk',
            warningLevel: 2,
            warningThreshold: 80,
            percentUsed: 83,
          }),
        ],
        risk: { level: 'at-risk', reasons: [] },
      }),
      { locale: 'de' },
    )
    await settle()
    expect(screen.getByTestId('risk')).toHaveTextContent('Gefährdet')
    expect(screen.getByTestId('risk')).toHaveTextContent(
      'Erste Antwort fällig in 0:10:00 (83 % des Ziels verbraucht)',
    )
    expect(clockEl('clock-firstResponse')).toHaveTextContent('Fällig in 0:10:00')
    expect(screen.getByTestId('uptime')).toHaveTextContent('Verfügbarkeit in diesem Monat')
    expect(screen.getByTestId('credit-exposure')).toHaveTextContent('375,50')
    expect(screen.getByRole('button', { name: 'SLA-Daten aktualisieren' })).toBeInTheDocument()
  })

  it('fits a 320 px sidebar: no fixed width or min-width wider than that, and resizes its frame', async () => {
    const { client } = await render(
      ticketSla({ clocks: [clock(), clock({ metric: 'resolution' })], outages: [OUTAGE] }),
    )
    await settle()
    for (const el of screen.getByTestId('ticket-sidebar').querySelectorAll<HTMLElement>('*')) {
      for (const prop of ['width', 'minWidth', 'flexBasis'] as const) {
        const px = /^(\d+)px$/.exec(el.style[prop])
        if (px) expect(Number(px[1]), `${el.tagName} ${prop}`).toBeLessThanOrEqual(320)
      }
      expect(el.style.whiteSpace === 'nowrap' && !el.style.position).toBe(false)
    }
    expect(client.invoked.some((i) => i.name === 'resize')).toBe(true)
  })
})
