import type { Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'

export type AuditRow = Row<'audit_log'>

export interface AuditEntry {
  tenantId: string
  at: Date
  actor: string
  action:
    | 'create'
    | 'update'
    | 'delete'
    | 'import'
    | 'resolve'
    | 'rotate'
    | 'revoke'
    | 'connect'
    | 'disconnect'
    | 'backfill'
  entity: string
  entityId: string
  before: unknown
  after: unknown
}

/** Appends to the audit log (inside the caller's transaction, so a rolled-back change leaves no entry). */
export async function appendAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      tenant_id: e.tenantId,
      at: e.at,
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    })
    .execute()
}

export interface AuditQuery {
  entity?: string | undefined
  entityId?: string | undefined
  /** Entries with an id below this (pagination backwards in time). */
  before?: number | undefined
  limit: number
}

export function listAudit(
  db: Kysely<Database>,
  tenantId: string,
  q: AuditQuery,
): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId)
  if (q.entity !== undefined) query = query.where('entity', '=', q.entity)
  if (q.entityId !== undefined) query = query.where('entity_id', '=', q.entityId)
  if (q.before !== undefined) query = query.where('id', '<', q.before)
  return query.orderBy('id', 'desc').limit(q.limit).execute()
}
