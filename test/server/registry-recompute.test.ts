/**
 * After a committed registry change, the affected accounts are recomputed: the account itself
 * for an account change, every account for a tier or calendar change (history is judged again),
 * none for a refused change or one that changes no computation. A failed recomputation does not
 * undo or fail the committed change.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'
import { example, expectStatus, seedTai, without, type Doc } from './registry-fixtures.js'

const recompute = vi.hoisted(() => ({
  calls: [] as { tenantId: string; accountIds: readonly string[] | 'all'; now: number }[],
  fail: false,
}))

vi.mock('../../server/src/features/compute/recompute.service.js', () => ({
  recomputeAccounts: (
    _db: unknown,
    req: { tenantId: string; accountIds: readonly string[] | 'all'; now: number },
  ) => {
    recompute.calls.push(req)
    return recompute.fail ? Promise.reject(new Error('recompute is down')) : Promise.resolve()
  },
}))

let t: TestApp
let acme: TestTenant
let tai: Doc

beforeAll(async () => {
  t = await buildTestApp()
  acme = await t.createTenant('acme')
  tai = await seedTai(t, acme)
})
afterAll(async () => t.close())
beforeEach(() => {
  recompute.calls.length = 0
  recompute.fail = false
})

const admin = () => acme.adminToken
const ids = () => recompute.calls.map((c) => c.accountIds)

describe('recomputation after registry changes', () => {
  it('recomputes a new account (it may own tickets of its organization already)', async () => {
    expectStatus(
      await t.request('POST', '/api/v1/accounts', {
        token: admin(),
        body: { ...tai.accounts[2], id: 'fabrikam-eu', organizationId: 360099 },
      }),
      201,
    )
    expect(ids()).toEqual([['fabrikam-eu']])
  })

  it('recomputes the account after an account change, with the tenant and the clock', async () => {
    expectStatus(
      await t.request('PATCH', '/api/v1/accounts/contoso', {
        token: admin(),
        body: { organizationId: 777 },
      }),
      200,
    )
    expect(recompute.calls).toEqual([
      { tenantId: acme.id, accountIds: ['contoso'], now: t.clock.now },
    ])
    expectStatus(
      await t.request('POST', '/api/v1/accounts/contoso/contracts', {
        token: admin(),
        body: {
          effectiveFrom: '2026-05-01',
          tier: 'enterprise',
          monthlyFee: { amountMinor: 1_000_000, currency: 'USD' },
        },
      }),
      201,
    )
    expectStatus(await t.request('DELETE', '/api/v1/accounts/fabrikam', { token: admin() }), 204)
    expect(ids()).toEqual([['contoso'], ['contoso'], ['fabrikam']])
  })

  it('recomputes every account after a tier or calendar version change', async () => {
    const profile = tai.tiers[0].versions[0].profile
    expectStatus(
      await t.request('PUT', '/api/v1/tiers/enterprise/versions/1', {
        token: admin(),
        body: { profile: { ...profile, name: 'TAI Enterprise (corrected)' } },
      }),
      200,
    )
    const definition = without(tai.calendars[0] as Doc, 'id', 'name')
    expectStatus(
      await t.request('PUT', '/api/v1/calendars/us-eastern-business/versions/1', {
        token: admin(),
        body: { definition: { ...definition, holidays: [] } },
      }),
      200,
    )
    expect(ids()).toEqual(['all', 'all'])
  })

  it('does not recompute after a refused change, a no-op, a rename or a new unused object', async () => {
    const refused = await t.request('POST', '/api/v1/accounts/contoso/contracts', {
      token: admin(),
      body: {
        effectiveFrom: '2020-01-01',
        tier: 'starter',
        monthlyFee: { amountMinor: 1, currency: 'USD' },
      },
    })
    expect(refused.statusCode).toBe(422)
    expectStatus(
      await t.request('PATCH', '/api/v1/accounts/contoso', { token: admin(), body: {} }),
      200,
    )
    expectStatus(
      await t.request('PATCH', '/api/v1/tiers/enterprise', {
        token: admin(),
        body: { name: 'Ent' },
      }),
      200,
    )
    expectStatus(
      await t.request('POST', '/api/v1/calendars', {
        token: admin(),
        body: { id: 'always', definition: { hours: '24x7' } },
      }),
      201,
    )
    expect(ids()).toEqual([])
  })

  it('recomputes everything after an import that changed something, nothing otherwise', async () => {
    const exported = await t.request('GET', '/api/v1/registry', { token: admin() })
    expectStatus(
      await t.request('POST', '/api/v1/registry/import', { token: admin(), body: exported.json() }),
      200,
    )
    expect(ids()).toEqual([])
    const five = example('five-tier-support')
    expectStatus(
      await t.request('POST', '/api/v1/registry/import', {
        token: admin(),
        body: { calendars: five.calendars, accounts: [] },
      }),
      200,
    )
    expect(ids()).toEqual(['all'])
  })

  it('keeps a committed change when the recomputation fails', async () => {
    recompute.fail = true
    const r = await t.request('PATCH', '/api/v1/accounts/northwind', {
      token: admin(),
      body: { csm: 'Still Saved' },
    })
    expectStatus(r, 200)
    const after = await t.request('GET', '/api/v1/accounts/northwind', { token: admin() })
    expect(after.json<Doc>().csm).toBe('Still Saved')
    expect(ids()).toEqual([['northwind']])
  })
})
