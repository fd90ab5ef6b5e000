/**
 * Recomputation at the demo's scale: 100 accounts, 5,000 tickets on PostgreSQL. Timings are
 * printed (the benchmark is the place for figures); the bound only catches a pathological slowdown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recomputeAccountsWithSummary } from '../../server/src/features/compute/recompute.service.js'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'
import { loadExample, seedRegistry } from '../support/registry-fixtures.js'
import { generatedAccounts, generatedTickets } from '../support/generated-tickets.js'

const NOW = '2026-03-18T15:00:00Z'
let t: TestApp
let acme: TestTenant

beforeAll(async () => {
  t = await buildTestApp({ now: NOW })
  acme = await t.createTenant('acme')
  const five = loadExample('five-tier-support.yaml')
  await seedRegistry(t.db.db, acme.id, { ...five, accounts: generatedAccounts(100) })
})
afterAll(async () => t.close())

describe('recomputing 5,000 tickets', () => {
  it('ingests in batches of 1,000 and recomputes every account', async () => {
    const accounts = generatedAccounts(100)
    const tickets = generatedTickets(accounts, 5000, t.clock.now)
    let started = performance.now()
    for (let i = 0; i < tickets.length; i += 1000) {
      const r = await t.request('POST', '/api/v1/tickets/events', {
        token: acme.adminToken,
        body: { tickets: tickets.slice(i, i + 1000) },
      })
      expect(r.statusCode, r.body.slice(0, 500)).toBe(200)
    }
    const ingestMs = performance.now() - started
    started = performance.now()
    const summary = await recomputeAccountsWithSummary(t.db.db, {
      tenantId: acme.id,
      accountIds: 'all',
      now: t.clock.now,
    })
    const recomputeMs = performance.now() - started
    console.log(
      `ingest 5,000 tickets in 5 batches: ${ingestMs.toFixed(0)} ms; recompute all: ${recomputeMs.toFixed(0)} ms`,
      summary,
    )
    expect(summary.tickets).toBe(5000)
    expect(summary.accounts).toBe(100)
    expect(recomputeMs).toBeLessThan(60_000)
  }, 120_000)
})
