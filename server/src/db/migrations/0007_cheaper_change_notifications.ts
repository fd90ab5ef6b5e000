/**
 * The change-notification functions of 0004, cheaper for statements that touch many rows: the
 * distinct ids are counted once (hashed) and only collected, sorted, when there are at most 100
 * of them; above that the payload is `"all": true` as before. The payloads are unchanged. (A
 * sync page of 1,000 tickets used to sort its ids twice only to send `all`.) Frozen.
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

/** Replaces every table's notify function with `body` (its declarations and statements). */
async function replaceFunctions(
  db: Kysely<any>,
  body: (t: { kind: string; id: string; tenant: string }) => string,
): Promise<void> {
  for (const { table, kind, id } of TABLES) {
    const tenant = table === 'tenants' ? 'id' : 'tenant_id'
    await sql
      .raw(
        `create or replace function notify_${table}_changes() returns trigger language plpgsql as $$
${body({ kind, id, tenant })}
  return null;
end $$`,
      )
      .execute(db)
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await replaceFunctions(
    db,
    ({ kind, id, tenant }) => `declare
  r record;
  ids text[];
begin
  for r in
    select t, count(*) as n
      from (select distinct ${tenant}::text as t, ${id} as id from changed) d
     group by t
  loop
    if r.n > 100 then
      perform pg_notify('sla_changes', json_build_object('t', r.t, 'k', '${kind}', 'all', true)::text);
    else
      select array_agg(distinct ${id}) into ids from changed where ${tenant}::text = r.t;
      perform pg_notify('sla_changes', json_build_object('t', r.t, 'k', '${kind}', 'ids', ids)::text);
    end if;
  end loop;`,
  )
}

/** Back to 0004's functions. */
export async function down(db: Kysely<any>): Promise<void> {
  await replaceFunctions(
    db,
    ({ kind, id, tenant }) => `declare
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
  end loop;`,
  )
}
