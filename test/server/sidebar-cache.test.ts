/**
 * The sidebar cache: served from memory after the first read, and never stale past a committed
 * change — database triggers notify every instance, which evicts what changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ingestBatch,
  loadExample,
  seedRegistry,
  type Example,
} from '../support/registry-fixtures.js'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'

let t: TestApp
let acme: TestTenant
let five: Example

interface Sidebar {
  clocks: { metric: string; state: string }[]
  month: { computedAt: string } | null
  outages: { id: string }[]
}

const read = async (id: number) => {
  const r = await t.request('GET', `/api/v1/tickets/${id}/sla`, { token: t.jwt(acme) })
  expect(r.statusCode, r.body).toBe(200)
  return r.json<Sidebar>()
}

/** Waits until `check` passes (change notifications arrive a few milliseconds after the commit). */
async function eventually(check: () => Promise<void>): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await check()
      return
    } catch (e) {
      if (i > 100) throw e
      await new Promise((r) => setTimeout(r, 20))
    }
  }
}

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-03-18T15:00:00Z', sidebarCache: true })
  acme = await t.createTenant('acme')
  five = loadExample('five-tier-support.yaml')
  await seedRegistry(t.db.db, acme.id, five)
  const r = await t.request('POST', '/api/v1/tickets/events', {
    token: acme.adminToken,
    body: ingestBatch(five.tickets!),
  })
  expect(r.statusCode, r.body).toBe(200)
}, 30_000)
afterAll(async () => t.close())

describe('the sidebar cache', () => {
  it('serves repeated reads from memory, with the same answer', async () => {
    const cache = t.sidebarCache!
    expect(cache.enabled).toBe(true)
    // Notifications of the set-up's writes may still be arriving: read until one is served.
    let first: Sidebar | undefined
    await eventually(async () => {
      first = await read(5202)
      const hits = cache.hits
      expect(await read(5202)).toEqual(first)
      expect(cache.hits).toBe(hits + 1)
    })
  })

  it('sees a new event on the ticket as soon as it is committed', async () => {
    expect((await read(5202)).clocks.find((c) => c.metric === 'firstResponse')!.state).toBe(
      'running',
    )
    const r = await t.request('POST', '/api/v1/tickets/events', {
      token: acme.adminToken,
      body: {
        tickets: [
          {
            id: 5202,
            accountId: 'thames-analytics',
            events: [{ key: 'reply', type: 'agent-reply', at: '2026-03-18T14:55:00Z' }],
          },
        ],
      },
    })
    expect(r.statusCode, r.body).toBe(200)
    await eventually(async () => {
      expect((await read(5202)).clocks.find((c) => c.metric === 'firstResponse')!.state).toBe('met')
    })
  })

  it('sees a new incident and a recomputed month of the account', async () => {
    const before = await read(5202)
    expect(before.outages).toEqual([])
    t.clock.now += 60_000
    const r = await t.request('POST', '/api/v1/incidents', {
      token: acme.adminToken,
      body: {
        id: 'now-down',
        title: 'API down',
        components: ['api'],
        impact: 'major',
        start: '2026-03-18T14:30:00Z',
      },
    })
    expect(r.statusCode, r.body).toBe(201)
    await eventually(async () => {
      const after = await read(5202)
      expect(after.outages.map((o) => o.id)).toEqual(['now-down'])
      // thames-analytics uses the API: its month is recomputed at the new "now".
      expect(after.month!.computedAt).not.toBe(before.month!.computedAt)
    })
  })

  it('expires entries after their lifetime even without a notification', async () => {
    const cache = t.sidebarCache!
    await read(5101)
    const misses = cache.misses
    t.clock.now += 301_000
    await read(5101)
    expect(cache.misses).toBe(misses + 1)
  })

  it('keeps tenants apart', async () => {
    const globex = await t.createTenant('globex')
    const r = await t.request('GET', '/api/v1/tickets/5202/sla', { token: t.jwt(globex) })
    expect(r.statusCode).toBe(404)
  })
})
