/**
 * The sidebar read's cache: what a ticket's sidebar is made of, kept in memory per service
 * instance and dropped when PostgreSQL says it changed.
 *
 * - Parts: the ticket (fields and events), its account (fields and newest month), and the tenant
 *   (registry revision and outages running now or starting within the cache's lifetime). A part
 *   is cached apart so an account month recomputed for one ticket's event does not evict every
 *   other ticket of the account, and vice versa.
 * - Invalidation: database triggers (migration 0004) `NOTIFY sla_changes` with the tenant, the kind
 *   and the ids a committed statement changed; every instance LISTENs and evicts. A notification
 *   arrives a few milliseconds after the commit, so a read may lag a write by that much.
 * - Safety nets: entries expire after `ttlMs` whatever happens; when the listener loses its
 *   connection the whole cache is cleared and stays off until it listens again.
 * - Bounded: at most `maxTickets` tickets (least recently used go first).
 */
import pg from 'pg'
import type { AccountSnapshot, OpenOutage } from './reads.repository.js'

export interface TicketPart {
  id: number
  subject: string | null
  status: string
  priority: string | null
  organization_id: number | null
  created_at: Date
  updated_at: Date
  account_id: string | null
  /** JSON text of the events (see `SidebarRow.events`). */
  events: string
}

export type AccountPart = Omit<AccountSnapshot, 'outages' | 'registry_revision'>

export interface TenantPart {
  registry_revision: number
  /** Outages running at the fetch or starting before `until`; readers filter by their `now`. */
  outages: OpenOutage[]
  until: number
}

interface Entry<T> {
  value: T
  at: number
}

/** A change notification: `{ t: tenant, k: kind, ids?: [...], all?: true }`. */
export interface ChangeNotice {
  t: string
  k: 'ticket' | 'account' | 'outages' | 'tenant'
  ids?: string[]
  all?: boolean
}

export class SidebarCache {
  private readonly tickets = new Map<string, Entry<TicketPart>>()
  private readonly accounts = new Map<string, Entry<AccountPart>>()
  private readonly tenants = new Map<string, Entry<TenantPart>>()
  /**
   * Per tenant, bumped by every change notice: a part fetched before a change and stored after
   * its notice would be stale, so `set…` stores only if the generation is the one seen before the
   * fetch.
   */
  private readonly generations = new Map<string, number>()
  /** False until the listener is connected, and while it reconnects: no reads from the cache. */
  enabled = false
  hits = 0
  misses = 0

  constructor(readonly opts: { maxTickets: number; ttlMs: number; clock: () => number }) {}

  private fresh<T>(map: Map<string, Entry<T>>, key: string): T | undefined {
    if (!this.enabled) return undefined
    const e = map.get(key)
    if (!e) return undefined
    if (this.opts.clock() - e.at > this.opts.ttlMs) {
      map.delete(key)
      return undefined
    }
    return e.value
  }

  /** The tenant's generation: read it before fetching, pass it when storing. */
  generation(tenantId: string): number {
    return this.generations.get(tenantId) ?? 0
  }

  private current(tenantId: string, generation: number): boolean {
    return this.enabled && this.generation(tenantId) === generation
  }

  ticket(tenantId: string, id: number): TicketPart | undefined {
    const key = `${tenantId}:${id}`
    const v = this.fresh(this.tickets, key)
    if (v) {
      // Most recently used last.
      const e = this.tickets.get(key)!
      this.tickets.delete(key)
      this.tickets.set(key, e)
      this.hits++
    } else this.misses++
    return v
  }

  account(tenantId: string, id: string): AccountPart | undefined {
    return this.fresh(this.accounts, `${tenantId}:${id}`)
  }

  tenant(tenantId: string, now: number): TenantPart | undefined {
    const v = this.fresh(this.tenants, tenantId)
    return v && now < v.until ? v : undefined
  }

  setTicket(tenantId: string, generation: number, v: TicketPart): void {
    if (!this.current(tenantId, generation)) return
    this.tickets.set(`${tenantId}:${v.id}`, { value: v, at: this.opts.clock() })
    while (this.tickets.size > this.opts.maxTickets)
      this.tickets.delete(this.tickets.keys().next().value!)
  }

  setAccount(tenantId: string, generation: number, id: string, v: AccountPart): void {
    if (!this.current(tenantId, generation)) return
    this.accounts.set(`${tenantId}:${id}`, { value: v, at: this.opts.clock() })
    // Accounts are few per ticket; bound them by the same limit.
    while (this.accounts.size > this.opts.maxTickets)
      this.accounts.delete(this.accounts.keys().next().value!)
  }

  setTenant(tenantId: string, generation: number, v: TenantPart): void {
    if (this.current(tenantId, generation))
      this.tenants.set(tenantId, { value: v, at: this.opts.clock() })
  }

  /** Applies a change notification. */
  apply(n: ChangeNotice): void {
    this.generations.set(n.t, this.generation(n.t) + 1)
    const dropPrefix = (map: Map<string, unknown>) => {
      for (const key of map.keys()) if (key.startsWith(`${n.t}:`)) map.delete(key)
    }
    switch (n.k) {
      case 'ticket':
        if (n.all || !n.ids) dropPrefix(this.tickets)
        else for (const id of n.ids) this.tickets.delete(`${n.t}:${id}`)
        break
      case 'account':
        if (n.all || !n.ids) dropPrefix(this.accounts)
        else for (const id of n.ids) this.accounts.delete(`${n.t}:${id}`)
        break
      case 'outages':
      case 'tenant':
        // The registry revision or the outages changed.
        this.tenants.delete(n.t)
        break
    }
  }

  clear(): void {
    // Any fetch in flight must not store what it read.
    for (const t of this.generations.keys()) this.generations.set(t, this.generation(t) + 1)
    this.tickets.clear()
    this.accounts.clear()
    this.tenants.clear()
  }

  get size(): { tickets: number; accounts: number; tenants: number } {
    return { tickets: this.tickets.size, accounts: this.accounts.size, tenants: this.tenants.size }
  }
}

export interface ChangeListener {
  close(): Promise<void>
}

/**
 * Listens to `sla_changes` on a dedicated connection and feeds the cache; reconnects with backoff
 * after a failure, clearing the cache meanwhile.
 */
export function listenForChanges(
  url: string,
  cache: SidebarCache,
  log: { warn(obj: unknown, msg: string): void },
): ChangeListener {
  let client: pg.Client | undefined
  let closed = false
  let timer: NodeJS.Timeout | undefined
  let delay = 500
  const connect = async () => {
    if (closed) return
    const c = new pg.Client({ connectionString: url })
    client = c
    const fail = (err: unknown) => {
      cache.enabled = false
      cache.clear()
      if (closed || client !== c) return
      client = undefined
      log.warn(
        { err },
        'the cache listener lost its connection; the sidebar cache is off until it reconnects',
      )
      c.end().catch(() => undefined)
      timer = setTimeout(() => void connect(), delay)
      delay = Math.min(delay * 2, 30_000)
    }
    c.on('error', fail)
    c.on('end', () => fail(new Error('connection ended')))
    c.on('notification', (msg) => {
      try {
        cache.apply(JSON.parse(msg.payload ?? '{}') as ChangeNotice)
      } catch {
        cache.clear()
      }
    })
    try {
      await c.connect()
      await c.query('listen sla_changes')
      delay = 500
      cache.clear()
      cache.enabled = true
    } catch (err) {
      fail(err)
    }
  }
  void connect()
  return {
    async close() {
      closed = true
      cache.enabled = false
      if (timer) clearTimeout(timer)
      await client?.end().catch(() => undefined)
    },
  }
}
