/**
 * Ticket ingest: the path the Zendesk sync uses (and the demo seed, and the API for now).
 *
 * - Idempotent: an event is identified by its ticket and `key` (its id at the source); a
 *   re-delivered key is ignored, whatever it carries.
 * - Order-free: events of a ticket may arrive in any order across batches; they are replayed in
 *   (instant, delivery) order, `created` first at its instant. Events at one instant delivered in
 *   different batches are applied in delivery order.
 * - All or nothing: a malformed batch (any ticket) is refused with every problem and its path,
 *   and nothing is stored. A ticket whose account or organization is unknown to the tenant is
 *   stored without clocks, and the response says so.
 * - Recomputed in the same transaction: the batch's tickets are replayed and their accounts'
 *   months recomputed (the current month, or from the month of the earliest new event) before
 *   commit, so a reader never sees events without their clocks, and a failed recomputation
 *   stores nothing (the sender re-delivers; keys make that safe).
 */
import type { Kysely } from 'kysely'
import {
  clockView,
  formatInstant,
  issue,
  joinPath,
  parseInstant,
  type ClockView,
  type TicketEvent,
  type ValidationIssue,
} from '@sla-tracker/shared'
import type { Database, Row } from '../../db/database.js'
import { InvalidInput } from '../../errors.js'
import { selectTicketEvents, selectTicketsByIds } from '../compute/compute.repository.js'
import { MAX_CLOCK_SKEW_MS, eventData, type ClockOutcome } from '../compute/materialize.js'
import { lockForRecompute, recomputeAfterIngest } from '../compute/recompute.service.js'
import { lockAccounts } from '../compute/compute.repository.js'
import {
  findAccountsByIds,
  findAccountsByOrganizations,
  insertTicketEvents,
  upsertTickets,
  type TicketEventInsert,
  type TicketUpsert,
} from './tickets.repository.js'
import type { IngestEvent, IngestTicket } from './tickets.schemas.js'
import { withRetriedTransaction } from '../compute/transactions.js'

export type AccountResolution =
  'account-id' | 'organization' | 'unchanged' | 'unknown-account' | 'unknown-organization' | 'none'

export interface IngestedTicket {
  id: number
  accountId: string | null
  accountResolution: AccountResolution
  storedEvents: number
  duplicateEvents: number
  status: string
  priority: string | null
  clocks: ClockOutcome
  note?: string
  clockStates: ClockView[]
}

export interface IngestResult {
  tickets: IngestedTicket[]
  totals: { tickets: number; storedEvents: number; duplicateEvents: number }
  recomputed: { accounts: string[]; since: string | null }
}

interface ParsedEvent {
  key: string
  index: number
  event: TicketEvent
}

/** The engine event of an ingest event whose instant is `at`. */
function engineEvent(e: IngestEvent, at: number): TicketEvent {
  switch (e.type) {
    case 'created':
      return {
        type: 'created',
        at,
        ...(e.status !== undefined ? { status: e.status } : {}),
        ...(e.priority !== undefined ? { priority: e.priority } : {}),
        ...(e.by !== undefined ? { by: e.by } : {}),
      }
    case 'status-changed':
      return { type: e.type, at, status: e.status }
    case 'priority-changed':
      return { type: e.type, at, priority: e.priority }
    case 'reopened':
      return e.status !== undefined ? { type: e.type, at, status: e.status } : { type: e.type, at }
    case 'agent-reply':
    case 'internal-note':
    case 'end-user-comment':
    case 'solved':
      return { type: e.type, at }
  }
}

/** Checks a batch on its own (instants, duplicates, order rules that need no stored data). */
export function checkBatch(
  tickets: readonly IngestTicket[],
  now: number,
): { issues: ValidationIssue[]; events: ParsedEvent[][] } {
  const issues: ValidationIssue[] = []
  const seen = new Map<number, number>()
  const events = tickets.map((t, i) => {
    const path = joinPath('tickets', i)
    const first = seen.get(t.id)
    if (first !== undefined)
      issues.push(
        issue(
          joinPath(path, 'id'),
          'unique',
          `ticket ${t.id} is already in this batch at tickets[${first}]; send its events together`,
        ),
      )
    else seen.set(t.id, i)
    const keys = new Map<string, number>()
    let created: number | undefined
    const parsed: ParsedEvent[] = []
    t.events.forEach((e, j) => {
      const ep = joinPath(path, 'events', j)
      const dup = keys.get(e.key)
      if (dup !== undefined)
        issues.push(
          issue(
            joinPath(ep, 'key'),
            'unique',
            `"${e.key}" is already the key of ${joinPath(path, 'events', dup)}`,
          ),
        )
      else keys.set(e.key, j)
      const at = parseInstant(e.at)
      if (at === undefined) {
        issues.push(issue(joinPath(ep, 'at'), 'instant', `"${e.at}" is not a real instant`))
        return
      }
      if (at > now + MAX_CLOCK_SKEW_MS)
        issues.push(
          issue(
            joinPath(ep, 'at'),
            'future',
            `is more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes after the service clock (now)`,
          ),
        )
      if (e.type === 'created') {
        if (created !== undefined)
          issues.push(
            issue(
              joinPath(ep, 'type'),
              'order',
              `a ticket is created only once (${joinPath(path, 'events', created)} is its "created" event)`,
            ),
          )
        else created = j
      }
      parsed.push({ key: e.key, index: j, event: engineEvent(e, at) })
    })
    return parsed
  })
  return { issues, events }
}

