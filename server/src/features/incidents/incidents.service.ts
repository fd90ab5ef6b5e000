/**
 * Incidents and maintenance windows: the scenario's rules (docs/scenario-format.md), stored per
 * tenant. Every change is written to the audit log and recomputes, in the same transaction, the
 * months of every account it touches (by component and region) from its earliest start — before
 * and after the change — so uptime, error budgets and credits follow at once.
 */
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import {
  formatInstant,
  issue,
  parseDecimal,
  parseInstant,
  rationalText,
  touchesAccount,
  type AffectedAccount,
  type IncidentView,
  type MaintenanceView,
  type OutageList,
  type Recomputed,
  type ValidationIssue,
  type WithAffectedAccounts,
} from '@sla-tracker/shared'
import type { Database } from '../../db/database.js'
import { Conflict, InvalidInput, NotFound } from '../../errors.js'
import { appendAudit } from '../audit/audit.repository.js'
import { recomputeForOutage, type OutageFootprint } from '../compute/recompute.service.js'
import { MAX_CLOCK_SKEW_MS } from '../compute/materialize.js'
import { withRetriedTransaction } from '../compute/transactions.js'
import { decodeCursor, encodeCursor } from '../reads/page-cursor.js'
import {
  deleteIncident,
  deleteMaintenance,
  findIncident,
  findMaintenance,
  insertIncident,
  insertMaintenance,
  listIncidents,
  listMaintenance,
  selectAccountNames,
  updateIncident,
  updateMaintenance,
  type IncidentRow,
  type MaintenanceRow,
  type TimeListQuery,
} from './incidents.repository.js'
import type {
  IncidentInput,
  IncidentPatch,
  MaintenanceInput,
  MaintenancePatch,
} from './incidents.schemas.js'

export const incidentView = (r: IncidentRow, now: number): IncidentView => ({
  id: r.id,
  title: r.title,
  components: r.components,
  regions: r.regions,
  impact: r.impact,
  start: r.start_at.toISOString(),
  end: r.end_at?.toISOString() ?? null,
  errorRatePercent: r.error_rate_percent,
  exclusion: r.exclusion,
  excludedFor: r.excluded_for,
  ongoing: r.start_at.getTime() <= now && (r.end_at === null || r.end_at.getTime() > now),
  revision: r.revision,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
})

export const maintenanceView = (r: MaintenanceRow, now: number): MaintenanceView => ({
  id: r.id,
  title: r.title,
  components: r.components,
  regions: r.regions,
  impact: r.impact,
  start: r.start_at.toISOString(),
  end: r.end_at.toISOString(),
  announcedAt: r.announced_at?.toISOString() ?? null,
  emergency: r.emergency,
  status:
    r.start_at.getTime() > now ? 'scheduled' : r.end_at.getTime() > now ? 'in-progress' : 'ended',
  revision: r.revision,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
})

interface Actor {
  tenantId: string
  actor: string
  now: number
}

export interface Changed<V> {
  item: V
  recomputed: Recomputed
}

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'
function newId(prefix: string): string {
  let out = prefix
  for (const b of randomBytes(10)) out += ID_ALPHABET[b % ID_ALPHABET.length]
  return out
}

const footprint = (r: IncidentRow | MaintenanceRow): OutageFootprint => ({
  components: r.components,
  regions: r.regions,
  start: r.start_at.getTime(),
})

// ---------------------------------------------------------------------------------------------
// Validation of the merged fields (the schema checked shapes; these are the scenario's rules).

/** The columns an incident's fields set. */
interface IncidentColumns {
  title: string | null
  components: string
  regions: string
  impact: string
  start_at: Date
  end_at: Date | null
  error_rate_percent: string | null
  exclusion: string | null
  excluded_for: string
}

interface MaintenanceColumns {
  title: string | null
  components: string
  regions: string
  impact: string
  start_at: Date
  end_at: Date
  announced_at: Date | null
  emergency: boolean
}

interface IncidentFields {
  title: string | null
  components: string[]
  regions: string[]
  impact: string
  start: string
  end: string | null
  errorRatePercent: string | number | null
  exclusion: string | null
  excludedFor: string[]
}

