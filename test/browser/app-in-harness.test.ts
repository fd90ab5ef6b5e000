/**
 * The Zendesk app in a real browser: Debian's Chromium (playwright-core) against the local
 * harness on the demo service, as `npm start` serves it. Each test saves screenshots in
 * test-results/screenshots/ (the best are committed under docs/screenshots/).
 */
import type { Browser, FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshot, watchProblems } from '../support/browser.js'
import { startHarnessServer, type HarnessServer } from '../support/harness-server.js'

let server: HarnessServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startHarnessServer(), launchChromium()])
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

interface Opened {
  page: Page
  app: FrameLocator
  problems: string[]
  proxied: () => number
}

async function open(
  query: Record<string, string | number>,
  viewport = { width: 1280, height: 900 },
): Promise<Opened> {
  const page = await browser.newPage({ viewport })
  const problems = watchProblems(page)
  let calls = 0
  page.on('request', (r) => {
    if (r.url().endsWith('/harness/proxy')) calls++
  })
  const q = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))
  await page.goto(`${server.url}/harness/?${q.toString()}`)
  return {
    page,
    app: page.frameLocator('[data-testid="app-frame"]'),
    problems,
    proxied: () => calls,
  }
}

/** The service's own answer, for comparing with what the screen shows. */
async function api<T>(path: string): Promise<T> {
  const r = await fetch(`${server.url}${path}`, {
    headers: { authorization: `Bearer ${server.demo.adminToken}` },
  })
  expect(r.status).toBe(200)
  return (await r.json()) as T
}

/** How far the app's page scrolls sideways (0: it fits its iframe). */
function sidewaysOverflow(page: Page): Promise<number> {
  const frame = page.frames().find((f) => f.url().includes('/app/index.html'))!
  return frame.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
}

/** Every clock's metric, state and tone, as the sidebar shows them. */
function clocksOf(app: FrameLocator) {
  return app.locator('[data-testid^="clock-"]').evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-testid'),
      state: e.getAttribute('data-state'),
      tone: e.getAttribute('data-tone'),
      warning: Number(e.getAttribute('data-warning') ?? '0'),
    })),
  )
}

describe('the ticket sidebar (320 px)', () => {
  const cases: [string, (clocks: Awaited<ReturnType<typeof clocksOf>>) => void][] = [
    [
      'running',
      (c) => expect(c.some((x) => x.state === 'running' && x.tone === 'green')).toBe(true),
    ],
    [
      'paused',
      (c) => expect(c.some((x) => x.state === 'paused' && x.tone === 'neutral')).toBe(true),
    ],
    [
      'breached',
      (c) => expect(c.some((x) => x.state === 'breached' && x.tone === 'red')).toBe(true),
    ],
    ['at-risk', (c) => expect(c.some((x) => x.state === 'running' && x.warning >= 1)).toBe(true)],
  ]

  it.each(cases)(
    'shows a %s ticket’s clocks, risk, uptime and credit, and fits',
    async (scenario, check) => {
      const ticket = server.ticket(scenario)
      const { page, app, problems } = await open({
        location: 'ticket_sidebar',
        ticket,
        role: 'agent',
      })
      try {
        await app
          .locator('[data-testid="ticket-sidebar"] [data-testid^="clock-"]')
          .first()
          .waitFor()
        const clocks = await clocksOf(app)
        check(clocks)
        // What the service says, on screen: every active clock, the tier, the risk level.
        const sla = await api<{
          account: { tier: string | null }
          clocks: { metric: string; cycle: number; active: boolean; state: string }[]
          risk: { level: string }
        }>(`/api/v1/tickets/${ticket}/sla`)
        for (const c of sla.clocks.filter((x) => x.active))
          expect(clocks.map((x) => x.id)).toContain(
            `clock-${c.metric}${c.cycle > 1 ? `-${c.cycle}` : ''}`,
          )
        if (sla.account.tier)
          expect(await app.locator('[data-testid="tier-badge"]').innerText()).toContain(
            sla.account.tier,
          )
        await app.locator('[data-testid="risk"]').waitFor()
        await app.locator('[data-testid="uptime"]').first().waitFor()
        // Nothing breaks at 320 px: no sideways scrolling inside the sidebar.
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0)
        // It sized its iframe to its content.
        const height = await page
          .locator('[data-testid="app-frame"]')
          .evaluate((f) => f.clientHeight)
        expect(height).toBeGreaterThan(300)
        await screenshot(page, `ticket-sidebar-${scenario}`)
        expect(problems).toEqual([])
      } finally {
        await page.close()
      }
    },
    60_000,
  )

  it('refreshes on ticket.updated and ticket.submit.done, and speaks German', async () => {
    const ticket = server.ticket('at-risk')
    const { page, app, problems, proxied } = await open({
      location: 'ticket_sidebar',
      ticket,
      role: 'agent',
      locale: 'de',
    })
    try {
      await app.locator('[data-testid^="clock-"]').first().waitFor()
      expect(await app.locator('[data-testid="ticket-sidebar"]').innerText()).toMatch(
        /Aktualisieren|Stand/,
      )
      const before = proxied()
      await page.getByRole('button', { name: 'Fire ticket.updated' }).click()
      await expect.poll(proxied).toBe(before + 1)
      await page.getByRole('button', { name: 'Fire ticket.submit.done' }).click()
      await expect.poll(proxied).toBe(before + 2)
      await app.locator('[data-testid^="clock-"]').first().waitFor()
      await screenshot(page, 'ticket-sidebar-german')
      expect(problems).toEqual([])
    } finally {
      await page.close()
    }
  }, 60_000)
})