/** Stores a batch of tickets and events and recomputes what they change. */
export async function ingestTicketEvents(
  db: Kysely<Database>,
  input: { tenantId: string; now: number; tickets: readonly IngestTicket[] },
): Promise<IngestResult> {
  const { tenantId, now, tickets } = input
  const checked = checkBatch(tickets, now)
  if (checked.issues.length > 0) throw new InvalidInput(checked.issues)
  return withRetriedTransaction(db, (tx) =>
    ingestInTransaction(tx, tenantId, now, tickets, checked.events),
  )
}

async function ingestInTransaction(
  tx: Kysely<Database>,
  tenantId: string,
  now: number,
  tickets: readonly IngestTicket[],
  parsed: readonly ParsedEvent[][],
): Promise<IngestResult> {
  const ids = tickets.map((t) => t.id)

  // 1. Resolve accounts (only this tenant's: another tenant's id or organization is unknown here).
  const [byId, byOrg, existing] = await Promise.all([
    findAccountsByIds(tx, tenantId, [
      ...new Set(tickets.flatMap((t) => (t.accountId === undefined ? [] : [t.accountId]))),
    ]),
    findAccountsByOrganizations(tx, tenantId, [
      ...new Set(
        tickets.flatMap((t) =>
          t.accountId === undefined && t.organizationId !== undefined ? [t.organizationId] : [],
        ),
      ),
    ]),
    selectTicketsByIds(tx, tenantId, ids),
  ])
  const accountIds = new Set(byId.map((a) => a.id))
  const accountOfOrg = new Map(byOrg.map((a) => [a.organization_id!, a.id]))
  const before = new Map(existing.map((t) => [t.id, t]))
  const resolution = new Map<number, AccountResolution>()
  const upserts: TicketUpsert[] = tickets.map((t, i) => {
    const firstAt = new Date(Math.min(now, ...parsed[i]!.map((p) => p.event.at)))
    const subject = t.subject ?? null
    if (t.accountId !== undefined) {
      const known = accountIds.has(t.accountId)
      resolution.set(t.id, known ? 'account-id' : 'unknown-account')
      return {
        id: t.id,
        mapping: {
          accountId: known ? t.accountId : null,
          organizationId: t.organizationId ?? before.get(t.id)?.organization_id ?? null,
        },
        subject,
        firstAt,
      }
    }
    if (t.organizationId !== undefined) {
      const account = accountOfOrg.get(t.organizationId) ?? null
      resolution.set(t.id, account !== null ? 'organization' : 'unknown-organization')
      return {
        id: t.id,
        mapping: { accountId: account, organizationId: t.organizationId },
        subject,
        firstAt,
      }
    }
    resolution.set(t.id, before.has(t.id) ? 'unchanged' : 'none')
    return { id: t.id, mapping: null, subject, firstAt }
  })

  // 2. Lock the accounts involved (before and after), then the tickets' rows.
  const locked = new Set<string>()
  for (const u of upserts) if (u.mapping?.accountId) locked.add(u.mapping.accountId)
  for (const t of existing) if (t.account_id !== null) locked.add(t.account_id)
  await lockForRecompute(tx, tenantId, [...locked])
  const rows = await upsertTickets(tx, tenantId, upserts)
  // A concurrent batch may have moved a ticket since it was read: lock its account too.
  const late = rows.flatMap((r) =>
    r.account_id !== null && !locked.has(r.account_id) ? [r.account_id] : [],
  )
  if (late.length > 0) await lockAccounts(tx, tenantId, late)
  const after = new Map(rows.map((r) => [r.id, r]))

  // 3. New events, checked against the stored ones.
  const stored = await selectTicketEvents(tx, tenantId, ids)
  const storedOf = new Map<number, typeof stored>()
  for (const e of stored) {
    let list = storedOf.get(e.ticket_id)
    if (!list) storedOf.set(e.ticket_id, (list = []))
    list.push(e)
  }
  const issues: ValidationIssue[] = []
  const inserts: TicketEventInsert[] = []
  const counts = new Map<number, { stored: number; duplicates: number; earliest: number }>()
  tickets.forEach((t, i) => {
    const path = joinPath('tickets', i)
    const old = storedOf.get(t.id) ?? []
    const keys = new Set(old.map((e) => e.event_key))
    let seq = old.reduce((m, e) => Math.max(m, e.seq), 0)
    const fresh = parsed[i]!.filter((p) => !keys.has(p.key))
    counts.set(t.id, {
      stored: fresh.length,
      duplicates: parsed[i]!.length - fresh.length,
      earliest: Math.min(...fresh.map((p) => p.event.at)),
    })
    const oldCreated = old.find((e) => e.type === 'created')
    const newCreated = fresh.find((p) => p.event.type === 'created')
    if (oldCreated && newCreated)
      issues.push(
        issue(
          joinPath(path, 'events', newCreated.index, 'type'),
          'order',
          `ticket ${t.id} already has a "created" event (key "${oldCreated.event_key}")`,
        ),
      )
    else if (oldCreated) {
      for (const p of fresh)
        if (p.event.at < oldCreated.at.getTime())
          issues.push(
            issue(
              joinPath(path, 'events', p.index, 'at'),
              'order',
              `is before the ticket's "created" event (${formatInstant(oldCreated.at.getTime())})`,
            ),
          )
    } else if (newCreated) {
      const earlier = [
        ...old.map((e) => e.at.getTime()),
        ...fresh.filter((p) => p !== newCreated).map((p) => p.event.at),
      ].filter((at) => at < newCreated.event.at)
      if (earlier.length > 0)
        issues.push(
          issue(
            joinPath(path, 'events', newCreated.index, 'at'),
            'order',
            `is after other events of the ticket (the earliest at ${formatInstant(Math.min(...earlier))}); "created" comes first`,
          ),
        )
    }
    for (const p of fresh)
      inserts.push({
        ticket_id: t.id,
        event_key: p.key,
        at: new Date(p.event.at),
        seq: ++seq,
        type: p.event.type,
        data: eventData(p.event),
      })
  })
  if (issues.length > 0) throw new InvalidInput(issues)
  await insertTicketEvents(tx, tenantId, inserts)

  // 4. Recompute: every ticket of the batch; the months of the accounts whose tickets changed
  // (a ticket moved between accounts changes both, from its first event).
  const since = new Map<string, number>()
  const touch = (account: string | null | undefined, at: number) => {
    if (account === null || account === undefined || !Number.isFinite(at)) return
    since.set(account, Math.min(since.get(account) ?? Infinity, at))
  }
  for (const t of tickets) {
    const was = before.get(t.id)?.account_id ?? null
    const is = after.get(t.id)?.account_id ?? null
    const c = counts.get(t.id)!
    if (was !== is) {
      const all = [...(storedOf.get(t.id) ?? []).map((e) => e.at.getTime()), c.earliest]
      const first = Math.min(...all)
      touch(was, first)
      touch(is, first)
    } else if (c.stored > 0) touch(is, c.earliest)
  }
  const replayed = await recomputeAfterIngest(tx, {
    tenantId,
    tickets: rows,
    since,
    now,
  })

  const out: IngestedTicket[] = tickets.map((t) => {
    const r = replayed.get(t.id)!
    const c = counts.get(t.id)!
    const res = resolution.get(t.id)!
    const note = noteFor(r.outcome, res, after.get(t.id))
    return {
      id: t.id,
      accountId: r.accountId,
      accountResolution: res,
      storedEvents: c.stored,
      duplicateEvents: c.duplicates,
      status: r.status,
      priority: r.priority,
      clocks: r.outcome,
      ...(note !== undefined ? { note } : {}),
      clockStates: r.outcome === 'computed' ? r.clocks.map(clockView) : [],
    }
  })
  const earliest = Math.min(...since.values())
  return {
    tickets: out,
    totals: {
      tickets: out.length,
      storedEvents: out.reduce((s, t) => s + t.storedEvents, 0),
      duplicateEvents: out.reduce((s, t) => s + t.duplicateEvents, 0),
    },
    recomputed: {
      accounts: [...since.keys()].sort(),
      since: Number.isFinite(earliest) ? formatInstant(earliest) : null,
    },
  }
}

function noteFor(
  outcome: ClockOutcome,
  resolution: AccountResolution,
  row: Row<'tickets'> | undefined,
): string | undefined {
  switch (outcome) {
    case 'computed':
      return undefined
    case 'incomplete':
      return 'no clocks until the ticket\'s "created" event arrives'
    case 'no-contract':
      return 'the account has no contract: no clocks'
    case 'no-account':
      return resolution === 'unknown-account'
        ? 'stored without clocks: the accountId is not an account of this tenant'
        : resolution === 'unknown-organization'
          ? `stored without clocks: organization ${row?.organization_id ?? ''} is not mapped to an account; the ticket is attached when an account maps it`
          : 'stored without clocks: no accountId or organizationId maps it to an account'
  }
}
