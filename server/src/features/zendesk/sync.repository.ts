/**
 * SQL of the sync: each export page is stored with set-based statements (rows travel as one JSON
 * parameter), and the stream's position advances in the same transaction — so a crash between
 * pages loses nothing and repeats nothing that was committed, and a page fetched twice (export
 * duplicates, restarts) changes nothing the second time.
 */
import { sql, type Kysely } from 'kysely'
import type { ZendeskOrganization } from '@sla-tracker/shared'
import type { Database, Row, SyncStream } from '../../db/database.js'

export type StreamRow = Row<'zendesk_sync_streams'>

export function selectStreams(db: Kysely<Database>, tenantId: string): Promise<StreamRow[]> {
  return db
    .selectFrom('zendesk_sync_streams')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .execute()
}

export interface StreamAdvance {
  cursor?: string | null
  startTime?: number | null
  endOfStream: boolean
  items: number
  /** The newest change delivered so far (kept when this page had none newer). */
  positionAt: Date | null
  at: Date
}

/** Moves a stream past a page (in the page's transaction). */
export async function advanceStream(
  tx: Kysely<Database>,
  tenantId: string,
  stream: SyncStream,
  a: StreamAdvance,
): Promise<void> {
  await tx
    .insertInto('zendesk_sync_streams')
    .values({
      tenant_id: tenantId,
      stream,
      cursor: a.cursor ?? null,
      start_time: a.startTime ?? null,
      end_of_stream: a.endOfStream,
      items_total: a.items,
      pages_total: 1,
      last_page_at: a.at,
      position_at: a.positionAt,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'stream']).doUpdateSet((eb) => ({
        cursor: a.cursor === undefined ? eb.ref('zendesk_sync_streams.cursor') : a.cursor,
        start_time:
          a.startTime === undefined ? eb.ref('zendesk_sync_streams.start_time') : a.startTime,
        end_of_stream: a.endOfStream,
        items_total: sql<number>`zendesk_sync_streams.items_total + ${a.items}`,
        pages_total: sql<number>`zendesk_sync_streams.pages_total + 1`,
        last_page_at: a.at,
        position_at: sql<Date>`greatest(zendesk_sync_streams.position_at, ${a.positionAt}::timestamptz)`,
      })),
    )
    .execute()
}

/** Forgets streams' positions: their next page starts again from the connection's start. */
export async function resetStreams(
  db: Kysely<Database>,
  tenantId: string,
  streams: readonly SyncStream[],
): Promise<void> {
  await db
    .deleteFrom('zendesk_sync_streams')
    .where('tenant_id', '=', tenantId)
    .where('stream', 'in', [...streams])
    .execute()
}

export interface UserRow {
  id: number
  name: string | null
  role: string
  organization_id: number | null
  updated_at: string | null
}

export async function upsertUsers(
  tx: Kysely<Database>,
  tenantId: string,
  users: readonly UserRow[],
): Promise<void> {
  if (users.length === 0) return
  await sql`
    insert into zendesk_users (tenant_id, id, name, role, organization_id, updated_at)
    select ${tenantId}, x.id, x.name, x.role, x.organization_id, x.updated_at
      from jsonb_to_recordset(${JSON.stringify(users)}::jsonb)
           as x(id bigint, name text, role text, organization_id bigint, updated_at timestamptz)
    on conflict (tenant_id, id) do update
      set name = excluded.name, role = excluded.role,
          organization_id = excluded.organization_id, updated_at = excluded.updated_at`.execute(tx)
}

/** Roles of the tenant's known users among `ids`. */
export async function selectUserRoles(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly number[],
): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('zendesk_users')
    .select(['id', 'role'])
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`id = any(${[...ids]}::bigint[])`)
    .execute()
  return new Map(rows.map((r) => [Number(r.id), r.role]))
}

export interface OrganizationRow {
  id: number
  name: string
  external_id: string | null
  contract_tier: string | null
  deleted: boolean
  updated_at: string | null
}

