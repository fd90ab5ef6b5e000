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
  type ValidationIssue,
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

export interface IncidentView {
  id: string
  title: string | null
  components: string[]
  regions: string[]
  impact: string
  start: string
  end: string | null
  errorRatePercent: string | null
  exclusion: string | null
  excludedFor: string[]
  ongoing: boolean
  revision: number
  createdAt: string
  updatedAt: string
}

export interface MaintenanceView {
  id: string
  title: string | null
  components: string[]
  regions: string[]
  impact: string
  start: string
  end: string
  announcedAt: string | null
  emergency: boolean
  status: 'scheduled' | 'in-progress' | 'ended'
  revision: number
  createdAt: string
  updatedAt: string
}

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
  recomputed: { accounts: string[] }
}

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'
function newId(prefix: string): string {
  let out = prefix
  for (const b of randomBytes(10)) out += ID_ALPHABET[b % ID_ALPHABET.length]
  return out
}

/** Whether a change can move anyone's uptime (a new title cannot). */
function countsDifferently(
  a: IncidentRow | MaintenanceRow,
  b: IncidentRow | MaintenanceRow,
): boolean {
  const key = (r: IncidentRow | MaintenanceRow) =>
    JSON.stringify([
      r.components,
      r.regions,
      r.impact,
      r.start_at.getTime(),
      r.end_at?.getTime() ?? null,
      'error_rate_percent' in r
        ? [r.error_rate_percent, r.exclusion, r.excluded_for]
        : [r.announced_at?.getTime() ?? null, r.emergency],
    ])
  return key(a) !== key(b)
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
// Incidents

export async function createIncident(
  db: Kysely<Database>,
  who: Actor,
  input: IncidentInput,
): Promise<Changed<IncidentView>> {
  return withRetriedTransaction(db, async (tx) => {
    const set = await checkIncident(
      tx,
      who.tenantId,
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
      who.now,
    )
    const id = input.id ?? newId('inc-')
    const at = new Date(who.now)
    const row = await insertIncident(tx, {
      tenant_id: who.tenantId,
      id,
      ...set,
      created_at: at,
      updated_at: at,
    })
    if (!row) throw new Conflict(`an incident "${id}" already exists`)
    const after = incidentView(row, who.now)
    await appendAudit(tx, audit(who, 'create', 'incident', id, null, after))
    const accounts = await recomputeForOutage(tx, {
      tenantId: who.tenantId,
      now: who.now,
      footprints: [footprint(row)],
    })
    return { item: after, recomputed: { accounts } }
  })
}

export async function getIncident(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  now: number,
): Promise<IncidentView & { affectedAccounts: { id: string; name: string }[] }> {
  const row = await findIncident(db, tenantId, id)
  if (!row) throw new NotFound(`no incident "${id}"`)
  return { ...incidentView(row, now), affectedAccounts: await affectedAccounts(db, tenantId, row) }
}

export async function updateIncidentById(
  db: Kysely<Database>,
  who: Actor,
  id: string,
  patch: IncidentPatch,
  action: 'update' | 'resolve' = 'update',
): Promise<Changed<IncidentView>> {
  return withRetriedTransaction(db, async (tx) => {
    const old = await findIncident(tx, who.tenantId, id, true)
    if (!old) throw new NotFound(`no incident "${id}"`)
    if (action === 'resolve' && old.end_at !== null && old.end_at.getTime() <= who.now)
      throw new Conflict(
        `incident "${id}" was already resolved at ${old.end_at.toISOString()}; change its end with PATCH`,
      )
    const merged = merge(fieldsOfIncident(old), patch, ['regions', 'excludedFor'])
    // Account references are checked when they change (an account named earlier may be gone).
    const set = await checkIncident(tx, who.tenantId, merged, who.now, 'excludedFor' in patch)
    const row = await updateIncident(tx, who.tenantId, id, {
      ...set,
      updated_at: new Date(who.now),
    })
    const before = incidentView(old, who.now)
    const after = incidentView(row, who.now)
    await appendAudit(tx, audit(who, action, 'incident', id, before, after))
    const accounts = countsDifferently(old, row)
      ? await recomputeForOutage(tx, {
          tenantId: who.tenantId,
          now: who.now,
          footprints: [footprint(old), footprint(row)],
        })
      : []
    return { item: after, recomputed: { accounts } }
  })
}

/** Ends an ongoing incident at `end` (default now). */
export function resolveIncident(
  db: Kysely<Database>,
  who: Actor,
  id: string,
  end: string | undefined,
): Promise<Changed<IncidentView>> {
  const at = end === undefined ? who.now : parseInstant(end)
  if (at !== undefined && at > who.now)
    throw new InvalidInput([issue('end', 'future', 'is after the service clock (now)')])
  return updateIncidentById(db, who, id, { end: end ?? formatInstant(who.now) }, 'resolve')
}

export async function deleteIncidentById(
  db: Kysely<Database>,
  who: Actor,
  id: string,
): Promise<Changed<null>> {
  return withRetriedTransaction(db, async (tx) => {
    const old = await findIncident(tx, who.tenantId, id, true)
    if (!old) throw new NotFound(`no incident "${id}"`)
    await deleteIncident(tx, who.tenantId, id)
    await appendAudit(tx, audit(who, 'delete', 'incident', id, incidentView(old, who.now), null))
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

export async function listIncidentViews(
  db: Kysely<Database>,
  tenantId: string,
  q: ListRequest,
  now: number,
): Promise<{ items: IncidentView[]; next: string | null }> {
  const query = listQuery(q, now)
  const rows = await listIncidents(db, tenantId, query)
  const last = rows[rows.length - 1]
  return {
    items: rows.map((r) => incidentView(r, now)),
    next:
      rows.length === query.limit && last ? encodeCursor([last.start_at.getTime(), last.id]) : null,
  }
}

// ---------------------------------------------------------------------------------------------
// Maintenance windows

export async function createMaintenance(
  db: Kysely<Database>,
  who: Actor,
  input: MaintenanceInput,
): Promise<Changed<MaintenanceView>> {
  return withRetriedTransaction(db, async (tx) => {
    const set = checkMaintenance(
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
      who.now,
    )
    const id = input.id ?? newId('mnt-')
    const at = new Date(who.now)
    const row = await insertMaintenance(tx, {
      tenant_id: who.tenantId,
      id,
      ...set,
      created_at: at,
      updated_at: at,
    })
    if (!row) throw new Conflict(`a maintenance window "${id}" already exists`)
    const after = maintenanceView(row, who.now)
    await appendAudit(tx, audit(who, 'create', 'maintenance', id, null, after))
    const accounts = await recomputeForOutage(tx, {
      tenantId: who.tenantId,
      now: who.now,
      footprints: [footprint(row)],
    })
    return { item: after, recomputed: { accounts } }
  })
}

export async function getMaintenance(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  now: number,
): Promise<MaintenanceView & { affectedAccounts: { id: string; name: string }[] }> {
  const row = await findMaintenance(db, tenantId, id)
  if (!row) throw new NotFound(`no maintenance window "${id}"`)
  return {
    ...maintenanceView(row, now),
    affectedAccounts: await affectedAccounts(db, tenantId, row),
  }
}

export async function updateMaintenanceById(
  db: Kysely<Database>,
  who: Actor,
  id: string,
  patch: MaintenancePatch,
  action: 'update' | 'resolve' = 'update',
): Promise<Changed<MaintenanceView>> {
  return withRetriedTransaction(db, async (tx) => {
    const old = await findMaintenance(tx, who.tenantId, id, true)
    if (!old) throw new NotFound(`no maintenance window "${id}"`)
    if (action === 'resolve' && old.end_at.getTime() <= who.now)
      throw new Conflict(
        `maintenance "${id}" already ended at ${old.end_at.toISOString()}; change its end with PATCH`,
      )
    const merged = merge(fieldsOfMaintenance(old), patch, ['regions'])
    const set = checkMaintenance(merged, who.now)
    const row = await updateMaintenance(tx, who.tenantId, id, {
      ...set,
      updated_at: new Date(who.now),
    })
    const before = maintenanceView(old, who.now)
    const after = maintenanceView(row, who.now)
    await appendAudit(tx, audit(who, action, 'maintenance', id, before, after))
    const accounts = countsDifferently(old, row)
      ? await recomputeForOutage(tx, {
          tenantId: who.tenantId,
          now: who.now,
          footprints: [footprint(old), footprint(row)],
        })
      : []
    return { item: after, recomputed: { accounts } }
  })
}

/** Ends maintenance at `end` (default now): finished early, or overran and is now done. */
export function resolveMaintenance(
  db: Kysely<Database>,
  who: Actor,
  id: string,
  end: string | undefined,
): Promise<Changed<MaintenanceView>> {
  const at = end === undefined ? who.now : parseInstant(end)
  if (at !== undefined && at > who.now)
    throw new InvalidInput([issue('end', 'future', 'is after the service clock (now)')])
  return updateMaintenanceById(db, who, id, { end: end ?? formatInstant(who.now) }, 'resolve')
}

export async function deleteMaintenanceById(
  db: Kysely<Database>,
  who: Actor,
  id: string,
): Promise<Changed<null>> {
  return withRetriedTransaction(db, async (tx) => {
    const old = await findMaintenance(tx, who.tenantId, id, true)
    if (!old) throw new NotFound(`no maintenance window "${id}"`)
    await deleteMaintenance(tx, who.tenantId, id)
    await appendAudit(
      tx,
      audit(who, 'delete', 'maintenance', id, maintenanceView(old, who.now), null),
    )
    const accounts = await recomputeForOutage(tx, {
      tenantId: who.tenantId,
      now: who.now,
      footprints: [footprint(old)],
    })
    return { item: null, recomputed: { accounts } }
  })
}

export async function listMaintenanceViews(
  db: Kysely<Database>,
  tenantId: string,
  q: ListRequest,
  now: number,
): Promise<{ items: MaintenanceView[]; next: string | null }> {
  const query = listQuery(q, now)
  const rows = await listMaintenance(db, tenantId, query)
  const last = rows[rows.length - 1]
  return {
    items: rows.map((r) => maintenanceView(r, now)),
    next:
      rows.length === query.limit && last ? encodeCursor([last.start_at.getTime(), last.id]) : null,
  }
}

// ---------------------------------------------------------------------------------------------

async function affectedAccounts(
  db: Kysely<Database>,
  tenantId: string,
  r: IncidentRow | MaintenanceRow,
): Promise<{ id: string; name: string }[]> {
  const candidates = await selectAccountNames(db, tenantId, { components: r.components })
  return candidates
    .filter((a) => touchesAccount(r, a.components, a.regions))
    .map((a) => ({ id: a.id, name: a.name }))
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
