/**
 * SQL of business calendars and their versions. Every query is scoped to one tenant.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { chunks, type CalendarRow, type CalendarVersionRow } from './registry.repository.js'

export interface CalendarSummaryRow extends CalendarRow {
  version_count: number
}

export async function selectCalendarSummaries(
  db: Kysely<Database>,
  tenantId: string,
): Promise<CalendarSummaryRow[]> {
  const rows = await db
    .selectFrom('calendars as c')
    .selectAll('c')
    .select((eb) =>
      eb
        .selectFrom('calendar_versions as v')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('v.tenant_id', '=', 'c.tenant_id')
        .whereRef('v.calendar_id', '=', 'c.id')
        .as('version_count'),
    )
    .where('c.tenant_id', '=', tenantId)
    .orderBy('c.id')
    .execute()
  return rows.map((r) => ({ ...r, version_count: Number(r.version_count ?? 0) }))
}

/** One calendar; `forUpdate` locks its row until the transaction ends. */
export function selectCalendar(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CalendarRow | undefined> {
  const q = db
    .selectFrom('calendars')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst()
}

export function selectCalendarVersions(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<CalendarVersionRow[]> {
  return db
    .selectFrom('calendar_versions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('calendar_id', '=', id)
    .orderBy('version')
    .execute()
}

export async function insertCalendar(
  db: Kysely<Database>,
  c: { tenantId: string; id: string; name: string | null; at: Date },
): Promise<void> {
  await db
    .insertInto('calendars')
    .values({
      tenant_id: c.tenantId,
      id: c.id,
      name: c.name,
      created_at: c.at,
      updated_at: c.at,
    })
    .execute()
}

/** Sets the name and moves the revision on (the caller holds the row lock). */
export async function updateCalendarRow(
  db: Kysely<Database>,
  c: { tenantId: string; id: string; name: string | null; revision: number; at: Date },
): Promise<void> {
  await db
    .updateTable('calendars')
    .set({ name: c.name, revision: c.revision, updated_at: c.at })
    .where('tenant_id', '=', c.tenantId)
    .where('id', '=', c.id)
    .execute()
}

export interface NewCalendarVersion {
  version: number
  effectiveFrom: string | null
  definition: unknown
}

/** Inserts versions, or replaces those with the same numbers. */
export async function upsertCalendarVersions(
  db: Kysely<Database>,
  tenantId: string,
  calendarId: string,
  versions: readonly NewCalendarVersion[],
  at: Date,
): Promise<void> {
  for (const part of chunks(versions)) {
    await db
      .insertInto('calendar_versions')
      .values(
        part.map((v) => ({
          tenant_id: tenantId,
          calendar_id: calendarId,
          version: v.version,
          effective_from: v.effectiveFrom,
          definition: JSON.stringify(v.definition),
          created_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'calendar_id', 'version']).doUpdateSet((eb) => ({
          effective_from: eb.ref('excluded.effective_from'),
          definition: eb.ref('excluded.definition'),
        })),
      )
      .execute()
  }
}

/** Removes the versions numbered above `keep` (after a replacement with fewer versions). */
export async function deleteCalendarVersionsAbove(
  db: Kysely<Database>,
  tenantId: string,
  calendarId: string,
  keep: number,
): Promise<void> {
  await db
    .deleteFrom('calendar_versions')
    .where('tenant_id', '=', tenantId)
    .where('calendar_id', '=', calendarId)
    .where('version', '>', keep)
    .execute()
}

export async function deleteCalendarRows(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return
  await db
    .deleteFrom('calendars')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute()
}

/** Tiers with a version whose profile names the calendar. */
export async function selectTiersUsingCalendar(
  db: Kysely<Database>,
  tenantId: string,
  calendarId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('tier_versions')
    .select('tier_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where(sql<string>`profile->>'calendar'`, '=', calendarId)
    .orderBy('tier_id')
    .execute()
  return rows.map((r) => r.tier_id)
}

/** Accounts with a contract version whose overrides name the calendar. */
export async function selectAccountsOverridingCalendar(
  db: Kysely<Database>,
  tenantId: string,
  calendarId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('account_contract_versions')
    .select('account_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where(sql<string>`overrides->>'calendar'`, '=', calendarId)
    .orderBy('account_id')
    .execute()
  return rows.map((r) => r.account_id)
}