export async function upsertOrganizations(
  tx: Kysely<Database>,
  tenantId: string,
  orgs: readonly OrganizationRow[],
): Promise<void> {
  if (orgs.length === 0) return
  await sql`
    insert into zendesk_organizations (tenant_id, id, name, external_id, contract_tier, deleted, updated_at)
    select ${tenantId}, x.id, x.name, x.external_id, x.contract_tier, x.deleted, x.updated_at
      from jsonb_to_recordset(${JSON.stringify(orgs)}::jsonb)
           as x(id bigint, name text, external_id text, contract_tier text, deleted boolean, updated_at timestamptz)
    on conflict (tenant_id, id) do update
      set name = excluded.name, external_id = excluded.external_id,
          contract_tier = excluded.contract_tier, deleted = excluded.deleted,
          updated_at = excluded.updated_at`.execute(tx)
}

/** A ticket as the export shows it (the Zendesk side). */
export interface ExportedTicketRow {
  id: number
  subject: string | null
  organization_id: number | null
  requester_id: number | null
  zd_status: string
  zd_tags: string[]
  zd_fields: Record<string, unknown>
  zd_updated_at: string
  zd_generated_at: number
  created_at: string
}

/**
 * Upserts exported tickets. A ticket's account follows its organization (the account mapped to
 * it, or none); a new ticket, or one whose account changed, is marked for recomputation.
 * Returns the accounts that lost a ticket (their months change too), each with the ticket's
 * creation instant.
 */
export async function upsertExportedTickets(
  tx: Kysely<Database>,
  tenantId: string,
  tickets: readonly ExportedTicketRow[],
): Promise<{ account: string; since: Date }[]> {
  if (tickets.length === 0) return []
  const r = await sql<{ old_account: string | null; created_at: Date }>`
    with x as (
      select x.*, a.id as account_id
        from jsonb_to_recordset(${JSON.stringify(tickets)}::jsonb)
             as x(id bigint, subject text, organization_id bigint, requester_id bigint,
                  zd_status text, zd_tags jsonb, zd_fields jsonb, zd_updated_at timestamptz,
                  zd_generated_at bigint, created_at timestamptz)
        left join accounts a on a.tenant_id = ${tenantId} and a.organization_id = x.organization_id
    ),
    old as (
      select t.id, t.account_id from tickets t
       where t.tenant_id = ${tenantId} and t.id in (select id from x)
       for update
    ),
    up as (
      insert into tickets (tenant_id, id, account_id, organization_id, subject, status, priority,
                           created_at, updated_at, requester_id, zd_status, zd_tags, zd_fields,
                           zd_updated_at, zd_generated_at, needs_recompute)
      select ${tenantId}, x.id, x.account_id, x.organization_id, x.subject, 'new', null,
             x.created_at, x.created_at, x.requester_id, x.zd_status, x.zd_tags, x.zd_fields,
             x.zd_updated_at, x.zd_generated_at, true
        from x
      on conflict (tenant_id, id) do update
        set account_id = excluded.account_id,
            organization_id = excluded.organization_id,
            subject = coalesce(excluded.subject, tickets.subject),
            requester_id = excluded.requester_id,
            zd_status = excluded.zd_status,
            zd_tags = excluded.zd_tags,
            zd_fields = excluded.zd_fields,
            zd_updated_at = excluded.zd_updated_at,
            zd_generated_at = excluded.zd_generated_at,
            needs_recompute = tickets.needs_recompute
              or tickets.account_id is distinct from excluded.account_id
        where tickets.zd_generated_at is null or tickets.zd_generated_at <= excluded.zd_generated_at
      returning id
    )
    select old.account_id as old_account, x.created_at
      from old join x on x.id = old.id
     where old.account_id is not null and old.account_id is distinct from x.account_id
       and old.id in (select id from up)`.execute(tx)
  return r.rows.map((row) => ({ account: row.old_account!, since: row.created_at }))
}

/** Deletes tickets Zendesk deleted (their clocks and events go with them). Returns their accounts. */
export async function deleteTickets(
  tx: Kysely<Database>,
  tenantId: string,
  ids: readonly number[],
): Promise<{ account: string; since: Date }[]> {
  if (ids.length === 0) return []
  const rows = await tx
    .deleteFrom('tickets')
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`id = any(${[...ids]}::bigint[])`)
    .returning(['account_id', 'created_at'])
    .execute()
  return rows.flatMap((r) =>
    r.account_id === null ? [] : [{ account: r.account_id, since: r.created_at }],
  )
}