async function checkIncident(
  db: Kysely<Database>,
  tenantId: string,
  f: IncidentFields,
  now: number,
  checkReferences = true,
): Promise<IncidentColumns> {
  const out: ValidationIssue[] = []
  const start = parseInstant(f.start)
  const end = f.end === null ? null : parseInstant(f.end)
  if (start === undefined) out.push(issue('start', 'instant', `"${f.start}" is not a real instant`))
  else if (start > now + MAX_CLOCK_SKEW_MS)
    out.push(issue('start', 'future', 'is after the service clock (now)'))
  if (end === undefined)
    out.push(issue('end', 'instant', `"${String(f.end)}" is not a real instant`))
  if (start !== undefined && end !== undefined && end !== null && end < start)
    out.push(issue('end', 'order', 'must not be before start (negative duration)'))
  let rate: string | null = null
  if (f.errorRatePercent !== null) {
    const r = parseDecimal(f.errorRatePercent)
    if (!r || r.n < 0n || r.n > 100n * r.d)
      out.push(issue('errorRatePercent', 'range', 'must be a percent from 0 to 100'))
    else rate = rationalText(r)
  }
  if (f.excludedFor.length > 0 && f.exclusion === null)
    out.push(
      issue('excludedFor', 'consistency', 'needs "exclusion" (the kind of exclusion it limits)'),
    )
  if (checkReferences && f.excludedFor.length > 0) {
    const known = new Set(
      (await selectAccountNames(db, tenantId, { ids: f.excludedFor })).map((a) => a.id),
    )
    f.excludedFor.forEach((id, i) => {
      if (!known.has(id))
        out.push(issue(`excludedFor[${i}]`, 'reference', `"${id}" is not a known account`))
    })
  }
  if (out.length > 0) throw new InvalidInput(out)
  return {
    title: f.title,
    components: JSON.stringify(f.components),
    regions: JSON.stringify(f.regions),
    impact: f.impact,
    start_at: new Date(start!),
    end_at: end === null ? null : new Date(end!),
    error_rate_percent: rate,
    exclusion: f.exclusion,
    excluded_for: JSON.stringify(f.excludedFor),
  }
}

interface MaintenanceFields {
  title: string | null
  components: string[]
  regions: string[]
  impact: string
  start: string
  end: string
  announcedAt: string | null
  emergency: boolean
}

function checkMaintenance(f: MaintenanceFields, now: number): MaintenanceColumns {
  const out: ValidationIssue[] = []
  const start = parseInstant(f.start)
  const end = parseInstant(f.end)
  const announcedAt = f.announcedAt === null ? null : parseInstant(f.announcedAt)
  if (start === undefined) out.push(issue('start', 'instant', `"${f.start}" is not a real instant`))
  if (end === undefined) out.push(issue('end', 'instant', `"${f.end}" is not a real instant`))
  if (announcedAt === undefined)
    out.push(issue('announcedAt', 'instant', `"${String(f.announcedAt)}" is not a real instant`))
  else if (announcedAt !== null && announcedAt > now + MAX_CLOCK_SKEW_MS)
    out.push(issue('announcedAt', 'future', 'is after the service clock (now): not announced yet'))
  if (start !== undefined && end !== undefined && end <= start)
    out.push(issue('end', 'order', 'must be after start (maintenance needs a positive duration)'))
  if (out.length > 0) throw new InvalidInput(out)
  return {
    title: f.title,
    components: JSON.stringify(f.components),
    regions: JSON.stringify(f.regions),
    impact: f.impact,
    start_at: new Date(start!),
    end_at: new Date(end!),
    announced_at: announcedAt === null ? null : new Date(announcedAt!),
    emergency: f.emergency,
  }
}

const fieldsOfIncident = (r: IncidentRow): IncidentFields => ({
  title: r.title,
  components: r.components,
  regions: r.regions,
  impact: r.impact,
  start: r.start_at.toISOString(),
  end: r.end_at?.toISOString() ?? null,
  errorRatePercent: r.error_rate_percent,
  exclusion: r.exclusion,
  excludedFor: r.excluded_for,
})

const fieldsOfMaintenance = (r: MaintenanceRow): MaintenanceFields => ({
  title: r.title,
  components: r.components,
  regions: r.regions,
  impact: r.impact,
  start: r.start_at.toISOString(),
  end: r.end_at.toISOString(),
  announcedAt: r.announced_at?.toISOString() ?? null,
  emergency: r.emergency,
})

/** `patch` over `base`: absent keys keep, `null` clears (lists become empty). */
function merge<F extends object>(base: F, patch: object, lists: readonly string[]): F {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) }
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue
    out[k] = v === null && lists.includes(k) ? [] : v
  }
  return out as F
}

