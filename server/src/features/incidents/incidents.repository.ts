/**
 * SQL of incidents and maintenance windows. Every statement is tenant-scoped.
 */
import { sql, type Kysely } from 'kysely'
import type { Database, NewRow, Row, RowUpdate } from '../../db/database.js'

export type IncidentRow = Row<'incidents'>
export type MaintenanceRow = Row<'maintenance_windows'>

export interface TimeListQuery {
  from?: Date | undefined
  to?: Date | undefined
  /** Incidents: not ended at `now`. Maintenance: not ended at `now` (in progress or scheduled). */
  openAt?: Date | undefined
  component?: string | undefined
  /** Keyset: items strictly after this (start, id) in (start desc, id desc) order. */
  after?: { start: Date; id: string } | undefined
  limit: number
}

// ---------------------------------------------------------------------------------------------
// Incidents

export function insertIncident(
  db: Kysely<Database>,
  row: NewRow<'incidents'>,
): Promise<IncidentRow | undefined> {
  return db
    .insertInto('incidents')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .returningAll()
    .executeTakeFirst()
}

/** One incident; `forUpdate` locks its row until the end of the transaction. */
export function findIncident(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<IncidentRow | undefined> {
  let q = db
    .selectFrom('incidents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  return q.executeTakeFirst()
}

export function updateIncident(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  set: RowUpdate<'incidents'>,
): Promise<IncidentRow> {
  return db
    .updateTable('incidents')
    .set((eb) => ({ ...set, revision: eb('revision', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function deleteIncident(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<void> {
  await db.deleteFrom('incidents').where('tenant_id', '=', tenantId).where('id', '=', id).execute()
}

export function listIncidents(
  db: Kysely<Database>,
  tenantId: string,
  q: TimeListQuery,
): Promise<IncidentRow[]> {
  let query = db.selectFrom('incidents').selectAll().where('tenant_id', '=', tenantId)
  if (q.to) query = query.where('start_at', '<', q.to)
  if (q.from) {
    const from = q.from
    query = query.where((eb) => eb.or([eb('end_at', 'is', null), eb('end_at', '>', from)]))
  }
  if (q.openAt) {
    const at = q.openAt
    query = query
      .where('start_at', '<=', at)
      .where((eb) => eb.or([eb('end_at', 'is', null), eb('end_at', '>', at)]))
  }
  if (q.component !== undefined) query = query.where(sql<boolean>`components ? ${q.component}`)
  if (q.after) {
    const { start, id } = q.after
    query = query.where((eb) =>
      eb.or([eb('start_at', '<', start), eb.and([eb('start_at', '=', start), eb('id', '<', id)])]),
    )
  }
  return query.orderBy('start_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute()
}

// ---------------------------------------------------------------------------------------------
// Maintenance windows

export function insertMaintenance(
  db: Kysely<Database>,
  row: NewRow<'maintenance_windows'>,
): Promise<MaintenanceRow | undefined> {
  return db
    .insertInto('maintenance_windows')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .returningAll()
    .executeTakeFirst()
}

export function findMaintenance(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<MaintenanceRow | undefined> {
  let q = db
    .selectFrom('maintenance_windows')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  return q.executeTakeFirst()
}

export function updateMaintenance(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  set: RowUpdate<'maintenance_windows'>,
): Promise<MaintenanceRow> {
  return db
    .updateTable('maintenance_windows')
    .set((eb) => ({ ...set, revision: eb('revision', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function deleteMaintenance(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<void> {
  await db
    .deleteFrom('maintenance_windows')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute()
}

export function listMaintenance(
  db: Kysely<Database>,
  tenantId: string,
  q: TimeListQuery,
): Promise<MaintenanceRow[]> {
  let query = db.selectFrom('maintenance_windows').selectAll().where('tenant_id', '=', tenantId)
  if (q.to) query = query.where('start_at', '<', q.to)
  if (q.from) query = query.where('end_at', '>', q.from)
  if (q.openAt) query = query.where('end_at', '>', q.openAt)
  if (q.component !== undefined) query = query.where(sql<boolean>`components ? ${q.component}`)
  if (q.after) {
    const { start, id } = q.after
    query = query.where((eb) =>
      eb.or([eb('start_at', '<', start), eb.and([eb('start_at', '=', start), eb('id', '<', id)])]),
    )
  }
  return query.orderBy('start_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute()
}

/** The tenant's accounts (id, name) among `ids`, or all using any of `components`. */
export function selectAccountNames(
  db: Kysely<Database>,
  tenantId: string,
  by: { ids: readonly string[] } | { components: readonly string[] },
): Promise<Pick<Row<'accounts'>, 'id' | 'name' | 'components' | 'regions'>[]> {
  const list = 'ids' in by ? by.ids : by.components
  if (list.length === 0) return Promise.resolve([])
  return db
    .selectFrom('accounts')
    .select(['id', 'name', 'components', 'regions'])
    .where('tenant_id', '=', tenantId)
    .where(
      'ids' in by
        ? sql<boolean>`id = any(${[...list]}::text[])`
        : sql<boolean>`components ?| ${[...list]}::text[]`,
    )
    .orderBy('id')
    .execute()
}
