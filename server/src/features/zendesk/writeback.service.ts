/**
 * Write-back: each ticket's tier, SLA state, next due instant and credit exposure, as tags and
 * field values Zendesk's triggers, automations and views act on.
 *
 * - Only our tags are ever added or removed (`additional_tags` / `remove_tags`); an agent's tags
 *   are never touched, and `tags` (which replaces the whole list) is never sent.
 * - Written only when changed: the wanted state is compared with the ticket as the export last
 *   showed it, and with what was last sent (so a write the export has not shown back yet is not
 *   sent again; one lost or refused is retried after a while).
 * - `safe_update` with the `updated_at` last read: a ticket an agent changed meanwhile is refused
 *   by Zendesk, re-read by the next sync, and written then.
 * - Batched through `update_many` (≤ 100 tickets a call), most urgent first, within a per-tenant
 *   budget of calls per minute, and never when the account's API budget is nearly spent.
 * - No trigger loop: our update comes back through the webhook (ignored: the updater is us) and
 *   the exports (tags and fields produce no clock events, and the state now matches).
 */
import { sql, type Kysely } from 'kysely'
import type { Database, ZendeskFieldIds } from '../../db/database.js'
import { PerMinuteWindow } from '../../lib/per-minute-window.js'
import {
  ZendeskAmbiguousWriteError,
  ZendeskRateLimitedError,
  type WireJobResult,
  type WireJobStatus,
  type WireTicketUpdate,
  type ZendeskClient,
} from '../../zendesk/index.js'
import { clientFor, getConnection, type ZendeskDeps } from './connection.service.js'
import {
  CREDIT_EXPOSURE_TAG,
  STATE_TAGS,
  isOurTag,
  tierTag,
  TIER_ORG_FIELD,
  type SlaState,
} from './zendesk-names.js'

/** What a ticket should carry. */
export interface WantedState {
  tier: string | null
  state: SlaState
  nextDue: string | null
  creditExposure: boolean
}

/** A ticket with its Zendesk side and computed state. */
export interface WritebackCandidate {
  id: number
  zdTags: readonly string[]
  zdFields: Readonly<Record<string, unknown>>
  zdUpdatedAt: string
  wanted: WantedState
  lastSent: { sent: unknown; sentAt: number; outcome: string } | null
}

/** The tags a wanted state means. */
export function wantedTags(w: WantedState): string[] {
  return [
    STATE_TAGS[w.state],
    ...(w.tier !== null ? [tierTag(w.tier)] : []),
    ...(w.creditExposure ? [CREDIT_EXPOSURE_TAG] : []),
  ].sort()
}

/** The field values a wanted state means (only for the fields this Zendesk has). */
export function wantedFields(w: WantedState, ids: ZendeskFieldIds): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (ids.state !== undefined) out[String(ids.state)] = STATE_TAGS[w.state]
  if (ids.nextDue !== undefined) out[String(ids.nextDue)] = w.nextDue
  if (ids.tier !== undefined) out[String(ids.tier)] = w.tier
  if (ids.creditExposure !== undefined) out[String(ids.creditExposure)] = w.creditExposure
  return out
}

function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === '' || v === undefined ? null : v)
  return norm(a) === norm(b)
}

/** How long a sent state is trusted before the export shows it back; after a failure, less. */
const TRUST_SENT_MS = 30 * 60_000
const RETRY_FAILED_MS = 5 * 60_000

/**
 * The update to send for a ticket, or `null` when Zendesk already shows the wanted state or
 * it was sent recently. Pure.
 */
export function planUpdate(
  c: WritebackCandidate,
  ids: ZendeskFieldIds,
  now: number,
): WireTicketUpdate | null {
  const tags = wantedTags(c.wanted)
  const have = new Set(c.zdTags)
  const add = tags.filter((t) => !have.has(t))
  const remove = c.zdTags.filter((t) => isOurTag(t) && !tags.includes(t))
  const fields = wantedFields(c.wanted, ids)
  const changedFields = Object.entries(fields).filter(([id, v]) => !sameValue(c.zdFields[id], v))
  if (add.length === 0 && remove.length === 0 && changedFields.length === 0) return null
  if (c.lastSent && sameSent(c.lastSent.sent, c.wanted)) {
    const age = now - c.lastSent.sentAt
    if (c.lastSent.outcome === 'failed' ? age < RETRY_FAILED_MS : age < TRUST_SENT_MS) return null
  }
  return {
    id: c.id,
    ...(add.length > 0 ? { additional_tags: add } : {}),
    ...(remove.length > 0 ? { remove_tags: [...new Set(remove)].sort() } : {}),
    ...(changedFields.length > 0
      ? {
          custom_fields: changedFields.map(([id, value]) => ({
            id: Number(id),
            value: value as never,
          })),
        }
      : {}),
    safe_update: true,
    updated_stamp: c.zdUpdatedAt,
  }
}

