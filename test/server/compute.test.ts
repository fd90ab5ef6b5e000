/**
 * Recomputation: contract corrections re-judge past months by the terms in force at the time,
 * `since` bounds the months, and concurrent changes to one account lose nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database, Row } from '@sla-tracker/server/db'
import { recomputeAccounts } from '../../server/src/features/compute/recompute.service.js'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'
import { bumpRevision, seedRegistry, type ExampleTier } from '../support/registry-fixtures.js'

const NOW = '2026-03-18T15:00:00Z'
let t: TestApp
let acme: TestTenant
let db: Kysely<Database>

/** A 24×7 profile: first response `fr` calendar minutes, `credit`% of the fee per miss. */
const profile = (name: string, fr: number, credit: number) => ({
  name,
  priorities: [{ id: 'normal' }],
  defaultPriority: 'normal',
  targets: {
    firstResponse: { normal: { minutes: fr, basis: 'calendar' } },
    resolution: { normal: { minutes: 10_080, basis: 'calendar' } },
  },
  credits: {
    schedules: [
      { id: 'misses', kind: 'per-miss', perMiss: { firstResponse: { percent: credit } } },
    ],
  },
})

const tiers: ExampleTier[] = [
  { id: 'basic', versions: [{ profile: profile('Basic', 60, 5) }] },
  { id: 'premium', versions: [{ profile: profile('Premium', 30, 10) }] },
]

/** A ticket created at `created` and answered `replyAfter` minutes later. */
const ticket = (id: number, accountId: string, created: string, replyAfter: number) => ({
  id,
  accountId,
  events: [
    { key: 'c', type: 'created', at: created },
    {
      key: 'r',
      type: 'agent-reply',
      at: new Date(Date.parse(created) + replyAfter * 60_000).toISOString(),
    },
  ],
})

/** A stored month, its state JSON as the reads see it. */
type MonthRow = Omit<Row<'account_states'>, 'state'> & { state: any }

async function month(accountId: string, m: string): Promise<MonthRow | undefined> {
  const row = await db
    .selectFrom('account_states')
    .selectAll()
    .where('tenant_id', '=', acme.id)
    .where('account_id', '=', accountId)
    .where('month', '=', m)
    .executeTakeFirst()
  return row
}

async function firstResponse(ticketId: number) {
  const row = await db
    .selectFrom('ticket_clocks')
    .select(['state', 'breached_at', 'report'])
    .where('tenant_id', '=', acme.id)
    .where('ticket_id', '=', ticketId)
    .where('metric', '=', 'firstResponse')
    .executeTakeFirstOrThrow()
  return row as Omit<typeof row, 'report'> & { report: any }
}

beforeAll(async () => {
  t = await buildTestApp({ now: NOW })
  db = t.db.db
  acme = await t.createTenant('acme')
  await seedRegistry(db, acme.id, {
    tiers,
    accounts: [
      {
        id: 'initech',
        name: 'Initech',
        components: ['app'],
        contracts: [
          { tier: 'basic', monthlyFee: { amountMinor: 100_000, currency: 'USD' } },
          {
            effectiveFrom: '2026-03-01',
            tier: 'premium',
            monthlyFee: { amountMinor: 200_000, currency: 'USD' },
          },
        ],
      },
      {
        id: 'globo',
        name: 'Globo',
        components: ['app'],
        contracts: [{ tier: 'basic', monthlyFee: { amountMinor: 100_000, currency: 'USD' } }],
      },
    ],
  })
  const r = await t.request('POST', '/api/v1/tickets/events', {
    token: acme.adminToken,
    body: {
      tickets: [
        ticket(1, 'initech', '2026-02-10T10:00:00Z', 45), // basic: met; premium: late
        ticket(2, 'initech', '2026-02-20T10:00:00Z', 90), // late under both
        ticket(3, 'initech', '2026-03-05T10:00:00Z', 40), // premium: late
        ticket(4, 'globo', '2026-02-15T10:00:00Z', 90), // basic: late
        ticket(5, 'globo', '2026-03-10T10:00:00Z', 20), // met
      ],
    },
  })
  expect(r.statusCode, r.body).toBe(200)
})
afterAll(async () => t.close())

