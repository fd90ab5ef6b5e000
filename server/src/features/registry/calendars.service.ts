/**
 * Business calendars: versioned definitions (weekly hours, holidays, zone). A calendar's contents
 * never make a profile invalid (profiles refer to calendars by id), so changing a version needs
 * no account re-check; it does change how history is judged, so every account is recomputed.
 */
import type { Kysely } from 'kysely'
import {
  importZendeskSchedule,
  issue,
  validateCalendar,
  type CalendarDefinition,
  type CalendarSummary,
  type CalendarView,
  type ValidationIssue,
  type ZendeskHolidayWire,
  type ZendeskScheduleWire,
} from '@sla-tracker/shared'
import type { Database } from '../../db/database.js'
import { BadRequest, Conflict, NotFound } from '../../errors.js'
import { appendAudit } from '../audit/audit.repository.js'
import {
  deleteCalendarRows,
  insertCalendar,
  selectAccountsOverridingCalendar,
  selectCalendar,
  selectCalendarSummaries,
  selectCalendarVersions,
  selectTiersUsingCalendar,
  updateCalendarRow,
  upsertCalendarVersions,
} from './calendars.repository.js'
import { calendarView } from './registry.model.js'
import { effectiveFromIssues, sameJson } from './registry.rules.js'
import {
  checkRevision,
  refuseIssues,
  writeRegistry,
  type RegistryActor,
  type RegistryDeps,
} from './registry.write.js'

export async function listCalendars(
  db: Kysely<Database>,
  tenantId: string,
): Promise<CalendarSummary[]> {
  const rows = await selectCalendarSummaries(db, tenantId)
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    revision: r.revision,
    versionCount: r.version_count,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }))
}

