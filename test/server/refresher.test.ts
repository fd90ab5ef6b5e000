/**
 * Time passing without events: the refresher recomputes the current month, so an ongoing
 * incident keeps burning the stored error budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRefresher } from '@sla-tracker/server/refresher'
import { loadExample, seedRegistry } from '../support/registry-fixtures.js'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'

let t: TestApp
let acme: TestTenant

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-04-10T10:00:00Z' })
  acme = await t.createTenant('acme')
  await seedRegistry(t.db.db, acme.id, loadExample('uptime-credits.yaml'))
})
afterAll(async () => t.close())

async function platformDowntime(): Promise<number> {
  const r = await t.request('GET', '/api/v1/accounts/orbit-logistics/sla', {
    token: acme.readToken,
  })
  const months = r.json<{
    months: { month: string; uptime: { commitmentId: string; downtimeMinutes: number }[] }[]
  }>().months
  return months
    .find((m) => m.month === '2026-04')!
    .uptime.find((u) => u.commitmentId === 'platform')!.downtimeMinutes
}

describe('the refresher', () => {
  it('advances the current month of every tenant as time passes', async () => {
    const created = await t.request('POST', '/api/v1/incidents', {
      token: acme.adminToken,
      body: {
        id: 'ongoing',
        title: 'Platform down',
        components: ['platform'],
        impact: 'major',
        start: '2026-04-10T09:30:00Z',
      },
    })
    expect(created.statusCode).toBe(201)
    expect(await platformDowntime()).toBe(30)
    t.clock.now += 60 * 60_000
    expect(await platformDowntime()).toBe(30) // stored state: not yet refreshed
    const refresher = startRefresher({
      db: t.db.db,
      clock: () => t.clock.now,
      intervalMs: 0,
      onError: (e) => {
        throw e
      },
    })
    await refresher.runOnce()
    await refresher.stop()
    expect(await platformDowntime()).toBe(90)
  })
})
