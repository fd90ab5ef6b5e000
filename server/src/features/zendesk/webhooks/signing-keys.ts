/**
 * Which tenant a webhook URL's subdomain belongs to, and its webhook signing secret, cached in
 * memory per subdomain for a short time (the acknowledgement path must not read and decrypt on
 * every delivery). A signature that fails against a cached secret drops the entry and reads the
 * connection again once before the delivery is refused, so a rotated secret is picked up at once.
 * Concurrent reads of one subdomain share a single query.
 *
 * Unknown subdomains are not cached: the cache holds at most one entry per connected tenant.
 */
import type { KeyObject } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'
import type { SecretBox } from '../../../lib/secret-box.js'
import { signingKey } from './signature.js'

export interface SigningCandidate {
  tenantId: string
  /** null: the connection has no (readable) webhook secret yet. */
  key: KeyObject | null
}

interface Entry {
  candidates: SigningCandidate[]
  until: number
}

export interface SigningKeysOptions {
  db: Kysely<Database>
  secrets: SecretBox
  clock: () => number
  ttlMs: number
  /** Told when a stored secret cannot be opened (never the secret). */
  warn: (info: Record<string, unknown>, message: string) => void
}

export type VerifyOutcome =
  | { ok: true; tenantId: string }
  | { ok: false; reason: 'unknown-subdomain' | 'no-secret' | 'bad-signature' }

export class SigningKeys {
  private readonly cache = new Map<string, Entry>()
  private readonly loading = new Map<string, Promise<Entry>>()

  constructor(private readonly opts: SigningKeysOptions) {}

  /**
   * The tenant whose secret makes `matches` true. A subdomain normally has one connection; if
   * several tenants connect the same Zendesk, the signature says which one sent the delivery.
   */
  async verify(subdomain: string, matches: (key: KeyObject) => boolean): Promise<VerifyOutcome> {
    const hit = this.cache.get(subdomain)
    const cached = hit !== undefined && hit.until > this.opts.clock()
    let entry = cached ? hit : await this.load(subdomain)
    let found = pick(entry, matches)
    if (!found.ok && cached) {
      // Maybe the secret was rotated (or just set up) since it was cached: read it again once.
      this.cache.delete(subdomain)
      entry = await this.load(subdomain)
      found = pick(entry, matches)
    }
    return found
  }

  /** Forgets every cached entry. */
  clear(): void {
    this.cache.clear()
  }

  private load(subdomain: string): Promise<Entry> {
    const pending = this.loading.get(subdomain)
    if (pending) return pending
    const p = this.read(subdomain).finally(() => this.loading.delete(subdomain))
    this.loading.set(subdomain, p)
    return p
  }

  private async read(subdomain: string): Promise<Entry> {
    const rows = await this.opts.db
      .selectFrom('zendesk_connections')
      .select(['tenant_id', 'webhook_secret_enc'])
      .where('subdomain', '=', subdomain)
      .execute()
    const candidates = rows.map((r): SigningCandidate => {
      if (r.webhook_secret_enc === null) return { tenantId: r.tenant_id, key: null }
      try {
        return {
          tenantId: r.tenant_id,
          key: signingKey(this.opts.secrets.open(r.webhook_secret_enc)),
        }
      } catch {
        this.opts.warn(
          { tenantId: r.tenant_id, subdomain },
          'the stored webhook signing secret cannot be opened (wrong SECRET_KEY?)',
        )
        return { tenantId: r.tenant_id, key: null }
      }
    })
    const entry: Entry = { candidates, until: this.opts.clock() + this.opts.ttlMs }
    if (candidates.length > 0) this.cache.set(subdomain, entry)
    else this.cache.delete(subdomain)
    return entry
  }
}

function pick(entry: Entry, matches: (key: KeyObject) => boolean): VerifyOutcome {
  if (entry.candidates.length === 0) return { ok: false, reason: 'unknown-subdomain' }
  let anyKey = false
  for (const c of entry.candidates) {
    if (c.key === null) continue
    anyKey = true
    if (matches(c.key)) return { ok: true, tenantId: c.tenantId }
  }
  return { ok: false, reason: anyKey ? 'bad-signature' : 'no-secret' }
}
