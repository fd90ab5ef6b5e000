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
