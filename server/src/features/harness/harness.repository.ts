/** The demo data the harness offers: tickets with their clocks' states, mapped organizations. */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

export interface HarnessTicket {
  id: number
  subject: string | null
  status: string
  priority: string | null
  organizationId: number | null
  accountName: string | null
  clocks: { state: string; active: boolean; warningLevel: number }[]
}

export async function selectHarnessTickets(
  db: Kysely<Database>,
  subdomain: string,
): Promise<HarnessTicket[]> {
  const rows = await db
    .selectFrom('tickets as t')
    .innerJoin('tenants as n', 'n.id', 't.tenant_id')
    .leftJoin('accounts as a', (j) =>
      j.onRef('a.tenant_id', '=', 't.tenant_id').onRef('a.id', '=', 't.account_id'),
    )
    .leftJoin('ticket_clocks as c', (j) =>
      j.onRef('c.tenant_id', '=', 't.tenant_id').onRef('c.ticket_id', '=', 't.id'),
    )
    .where('n.subdomain', '=', subdomain)
    .select([
      't.id',
      't.subject',
      't.status',
      't.priority',
      't.organization_id',
      'a.name as account_name',
      'c.state',
      'c.active',
      'c.warning_level',
    ])
    .orderBy('t.id')
    .limit(20_000)
    .execute()
  const out = new Map<number, HarnessTicket>()
  for (const r of rows) {
    const id = Number(r.id)
    let t = out.get(id)
    if (!t) {
      t = {
        id,
        subject: r.subject,
        status: r.status,
        priority: r.priority,
        organizationId: r.organization_id === null ? null : Number(r.organization_id),
        accountName: r.account_name,
        clocks: [],
      }
      out.set(id, t)
    }
    if (r.state !== null)
      t.clocks.push({
        state: r.state,
        active: r.active === true,
        warningLevel: r.warning_level ?? 0,
      })
  }
  return [...out.values()]
}

export async function selectHarnessOrganizations(
  db: Kysely<Database>,
  subdomain: string,
): Promise<{ id: number; name: string; accountId: string }[]> {
  const rows = await db
    .selectFrom('accounts as a')
    .innerJoin('tenants as n', 'n.id', 'a.tenant_id')
    .where('n.subdomain', '=', subdomain)
    .where('a.organization_id', 'is not', null)
    .select(['a.id', 'a.name', 'a.organization_id'])
    .orderBy('a.name')
    .limit(25)
    .execute()
  return rows.map((r) => ({ id: Number(r.organization_id), name: r.name, accountId: r.id }))
}
