/**
 * Change notifications for read caches: after every statement that changes tickets, their
 * events, accounts, account months, incidents, maintenance or a tenant's registry revision,
 * a `NOTIFY sla_changes` with `{ "t": tenant, "k": kind, "ids": [...] }` (or `"all": true` when
 * the statement touched many rows). NOTIFY is transactional: listeners hear of a change only when
 * it commits. Triggers catch every write path, including ones added later. Frozen.
 */
import { sql, type Kysely } from 'kysely'

const TABLES: { table: string; kind: string; id: string }[] = [
  { table: 'tickets', kind: 'ticket', id: 'id::text' },
  { table: 'ticket_events', kind: 'ticket', id: 'ticket_id::text' },
  { table: 'accounts', kind: 'account', id: 'id' },
  { table: 'account_states', kind: 'account', id: 'account_id' },
  { table: 'incidents', kind: 'outages', id: 'id' },
  { table: 'maintenance_windows', kind: 'outages', id: 'id' },
  { table: 'tenants', kind: 'tenant', id: 'id::text' },
]

/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations see the database untyped */
export async function up(db: Kysely<any>): Promise<void> {
  for (const { table, kind, id } of TABLES) {
    const tenant = table === 'tenants' ? 'id' : 'tenant_id'
    const fn = `notify_${table}_changes`
    await sql
      .raw(
        `create function ${fn}() returns trigger language plpgsql as $$
declare
  r record;
begin
  for r in
    select ${tenant}::text as t, array_agg(distinct ${id}) as ids, count(distinct ${id}) as n
      from changed group by ${tenant}
  loop
    if r.n > 100 then
      perform pg_notify('sla_changes', json_build_object('t', r.t, 'k', '${kind}', 'all', true)::text);
    else
      perform pg_notify('sla_changes', json_build_object('t', r.t, 'k', '${kind}', 'ids', r.ids)::text);
    end if;
  end loop;
  return null;
end $$`,
      )
      .execute(db)
    // Transition tables need one trigger per event.
    for (const [event, ref] of [
      ['insert', 'new table as changed'],
      ['update', 'new table as changed'],
      ['delete', 'old table as changed'],
    ] as const) {
      await sql
        .raw(
          `create trigger ${table}_${event}_notify after ${event} on ${table} referencing ${ref} for each statement execute function ${fn}()`,
        )
        .execute(db)
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { table } of TABLES) {
    for (const event of ['insert', 'update', 'delete'])
      await sql.raw(`drop trigger if exists ${table}_${event}_notify on ${table}`).execute(db)
    await sql.raw(`drop function if exists notify_${table}_changes()`).execute(db)
  }
}