// ---------------------------------------------------------------------------------------------
// The two kinds of outage record, and one lifecycle for both

/** What differs between incidents and maintenance windows; the lifecycle below is shared. */
export interface OutageKind<R extends IncidentRow | MaintenanceRow, V, F extends object, C> {
  entity: 'incident' | 'maintenance'
  /** Its name in messages ("no incident …", "a maintenance window … already exists"). */
  noun: string
  article: 'a' | 'an'
  idPrefix: string
  /** Fields whose `null` in a patch means "empty list". */
  lists: readonly string[]
  find(
    db: Kysely<Database>,
    tenantId: string,
    id: string,
    forUpdate?: boolean,
  ): Promise<R | undefined>
  insert(
    db: Kysely<Database>,
    row: C & { tenant_id: string; id: string; created_at: Date; updated_at: Date },
  ): Promise<R | undefined>
  update(
    db: Kysely<Database>,
    tenantId: string,
    id: string,
    set: C & { updated_at: Date },
  ): Promise<R>
  remove(db: Kysely<Database>, tenantId: string, id: string): Promise<void>
  list(db: Kysely<Database>, tenantId: string, q: TimeListQuery): Promise<R[]>
  view(r: R, now: number): V
  fieldsOf(r: R): F
  /** The scenario's rules on merged fields; `patch` is null on create. */
  check(db: Kysely<Database>, tenantId: string, f: F, now: number, patch: object | null): Promise<C>
  /** Why it cannot be resolved (it already ended), or null. */
  alreadyEnded(r: R, now: number): string | null
}

export const INCIDENT: OutageKind<IncidentRow, IncidentView, IncidentFields, IncidentColumns> = {
  entity: 'incident',
  noun: 'incident',
  article: 'an',
  idPrefix: 'inc-',
  lists: ['regions', 'excludedFor'],
  find: findIncident,
  insert: insertIncident,
  update: updateIncident,
  remove: deleteIncident,
  list: listIncidents,
  view: incidentView,
  fieldsOf: fieldsOfIncident,
  // Account references are checked when they change (an account named earlier may be gone).
  check: (db, tenantId, f, now, patch) =>
    checkIncident(db, tenantId, f, now, patch === null || 'excludedFor' in patch),
  alreadyEnded: (r, now) =>
    r.end_at !== null && r.end_at.getTime() <= now
      ? `incident "${r.id}" was already resolved at ${r.end_at.toISOString()}; change its end with PATCH`
      : null,
}

export const MAINTENANCE: OutageKind<
  MaintenanceRow,
  MaintenanceView,
  MaintenanceFields,
  MaintenanceColumns
> = {
  entity: 'maintenance',
  noun: 'maintenance window',
  article: 'a',
  idPrefix: 'mnt-',
  lists: ['regions'],
  find: findMaintenance,
  insert: insertMaintenance,
  update: updateMaintenance,
  remove: deleteMaintenance,
  list: listMaintenance,
  view: maintenanceView,
  fieldsOf: fieldsOfMaintenance,
  check: (_db, _tenantId, f, now) => Promise.resolve(checkMaintenance(f, now)),
  alreadyEnded: (r, now) =>
    r.end_at.getTime() <= now
      ? `maintenance "${r.id}" already ended at ${r.end_at.toISOString()}; change its end with PATCH`
      : null,
}

/** Whether a change can move anyone's uptime: every field but the title counts. */
const countsDifferently = <R extends IncidentRow | MaintenanceRow, F extends object>(
  kind: OutageKind<R, unknown, F, unknown>,
  a: R,
  b: R,
): boolean =>
  JSON.stringify({ ...kind.fieldsOf(a), title: null }) !==
  JSON.stringify({ ...kind.fieldsOf(b), title: null })

function createOutage<R extends IncidentRow | MaintenanceRow, V, F extends object, C>(
  kind: OutageKind<R, V, F, C>,
  db: Kysely<Database>,
  who: Actor,
  fields: F,
  wantedId: string | undefined,
): Promise<Changed<V>> {
  return withRetriedTransaction(db, async (tx) => {
    const set = await kind.check(tx, who.tenantId, fields, who.now, null)
    const id = wantedId ?? newId(kind.idPrefix)
    const at = new Date(who.now)
    const row = await kind.insert(tx, {
      tenant_id: who.tenantId,
      id,
      ...set,
      created_at: at,
      updated_at: at,
    })
    if (!row) throw new Conflict(`${kind.article} ${kind.noun} "${id}" already exists`)
    const after = kind.view(row, who.now)
    await appendAudit(tx, audit(who, 'create', kind.entity, id, null, after))
    const accounts = await recomputeForOutage(tx, {
      tenantId: who.tenantId,
      now: who.now,
      footprints: [footprint(row)],
    })
    return { item: after, recomputed: { accounts } }
  })
}