describe('the organization sidebar', () => {
  it('describes the contract and charts six months of uptime', async () => {
    const org = server.demo.organizations[0]!
    const { page, app, problems } = await open({
      location: 'organization_sidebar',
      organization: org.id,
    })
    try {
      await app.locator('[data-testid="contract-summary"]').waitFor()
      await app.locator('[data-testid="uptime-chart"]').first().waitFor()
      expect(await app.locator('[data-testid="organization-sidebar"]').innerText()).toContain(
        org.name,
      )
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0)
      await screenshot(page, 'organization-sidebar')
      expect(problems).toEqual([])
    } finally {
      await page.close()
    }
  }, 60_000)
})

describe('the manager dashboard (nav bar)', () => {
  it('filters the portfolio, drills down to an account with the keyboard, and comes back', async () => {
    const { page, app, problems } = await open({ location: 'nav_bar', role: 'agent' })
    try {
      await app.locator('[data-testid="portfolio-table"]').waitFor()
      await app.locator('[data-testid="portfolio-totals"]').waitFor()
      await screenshot(page, 'dashboard-portfolio')

      const expected = await api<{ items: { account: { id: string; name: string } }[] }>(
        '/api/v1/portfolio?budget=breached&limit=50',
      )
      expect(expected.items.length).toBeGreaterThan(0)
      await app.locator('[data-testid="filter-budget"]').selectOption('breached')
      const first = expected.items[0]!.account
      await app.locator(`[data-testid="account-row-${first.id}"]`).waitFor()
      await expect
        .poll(async () =>
          (
            await app
              .locator('[data-testid^="account-row-"]')
              .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))
          ).sort(),
        )
        .toEqual(expected.items.map((i) => `account-row-${i.account.id}`).sort())
      await screenshot(page, 'dashboard-filtered-breached')

      // Drill down from the keyboard: focus the account's button and press Enter.
      await app
        .locator(`[data-testid="account-row-${first.id}"]`)
        .getByRole('button', { name: first.name })
        .focus()
      await page.keyboard.press('Enter')
      const detail = app.locator('[data-testid="account-detail"]')
      await detail.waitFor()
      await expect.poll(() => detail.innerText()).toContain(first.name)
      await screenshot(page, 'dashboard-account-detail')

      await app.locator('[data-testid="back-to-portfolio"]').click()
      await app.locator(`[data-testid="account-row-${first.id}"]`).waitFor()
      expect(await app.locator('[data-testid="filter-budget"]').inputValue()).toBe('breached')
      expect(problems).toEqual([])
    } finally {
      await page.close()
    }
  }, 60_000)
})

describe('at 320 px wide', () => {
  it('the dashboard, its incidents and the admin unlock fit without sideways scrolling', async () => {
    const { page, app, problems } = await open(
      { location: 'nav_bar', role: 'admin' },
      { width: 320, height: 800 },
    )
    try {
      await app.locator('[data-testid="portfolio-table"]').waitFor()
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0)
      await screenshot(page, 'dashboard-320')
      await app.locator('[data-testid="tab-incidents"]').click()
      await app.locator('[data-testid="incidents"]').waitFor()
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0)
      await app.locator('[data-testid="tab-admin"]').click()
      await app.locator('[data-testid="admin-unlock"]').waitFor()
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0)
      expect(problems).toEqual([])
    } finally {
      await page.close()
    }
  }, 60_000)
})

describe('the admin screens', () => {
  it('refuses an invalid target inline, then saves a new tier version', async () => {
    const { page, app, problems } = await open({ location: 'nav_bar', role: 'admin' })
    try {
      await app.locator('[data-testid="tab-admin"]').click()
      const unlock = app.locator('[data-testid="admin-unlock"]')
      await unlock.locator('input[type="password"]').fill(server.demo.adminToken)
      await unlock.locator('input[type="password"]').press('Enter')
      const editor = app.locator('[data-testid="tier-editor"]')
      const minutes = editor
        .locator('[data-testid^="field-targets.firstResponse."][data-testid$=".minutes"]')
        .first()
      await minutes.waitFor()
      const path = (await minutes.getAttribute('data-testid'))!.slice('field-'.length)
      const priority = path.split('.')[2]!

      await minutes.locator('input').fill('-5')
      await expect.poll(() => minutes.locator('input').getAttribute('aria-invalid')).toBe('true')
      expect(await minutes.innerText()).toMatch(/\S/)
      await app.locator('[data-testid="validation-summary"]').waitFor()
      expect(await app.locator('[data-testid="save-tier"]').isDisabled()).toBe(true)
      await minutes.scrollIntoViewIfNeeded()
      await screenshot(page, 'admin-tier-validation-error')

      await minutes.locator('input').fill('45')
      await expect.poll(() => app.locator('[data-testid="save-tier"]').isDisabled()).toBe(false)
      await app.locator('[data-testid="save-tier"]').click()
      await app.locator('[data-testid="save-success"]').waitFor()
      await screenshot(page, 'admin-tier-saved')

      // The service has the new version with the new target.
      const tierId = await editor.locator('select').first().inputValue()
      const tier = await api<{
        versions: { profile: { targets: Record<string, Record<string, { minutes: number }>> } }[]
      }>(`/api/v1/tiers/${tierId}`)
      const latest = tier.versions[tier.versions.length - 1]!
      expect(latest.profile.targets['firstResponse']![priority]!.minutes).toBe(45)
      expect(problems).toEqual([])
    } finally {
      await page.close()
    }
  }, 90_000)
})
