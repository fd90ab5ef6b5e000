/**
 * The demo tenant seeded by `npm start` on the embedded database: the five-tier "LeadFly"
 * contracts, 100 accounts in ten time zones, about 4,000 tickets with histories in every clock
 * state, incidents and maintenance over this month and the last. Deterministic (fixed seeds,
 * relative to the time of seeding) and idempotent: when the tenant exists, a start only refreshes
 * its current month.
 *
 * Everything goes through the same services as the API (registry import, incident and
 * maintenance creation, ticket ingest), so the demo exercises the real paths.
 */
import type { Kysely } from 'kysely'
import { formatInstant, monthOf, type TicketEvent } from '@sla-tracker/shared'
import type { Database } from '../../db/database.js'
import { hashSecret } from '../../lib/api-tokens.js'
import type { SecretBox } from '../../lib/secret-box.js'
import { recomputeAccounts } from '../compute/recompute.service.js'
import { createIncident, createMaintenance } from '../incidents/incidents.service.js'
import { importRegistry } from '../registry/registry-io.service.js'
import {
  findTenantBySubdomain,
  insertApiToken,
  insertTenant,
} from '../tenants/tenants.repository.js'
import type { IngestTicket } from '../tickets/tickets.schemas.js'
import { ingestTicketEvents } from '../tickets/tickets.service.js'
import {
  DEMO_CALENDARS,
  DEMO_NAME,
  DEMO_SHARED_SECRET,
  DEMO_SUBDOMAIN,
  DEMO_TIERS,
  DEMO_TOKEN_ID,
  DEMO_TOKEN_SECRET,
  DEMO_ZONES,
  demoAccountName,
} from './demo-data.js'
import { demoTickets, prng } from './demo-tickets.js'

export interface DemoSummary {
  subdomain: string
  adminToken: string
  sharedSecret: string
  accounts: number
  tickets: number
  /** Whether this start created the tenant (false: it existed and was refreshed). */
  created: boolean
}

export const DEMO_ADMIN_TOKEN = `slat_${DEMO_TOKEN_ID}_${DEMO_TOKEN_SECRET}`
const ACCOUNTS = 100
const TICKETS_PER_ACCOUNT = 40
const BATCH = 500
const DAY = 86_400_000
const ORG_BASE = 360_000_000
const REGIONS = ['us-east', 'us-west', 'eu', 'apac']

/** Tier of account i: 30 Starter, 25 Growth, 20 Scale, 15 Pro, 10 Enterprise. */
function tierOf(i: number): number {
  const r = i % 20
  return r < 6 ? 0 : r < 11 ? 1 : r < 15 ? 2 : r < 18 ? 3 : 4
}

/** Relative reply speed of a tier (Starter slowest), for realistic ticket histories. */
const TIER_SPEED = [3, 2, 1, 0.5, 0.25]

function registryDocument(now: number): unknown {
  const upgradeDate = formatInstant(now - 20 * DAY).slice(0, 10)
  return {
    calendars: DEMO_CALENDARS.map((c) => ({ id: c.id, name: c.name, ...c.definition })),
    tiers: DEMO_TIERS.map((t) => ({ id: t.id, name: t.name, versions: [{ profile: t.profile }] })),
    accounts: Array.from({ length: ACCOUNTS }, (_, i) => {
      const tier = tierOf(i)
      const components = [
        'platform',
        ...(i % 3 !== 2 ? ['api'] : []),
        ...(i % 2 === 0 ? ['dashboard'] : []),
      ]
      const fee = (t: number) => ({
        amountMinor: DEMO_TIERS[t]!.monthlyFeeMinor,
        currency: i % 7 === 3 ? 'EUR' : 'USD',
      })
      // Every tenth account upgraded three weeks ago: its older tickets keep the old terms.
      const contracts =
        i % 10 === 9 && tier > 0
          ? [
              { tier: DEMO_TIERS[tier - 1]!.id, monthlyFee: fee(tier - 1) },
              { effectiveFrom: upgradeDate, tier: DEMO_TIERS[tier]!.id, monthlyFee: fee(tier) },
            ]
          : [{ tier: DEMO_TIERS[tier]!.id, monthlyFee: fee(tier) }]
      return {
        id: `acct-${String(i + 1).padStart(3, '0')}`,
        name: demoAccountName(i),
        timeZone: DEMO_ZONES[i % DEMO_ZONES.length]!,
        organizationId: ORG_BASE + i + 1,
        components,
        regions: [REGIONS[i % REGIONS.length]!],
        contracts,
      }
    }),
  }
}

const iso = (t: number) => formatInstant(t)

function ingestEvents(id: number, events: readonly TicketEvent[]): IngestTicket['events'] {
  return events.map((e, n) => {
    const base = { key: `${id}-${n}`, at: iso(e.at) }
    switch (e.type) {
      case 'created':
        return {
          ...base,
          type: 'created',
          status: e.status ?? 'new',
          priority: e.priority ?? null,
          ...(e.by ? { by: e.by } : {}),
        }
      case 'status-changed':
        return { ...base, type: 'status-changed', status: e.status }
      case 'priority-changed':
        return { ...base, type: 'priority-changed', priority: e.priority }
      case 'reopened':
        return { ...base, type: 'reopened', ...(e.status ? { status: e.status } : {}) }
      case 'agent-reply':
      case 'internal-note':
      case 'end-user-comment':
      case 'solved':
        return { ...base, type: e.type }
    }
  })
}