describe('a contract version corrected after the fact', () => {
  it('starts from history judged by the terms then in force', async () => {
    expect(await month('initech', '2026-02')).toMatchObject({
      tier_id: 'basic',
      credit_minor: 5_000, // one miss × 5% of $1,000
    })
    expect(await month('initech', '2026-03')).toMatchObject({
      tier_id: 'premium',
      credit_minor: 20_000, // one miss × 10% of $2,000
    })
    expect(await firstResponse(1)).toMatchObject({ state: 'met' })
  })

  it('re-judges past months when the account version is corrected', async () => {
    // The upgrade actually took effect on 1 February.
    await db
      .updateTable('account_contract_versions')
      .set({ effective_from: '2026-02-01' })
      .where('tenant_id', '=', acme.id)
      .where('account_id', '=', 'initech')
      .where('version', '=', 2)
      .execute()
    await bumpRevision(db, acme.id)
    await recomputeAccounts(db, { tenantId: acme.id, accountIds: ['initech'], now: t.clock.now })
    // February is now premium: both February tickets missed 30 minutes.
    expect(await month('initech', '2026-02')).toMatchObject({
      tier_id: 'premium',
      credit_minor: 40_000,
    })
    const t1 = await firstResponse(1)
    expect(t1).toMatchObject({ state: 'breached', breached_at: new Date('2026-02-10T10:30:00Z') })
    expect(t1.report.terms).toMatchObject({ accountVersion: 1, from: '2026-02-01T00:00:00.000Z' })
    expect(await month('initech', '2026-03')).toMatchObject({ credit_minor: 20_000 })
  })

  it('re-judges past months when a tier version is corrected, keeping history on its terms', async () => {
    expect(await month('globo', '2026-02')).toMatchObject({ credit_minor: 5_000 })
    // Basic's first response was 120 minutes, not 60; from March a new version makes it 15.
    await db
      .updateTable('tier_versions')
      .set({ profile: JSON.stringify(profile('Basic', 120, 5)) })
      .where('tenant_id', '=', acme.id)
      .where('tier_id', '=', 'basic')
      .where('version', '=', 1)
      .execute()
    await db
      .insertInto('tier_versions')
      .values({
        tenant_id: acme.id,
        tier_id: 'basic',
        version: 2,
        effective_from: '2026-03-01',
        profile: JSON.stringify(profile('Basic 2026', 15, 5)),
      })
      .execute()
    await bumpRevision(db, acme.id)
    await recomputeAccounts(db, { tenantId: acme.id, accountIds: 'all', now: t.clock.now })
    // February: 90 minutes within the corrected 120 → met, no credit.
    expect(await firstResponse(4)).toMatchObject({ state: 'met' })
    expect(await month('globo', '2026-02')).toMatchObject({ credit_minor: 0 })
    // March: the 20-minute reply is late under the new 15-minute version.
    const t5 = await firstResponse(5)
    expect(t5).toMatchObject({ state: 'breached' })
    expect(t5.report.terms).toMatchObject({ tierVersion: 1 })
    expect(await month('globo', '2026-03')).toMatchObject({ credit_minor: 5_000 })
  })

  it('recomputes only the months from `since` when given', async () => {
    await db
      .updateTable('account_contract_versions')
      .set({ monthly_fee_minor: 300_000 })
      .where('tenant_id', '=', acme.id)
      .where('account_id', '=', 'initech')
      .where('version', '=', 2)
      .execute()
    await bumpRevision(db, acme.id)
    await recomputeAccounts(db, {
      tenantId: acme.id,
      accountIds: ['initech'],
      now: t.clock.now,
      since: Date.parse('2026-03-01T00:00:00Z'),
    })
    expect(await month('initech', '2026-03')).toMatchObject({ credit_minor: 30_000 })
    // February was left as it was (40,000 on the $2,000 fee).
    expect(await month('initech', '2026-02')).toMatchObject({ credit_minor: 40_000 })
  })
})

describe('concurrent changes to one account', () => {
  it('lose nothing: every ticket of parallel ingests is in the month', async () => {
    const { total: before, breachesInPeriod: breaches } = (await month('globo', '2026-03'))!.state
      .tickets as { total: number; breachesInPeriod: number }
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.request('POST', '/api/v1/tickets/events', {
          token: acme.adminToken,
          body: { tickets: [ticket(100 + i, 'globo', '2026-03-17T10:00:00Z', 60)] },
        }),
      ),
    )
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(200))
    const after = (await month('globo', '2026-03'))!
    expect(after.state.tickets.total).toBe(before + 12)
    // 12 more misses (60 > 15 minutes).
    expect(after.state.tickets.breachesInPeriod).toBe(breaches + 12)
    const snapshot = after.state
    await recomputeAccounts(db, { tenantId: acme.id, accountIds: ['globo'], now: t.clock.now })
    expect((await month('globo', '2026-03'))!.state).toEqual(snapshot)
  })

  it('lose nothing when an incident and ingests race on the same account', async () => {
    const [incident, ...ingests] = await Promise.all([
      t.request('POST', '/api/v1/incidents', {
        token: acme.adminToken,
        body: { components: ['app'], impact: 'major', start: '2026-03-18T14:00:00Z' },
      }),
      ...Array.from({ length: 5 }, (_, i) =>
        t.request('POST', '/api/v1/tickets/events', {
          token: acme.adminToken,
          body: { tickets: [ticket(200 + i, 'globo', '2026-03-18T12:00:00Z', 10)] },
        }),
      ),
    ])
    expect(incident.statusCode, incident.body).toBe(201)
    expect(ingests.map((r) => r.statusCode)).toEqual(Array(5).fill(200))
    const raced = (await month('globo', '2026-03'))!.state
    await recomputeAccounts(db, { tenantId: acme.id, accountIds: ['globo'], now: t.clock.now })
    expect((await month('globo', '2026-03'))!.state).toEqual(raced)
  })
})