/** The stored form of a sent state (compared as JSON). */
export function sentKey(w: WantedState): string {
  return JSON.stringify({
    tier: w.tier,
    state: w.state,
    nextDue: w.nextDue,
    creditExposure: w.creditExposure,
  })
}

/** Whether a stored sent state (jsonb: its key order is PostgreSQL's) is the wanted one. */
function sameSent(sent: unknown, w: WantedState): boolean {
  if (typeof sent !== 'object' || sent === null) return false
  const s = sent as Record<string, unknown>
  return (
    s.tier === w.tier &&
    s.state === w.state &&
    s.nextDue === w.nextDue &&
    s.creditExposure === w.creditExposure
  )
}

/** The write-back's `update_many` calls per tenant and minute (shared by one process's runs). */
export class WriteBudget extends PerMinuteWindow {}

/** Below this share of the account's API budget left, the write-back waits for the next minute. */
const MIN_RATE_LIMIT_SHARE = 0.2

export interface WritebackOutcome {
  candidates: number
  inSync: number
  sent: number
  applied: number
  failed: number
  ambiguous: number
  calls: number
  deferred: number
  stoppedBy: 'done' | 'budget' | 'rate-limit' | 'disabled'
}

/** Reads each open Zendesk ticket's wanted state at `now`. */
export async function selectCandidates(
  db: Kysely<Database>,
  tenantId: string,
  now: Date,
): Promise<WritebackCandidate[]> {
  const r = await sql<{
    id: number
    zd_tags: string[] | null
    zd_fields: Record<string, unknown> | null
    zd_updated_at: Date
    tier_id: string | null
    credit_minor: number | null
    breached: boolean | null
    at_risk: boolean | null
    next_due: Date | null
    sent: unknown
    sent_at: Date | null
    outcome: string | null
  }>`
    select t.id, t.zd_tags, t.zd_fields, t.zd_updated_at, s.tier_id, s.credit_minor,
           c.breached, c.at_risk, c.next_due, w.sent, w.sent_at, w.outcome
      from tickets t
      left join lateral (
        select bool_or(breached_at is not null and breached_at <= ${now}
                       or (active and state = 'running' and due_at <= ${now})) as breached,
               bool_or(active and state in ('running', 'paused') and warning_level >= 2
                       or (active and state = 'running' and due_at <= ${now}::timestamptz + interval '15 minutes')) as at_risk,
               min(due_at) filter (where active and state = 'running' and due_at > ${now}) as next_due
          from ticket_clocks k
         where k.tenant_id = t.tenant_id and k.ticket_id = t.id
      ) c on true
      left join lateral (
        select a.tier_id, a.credit_minor from account_states a
         where a.tenant_id = t.tenant_id and a.account_id = t.account_id
         order by a.month desc limit 1
      ) s on true
      left join zendesk_writeback w on w.tenant_id = t.tenant_id and w.ticket_id = t.id
     where t.tenant_id = ${tenantId}
       and t.account_id is not null
       and t.zd_updated_at is not null
       and t.zd_status in ('new', 'open', 'pending', 'hold', 'solved')`.execute(db)
  return r.rows.map((row) => ({
    id: Number(row.id),
    zdTags: row.zd_tags ?? [],
    zdFields: row.zd_fields ?? {},
    zdUpdatedAt: row.zd_updated_at.toISOString().replace(/\.000Z$/, 'Z'),
    wanted: {
      tier: row.tier_id,
      state: row.breached ? 'breached' : row.at_risk ? 'at_risk' : 'ok',
      nextDue: row.next_due ? row.next_due.toISOString().replace(/\.\d{3}Z$/, 'Z') : null,
      creditExposure: Number(row.credit_minor ?? 0) > 0,
    },
    lastSent:
      row.sent_at === null || row.outcome === null
        ? null
        : { sent: row.sent, sentAt: row.sent_at.getTime(), outcome: row.outcome },
  }))
}