export async function getOutage<R extends IncidentRow | MaintenanceRow, V, F extends object, C>(
  kind: OutageKind<R, V, F, C>,
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  now: number,
): Promise<WithAffectedAccounts<V>> {
  const row = await kind.find(db, tenantId, id)
  if (!row) throw new NotFound(`no ${kind.noun} "${id}"`)
  const [affected] = await affectedAccounts(db, tenantId, [row])
  return { ...kind.view(row, now), affectedAccounts: affected! }
}

function updateOutage<R extends IncidentRow | MaintenanceRow, V, F extends object, C>(
  kind: OutageKind<R, V, F, C>,
  db: Kysely<Database>,
  who: Actor,
  id: string,
  patch: object,
  action: 'update' | 'resolve',
): Promise<Changed<V>> {
  return withRetriedTransaction(db, async (tx) => {
    const old = await kind.find(tx, who.tenantId, id, true)
    if (!old) throw new NotFound(`no ${kind.noun} "${id}"`)
    const ended = action === 'resolve' ? kind.alreadyEnded(old, who.now) : null
    if (ended !== null) throw new Conflict(ended)
    const merged = merge(kind.fieldsOf(old), patch, kind.lists)
    const set = await kind.check(tx, who.tenantId, merged, who.now, patch)
    const row = await kind.update(tx, who.tenantId, id, { ...set, updated_at: new Date(who.now) })
    const before = kind.view(old, who.now)
    const after = kind.view(row, who.now)
    await appendAudit(tx, audit(who, action, kind.entity, id, before, after))
    const accounts = countsDifferently(kind, old, row)
      ? await recomputeForOutage(tx, {
          tenantId: who.tenantId,
          now: who.now,
          footprints: [footprint(old), footprint(row)],
        })
      : []
    return { item: after, recomputed: { accounts } }
  })
}

/** Ends the record at `end` (default now): an incident resolved, maintenance finished early or
 * overran and is now done. */
export function resolveOutage<R extends IncidentRow | MaintenanceRow, V, F extends object, C>(
  kind: OutageKind<R, V, F, C>,
  db: Kysely<Database>,
  who: Actor,
  id: string,
  end: string | undefined,
): Promise<Changed<V>> {
  const at = end === undefined ? who.now : parseInstant(end)
  if (at !== undefined && at > who.now)
    throw new InvalidInput([issue('end', 'future', 'is after the service clock (now)')])
  return updateOutage(kind, db, who, id, { end: end ?? formatInstant(who.now) }, 'resolve')
}

export function deleteOutage<R extends IncidentRow | MaintenanceRow, V, F extends object, C>(
  kind: OutageKind<R, V, F, C>,
  db: Kysely<Database>,
  who: Actor,
  id: string,
): Promise<Changed<null>> {
  return withRetriedTransaction(db, async (tx) => {
    const old = await kind.find(tx, who.tenantId, id, true)
    if (!old) throw new NotFound(`no ${kind.noun} "${id}"`)
    await kind.remove(tx, who.tenantId, id)
    await appendAudit(tx, audit(who, 'delete', kind.entity, id, kind.view(old, who.now), null))
    const accounts = await recomputeForOutage(tx, {
      tenantId: who.tenantId,
      now: who.now,
      footprints: [footprint(old)],
    })
    return { item: null, recomputed: { accounts } }
  })
}

export interface ListRequest {
  from?: string | undefined
  to?: string | undefined
  open?: boolean | undefined
  component?: string | undefined
  limit?: number | undefined
  cursor?: string | undefined
  /** `affectedAccounts`: each item carries the accounts it affects, as the detail read does. */
  include?: 'affectedAccounts' | undefined
}

