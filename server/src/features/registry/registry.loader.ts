/**
 * The tenant's registry as the engine needs it: tier templates, versioned calendars (compiled on
 * demand) and accounts with their contract timelines. Tiers and calendars are cached per tenant
 * and registry revision (every registry change bumps the revision), so recomputation does not
 * reload them.
 */
import type { Kysely } from 'kysely'
import {
  buildContractTimeline,
  compileCalendar,
  formatIssues,
  parseDateOrInstant,
  type Account,
  type BusinessCalendar,
  type CalendarDefinition,
  type ContractProfile,
  type ContractTimeline,
  type Tier,
} from '@sla-tracker/shared'
import type { Database } from '../../db/database.js'

export interface CalendarVersion {
  version: number
  effectiveFrom: string | null
  definition: CalendarDefinition
}

export interface TenantRegistry {
  tenantId: string
  revision: number
  tiers: ReadonlyMap<string, Tier>
  calendars: ReadonlyMap<string, readonly CalendarVersion[]>
  /** The calendar `id` in the version in force at `at`, read in `zone` when it has none of its own. */
  calendarFor(id: string, zone: string, at: number): BusinessCalendar
}

export interface AccountContracts {
  account: Account
  timeline: ContractTimeline
}

const cache = new Map<string, TenantRegistry>()

/** Current registry revision of a tenant. */
export async function registryRevision(db: Kysely<Database>, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('tenants')
    .select('registry_revision')
    .where('id', '=', tenantId)
    .executeTakeFirst()
  return row?.registry_revision ?? 0
}

/** Bumps the registry revision (call inside the transaction that changes the registry). */
export async function bumpRegistryRevision(db: Kysely<Database>, tenantId: string): Promise<void> {
  await db
    .updateTable('tenants')
    .set((eb) => ({ registry_revision: eb('registry_revision', '+', 1) }))
    .where('id', '=', tenantId)
    .execute()
}

/** Loads (or reuses) the tenant's tiers and calendars. */
export async function loadRegistry(
  db: Kysely<Database>,
  tenantId: string,
): Promise<TenantRegistry> {
  const revision = await registryRevision(db, tenantId)
  const hit = cache.get(tenantId)
  if (hit && hit.revision === revision) return hit
  // Only committed data is cached: inside a transaction (which may still roll back and leave its
  // revision number to be reused), load without caching.
  const cacheable = !db.isTransaction
  const [tierRows, tierVersionRows, calendarVersionRows] = await Promise.all([
    db.selectFrom('tiers').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
    db
      .selectFrom('tier_versions')
      .select(['tier_id', 'version', 'effective_from', 'profile'])
      .where('tenant_id', '=', tenantId)
      .orderBy('tier_id')
      .orderBy('version')
      .execute(),
    db
      .selectFrom('calendar_versions')
      .select(['calendar_id', 'version', 'effective_from', 'definition'])
      .where('tenant_id', '=', tenantId)
      .orderBy('calendar_id')
      .orderBy('version')
      .execute(),
  ])
  const tiers = new Map<string, Tier>()
  for (const t of tierRows) {
    const versions = tierVersionRows
      .filter((v) => v.tier_id === t.id)
      .map((v) => ({
        ...(v.effective_from !== null ? { effectiveFrom: v.effective_from } : {}),
        profile: v.profile as ContractProfile,
      }))
    if (versions.length > 0)
      tiers.set(t.id, { id: t.id, ...(t.name !== null ? { name: t.name } : {}), versions })
  }
  const calendars = new Map<string, CalendarVersion[]>()
  for (const v of calendarVersionRows) {
    const list = calendars.get(v.calendar_id) ?? []
    list.push({
      version: v.version,
      effectiveFrom: v.effective_from,
      definition: v.definition as CalendarDefinition,
    })
    calendars.set(v.calendar_id, list)
  }
  const compiled = new Map<string, BusinessCalendar>()
  const registry: TenantRegistry = {
    tenantId,
    revision,
    tiers,
    calendars,
    calendarFor(id, zone, at) {
      const versions = calendars.get(id)
      if (!versions || versions.length === 0)
        throw new Error(`calendar "${id}" is not in the registry`)
      let chosen = versions[0]!
      for (const v of versions) {
        const from =
          v.effectiveFrom === null
            ? -Infinity
            : (parseDateOrInstant(v.effectiveFrom, zone) ?? Infinity)
        if (from <= at) chosen = v
      }
      const key = `${id}|${chosen.version}|${zone}`
      let cal = compiled.get(key)
      if (!cal) {
        cal = compileCalendar(chosen.definition, zone)
        compiled.set(key, cal)
      }
      return cal
    },
  }
  if (cacheable) cache.set(tenantId, registry)
  return registry
}

/** The engine's view of stored accounts (all of the tenant's, or the given ones). */
export async function loadAccounts(
  db: Kysely<Database>,
  tenantId: string,
  accountIds?: readonly string[],
): Promise<Account[]> {
  if (accountIds && accountIds.length === 0) return []
  let aq = db.selectFrom('accounts').selectAll().where('tenant_id', '=', tenantId)
  let vq = db.selectFrom('account_contract_versions').selectAll().where('tenant_id', '=', tenantId)
  if (accountIds) {
    aq = aq.where('id', 'in', accountIds)
    vq = vq.where('account_id', 'in', accountIds)
  }
  const [rows, versions] = await Promise.all([
    aq.orderBy('id').execute(),
    vq.orderBy('account_id').orderBy('version').execute(),
  ])
  const byAccount = new Map<string, typeof versions>()
  for (const v of versions) {
    const list = byAccount.get(v.account_id) ?? []
    list.push(v)
    byAccount.set(v.account_id, list)
  }
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    timeZone: r.time_zone,
    ...(r.organization_id !== null ? { organizationId: r.organization_id } : {}),
    components: r.components,
    regions: r.regions,
    contracts: (byAccount.get(r.id) ?? []).map((v) => ({
      ...(v.effective_from !== null ? { effectiveFrom: v.effective_from } : {}),
      tier: v.tier_id,
      monthlyFee: { amountMinor: v.monthly_fee_minor, currency: v.currency },
      ...(Object.keys(v.component_fees).length > 0 ? { componentFees: v.component_fees } : {}),
      ...(v.overrides !== null ? { overrides: v.overrides } : {}),
    })),
  }))
}

/**
 * Accounts with their contract timelines. Stored contracts were validated when written; a
 * timeline that no longer builds means the registry changed under it without the checks
 * (a bug), so it throws with the problems.
 */
export async function loadAccountContracts(
  db: Kysely<Database>,
  registry: TenantRegistry,
  accountIds?: readonly string[],
): Promise<Map<string, AccountContracts>> {
  const accounts = await loadAccounts(db, registry.tenantId, accountIds)
  const out = new Map<string, AccountContracts>()
  const ctx = { calendarIds: new Set(registry.calendars.keys()) }
  for (const account of accounts) {
    if (account.contracts.length === 0) continue
    const tl = buildContractTimeline(account, registry.tiers, '', ctx)
    if (!tl.ok)
      throw new Error(
        `stored contract of account "${account.id}" does not build:\n${formatIssues(tl.issues).join('\n')}`,
      )
    out.set(account.id, { account, timeline: tl.value })
  }
  return out
}