const URGENCY: Record<SlaState, number> = { breached: 0, at_risk: 1, ok: 2 }

export interface WritebackOptions {
  budget: WriteBudget
  /** Waits between job-status polls (tests: no real waiting). */
  sleep?: (ms: number) => Promise<void>
  /** Polls of a job before leaving it queued. Default 10. */
  jobPolls?: number
  log?: {
    info(o: Record<string, unknown>, m: string): void
    warn(o: Record<string, unknown>, m: string): void
  }
  client?: ZendeskClient
}

/** Writes back every ticket whose state changed, within the budget. */
export async function runWriteback(
  deps: ZendeskDeps,
  tenantId: string,
  opts: WritebackOptions,
): Promise<WritebackOutcome> {
  const out: WritebackOutcome = {
    candidates: 0,
    inSync: 0,
    sent: 0,
    applied: 0,
    failed: 0,
    ambiguous: 0,
    calls: 0,
    deferred: 0,
    stoppedBy: 'done',
  }
  const conn = await getConnection(deps.db, tenantId)
  if (!conn.writeback_enabled || opts.budget.perMinute === 0)
    return { ...out, stoppedBy: 'disabled' }
  const now = deps.clock()
  const candidates = await selectCandidates(deps.db, tenantId, new Date(now))
  out.candidates = candidates.length
  const plans: { c: WritebackCandidate; u: WireTicketUpdate }[] = []
  for (const c of candidates) {
    const u = planUpdate(c, conn.field_ids, now)
    if (u) plans.push({ c, u })
    else out.inSync++
  }
  plans.sort(
    (a, b) =>
      URGENCY[a.c.wanted.state] - URGENCY[b.c.wanted.state] ||
      (a.c.wanted.nextDue ?? '~').localeCompare(b.c.wanted.nextDue ?? '~') ||
      a.c.id - b.c.id,
  )
  if (plans.length === 0) return out
  const client = opts.client ?? clientFor(deps, conn)
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  for (let i = 0; i < plans.length; i += 100) {
    const rl = client.rateLimit
    if (opts.budget.available(tenantId) === 0) {
      out.stoppedBy = 'budget'
      out.deferred = plans.length - i
      break
    }
    if (
      rl &&
      rl.limit !== null &&
      rl.remaining !== null &&
      rl.remaining < rl.limit * MIN_RATE_LIMIT_SHARE
    ) {
      out.stoppedBy = 'rate-limit'
      out.deferred = plans.length - i
      break
    }
    const batch = plans.slice(i, i + 100)
    opts.budget.spend(tenantId)
    out.calls++
    let job: WireJobStatus
    try {
      job = await client.updateMany(batch.map((p) => p.u))
    } catch (err) {
      if (err instanceof ZendeskAmbiguousWriteError) {
        // It may have been applied: record it as sent; the export shows what happened.
        await record(deps.db, tenantId, batch, 'ambiguous', null, now, err.message)
        out.ambiguous += batch.length
        continue
      }
      if (err instanceof ZendeskRateLimitedError) {
        out.stoppedBy = 'rate-limit'
        out.deferred = plans.length - i
        break
      }
      throw err
    }
    out.sent += batch.length
    await record(deps.db, tenantId, batch, 'queued', job.id, now, null)
    const done = await waitForJob(client, job, sleep, opts.jobPolls ?? 10)
    if (!done) continue
    const results = Array.isArray(done.results) ? done.results : []
    const byId = new Map<number, WireJobResult>(results.map((r) => [r.id, r]))
    const ok = batch.filter((p) => {
      const r = byId.get(p.c.id)
      return done.status === 'completed' && (r === undefined || r.success !== false) && !r?.error
    })
    const bad = batch.filter((p) => !ok.includes(p))
    await record(deps.db, tenantId, ok, 'applied', done.id, now, null)
    for (const p of bad) {
      const r = byId.get(p.c.id)
      await record(
        deps.db,
        tenantId,
        [p],
        'failed',
        done.id,
        now,
        r?.details ?? r?.error ?? done.message ?? done.status,
      )
    }
    out.applied += ok.length
    out.failed += bad.length
  }
  if (out.calls > 0) opts.log?.info({ tenantId, ...out }, 'zendesk write-back finished')
  return out
}

