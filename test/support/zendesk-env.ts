/**
 * A tenant connected to a simulated Zendesk: the service on a fresh PostgreSQL schema, the
 * simulator seeded from a fixture, the registry's accounts mapped to the fixture's organizations
 * (tiers and calendars from examples/three-tier-tai.yaml), and the connection stored through the
 * API. Plus a snapshot of everything the sync writes, to compare runs.
 */
import type { Kysely } from 'kysely'
import type { Database } from '@sla-tracker/server/db'
import { buildTestApp, type TestApp, type TestTenant } from './test-app.js'
import { loadExample, seedRegistry, type ExampleAccount } from './registry-fixtures.js'
import { ZendeskSimulator, type SimAccount } from './zendesk-simulator/index.js'
import {
  generateFixture,
  loadFixture,
  seedAccount,
  type ZendeskFixture,
} from '../fixtures/zendesk/index.js'

export interface ZendeskEnv {
  t: TestApp
  sim: ZendeskSimulator
  account: SimAccount
  tenant: TestTenant
  fixture: ZendeskFixture
  close(): Promise<void>
}

const TIERS = ['enterprise', 'mid-market', 'starter']

/** Accounts for the fixture's organizations (all but the last, which stays unmapped). */
export function accountsFor(fixture: ZendeskFixture): ExampleAccount[] {
  return fixture.organizations.slice(0, -1).map((o, i) => ({
    id: `acct-${o.id}`,
    name: o.name,
    timeZone: 'America/New_York',
    organizationId: o.id,
    components: ['platform'],
    contracts: [
      {
        tier: TIERS[i % TIERS.length]!,
        monthlyFee: { amountMinor: 150_000 * (i + 1), currency: 'USD' },
      },
    ],
  }))
}

export const FAST_CLIENT = {
  backoff: { baseMs: 1, maxMs: 5 },
  maxAttempts: 12,
  timeoutMs: 1500,
  maxRetryAfterMs: 2000,
}

export async function zendeskEnv(
  opts: {
    fixture?: ZendeskFixture
    subdomain?: string
    /** The service and simulator clock; default: a day after the fixture's last event. */
    now?: number
    env?: Record<string, string>
    sim?: ZendeskSimulator
  } = {},
): Promise<ZendeskEnv> {
  const fixture = opts.fixture ?? loadFixture('small')
  const last = Math.max(...fixture.tickets.flatMap((t) => [t.at, ...t.events.map((e) => e.at)]))
  const now = opts.now ?? last + 86_400_000
  const t = await buildTestApp({
    now: new Date(now).toISOString(),
    env: {
      ZENDESK_ALLOW_BASE_URL: 'true',
      ZENDESK_EXPORT_REQUESTS_PER_MINUTE: '10000',
      ZENDESK_WRITEBACK_CALLS_PER_MINUTE: '1000',
      ...opts.env,
    },
    zendeskClientOptions: FAST_CLIENT,
  })
  const ownSim = opts.sim === undefined
  const sim = opts.sim ?? (await ZendeskSimulator.start({ clock: () => t.clock.now }))
  const subdomain = opts.subdomain ?? 'acme'
  const account = sim.account(subdomain, {
    email: 'admin@acme.example',
    apiToken: 'sim-api-token-1',
  })
  seedAccount(account, fixture)
  const tenant = await t.createTenant(subdomain)
  const example = loadExample('three-tier-tai.yaml')
  await seedRegistry(t.db.db, tenant.id, {
    calendars: example.calendars ?? [],
    tiers: example.tiers,
    accounts: accountsFor(fixture),
  })
  const first = Math.min(...fixture.tickets.map((x) => x.at))
  const r = await t.request('PUT', '/api/v1/zendesk/connection', {
    token: tenant.adminToken,
    body: {
      email: 'admin@acme.example',
      apiToken: 'sim-api-token-1',
      baseUrl: sim.baseUrl(subdomain),
      syncStartAt: new Date(first - 86_400_000).toISOString(),
    },
  })
  if (r.statusCode !== 200) throw new Error(`connecting failed: ${r.statusCode} ${r.body}`)
  return {
    t,
    sim,
    account,
    tenant,
    fixture,
    async close() {
      await t.close()
      if (ownSim) await sim.stop()
    },
  }
}

export { generateFixture }

/** Everything the sync stores for a tenant, without the tenant id (to compare two runs). */
export async function snapshot(db: Kysely<Database>, tenantId: string) {
  const tickets = await db
    .selectFrom('tickets')
    .select([
      'id',
      'account_id',
      'organization_id',
      'subject',
      'status',
      'priority',
      'created_at',
      'requester_id',
      'zd_status',
      'zd_tags',
      'zd_updated_at',
      'needs_recompute',
    ])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute()
  const events = await db
    .selectFrom('ticket_events')
    .select(['ticket_id', 'event_key', 'at', 'seq', 'type', 'data'])
    .where('tenant_id', '=', tenantId)
    .orderBy('ticket_id')
    .orderBy('event_key')
    .execute()
  const clocks = await db
    .selectFrom('ticket_clocks')
    .select(['ticket_id', 'metric', 'cycle', 'state', 'due_at', 'breached_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('ticket_id')
    .orderBy('metric')
    .orderBy('cycle')
    .execute()
  const months = await db
    .selectFrom('account_states')
    .select(['account_id', 'month', 'tier_id', 'budget_status', 'credit_minor'])
    .where('tenant_id', '=', tenantId)
    .orderBy('account_id')
    .orderBy('month')
    .execute()
  const users = await db
    .selectFrom('zendesk_users')
    .select(['id', 'role', 'organization_id'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute()
  const orgs = await db
    .selectFrom('zendesk_organizations')
    .select(['id', 'name', 'contract_tier'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute()
  return { tickets, events, clocks, months, users, orgs }
}
