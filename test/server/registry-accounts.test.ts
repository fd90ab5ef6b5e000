/**
 * Accounts: contracts validated as a whole (merged profiles, effective dates, the account's
 * zone), Zendesk organizations mapped once, pagination and filters, and concurrent updates that
 * lose nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'
import {
  auditOf,
  errorOf,
  expectStatus,
  issuesOf,
  seedTai,
  tokenActor,
  type Doc,
} from './registry-fixtures.js'

let t: TestApp
let acme: TestTenant
let tai: Doc

beforeAll(async () => {
  t = await buildTestApp()
  acme = await t.createTenant('acme')
  tai = await seedTai(t, acme)
})
afterAll(async () => t.close())

const admin = () => acme.adminToken
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' })

async function account(id: string): Promise<Doc> {
  return expectStatus(
    await t.request('GET', `/api/v1/accounts/${id}`, { token: admin() }),
    200,
  ).json<Doc>()
}

describe('accounts', () => {
  it('are stored with their contract history and the tier in force now', async () => {
    const contoso = await account('contoso')
    expect(contoso).toMatchObject({
      id: 'contoso',
      name: 'Contoso Ltd',
      timeZone: 'America/New_York',
      organizationId: 360002,
      components: ['platform'],
      regions: [],
      csm: null,
      renewalDate: null,
      revision: 1,
      currentTier: 'mid-market',
      contracts: [
        { version: 1, effectiveFrom: null, tier: 'starter', monthlyFee: usd(150000) },
        { version: 2, effectiveFrom: '2026-03-01', tier: 'mid-market', monthlyFee: usd(500000) },
      ],
    })
    // Before 1 March (midnight in New York), Contoso was on Starter.
    const saved = t.clock.now
    t.clock.now = Date.parse('2026-03-01T04:59:00Z')
    expect((await account('contoso')).currentTier).toBe('starter')
    t.clock.now = Date.parse('2026-03-01T05:00:00Z')
    expect((await account('contoso')).currentTier).toBe('mid-market')
    t.clock.now = saved
  })

  it('are created with CSM, renewal date, regions and component fees', async () => {
    const r = await t.request('POST', '/api/v1/accounts', {
      token: admin(),
      body: {
        id: 'wingtip',
        name: 'Wingtip Toys',
        timeZone: 'Asia/Kathmandu',
        organizationId: 360010,
        components: ['platform', 'api'],
        regions: ['ap-south'],
        csm: 'Priya Raman',
        renewalDate: '2027-01-31',
        contracts: [
          {
            tier: 'enterprise',
            monthlyFee: usd(2_000_000),
            componentFees: { platform: 1_500_000, api: 500_000 },
          },
          {
            effectiveFrom: '2026-07-01',
            tier: 'enterprise',
            monthlyFee: usd(2_200_000),
            overrides: { targets: { firstResponse: { p0: { minutes: 15, basis: 'calendar' } } } },
          },
        ],
      },
    })
    expectStatus(r, 201)
    expect(r.headers.etag).toBe('"1"')
    expect(r.json<Doc>()).toMatchObject({
      csm: 'Priya Raman',
      renewalDate: '2027-01-31',
      regions: ['ap-south'],
      currentTier: 'enterprise',
      contracts: [
        { componentFees: { platform: 1_500_000, api: 500_000 }, overrides: null },
        { overrides: { targets: { firstResponse: { p0: { minutes: 15, basis: 'calendar' } } } } },
      ],
    })
  })

  it('validate overrides against the merged profile of every tier version they meet', async () => {
    const r = await t.request('POST', '/api/v1/accounts', {
      token: admin(),
      body: {
        id: 'litware',
        name: 'Litware',
        components: ['platform'],
        contracts: [
          {
            tier: 'mid-market',
            monthlyFee: usd(300000),
            overrides: {
              targets: { resolution: { p9: { minutes: 60, basis: 'calendar' } } },
              calendar: 'no-such-calendar',
            },
          },
        ],
      },
    })
    expect(r.statusCode).toBe(422)
    const issues = issuesOf(r)
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'contracts[0].overrides.targets.resolution.p9',
          rule: 'reference',
        }),
        expect.objectContaining({ path: 'contracts[0].overrides.calendar' }),
      ]),
    )
    expect(issues[0]!.message).toContain('(in the merged profile of tier "mid-market" version 0)')
  })

  it('refuse unknown tiers, versions out of order, foreign component fees and bad dates', async () => {
    const r = await t.request('POST', '/api/v1/accounts', {
      token: admin(),
      body: {
        id: 'litware',
        name: 'Litware',
        timeZone: 'Europe/Paris',
        components: ['platform'],
        renewalDate: '2026-02-30',
        contracts: [
          { tier: 'platinum', monthlyFee: usd(1), componentFees: { storage: 10 } },
          { tier: 'starter', monthlyFee: { amountMinor: 1, currency: 'XYZ' } },
          { effectiveFrom: '2026-01-01', tier: 'starter', monthlyFee: usd(1) },
        ],
      },
    })
    expect(r.statusCode).toBe(422)
    expect(issuesOf(r).map((i) => [i.path, i.rule])).toEqual(
      expect.arrayContaining([
        ['contracts[0].componentFees.storage', 'reference'],
        ['contracts[1].monthlyFee.currency', 'currency'],
        ['contracts[1].effectiveFrom', 'required'],
        ['renewalDate', 'date'],
      ]),
    )
    const tier = await t.request('POST', '/api/v1/accounts', {
      token: admin(),
      body: {
        id: 'litware',
        name: 'Litware',
        components: [],
        contracts: [{ tier: 'platinum', monthlyFee: usd(1) }],
      },
    })
    expect(tier.statusCode).toBe(422)
    expect(issuesOf(tier)).toEqual([
      expect.objectContaining({ path: 'contracts[0].tier', rule: 'reference' }),
    ])
    const none = await t.request('POST', '/api/v1/accounts', {
      token: admin(),
      body: { id: 'litware', name: 'Litware', components: [], contracts: [] },
    })
    expect(none.statusCode).toBe(400)
    expect(issuesOf(none)[0]).toMatchObject({ path: 'contracts', rule: 'min-items' })
    expect(
      (await t.request('GET', '/api/v1/accounts/litware', { token: admin() })).statusCode,
    ).toBe(404)
  })

  it('map a Zendesk organization to one account only', async () => {
    const dup = await t.request('POST', '/api/v1/accounts', {
      token: admin(),
      body: { ...tai.accounts[2], id: 'fabrikam-2' },
    })
    expect(dup.statusCode).toBe(409)
    expect(errorOf(dup).message).toBe(
      'the Zendesk organization 360003 is already mapped to account "fabrikam"; an organization maps to one account',
    )
    const patch = await t.request('PATCH', '/api/v1/accounts/northwind', {
      token: admin(),
      body: { organizationId: 360003 },
    })
    expect(patch.statusCode).toBe(409)
    const again = await t.request('POST', '/api/v1/accounts', {
      token: admin(),
      body: tai.accounts[2],
    })
    expect(again.statusCode).toBe(409)
    expect(errorOf(again).message).toBe('an account "fabrikam" already exists')
  })

  it('change their fields with PATCH; null clears, revisions and ETags move on', async () => {
    const r = await t.request('PATCH', '/api/v1/accounts/fabrikam', {
      token: admin(),
      headers: { 'if-match': '"1"' },
      body: { csm: 'Ana Souza', renewalDate: '2026-12-31', regions: ['us-east'] },
    })
    expectStatus(r, 200)
    expect(r.headers.etag).toBe('"2"')
    expect(r.json<Doc>()).toMatchObject({
      csm: 'Ana Souza',
      renewalDate: '2026-12-31',
      revision: 2,
    })
    const cleared = await t.request('PATCH', '/api/v1/accounts/fabrikam', {
      token: admin(),
      body: { csm: null, organizationId: null, revision: 2 },
    })
    expect(cleared.json<Doc>()).toMatchObject({ csm: null, organizationId: null, revision: 3 })
    const noop = await t.request('PATCH', '/api/v1/accounts/fabrikam', {
      token: admin(),
      body: { csm: null },
    })
    expect(noop.json<Doc>().revision).toBe(3)
    const stale = await t.request('PATCH', '/api/v1/accounts/fabrikam', {
      token: admin(),
      headers: { 'if-match': '"2"' },
      body: { name: 'Fabrikam' },
    })
    expect(stale.statusCode).toBe(409)
    expect(errorOf(stale).message).toContain('is at revision 3, not 2')
    const mixed = await t.request('PATCH', '/api/v1/accounts/fabrikam', {
      token: admin(),
      headers: { 'if-match': '"3"' },
      body: { name: 'Fabrikam', revision: 2 },
    })
    expect(mixed.statusCode).toBe(400)
    expect((await account('fabrikam')).name).toBe('Fabrikam Inc')
    // Give the organization back for the CSV and list tests.
    expectStatus(
      await t.request('PATCH', '/api/v1/accounts/fabrikam', {
        token: admin(),
        body: { organizationId: 360003 },
      }),
      200,
    )
  })

  it('re-check every contract version when the zone changes', async () => {
    // In New York, 2026-06-01 (04:00Z) comes after the 03:00Z instant; in UTC it does not.
    expectStatus(
      await t.request('POST', '/api/v1/accounts', {
        token: admin(),
        body: {
          id: 'adatum',
          name: 'Adatum',
          timeZone: 'America/New_York',
          components: ['platform'],
          contracts: [
            { tier: 'starter', monthlyFee: usd(100000) },
            { effectiveFrom: '2026-06-01T03:00:00Z', tier: 'starter', monthlyFee: usd(110000) },
            { effectiveFrom: '2026-06-01', tier: 'mid-market', monthlyFee: usd(400000) },
          ],
        },
      }),
      201,
    )
    const r = await t.request('PATCH', '/api/v1/accounts/adatum', {
      token: admin(),
      body: { timeZone: 'UTC' },
    })
    expect(r.statusCode).toBe(422)
    expect(issuesOf(r)).toEqual([
      expect.objectContaining({ path: 'contracts[2].effectiveFrom', rule: 'order' }),
    ])
    const zone = await t.request('PATCH', '/api/v1/accounts/adatum', {
      token: admin(),
      body: { timeZone: 'Europe/Nowhere' },
    })
    expect(issuesOf(zone)).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'timeZone', rule: 'time-zone' })]),
    )
    expect((await account('adatum')).timeZone).toBe('America/New_York')
  })

  it('append contract versions and correct them in place', async () => {
    const appended = await t.request('POST', '/api/v1/accounts/fabrikam/contracts', {
      token: admin(),
      body: { effectiveFrom: '2026-04-01', tier: 'mid-market', monthlyFee: usd(450000) },
    })
    expectStatus(appended, 201)
    expect(appended.json<Doc>().contracts).toHaveLength(2)
    const earlier = await t.request('POST', '/api/v1/accounts/fabrikam/contracts', {
      token: admin(),
      body: { effectiveFrom: '2026-02-01', tier: 'mid-market', monthlyFee: usd(450000) },
    })
    expect(earlier.statusCode).toBe(422)
    expect(issuesOf(earlier)[0]).toMatchObject({
      path: 'contracts[2].effectiveFrom',
      rule: 'order',
    })
    const undated = await t.request('POST', '/api/v1/accounts/fabrikam/contracts', {
      token: admin(),
      body: { tier: 'mid-market', monthlyFee: usd(450000) },
    })
    expect(issuesOf(undated)[0]).toMatchObject({
      path: 'contracts[2].effectiveFrom',
      rule: 'required',
    })
    const corrected = await t.request('PUT', '/api/v1/accounts/fabrikam/contracts/2', {
      token: admin(),
      body: { effectiveFrom: '2026-04-01', tier: 'mid-market', monthlyFee: usd(475000) },
    })
    expectStatus(corrected, 200)
    expect(corrected.json<Doc>().contracts[1].monthlyFee).toEqual(usd(475000))
    expect(
      (
        await t.request('PUT', '/api/v1/accounts/fabrikam/contracts/7', {
          token: admin(),
          body: { effectiveFrom: '2026-04-01', tier: 'mid-market', monthlyFee: usd(1) },
        })
      ).statusCode,
    ).toBe(404)
    const audit = await auditOf(t, acme, 'entity=account&entityId=fabrikam')
    expect(audit[0]).toMatchObject({ action: 'update', actor: tokenActor(acme.adminToken) })
    expect(audit[0]!.before.contracts[1].monthlyFee).toEqual(usd(450000))
    expect(audit[0]!.after.contracts[1].monthlyFee).toEqual(usd(475000))
  })

  it('are deleted with their history', async () => {
    expect(
      (await t.request('DELETE', '/api/v1/accounts/adatum', { token: admin() })).statusCode,
    ).toBe(204)
    expect((await t.request('GET', '/api/v1/accounts/adatum', { token: admin() })).statusCode).toBe(
      404,
    )
    const [entry] = await auditOf(t, acme, 'entity=account&entityId=adatum')
    expect(entry).toMatchObject({ action: 'delete', after: null, before: { id: 'adatum' } })
  })
})

describe('the account list', () => {
  beforeAll(async () => {
    for (let i = 0; i < 23; i++) {
      const n = String(i).padStart(2, '0')
      expectStatus(
        await t.request('POST', '/api/v1/accounts', {
          token: admin(),
          body: {
            id: `bulk-${n}`,
            name: `Bulk Customer ${n}${i % 5 === 0 ? ' 100%_Special' : ''}`,
            organizationId: 500000 + i,
            components: ['platform'],
            contracts:
              i % 3 === 0
                ? [
                    { tier: 'starter', monthlyFee: usd(100000) },
                    { effectiveFrom: '2026-03-01', tier: 'enterprise', monthlyFee: usd(900000) },
                  ]
                : [{ tier: 'starter', monthlyFee: usd(100000) }],
          },
        }),
        201,
      )
    }
  })

  async function all(query: string): Promise<string[]> {
    const ids: string[] = []
    let cursor: string | null = null
    for (let page = 0; page < 50; page++) {
      const r = await t.request(
        'GET',
        `/api/v1/accounts?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: acme.readToken },
      )
      expectStatus(r, 200)
      const body = r.json<{ accounts: Doc[]; nextCursor: string | null }>()
      ids.push(...body.accounts.map((a) => a.id as string))
      cursor = body.nextCursor
      if (!cursor) return ids
    }
    throw new Error('too many pages')
  }

  it('pages through every account in id order with an opaque cursor', async () => {
    const first = await t.request('GET', '/api/v1/accounts?limit=10', { token: acme.readToken })
    const body = first.json<{ accounts: Doc[]; nextCursor: string }>()
    expect(body.accounts).toHaveLength(10)
    expect(body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/)
    const ids = await all('limit=10')
    expect(ids).toHaveLength(27)
    expect(ids).toEqual([...ids].sort())
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('filters by the tier in force now, across pages', async () => {
    const enterprise = await all('limit=3&tier=enterprise')
    expect(enterprise).toEqual([
      'bulk-00',
      'bulk-03',
      'bulk-06',
      'bulk-09',
      'bulk-12',
      'bulk-15',
      'bulk-18',
      'bulk-21',
      'northwind',
      'wingtip',
    ])
    // Fabrikam moves to Mid-Market on 1 April: it is still on Starter now.
    expect(await all('tier=mid-market')).toEqual(['contoso'])
    expect(await all('tier=starter')).toContain('fabrikam')
  })

  it('filters by a substring of the id or name, and by organization', async () => {
    expect(await all('q=100%25_special')).toEqual([
      'bulk-00',
      'bulk-05',
      'bulk-10',
      'bulk-15',
      'bulk-20',
    ])
    expect(await all('q=%25')).toHaveLength(5)
    expect(await all('q=NORTH')).toEqual(['northwind'])
    expect(await all('organizationId=500007')).toEqual(['bulk-07'])
    expect(await all('organizationId=999')).toEqual([])
  })

  it('refuses a cursor it did not issue', async () => {
    const r = await t.request('GET', '/api/v1/accounts?cursor=not-a-cursor', {
      token: acme.readToken,
    })
    expect(r.statusCode).toBe(400)
    expect(errorOf(r).message).toContain('cursor')
  })
})

describe('concurrent updates of one account', () => {
  it('with the same If-Match: exactly one wins, the others get 409', async () => {
    const start = (await account('northwind')).revision as number
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.request('PATCH', '/api/v1/accounts/northwind', {
          token: admin(),
          headers: { 'if-match': `"${start}"` },
          body: { csm: `csm-${i}` },
        }),
      ),
    )
    const codes = results.map((r) => r.statusCode).sort()
    expect(codes.filter((c) => c === 200)).toHaveLength(1)
    expect(codes.filter((c) => c === 409)).toHaveLength(19)
    const winner = results.find((r) => r.statusCode === 200)!.json<Doc>()
    const now = await account('northwind')
    expect(now.revision).toBe(start + 1)
    expect(now.csm).toBe(winner.csm)
  })

  it('without If-Match: every update applies, one after another, on the latest state', async () => {
    const start = (await account('northwind')).revision as number
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.request('PATCH', '/api/v1/accounts/northwind', {
          token: admin(),
          body: { csm: `agent-${i}`, renewalDate: `2027-01-${String(i + 1).padStart(2, '0')}` },
        }),
      ),
    )
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200))
    const end = await account('northwind')
    expect(end.revision).toBe(start + 20)
    // Each update saw the previous one: the audit log is one unbroken chain of revisions.
    const chain = (await auditOf(t, acme, 'entity=account&entityId=northwind'))
      .filter((e) => e.before !== null && e.before.revision >= start)
      .reverse()
    expect(chain).toHaveLength(20)
    chain.forEach((e, i) => {
      expect(e.before.revision).toBe(start + i)
      expect(e.after.revision).toBe(start + i + 1)
      if (i > 0) expect(e.before).toEqual(chain[i - 1]!.after)
    })
    // Every response is one of the states in the chain, and the last state is the stored one.
    const states = new Set(chain.map((e) => `${e.after.csm}|${e.after.renewalDate}`))
    for (const r of results) {
      const body = r.json<Doc>()
      expect(states.has(`${body.csm}|${body.renewalDate}`)).toBe(true)
    }
    expect(chain.at(-1)!.after).toMatchObject({ csm: end.csm, renewalDate: end.renewalDate })
  })

  it('read-modify-write with If-Match and retries: no change is lost', async () => {
    const worker = async (i: number) => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const current = await account('northwind')
        const r = await t.request('PATCH', '/api/v1/accounts/northwind', {
          token: admin(),
          headers: { 'if-match': `"${current.revision}"` },
          body: { regions: [...current.regions, `region-${i}`] },
        })
        if (r.statusCode === 200) return attempt
        expect(r.statusCode).toBe(409)
      }
      throw new Error(`worker ${i} never won`)
    }
    await Promise.all(Array.from({ length: 20 }, (_, i) => worker(i)))
    const regions = (await account('northwind')).regions as string[]
    expect([...regions].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `region-${i}`).sort())
  })

  it('contract appends in parallel: each lands once, in a valid order', async () => {
    const results = await Promise.all(
      ['2027-01-01', '2027-02-01', '2027-03-01'].map((effectiveFrom) =>
        t.request('POST', '/api/v1/accounts/wingtip/contracts', {
          token: admin(),
          body: { effectiveFrom, tier: 'enterprise', monthlyFee: usd(2_300_000) },
        }),
      ),
    )
    const ok = results.filter((r) => r.statusCode === 201).length
    // An append that lands after a later one breaks the order and is refused (422), never lost
    // silently or written half.
    for (const r of results) expect([201, 422]).toContain(r.statusCode)
    const contracts = (await account('wingtip')).contracts as Doc[]
    expect(contracts).toHaveLength(2 + ok)
    const dates = contracts.slice(2).map((c) => c.effectiveFrom as string)
    expect(dates).toEqual([...dates].sort())
  })
})