async function waitForJob(
  client: ZendeskClient,
  job: WireJobStatus,
  sleep: (ms: number) => Promise<void>,
  polls: number,
): Promise<WireJobStatus | undefined> {
  let j = job
  for (let n = 0; n <= polls; n++) {
    if (j.status === 'completed' || j.status === 'failed' || j.status === 'killed') return j
    if (n === polls) break
    await sleep(Math.min(5000, 250 * 2 ** n))
    j = await client.getJobStatus(job.id)
  }
  return undefined
}

async function record(
  db: Kysely<Database>,
  tenantId: string,
  items: readonly { c: WritebackCandidate }[],
  outcome: string,
  jobId: string | null,
  now: number,
  error: string | null,
): Promise<void> {
  if (items.length === 0) return
  const rows = items.map((p) => ({
    ticket_id: p.c.id,
    sent: sentKey(p.c.wanted),
  }))
  await sql`
    insert into zendesk_writeback (tenant_id, ticket_id, sent, sent_at, job_id, outcome, error)
    select ${tenantId}, x.ticket_id, x.sent::jsonb, ${new Date(now)}, ${jobId}, ${outcome}, ${error}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(ticket_id bigint, sent text)
    on conflict (tenant_id, ticket_id) do update
      set sent = excluded.sent, sent_at = excluded.sent_at, job_id = excluded.job_id,
          outcome = excluded.outcome, error = excluded.error`.execute(db)
}

// ---------------------------------------------------------------------------------------------
// Organizations: the contract tier in the `sla_contract_tier` organization field

/** Organization updates are rate-limited hard by Zendesk: one call per run, resent at most this often. */
const ORG_RESEND_MS = 10 * 60_000

export interface OrganizationWritebackOutcome {
  changed: number
  applied: number
  failed: number
}

/**
 * Sets each mapped organization's `sla_contract_tier` field to its account's tier (triggers and
 * views can then match organizations by tier). One `update_many` call of at most 100
 * organizations per run; a value sent in the last ten minutes is not sent again.
 */
export async function runOrganizationWriteback(
  deps: ZendeskDeps,
  tenantId: string,
  opts: { client?: ZendeskClient } = {},
): Promise<OrganizationWritebackOutcome> {
  const now = new Date(deps.clock())
  const conn = await getConnection(deps.db, tenantId)
  if (!conn.writeback_enabled) return { changed: 0, applied: 0, failed: 0 }
  const rows = await sql<{ id: number; tier_id: string }>`
    select o.id, s.tier_id
      from zendesk_organizations o
      join accounts a on a.tenant_id = o.tenant_id and a.organization_id = o.id
      join lateral (
        select tier_id from account_states x
         where x.tenant_id = a.tenant_id and x.account_id = a.id and x.tier_id is not null
         order by x.month desc limit 1
      ) s on true
     where o.tenant_id = ${tenantId} and not o.deleted
       and o.contract_tier is distinct from s.tier_id
       and (o.tier_sent is distinct from s.tier_id or o.tier_sent_at < ${new Date(now.getTime() - ORG_RESEND_MS)})
     order by o.id
     limit 100`.execute(deps.db)
  if (rows.rows.length === 0) return { changed: 0, applied: 0, failed: 0 }
  const client = opts.client ?? clientFor(deps, conn)
  const job = await client.request<{ job_status: WireJobStatus }>(
    'PUT',
    '/api/v2/organizations/update_many',
    {
      body: {
        organizations: rows.rows.map((r) => ({
          id: Number(r.id),
          organization_fields: { [TIER_ORG_FIELD]: r.tier_id },
        })),
      },
    },
  )
  const results = Array.isArray(job.job_status.results) ? job.job_status.results : []
  const failed = new Set(results.filter((r) => r.success === false).map((r) => r.id))
  await sql`
    update zendesk_organizations o set tier_sent = x.tier, tier_sent_at = ${now}
      from jsonb_to_recordset(${JSON.stringify(rows.rows.filter((r) => !failed.has(Number(r.id))).map((r) => ({ id: Number(r.id), tier: r.tier_id })))}::jsonb)
           as x(id bigint, tier text)
     where o.tenant_id = ${tenantId} and o.id = x.id`.execute(deps.db)
  return { changed: rows.rows.length, applied: rows.rows.length - failed.size, failed: failed.size }
}
