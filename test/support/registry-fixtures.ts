/**
 * Registry data for tests of incidents, tickets, recomputation and reads: the examples' calendars,
 * tiers and accounts written straight into the registry tables (as the registry API stores them),
 * with the tenant's registry revision bumped. Also converts the examples' tickets and incidents
 * into API request bodies.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import { parse } from 'yaml'
import type { Database } from '@sla-tracker/server/db'

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url))

export interface ExampleCalendar {
  id: string
  name?: string
  [k: string]: unknown
}
export interface ExampleTier {
  id: string
  name?: string
  versions: { effectiveFrom?: string; profile: Record<string, unknown> }[]
}
export interface ExampleAccount {
  id: string
  name: string
  timeZone?: string
  organizationId?: number
  components: string[]
  regions?: string[]
  contracts: {
    effectiveFrom?: string
    tier: string
    monthlyFee: { amountMinor: number; currency: string }
    componentFees?: Record<string, number>
    overrides?: Record<string, unknown>
  }[]
}
export interface ExampleEvent {
  type: string
  at: string
  [k: string]: unknown
}
export interface ExampleTicket {
  id: number | string
  account: string
  subject?: string
  events: ExampleEvent[]
}
export interface Example {
  name?: string
  now: string
  period?: string
  calendars?: ExampleCalendar[]
  tiers: ExampleTier[]
  accounts: ExampleAccount[]
  tickets?: ExampleTicket[]
  incidents?: Record<string, unknown>[]
  maintenance?: Record<string, unknown>[]
}

/** An example scenario from `examples/`, with its `x-` keys (YAML anchors) left out. */
export function loadExample(file: string): Example {
  const raw = parse(readFileSync(`${EXAMPLES}${file}`, 'utf8'), { merge: true }) as Record<
    string,
    unknown
  >
  return Object.fromEntries(
    Object.entries(raw).filter(([k]) => !k.startsWith('x-')),
  ) as unknown as Example
}

/** Writes calendars, tiers and accounts for a tenant and bumps its registry revision. */
export async function seedRegistry(
  db: Kysely<Database>,
  tenantId: string,
  reg: Pick<Example, 'calendars' | 'tiers' | 'accounts'>,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const c of reg.calendars ?? []) {
      const { id, ...definition } = c
      await tx
        .insertInto('calendars')
        .values({ tenant_id: tenantId, id, name: c.name ?? null })
        .execute()
      await tx
        .insertInto('calendar_versions')
        .values({
          tenant_id: tenantId,
          calendar_id: id,
          version: 1,
          effective_from: null,
          definition: JSON.stringify(definition),
        })
        .execute()
    }
    for (const t of reg.tiers) {
      await tx
        .insertInto('tiers')
        .values({ tenant_id: tenantId, id: t.id, name: t.name ?? null })
        .execute()
      await tx
        .insertInto('tier_versions')
        .values(
          t.versions.map((v, i) => ({
            tenant_id: tenantId,
            tier_id: t.id,
            version: i + 1,
            effective_from: v.effectiveFrom ?? null,
            profile: JSON.stringify(v.profile),
          })),
        )
        .execute()
    }
    for (const a of reg.accounts) await insertAccount(tx, tenantId, a)
    await bumpRevision(tx, tenantId)
  })
}

export async function insertAccount(
  db: Kysely<Database>,
  tenantId: string,
  a: ExampleAccount,
): Promise<void> {
  await db
    .insertInto('accounts')
    .values({
      tenant_id: tenantId,
      id: a.id,
      name: a.name,
      organization_id: a.organizationId ?? null,
      time_zone: a.timeZone ?? 'UTC',
      components: JSON.stringify(a.components),
      regions: JSON.stringify(a.regions ?? []),
      csm: null,
      renewal_date: null,
    })
    .execute()
  await db
    .insertInto('account_contract_versions')
    .values(
      a.contracts.map((c, i) => ({
        tenant_id: tenantId,
        account_id: a.id,
        version: i + 1,
        effective_from: c.effectiveFrom ?? null,
        tier_id: c.tier,
        monthly_fee_minor: c.monthlyFee.amountMinor,
        currency: c.monthlyFee.currency,
        component_fees: JSON.stringify(c.componentFees ?? {}),
        overrides: c.overrides === undefined ? null : JSON.stringify(c.overrides),
      })),
    )
    .execute()
}

export async function bumpRevision(db: Kysely<Database>, tenantId: string): Promise<void> {
  await db
    .updateTable('tenants')
    .set((eb) => ({ registry_revision: eb('registry_revision', '+', 1) }))
    .where('id', '=', tenantId)
    .execute()
}

/** The example's tickets as an ingest batch, each event keyed by its position. */
export function ingestBatch(
  tickets: readonly ExampleTicket[],
  map: (t: ExampleTicket) => { accountId?: string; organizationId?: number } = (t) => ({
    accountId: t.account,
  }),
): { tickets: Record<string, unknown>[] } {
  return {
    tickets: tickets.map((t) => ({
      id: Number(t.id),
      ...map(t),
      ...(t.subject !== undefined ? { subject: t.subject } : {}),
      events: t.events.map((e, i) => ({ key: `${t.id}-${i}`, ...e })),
    })),
  }
}
