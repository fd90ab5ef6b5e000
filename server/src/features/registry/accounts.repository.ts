/**
 * SQL of accounts and their contract versions. Every query is scoped to one tenant.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { chunks, type AccountRow, type ContractVersionRow } from './registry.repository.js'

export interface AccountFilter {
  /** Accounts with an id after this one (keyset pagination, ordered by id). */
  after?: string | undefined
  /** Substring of the id or the name, case-insensitive. */
  q?: string | undefined
  organizationId?: number | undefined
  /** Accounts with a contract version on this tier (any version; the caller narrows). */
  anyVersionOnTier?: string | undefined
  limit: number
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export function selectAccountPage(
  db: Kysely<Database>,
  tenantId: string,
  f: AccountFilter,
): Promise<AccountRow[]> {
  let q = db.selectFrom('accounts as a').selectAll('a').where('a.tenant_id', '=', tenantId)
  if (f.after !== undefined) q = q.where('a.id', '>', f.after)
  if (f.q !== undefined && f.q !== '') {
    const pattern = likePattern(f.q)
    q = q.where((eb) => eb.or([eb('a.id', 'ilike', pattern), eb('a.name', 'ilike', pattern)]))
  }
  if (f.organizationId !== undefined) q = q.where('a.organization_id', '=', f.organizationId)
  if (f.anyVersionOnTier !== undefined) {
    const tier = f.anyVersionOnTier
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('account_contract_versions as v')
          .select('v.version')
          .whereRef('v.tenant_id', '=', 'a.tenant_id')
          .whereRef('v.account_id', '=', 'a.id')
          .where('v.tier_id', '=', tier),
      ),
    )
  }
  return q.orderBy('a.id').limit(f.limit).execute()
}

/** One account; `forUpdate` locks its row until the transaction ends. */
export function selectAccount(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<AccountRow | undefined> {
  const q = db
    .selectFrom('accounts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst()
}

/** Accounts by id (all of the tenant's with `'all'`), ordered by id. */
export function selectAccounts(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly string[] | 'all',
): Promise<AccountRow[]> {
  if (ids !== 'all' && ids.length === 0) return Promise.resolve([])
  let q = db.selectFrom('accounts').selectAll().where('tenant_id', '=', tenantId)
  if (ids !== 'all') q = q.where('id', 'in', ids)
  return q.orderBy('id').execute()
}

/** Contract versions of the given accounts (all with `'all'`), by account and version. */
export function selectContractVersions(
  db: Kysely<Database>,
  tenantId: string,
  accountIds: readonly string[] | 'all',
): Promise<ContractVersionRow[]> {
  if (accountIds !== 'all' && accountIds.length === 0) return Promise.resolve([])
  let q = db.selectFrom('account_contract_versions').selectAll().where('tenant_id', '=', tenantId)
  if (accountIds !== 'all') q = q.where('account_id', 'in', accountIds)
  return q.orderBy('account_id').orderBy('version').execute()
}

/** The account that maps a Zendesk organization, if any. */
export async function selectAccountIdByOrganization(
  db: Kysely<Database>,
  tenantId: string,
  organizationId: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst()
  return row?.id
}

/** Every (account, organization) pair of the tenant that has an organization. */
export function selectOrganizationIds(
  db: Kysely<Database>,
  tenantId: string,
): Promise<{ id: string; organization_id: number | null }[]> {
  return db
    .selectFrom('accounts')
    .select(['id', 'organization_id'])
    .where('tenant_id', '=', tenantId)
    .where('organization_id', 'is not', null)
    .execute()
}

export interface AccountFields {
  id: string
  name: string
  timeZone: string
  organizationId: number | null
  components: readonly string[]
  regions: readonly string[]
  csm: string | null
  renewalDate: string | null
}

function fieldColumns(a: AccountFields) {
  return {
    name: a.name,
    time_zone: a.timeZone,
    organization_id: a.organizationId,
    components: JSON.stringify(a.components),
    regions: JSON.stringify(a.regions),
    csm: a.csm,
    renewal_date: a.renewalDate,
  }
}

/**
 * Inserts accounts, or updates those that exist (fields, revision, updated_at; created_at stays),
 * in batches.
 */
export async function upsertAccounts(
  db: Kysely<Database>,
  tenantId: string,
  accounts: readonly (AccountFields & { revision: number })[],
  at: Date,
): Promise<void> {
  for (const part of chunks(accounts)) {
    await db
      .insertInto('accounts')
      .values(
        part.map((a) => ({
          tenant_id: tenantId,
          id: a.id,
          ...fieldColumns(a),
          revision: a.revision,
          created_at: at,
          updated_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          time_zone: eb.ref('excluded.time_zone'),
          organization_id: eb.ref('excluded.organization_id'),
          components: eb.ref('excluded.components'),
          regions: eb.ref('excluded.regions'),
          csm: eb.ref('excluded.csm'),
          renewal_date: eb.ref('excluded.renewal_date'),
          revision: eb.ref('excluded.revision'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute()
  }
}

/**
 * Clears the organization of the given accounts, so a batch that moves organizations between
 * accounts never trips the uniqueness constraint half-way.
 */
export async function clearOrganizations(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly string[],
): Promise<void> {
  for (const part of chunks(ids)) {
    await db
      .updateTable('accounts')
      .set({ organization_id: null })
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', part)
      .where('organization_id', 'is not', null)
      .execute()
  }
}

export async function deleteAccountRows(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly string[],
): Promise<void> {
  for (const part of chunks(ids)) {
    await db
      .deleteFrom('accounts')
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', part)
      .execute()
  }
}

export interface NewContractVersion {
  accountId: string
  version: number
  effectiveFrom: string | null
  tierId: string
  monthlyFeeMinor: number
  currency: string
  componentFees: Readonly<Record<string, number>>
  overrides: Readonly<Record<string, unknown>> | null
}

/** Inserts contract versions, or replaces those with the same numbers. */
export async function upsertContractVersions(
  db: Kysely<Database>,
  tenantId: string,
  versions: readonly NewContractVersion[],
  at: Date,
): Promise<void> {
  for (const part of chunks(versions)) {
    await db
      .insertInto('account_contract_versions')
      .values(
        part.map((v) => ({
          tenant_id: tenantId,
          account_id: v.accountId,
          version: v.version,
          effective_from: v.effectiveFrom,
          tier_id: v.tierId,
          monthly_fee_minor: v.monthlyFeeMinor,
          currency: v.currency,
          component_fees: JSON.stringify(v.componentFees),
          overrides: v.overrides === null ? null : JSON.stringify(v.overrides),
          created_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'account_id', 'version']).doUpdateSet((eb) => ({
          effective_from: eb.ref('excluded.effective_from'),
          tier_id: eb.ref('excluded.tier_id'),
          monthly_fee_minor: eb.ref('excluded.monthly_fee_minor'),
          currency: eb.ref('excluded.currency'),
          component_fees: eb.ref('excluded.component_fees'),
          overrides: eb.ref('excluded.overrides'),
        })),
      )
      .execute()
  }
}

export async function deleteContractVersionsAbove(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
  keep: number,
): Promise<void> {
  await db
    .deleteFrom('account_contract_versions')
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .where('version', '>', keep)
    .execute()
}
