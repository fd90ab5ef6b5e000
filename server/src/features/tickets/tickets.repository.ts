/**
 * SQL of the ticket ingest: account resolution, ticket upserts and idempotent event inserts.
 */
import { sql, type Kysely } from 'kysely'
import type { Database, NewRow, Row } from '../../db/database.js'

export type AccountRef = Pick<Row<'accounts'>, 'id' | 'organization_id'>

/** The tenant's accounts among `ids`. */
export function findAccountsByIds(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly string[],
): Promise<AccountRef[]> {
  if (ids.length === 0) return Promise.resolve([])
  return db
    .selectFrom('accounts')
    .select(['id', 'organization_id'])
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`id = any(${[...ids]}::text[])`)
    .execute()
}

/** The tenant's accounts mapped to the Zendesk organizations. */
export function findAccountsByOrganizations(
  db: Kysely<Database>,
  tenantId: string,
  organizationIds: readonly number[],
): Promise<AccountRef[]> {
  if (organizationIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('accounts')
    .select(['id', 'organization_id'])
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`organization_id = any(${[...organizationIds]}::bigint[])`)
    .execute()
}

export interface TicketUpsert {
  id: number
  /** Set the account mapping (`accountId`, `organizationId`), or keep the stored one. */
  mapping: { accountId: string | null; organizationId: number | null } | null
  subject: string | null
  /** For a new ticket: its first event (replaced by the replay). */
  firstAt: Date
}

/**
 * Inserts the tickets or updates their mapping and subject. Locks their rows until the end of
 * the transaction (a concurrent ingest of the same tickets waits). Returns the stored rows.
 */
export async function upsertTickets(
  db: Kysely<Database>,
  tenantId: string,
  tickets: readonly TicketUpsert[],
): Promise<Row<'tickets'>[]> {
  const out: Row<'tickets'>[] = []
  const mapped = tickets.filter((t) => t.mapping !== null)
  const kept = tickets.filter((t) => t.mapping === null)
  const values = (list: readonly TicketUpsert[]): NewRow<'tickets'>[] =>
    list.map((t) => ({
      tenant_id: tenantId,
      id: t.id,
      account_id: t.mapping?.accountId ?? null,
      organization_id: t.mapping?.organizationId ?? null,
      subject: t.subject,
      status: 'new',
      priority: null,
      created_at: t.firstAt,
      updated_at: t.firstAt,
      recomputed_at: null,
    }))
  for (let i = 0; i < mapped.length; i += 1000)
    out.push(
      ...(await db
        .insertInto('tickets')
        .values(values(mapped.slice(i, i + 1000)))
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
            account_id: eb.ref('excluded.account_id'),
            organization_id: eb.ref('excluded.organization_id'),
            subject: sql<string | null>`coalesce(excluded.subject, tickets.subject)`,
          })),
        )
        .returningAll()
        .execute()),
    )
  for (let i = 0; i < kept.length; i += 1000)
    out.push(
      ...(await db
        .insertInto('tickets')
        .values(values(kept.slice(i, i + 1000)))
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'id']).doUpdateSet({
            subject: sql<string | null>`coalesce(excluded.subject, tickets.subject)`,
          }),
        )
        .returningAll()
        .execute()),
    )
  return out
}

/** An event to insert; `data` is the event's other fields (an object, stored as jsonb). */
export interface TicketEventInsert {
  ticket_id: number
  event_key: string
  at: Date
  seq: number
  type: string
  data: Record<string, unknown>
}

/**
 * Inserts events; one whose key is already stored for its ticket is skipped. Returns how many
 * were inserted. The rows travel as one JSON parameter per few thousand.
 */
export async function insertTicketEvents(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly TicketEventInsert[],
): Promise<number> {
  let n = 0
  for (let i = 0; i < rows.length; i += 5000) {
    const payload = JSON.stringify(rows.slice(i, i + 5000))
    const r = await sql`
      insert into ticket_events (tenant_id, ticket_id, event_key, at, seq, type, data)
      select ${tenantId}, x.ticket_id, x.event_key, x.at, x.seq, x.type, x.data
        from jsonb_to_recordset(${payload}::jsonb)
             as x(ticket_id bigint, event_key text, at timestamptz, seq int, type text, data jsonb)
      on conflict (tenant_id, ticket_id, event_key) do nothing`.execute(db)
    n += Number(r.numAffectedRows ?? 0n)
  }
  return n
}