export async function findCalendar(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CalendarView | undefined> {
  const row = await selectCalendar(db, tenantId, id, opts)
  if (!row) return undefined
  return calendarView(row, await selectCalendarVersions(db, tenantId, id))
}

export async function getCalendar(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<CalendarView> {
  const view = await findCalendar(db, tenantId, id)
  if (!view) throw new NotFound(`no calendar "${id}"`)
  return view
}

async function lockedCalendar(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  expectedRevision: number | undefined,
): Promise<CalendarView> {
  const view = await findCalendar(db, tenantId, id, { forUpdate: true })
  if (!view) throw new NotFound(`no calendar "${id}"`)
  checkRevision(`calendar "${id}"`, view.revision, expectedRevision)
  return view
}

/**
 * A definition as stored: validated, without `id` and `name` (the calendar row holds those).
 * `path` names the definition in the request.
 */
export function calendarDefinitionIssues(
  definition: unknown,
  path: string,
  calendarId: string,
): ValidationIssue[] {
  const r = validateCalendar(definition, path)
  if (!r.ok) return r.issues
  if (r.value.id !== undefined && r.value.id !== calendarId)
    return [
      issue(
        `${path}.id`,
        'consistency',
        `is "${r.value.id}" but the calendar is "${calendarId}"; leave it out or make them equal`,
      ),
    ]
  return []
}

export function storedDefinition(d: CalendarDefinition): CalendarDefinition {
  const rest = { ...d }
  delete rest.id
  delete rest.name
  return rest
}

export interface CreateCalendarInput {
  id: string
  name?: string | undefined
  definition: CalendarDefinition
}

export async function createCalendar(
  deps: RegistryDeps,
  who: RegistryActor,
  input: CreateCalendarInput,
): Promise<CalendarView> {
  refuseIssues(calendarDefinitionIssues(input.definition, 'definition', input.id))
  const at = new Date(who.now)
  return writeRegistry(deps, who, async (tx) => {
    if (await selectCalendar(tx, who.tenantId, input.id))
      throw new Conflict(`a calendar "${input.id}" already exists`)
    await insertCalendar(tx, {
      tenantId: who.tenantId,
      id: input.id,
      name: input.name ?? input.definition.name ?? null,
      at,
    })
    await upsertCalendarVersions(
      tx,
      who.tenantId,
      input.id,
      [{ version: 1, effectiveFrom: null, definition: storedDefinition(input.definition) }],
      at,
    )
    const view = (await findCalendar(tx, who.tenantId, input.id))!
    await appendAudit(tx, {
      tenantId: who.tenantId,
      at,
      actor: who.actor,
      action: 'create',
      entity: 'calendar',
      entityId: input.id,
      before: null,
      after: view,
    })
    // Nothing refers to a new calendar yet.
    return { value: view, recompute: null }
  })
}

export interface CalendarVersionInput {
  effectiveFrom?: string | undefined
  definition: CalendarDefinition
  /** The revision the caller read (from If-Match or the body). */
  revision?: number | undefined
}

export async function addCalendarVersion(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  input: CalendarVersionInput,
): Promise<CalendarView> {
  refuseIssues(calendarDefinitionIssues(input.definition, 'definition', id))
  const at = new Date(who.now)
  return writeRegistry(deps, who, async (tx) => {
    const before = await lockedCalendar(tx, who.tenantId, id, input.revision)
    const n = before.versions.length
    const froms = [...before.versions.map((v) => v.effectiveFrom), input.effectiveFrom ?? null]
    refuseIssues(
      effectiveFromIssues(
        froms,
        (i) => (i === n ? 'effectiveFrom' : `versions[${i}].effectiveFrom`),
        { firstUndated: true },
      ),
    )
    await upsertCalendarVersions(
      tx,
      who.tenantId,
      id,
      [
        {
          version: n + 1,
          effectiveFrom: input.effectiveFrom ?? null,
          definition: storedDefinition(input.definition),
        },
      ],
      at,
    )
    return finishCalendarUpdate(tx, who, before, before.name, at)
  })
}

export async function correctCalendarVersion(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  version: number,
  input: CalendarVersionInput,
): Promise<CalendarView> {
  refuseIssues(calendarDefinitionIssues(input.definition, 'definition', id))
  const at = new Date(who.now)
  return writeRegistry(deps, who, async (tx) => {
    const before = await lockedCalendar(tx, who.tenantId, id, input.revision)
    if (version > before.versions.length)
      throw new NotFound(`calendar "${id}" has no version ${version}`)
    const stored = before.versions[version - 1]!
    const definition = storedDefinition(input.definition)
    if (
      stored.effectiveFrom === (input.effectiveFrom ?? null) &&
      sameJson(stored.definition, definition)
    )
      return { value: before, recompute: null, unchanged: true }
    const froms = before.versions.map((v, i) =>
      i === version - 1 ? (input.effectiveFrom ?? null) : v.effectiveFrom,
    )
    refuseIssues(
      effectiveFromIssues(
        froms,
        (i) => (i === version - 1 ? 'effectiveFrom' : `versions[${i}].effectiveFrom`),
        { firstUndated: true },
      ),
    )
    await upsertCalendarVersions(
      tx,
      who.tenantId,
      id,
      [{ version, effectiveFrom: input.effectiveFrom ?? null, definition }],
      at,
    )
    return finishCalendarUpdate(tx, who, before, before.name, at)
  })
}

export async function renameCalendar(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  input: { name: string | null; revision?: number | undefined },
): Promise<CalendarView> {
  const at = new Date(who.now)
  return writeRegistry(deps, who, async (tx) => {
    const before = await lockedCalendar(tx, who.tenantId, id, input.revision)
    if (before.name === input.name) return { value: before, recompute: null, unchanged: true }
    const out = await finishCalendarUpdate(tx, who, before, input.name, at)
    // A name changes no computation.
    return { ...out, recompute: null }
  })
}

async function finishCalendarUpdate(
  tx: Kysely<Database>,
  who: RegistryActor,
  before: CalendarView,
  name: string | null,
  at: Date,
): Promise<{ value: CalendarView; recompute: 'all' }> {
  await updateCalendarRow(tx, {
    tenantId: who.tenantId,
    id: before.id,
    name,
    revision: before.revision + 1,
    at,
  })
  const after = (await findCalendar(tx, who.tenantId, before.id))!
  await appendAudit(tx, {
    tenantId: who.tenantId,
    at,
    actor: who.actor,
    action: 'update',
    entity: 'calendar',
    entityId: before.id,
    before,
    after,
  })
  return { value: after, recompute: 'all' }
}

export async function deleteCalendar(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  expectedRevision: number | undefined,
): Promise<void> {
  const at = new Date(who.now)
  await writeRegistry(deps, who, async (tx) => {
    const before = await lockedCalendar(tx, who.tenantId, id, expectedRevision)
    const tiers = await selectTiersUsingCalendar(tx, who.tenantId, id)
    if (tiers.length > 0)
      throw new Conflict(
        `calendar "${id}" is used by tier${tiers.length > 1 ? 's' : ''} ${tiers.map((t) => `"${t}"`).join(', ')}; change their profiles first`,
      )
    const accounts = await selectAccountsOverridingCalendar(tx, who.tenantId, id)
    if (accounts.length > 0)
      throw new Conflict(
        `calendar "${id}" is named in the contract overrides of account${accounts.length > 1 ? 's' : ''} ${accounts.map((a) => `"${a}"`).join(', ')}; change them first`,
      )
    await deleteCalendarRows(tx, who.tenantId, [id])
    await appendAudit(tx, {
      tenantId: who.tenantId,
      at,
      actor: who.actor,
      action: 'delete',
      entity: 'calendar',
      entityId: id,
      before,
      after: null,
    })
    return { value: undefined, recompute: null }
  })
}

export interface ZendeskImportInput {
  /** Default: `zendesk-<schedule id>`. */
  id?: string | undefined
  name?: string | undefined
  /** Adds the schedule as a new version of an existing calendar from this date or instant. */
  effectiveFrom?: string | undefined
  schedule: ZendeskScheduleWire
  holidays?: ZendeskHolidayWire[] | undefined
}

/**
 * Imports a Zendesk schedule (and its holidays) as a calendar: a new calendar, or — with
 * `effectiveFrom` — a new version of an existing one.
 */
export async function importZendeskCalendar(
  deps: RegistryDeps,
  who: RegistryActor,
  input: ZendeskImportInput,
): Promise<{ calendar: CalendarView; created: boolean }> {
  const converted = importZendeskSchedule(input.schedule, input.holidays ?? [])
  if (!converted.ok)
    refuseIssues(
      converted.issues.map((x) => ({
        ...x,
        path: x.path.startsWith('holidays') ? x.path : `schedule.${x.path}`,
      })),
    )
  const definition = (converted as { ok: true; value: CalendarDefinition }).value
  const id = input.id ?? definition.id
  if (id === undefined)
    throw new BadRequest('id: is required when the schedule has no "id" (the calendar id to use)')
  const name = input.name ?? definition.name
  const existing = await findCalendar(deps.db, who.tenantId, id)
  if (!existing) {
    if (input.effectiveFrom !== undefined)
      throw new NotFound(
        `no calendar "${id}" to add a version to; leave out effectiveFrom to create it`,
      )
    const calendar = await createCalendar(deps, who, {
      id,
      name,
      definition: storedDefinition(definition),
    })
    return { calendar, created: true }
  }
  if (input.effectiveFrom === undefined)
    throw new Conflict(
      `a calendar "${id}" already exists; pass effectiveFrom to add the schedule as its new version`,
    )
  const calendar = await addCalendarVersion(deps, who, id, {
    effectiveFrom: input.effectiveFrom,
    definition: storedDefinition(definition),
  })
  return { calendar, created: false }
}