/** Seeds (or refreshes) the demo tenant. */
export async function seedDemo(
  db: Kysely<Database>,
  secrets: SecretBox,
  opts: { now: number; log: (message: string) => void },
): Promise<DemoSummary> {
  const { now, log } = opts
  const existing = await findTenantBySubdomain(db, DEMO_SUBDOMAIN)
  if (existing) {
    log('demo tenant present: refreshing this month')
    await recomputeAccounts(db, {
      tenantId: existing.id,
      accountIds: 'all',
      now,
      since: monthOf(now, 'UTC').start - DAY,
    })
    const [a, t] = await Promise.all([
      db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', existing.id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', existing.id)
        .executeTakeFirstOrThrow(),
    ])
    return {
      subdomain: DEMO_SUBDOMAIN,
      adminToken: DEMO_ADMIN_TOKEN,
      sharedSecret: DEMO_SHARED_SECRET,
      accounts: Number(a.n),
      tickets: Number(t.n),
      created: false,
    }
  }

  log('seeding the demo tenant (once)…')
  const tenant = await db.transaction().execute(async (tx) => {
    const row = await insertTenant(tx, {
      subdomain: DEMO_SUBDOMAIN,
      name: DEMO_NAME,
      jwtSecretEnc: secrets.seal(DEMO_SHARED_SECRET),
    })
    await insertApiToken(tx, {
      id: DEMO_TOKEN_ID,
      tenantId: row.id,
      name: 'demo admin token',
      scope: 'admin',
      secretHash: hashSecret(DEMO_TOKEN_SECRET),
    })
    return row
  })
  const who = { tenantId: tenant.id, actor: 'demo-seed', now }
  await importRegistry({ db }, who, registryDocument(now), 'upsert')
  log(
    `  registry: ${DEMO_CALENDARS.length} calendars, ${DEMO_TIERS.length} tiers, ${ACCOUNTS} accounts`,
  )

  // Outages over the last 40 days: some excluded, some maintenance inside or outside the rules.
  const at = (daysAgo: number, hour: number) =>
    Math.floor((now - daysAgo * DAY) / DAY) * DAY + hour * 3_600_000
  // The last Saturday at least two days back, for maintenance inside the contract's window.
  const saturday = (() => {
    let d = Math.floor((now - 2 * DAY) / DAY) * DAY
    while (new Date(d).getUTCDay() !== 6) d -= DAY
    return d
  })()
  const incidents = [
    {
      id: 'inc-platform-deploy',
      title: 'Platform outage after a bad deploy (US East)',
      components: ['platform'],
      regions: ['us-east'],
      impact: 'major' as const,
      start: iso(at(3, 14)),
      end: iso(at(3, 14) + 30 * 60_000),
    },
    {
      id: 'inc-dashboard-down',
      title: 'Dashboard unavailable (US East)',
      components: ['dashboard'],
      regions: ['us-east'],
      impact: 'major' as const,
      start: iso(at(2, 16)),
      end: iso(at(2, 16) + 50 * 60_000),
    },
    {
      id: 'inc-api-eu',
      title: 'API errors in the EU region',
      components: ['api'],
      regions: ['eu'],
      impact: 'partial' as const,
      start: iso(at(9, 8)),
      end: iso(at(9, 8) + 36 * 60_000),
    },
    {
      id: 'inc-dashboard-slow',
      title: 'Dashboard slow to load',
      components: ['dashboard'],
      impact: 'degraded' as const,
      start: iso(at(6, 9)),
      end: iso(at(5, 15)),
    },
    {
      id: 'inc-cloud',
      title: 'Cloud provider network failure',
      components: ['api', 'platform'],
      impact: 'major' as const,
      start: iso(at(25, 2)),
      end: iso(at(25, 3)),
      exclusion: 'force-majeure' as const,
    },
    {
      id: 'inc-api-ongoing',
      title: 'API latency and errors (US West, ongoing)',
      components: ['api'],
      regions: ['us-west'],
      impact: 'major' as const,
      start: iso(now - 12 * 60_000),
    },
  ]
  for (const input of incidents) await createIncident(db, who, input)
  const maintenance = [
    {
      id: 'mnt-db-upgrade',
      title: 'Database upgrade',
      components: ['platform', 'api'],
      start: iso(saturday + 2 * 3_600_000),
      end: iso(saturday + 4 * 3_600_000),
      announcedAt: iso(saturday - 5 * DAY),
    },
    {
      id: 'mnt-security-patch',
      title: 'Emergency security patch',
      components: ['platform'],
      start: iso(at(7, 22)),
      end: iso(at(7, 22) + 10 * 60_000),
      announcedAt: iso(at(7, 22) - 5 * 60_000),
      emergency: true,
    },
  ]
  for (const input of maintenance) await createMaintenance(db, who, input)
  log(`  operations: ${incidents.length} incidents, ${maintenance.length} maintenance windows`)

  const rand = prng(0x5eed)
  const tickets: IngestTicket[] = []
  for (let i = 0; i < ACCOUNTS; i++) {
    for (const t of demoTickets(
      rand,
      100_000 + i * 1000,
      TICKETS_PER_ACCOUNT,
      now,
      TIER_SPEED[tierOf(i)]!,
    )) {
      tickets.push({
        id: t.id,
        organizationId: ORG_BASE + i + 1,
        subject: t.subject,
        events: ingestEvents(t.id, t.events),
      })
    }
  }
  for (let k = 0; k < tickets.length; k += BATCH) {
    await ingestTicketEvents(db, { tenantId: tenant.id, now, tickets: tickets.slice(k, k + BATCH) })
    log(`  tickets: ${Math.min(k + BATCH, tickets.length)} of ${tickets.length}`)
  }
  return {
    subdomain: DEMO_SUBDOMAIN,
    adminToken: DEMO_ADMIN_TOKEN,
    sharedSecret: DEMO_SHARED_SECRET,
    accounts: ACCOUNTS,
    tickets: tickets.length,
    created: true,
  }
}