function listQuery(q: ListRequest, now: number): TimeListQuery {
  const out: ValidationIssue[] = []
  const from = q.from === undefined ? undefined : parseInstant(q.from)
  const to = q.to === undefined ? undefined : parseInstant(q.to)
  if (q.from !== undefined && from === undefined)
    out.push(issue('query.from', 'instant', `"${q.from}" is not a real instant`))
  if (q.to !== undefined && to === undefined)
    out.push(issue('query.to', 'instant', `"${q.to}" is not a real instant`))
  if (from !== undefined && to !== undefined && to <= from)
    out.push(issue('query.to', 'order', 'must be after "from"'))
  if (out.length > 0) throw new InvalidInput(out)
  const after =
    q.cursor === undefined
      ? undefined
      : (() => {
          const [start, id] = decodeCursor(q.cursor, ['n', 's']) as [number, string]
          return { start: new Date(start), id }
        })()
  return {
    from: from === undefined ? undefined : new Date(from),
    to: to === undefined ? undefined : new Date(to),
    openAt: q.open ? new Date(now) : undefined,
    component: q.component,
    after,
    limit: q.limit ?? 50,
  }
}

export async function listOutageViews<
  R extends IncidentRow | MaintenanceRow,
  V,
  F extends object,
  C,
>(
  kind: OutageKind<R, V, F, C>,
  db: Kysely<Database>,
  tenantId: string,
  q: ListRequest,
  now: number,
): Promise<OutageList<V | WithAffectedAccounts<V>>> {
  const query = listQuery(q, now)
  const rows = await kind.list(db, tenantId, query)
  const last = rows[rows.length - 1]
  const views = rows.map((r) => kind.view(r, now))
  const affected =
    q.include === 'affectedAccounts' ? await affectedAccounts(db, tenantId, rows) : null
  return {
    items: affected ? views.map((v, i) => ({ ...v, affectedAccounts: affected[i]! })) : views,
    next:
      rows.length === query.limit && last ? encodeCursor([last.start_at.getTime(), last.id]) : null,
  }
}

// ---------------------------------------------------------------------------------------------
// Incidents

export const createIncident = (
  db: Kysely<Database>,
  who: Actor,
  input: IncidentInput,
): Promise<Changed<IncidentView>> =>
  createOutage(
    INCIDENT,
    db,
    who,
    {
      title: input.title ?? null,
      components: input.components,
      regions: input.regions ?? [],
      impact: input.impact,
      start: input.start,
      end: input.end ?? null,
      errorRatePercent: input.errorRatePercent ?? null,
      exclusion: input.exclusion ?? null,
      excludedFor: input.excludedFor ?? [],
    },
    input.id,
  )

export const updateIncidentById = (
  db: Kysely<Database>,
  who: Actor,
  id: string,
  patch: IncidentPatch,
): Promise<Changed<IncidentView>> => updateOutage(INCIDENT, db, who, id, patch, 'update')

// ---------------------------------------------------------------------------------------------
// Maintenance windows

export const createMaintenance = (
  db: Kysely<Database>,
  who: Actor,
  input: MaintenanceInput,
): Promise<Changed<MaintenanceView>> =>
  createOutage(
    MAINTENANCE,
    db,
    who,
    {
      title: input.title ?? null,
      components: input.components,
      regions: input.regions ?? [],
      impact: input.impact ?? 'major',
      start: input.start,
      end: input.end,
      announcedAt: input.announcedAt ?? null,
      emergency: input.emergency ?? false,
    },
    input.id,
  )

export const updateMaintenanceById = (
  db: Kysely<Database>,
  who: Actor,
  id: string,
  patch: MaintenancePatch,
): Promise<Changed<MaintenanceView>> => updateOutage(MAINTENANCE, db, who, id, patch, 'update')

// ---------------------------------------------------------------------------------------------

/**
 * The accounts each record affects (using one of its components, in one of its regions), by id.
 * One account query for all of them: the candidates use any of their components; each record then
 * keeps those the engine's `touchesAccount` says it touches.
 */
async function affectedAccounts(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly (IncidentRow | MaintenanceRow)[],
): Promise<AffectedAccount[][]> {
  const components = [...new Set(rows.flatMap((r) => r.components))]
  const candidates = await selectAccountNames(db, tenantId, { components })
  return rows.map((r) =>
    candidates
      .filter((a) => touchesAccount(r, a.components, a.regions))
      .map((a) => ({ id: a.id, name: a.name })),
  )
}

function audit(
  who: Actor,
  action: 'create' | 'update' | 'resolve' | 'delete',
  entity: 'incident' | 'maintenance',
  entityId: string,
  before: unknown,
  after: unknown,
) {
  return {
    tenantId: who.tenantId,
    at: new Date(who.now),
    actor: who.actor,
    action,
    entity,
    entityId,
    before,
    after,
  }
}