export interface SyncedEventRow {
  ticket_id: number
  event_key: string
  at: string
  seq: number
  type: string
  data: Record<string, unknown>
}

/**
 * Inserts events (a key already stored for its ticket is skipped); a ticket the ticket export
 * has not shown yet gets a placeholder row. Tickets that received a new event are marked for
 * recomputation. Returns how many events were new.
 */
export async function insertSyncedEvents(
  tx: Kysely<Database>,
  tenantId: string,
  rows: readonly SyncedEventRow[],
): Promise<number> {
  if (rows.length === 0) return 0
  // One statement: the new events, then their tickets upserted — a placeholder for a ticket the
  // ticket export has not shown yet, else marked for recomputation. The foreign key is checked
  // at the end of the statement, when the placeholders exist.
  const r = await sql<{ n: number }>`
    with x as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(ticket_id bigint, event_key text, at timestamptz, seq int, type text, data jsonb)
    ),
    ins as (
      insert into ticket_events (tenant_id, ticket_id, event_key, at, seq, type, data)
      select ${tenantId}::uuid, x.ticket_id, x.event_key, x.at, x.seq, x.type, x.data from x
      on conflict (tenant_id, ticket_id, event_key) do nothing
      returning ticket_id, at
    ),
    touched as (
      insert into tickets (tenant_id, id, status, created_at, updated_at, needs_recompute)
      select distinct on (ins.ticket_id) ${tenantId}::uuid, ins.ticket_id, 'new', ins.at, ins.at, true
        from ins order by ins.ticket_id, ins.at
      on conflict (tenant_id, id) do update set needs_recompute = true
        where not tickets.needs_recompute
      returning id
    )
    select (select count(*) from ins)::int as n, (select count(*) from touched) as t`.execute(tx)
  return Number(r.rows[0]?.n ?? 0)
}

/** Up to `limit` tickets marked for recomputation. */
export function selectTicketsToRecompute(
  db: Kysely<Database>,
  tenantId: string,
  limit: number,
): Promise<Row<'tickets'>[]> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('needs_recompute', '=', true)
    .orderBy('id')
    .limit(limit)
    .execute()
}

export async function clearRecompute(
  tx: Kysely<Database>,
  tenantId: string,
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return
  await tx
    .updateTable('tickets')
    .set({ needs_recompute: false })
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`id = any(${[...ids]}::bigint[])`)
    .execute()
}

/** The tenant's synced organizations with their account mapping, by id, after `after`. */
export async function listOrganizations(
  db: Kysely<Database>,
  tenantId: string,
  q: { after?: number; limit: number; search?: string; unmapped?: boolean },
): Promise<ZendeskOrganization[]> {
  const r = await sql<{
    id: number
    name: string
    external_id: string | null
    contract_tier: string | null
    account_id: string | null
    open_tickets: number
  }>`
    select o.id, o.name, o.external_id, o.contract_tier, a.id as account_id,
           (select count(*)::int from tickets t
             where t.tenant_id = o.tenant_id and t.organization_id = o.id
               and t.zd_status in ('new', 'open', 'pending', 'hold')) as open_tickets
      from zendesk_organizations o
      left join accounts a on a.tenant_id = o.tenant_id and a.organization_id = o.id
     where o.tenant_id = ${tenantId} and not o.deleted
       and o.id > ${q.after ?? 0}
       and (${q.search ?? null}::text is null or o.name ilike '%' || ${q.search ?? ''} || '%')
       and (not ${q.unmapped ?? false} or a.id is null)
     order by o.id
     limit ${q.limit}`.execute(db)
  return r.rows.map((x) => ({
    id: Number(x.id),
    name: x.name,
    externalId: x.external_id,
    contractTier: x.contract_tier,
    accountId: x.account_id,
    openTickets: x.open_tickets,
  }))
}
