/**
 * SQL shared by the registry's features: the per-tenant write lock, the registry as a whole
 * (for validation and export) and batched audit entries.
 */
import type { Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import type { AuditEntry } from '../audit/audit.repository.js'
import { bumpRegistryRevision } from './registry.loader.js'

export type CalendarRow = Row<'calendars'>
export type CalendarVersionRow = Row<'calendar_versions'>
export type TierRow = Row<'tiers'>
export type TierVersionRow = Row<'tier_versions'>
export type AccountRow = Row<'accounts'>
export type ContractVersionRow = Row<'account_contract_versions'>

/** Rows per multi-row INSERT (PostgreSQL allows 65,535 parameters per statement). */
const CHUNK = 500

/**
 * Takes the tenant's registry write lock (its tenant row, as the revision bump would) and returns
 * the current registry revision. Every transaction that changes calendars, tiers or accounts calls
 * this FIRST: registry writes of one tenant then run one after another, in one lock order (no
 * deadlocks), and each sees everything committed before it — so a tier change and an account
 * change can never each pass their checks against the other's old state.
 */
export async function lockRegistry(db: Kysely<Database>, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('tenants')
    .select('registry_revision')
    .where('id', '=', tenantId)
    .forNoKeyUpdate()
    .executeTakeFirstOrThrow()
  return row.registry_revision
}

export { bumpRegistryRevision }

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Appends many audit entries at once (inside the caller's transaction). */
export async function insertAuditEntries(
  db: Kysely<Database>,
  entries: readonly AuditEntry[],
): Promise<void> {
  for (const part of chunks(entries)) {
    await db
      .insertInto('audit_log')
      .values(
        part.map((e) => ({
          tenant_id: e.tenantId,
          at: e.at,
          actor: e.actor,
          action: e.action,
          entity: e.entity,
          entity_id: e.entityId,
          before: e.before === undefined ? null : JSON.stringify(e.before),
          after: e.after === undefined ? null : JSON.stringify(e.after),
        })),
      )
      .execute()
  }
}

/** Every calendar of the tenant with its versions (for validation and export). */
export async function selectAllCalendars(
  db: Kysely<Database>,
  tenantId: string,
): Promise<{ rows: CalendarRow[]; versions: CalendarVersionRow[] }> {
  const [rows, versions] = await Promise.all([
    db
      .selectFrom('calendars')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('calendar_versions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('calendar_id')
      .orderBy('version')
      .execute(),
  ])
  return { rows, versions }
}

/** Every tier of the tenant with its versions. */
export async function selectAllTiers(
  db: Kysely<Database>,
  tenantId: string,
): Promise<{ rows: TierRow[]; versions: TierVersionRow[] }> {
  const [rows, versions] = await Promise.all([
    db.selectFrom('tiers').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute(),
    db
      .selectFrom('tier_versions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('tier_id')
      .orderBy('version')
      .execute(),
  ])
  return { rows, versions }
}

/** The ids of the tenant's calendars. */
export async function selectCalendarIds(db: Kysely<Database>, tenantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('calendars')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute()
  return rows.map((r) => r.id)
}
