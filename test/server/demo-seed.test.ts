/**
 * The demo tenant: seeded through the real services, with clocks in every state, and idempotent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSecretBox } from '@sla-tracker/server/secret-box'
import { DEMO_ADMIN_TOKEN, seedDemo } from '@sla-tracker/server/demo'
import { buildTestApp, SECRET_KEY, type TestApp } from '../support/test-app.js'

let t: TestApp

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-03-18T15:00:00Z' })
}, 60_000)
afterAll(async () => t.close())

describe('the demo seed', () => {
  it('creates 100 accounts and 4,000 tickets whose clocks cover every state, then only refreshes', async () => {
    const box = createSecretBox(SECRET_KEY)
    const first = await seedDemo(t.db.db, box, { now: t.clock.now, log: () => {} })
    expect(first).toMatchObject({ created: true, accounts: 100, tickets: 4000 })
    const states = await t.db.db.selectFrom('ticket_clocks').select('state').distinct().execute()
    expect(states.map((s) => s.state).sort()).toEqual(['breached', 'met', 'paused', 'running'])
    const portfolio = await t.request('GET', '/api/v1/portfolio?limit=100', {
      token: DEMO_ADMIN_TOKEN,
    })
    const statuses = new Set(
      portfolio.json<{ items: { budgetStatus: string }[] }>().items.map((i) => i.budgetStatus),
    )
    expect([...statuses].sort()).toEqual(['approaching', 'breached', 'ok'])

    const again = await seedDemo(t.db.db, box, { now: t.clock.now + 60_000, log: () => {} })
    expect(again).toMatchObject({
      created: false,
      accounts: 100,
      tickets: 4000,
      adminToken: DEMO_ADMIN_TOKEN,
    })
  }, 120_000)
})
