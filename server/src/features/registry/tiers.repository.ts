/**
 * SQL of tier templates and their versions. Every query is scoped to one tenant.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { chunks, type TierRow, type TierVersionRow } from './registry.repository.js'

export interface TierSummaryRow extends TierRow {
  version_count: number
  account_count: number
}

export async function selectTierSummaries(
  db: Kysely<Database>,
  tenantId: string,
): Promise<TierSummaryRow[]> {
  const rows = await db
    .selectFrom('tiers as t')
    .selectAll('t')
    .select((eb) => [
      eb
        .selectFrom('tier_versions as v')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('v.tenant_id', '=', 't.tenant_id')
        .whereRef('v.tier_id', '=', 't.id')
        .as('version_count'),
      eb
        .selectFrom('account_contract_versions as a')
        .select((sub) => sub.fn.count<string>('a.account_id').distinct().as('n'))
        .whereRef('a.tenant_id', '=', 't.tenant_id')
        .whereRef('a.tier_id', '=', 't.id')
        .as('account_count'),
    ])
    .where('t.tenant_id', '=', tenantId)
    .orderBy('t.id')
    .execute()
  return rows.map((r) => ({
    ...r,
    version_count: Number(r.version_count ?? 0),
    account_count: Number(r.account_count ?? 0),
  }))
}

/** One tier; `forUpdate` locks its row until the transaction ends. */
export function selectTier(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<TierRow | undefined> {
  const q = db
    .selectFrom('tiers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst()
}

export function selectTierVersions(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<TierVersionRow[]> {
  return db
    .selectFrom('tier_versions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('tier_id', '=', id)
    .orderBy('version')
    .execute()
}

export async function insertTier(
  db: Kysely<Database>,
  t: { tenantId: string; id: string; name: string | null; at: Date },
): Promise<void> {
  await db
    .insertInto('tiers')
    .values({ tenant_id: t.tenantId, id: t.id, name: t.name, created_at: t.at, updated_at: t.at })
    .execute()
}

/** Sets the name and moves the revision on (the caller holds the row lock). */
export async function updateTierRow(
  db: Kysely<Database>,
  t: { tenantId: string; id: string; name: string | null; revision: number; at: Date },
): Promise<void> {
  await db
    .updateTable('tiers')
    .set({ name: t.name, revision: t.revision, updated_at: t.at })
    .where('tenant_id', '=', t.tenantId)
    .where('id', '=', t.id)
    .execute()
}

export interface NewTierVersion {
  version: number
  effectiveFrom: string | null
  profile: unknown
}

/** Inserts versions, or replaces those with the same numbers. */
export async function upsertTierVersions(
  db: Kysely<Database>,
  tenantId: string,
  tierId: string,
  versions: readonly NewTierVersion[],
  at: Date,
): Promise<void> {
  for (const part of chunks(versions)) {
    await db
      .insertInto('tier_versions')
      .values(
        part.map((v) => ({
          tenant_id: tenantId,
          tier_id: tierId,
          version: v.version,
          effective_from: v.effectiveFrom,
          profile: JSON.stringify(v.profile),
          created_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'tier_id', 'version']).doUpdateSet((eb) => ({
          effective_from: eb.ref('excluded.effective_from'),
          profile: eb.ref('excluded.profile'),
        })),
      )
      .execute()
  }
}

export async function deleteTierVersionsAbove(
  db: Kysely<Database>,
  tenantId: string,
  tierId: string,
  keep: number,
): Promise<void> {
  await db
    .deleteFrom('tier_versions')
    .where('tenant_id', '=', tenantId)
    .where('tier_id', '=', tierId)
    .where('version', '>', keep)
    .execute()
}

export async function deleteTierRows(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return
  await db.deleteFrom('tiers').where('tenant_id', '=', tenantId).where('id', 'in', ids).execute()
}

/** Accounts with a contract version (past, current or future) on any of the tiers. */
export async function selectAccountsUsingTiers(
  db: Kysely<Database>,
  tenantId: string,
  tierIds: readonly string[],
): Promise<string[]> {
  if (tierIds.length === 0) return []
  const rows = await db
    .selectFrom('account_contract_versions')
    .select('account_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('tier_id', 'in', tierIds)
    .orderBy('account_id')
    .execute()
  return rows.map((r) => r.account_id)
}
