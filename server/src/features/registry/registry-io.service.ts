/**
 * Import and export of the whole registry as one document in the scenario file's shapes.
 *
 * An import is all-or-nothing: the document is checked item by item against the registry it
 * would produce (every calendar, tier and account, and every stored account a changed tier
 * touches); one problem anywhere refuses it with every problem listed by path
 * (`accounts[3].contracts[0].tier`) and nothing is written. Otherwise every change is written in
 * one transaction. Items equal to what is stored are left alone (no new revision, no audit entry),
 * so importing an export changes nothing.
 *
 * Modes: `upsert` (default) creates or replaces, by id, every item in the document and keeps the
 * others; `replace` makes the registry exactly the document, deleting what it does not list.
 */
import type { Kysely } from 'kysely'
import {
  checkSchema,
  issue,
  validateTier,
  type CalendarDefinition,
  type CalendarView,
  type ImportCounts,
  type ImportMode,
  type RegistryImportReport,
  type Tier,
  type TierView,
  type ValidationIssue,
} from '@sla-tracker/shared'
import type { Database } from '../../db/database.js'
import type { AuditEntry } from '../audit/audit.repository.js'
import { deleteAccountRows } from './accounts.repository.js'
import {
  accountDraftIssues,
  draftChanges,
  writeAccounts,
  type AccountDraft,
} from './accounts.service.js'
import {
  deleteCalendarRows,
  deleteCalendarVersionsAbove,
  insertCalendar,
  updateCalendarRow,
  upsertCalendarVersions,
} from './calendars.repository.js'
import { calendarDefinitionIssues, storedDefinition } from './calendars.service.js'
import { engineAccount, engineTier, engineTiers, type AccountState } from './registry.model.js'
import { loadAccountStates, loadCalendarViews, loadTierViews } from './registry.read.js'
import { insertAuditEntries } from './registry.repository.js'
import { accountTimelineIssues, effectiveFromIssues, sameJson } from './registry.rules.js'
import {
  RegistryAccountSchema,
  RegistryCalendarSchema,
  RegistryTopLevelSchema,
  SCENARIO_ONLY_KEYS,
} from './registry.schemas.js'
import {
  writeRegistry,
  unprocessable,
  type RegistryActor,
  type RegistryDeps,
} from './registry.write.js'
import {
  deleteTierRows,
  deleteTierVersionsAbove,
  insertTier,
  updateTierRow,
  upsertTierVersions,
} from './tiers.repository.js'

/** A calendar of the document, as it would be stored. */
interface CalendarDoc {
  id: string
  name: string | null
  versions: { effectiveFrom: string | null; definition: CalendarDefinition }[]
}

/** A tier of the document, as it would be stored. */
interface TierDoc {
  id: string
  name: string | null
  versions: { effectiveFrom: string | null; profile: Tier['versions'][number]['profile'] }[]
}

// ---------------------------------------------------------------------------------------------
// Export

export interface RegistryCalendarDoc extends Omit<CalendarDefinition, 'id'> {
  id: string
  laterVersions?: { effectiveFrom: string; definition: CalendarDefinition }[]
}

export interface RegistryDocument {
  calendars: RegistryCalendarDoc[]
  tiers: Tier[]
  accounts: (ReturnType<typeof engineAccount> & { csm?: string; renewalDate?: string })[]
}

function calendarDoc(c: CalendarView): RegistryCalendarDoc {
  const [first, ...later] = c.versions
  return {
    id: c.id,
    ...(c.name !== null ? { name: c.name } : {}),
    ...(first ? storedDefinition(first.definition) : { hours: '24x7' as const }),
    ...(later.length > 0
      ? {
          laterVersions: later.map((v) => ({
            effectiveFrom: v.effectiveFrom ?? '',
            definition: storedDefinition(v.definition),
          })),
        }
      : {}),
  }
}

export function accountDoc(a: AccountState): RegistryDocument['accounts'][number] {
  return {
    ...engineAccount(a),
    ...(a.csm !== null ? { csm: a.csm } : {}),
    ...(a.renewalDate !== null ? { renewalDate: a.renewalDate } : {}),
  }
}

/** The whole registry, read in one consistent snapshot. */
export async function exportRegistry(
  db: Kysely<Database>,
  tenantId: string,
): Promise<{ document: RegistryDocument; registryRevision: number }> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const [calendars, tiers, accounts, revision] = await Promise.all([
        loadCalendarViews(tx, tenantId),
        loadTierViews(tx, tenantId),
        loadAccountStates(tx, tenantId, 'all'),
        tx
          .selectFrom('tenants')
          .select('registry_revision')
          .where('id', '=', tenantId)
          .executeTakeFirstOrThrow(),
      ])
      return {
        document: {
          calendars: calendars.map(calendarDoc),
          tiers: [...tiers.values()].map(engineTier),
          accounts: accounts.map(accountDoc),
        },
        registryRevision: revision.registry_revision,
      }
    })
}

// ---------------------------------------------------------------------------------------------
// Import: checks

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** A draft from a document account (already shape-checked). */
export function draftFromDocument(a: {
  id: string
  name: string
  timeZone?: string | undefined
  organizationId?: number | undefined
  components: string[]
  regions?: string[] | undefined
  csm?: string | undefined
  renewalDate?: string | undefined
  contracts: AccountDraft['contracts']
}): AccountDraft {
  return {
    id: a.id,
    name: a.name,
    timeZone: a.timeZone ?? 'UTC',
    organizationId: a.organizationId ?? null,
    components: a.components,
    regions: a.regions ?? [],
    csm: a.csm ?? null,
    renewalDate: a.renewalDate ?? null,
    contracts: a.contracts,
  }
}

function duplicateIssue(list: string, index: number, id: string, first: number): ValidationIssue {
  return issue(`${list}[${index}].id`, 'unique', `"${id}" is also the id of ${list}[${first}]`)
}

interface Plan {
  calendars: CalendarDoc[]
  tiers: TierDoc[]
  accounts: AccountDraft[]
}

/**
 * Checks the document against the registry it would produce; returns the plan or every issue.
 */
function planImport(
  top: Record<string, unknown>,
  mode: ImportMode,
  stored: { calendars: CalendarView[]; tiers: Map<string, TierView>; accounts: AccountState[] },
): { plan: Plan; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = []
  const plan: Plan = { calendars: [], tiers: [], accounts: [] }

  // Calendars
  const calendarIndex = new Map<string, number>()
  ;((top.calendars as unknown[] | undefined) ?? []).forEach((item, i) => {
    const path = `calendars[${i}]`
    const shape = checkSchema(RegistryCalendarSchema, item, path)
    if (shape.length > 0) return void issues.push(...shape)
    const c = item as RegistryCalendarDoc
    const first = calendarIndex.get(c.id)
    if (first !== undefined) issues.push(duplicateIssue('calendars', i, c.id, first))
    else calendarIndex.set(c.id, i)
    const { laterVersions, ...definition } = c
    const later = laterVersions ?? []
    issues.push(...calendarDefinitionIssues(definition, path, c.id))
    later.forEach((v, j) =>
      issues.push(
        ...calendarDefinitionIssues(v.definition, `${path}.laterVersions[${j}].definition`, c.id),
      ),
    )
    issues.push(
      ...effectiveFromIssues(
        [null, ...later.map((v) => v.effectiveFrom)],
        (k) => `${path}.laterVersions[${k - 1}].effectiveFrom`,
      ),
    )
    plan.calendars.push({
      id: c.id,
      name: c.name ?? null,
      versions: [
        { effectiveFrom: null, definition: storedDefinition(definition) },
        ...later.map((v) => ({
          effectiveFrom: v.effectiveFrom,
          definition: storedDefinition(v.definition),
        })),
      ],
    })
  })
  const calendarIds = new Set(plan.calendars.map((c) => c.id))
  if (mode === 'upsert') for (const c of stored.calendars) calendarIds.add(c.id)

  // Tiers
  const tierIndex = new Map<string, number>()
  ;((top.tiers as unknown[] | undefined) ?? []).forEach((item, i) => {
    const path = `tiers[${i}]`
    const r = validateTier(item, path, { calendarIds })
    if (!r.ok) return void issues.push(...r.issues)
    // As through the API: in order in every zone, not only in UTC.
    issues.push(
      ...effectiveFromIssues(
        r.value.versions.map((v) => v.effectiveFrom),
        (k) => `${path}.versions[${k}].effectiveFrom`,
      ),
    )
    const first = tierIndex.get(r.value.id)
    if (first !== undefined) issues.push(duplicateIssue('tiers', i, r.value.id, first))
    else tierIndex.set(r.value.id, i)
    plan.tiers.push({
      id: r.value.id,
      name: r.value.name ?? null,
      versions: r.value.versions.map((v) => ({
        effectiveFrom: v.effectiveFrom ?? null,
        profile: v.profile,
      })),
    })
  })
  const tiers = mode === 'upsert' ? engineTiers(stored.tiers.values()) : new Map<string, Tier>()
  for (const t of plan.tiers) tiers.set(t.id, engineTier(t))

  // Accounts
  const accountIndex = new Map<string, number>()
  const organizations = new Map<number, string>()
  ;((top.accounts as unknown[] | undefined) ?? []).forEach((item, i) => {
    const path = `accounts[${i}]`
    const shape = checkSchema(RegistryAccountSchema, item, path)
    if (shape.length > 0) return void issues.push(...shape)
    const draft = draftFromDocument(item as Parameters<typeof draftFromDocument>[0])
    const first = accountIndex.get(draft.id)
    if (first !== undefined) issues.push(duplicateIssue('accounts', i, draft.id, first))
    else accountIndex.set(draft.id, i)
    if (draft.organizationId !== null) {
      const holder = organizations.get(draft.organizationId)
      if (holder !== undefined)
        issues.push(
          issue(
            `${path}.organizationId`,
            'unique',
            `the Zendesk organization ${draft.organizationId} is also mapped by ${holder}; an organization maps to one account`,
          ),
        )
      else organizations.set(draft.organizationId, path)
    }
    issues.push(...accountDraftIssues(draft, tiers, calendarIds, path))
    plan.accounts.push(draft)
  })

  if (mode === 'upsert') {
    // Stored accounts the document leaves alone must still build on the changed tiers, and keep
    // their organizations to themselves.
    const changedTiers = new Set(plan.tiers.map((t) => t.id))
    const kept = stored.accounts.filter((a) => !accountIndex.has(a.id))
    const touched = kept.filter((a) => a.contracts.some((c) => changedTiers.has(c.tier)))
    issues.push(...accountTimelineIssues(touched.map(engineAccount), tiers, calendarIds))
    for (const a of kept) {
      if (a.organizationId === null) continue
      const holder = organizations.get(a.organizationId)
      if (holder !== undefined)
        issues.push(
          issue(
            `${holder}.organizationId`,
            'unique',
            `the Zendesk organization ${a.organizationId} is already mapped to account "${a.id}" (not in this import); an organization maps to one account`,
          ),
        )
    }
  }
  return { plan, issues }
}

// ---------------------------------------------------------------------------------------------
// Import: writes

const zero = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0, deleted: 0 })

function auditEntry(
  who: RegistryActor,
  action: AuditEntry['action'],
  entity: string,
  entityId: string,
  before: unknown,
  after: unknown,
): AuditEntry {
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

/** Writes the documents of one kind (calendars or tiers); returns the ids it changed. */
async function writeVersioned<D extends { id: string; name: string | null; versions: unknown[] }>(
  docs: readonly D[],
  stored: ReadonlyMap<string, { name: string | null; revision: number; versions: unknown[] }>,
  same: (doc: D, stored: { name: string | null; versions: unknown[] }) => boolean,
  write: {
    insert: (doc: D) => Promise<void>
    update: (doc: D, revision: number, storedVersions: number) => Promise<void>
  },
  counts: ImportCounts,
): Promise<string[]> {
  const changed: string[] = []
  for (const doc of docs) {
    const before = stored.get(doc.id)
    if (!before) {
      await write.insert(doc)
      counts.created++
      changed.push(doc.id)
    } else if (same(doc, before)) {
      counts.unchanged++
    } else {
      await write.update(doc, before.revision + 1, before.versions.length)
      counts.updated++
      changed.push(doc.id)
    }
  }
  return changed
}

/**
 * Imports a registry document (already parsed from JSON or YAML). All-or-nothing: throws 422 with
 * every problem, writing nothing, when any item is invalid.
 */
export async function importRegistry(
  deps: RegistryDeps,
  who: RegistryActor,
  document: unknown,
  mode: ImportMode,
): Promise<RegistryImportReport> {
  if (!isPlainObject(document))
    throw unprocessable([
      issue('', 'type', 'must be an object with "calendars", "tiers" and "accounts" lists'),
    ])
  const top = Object.fromEntries(Object.entries(document).filter(([k]) => !k.startsWith('x-')))
  const shape = checkSchema(RegistryTopLevelSchema, top)
  if (shape.length > 0) throw unprocessable(shape, refusal(shape.length))
  const ignored = SCENARIO_ONLY_KEYS.filter((k) => top[k] !== undefined)
  const at = new Date(who.now)

  return writeRegistry(deps, who, async (tx, registryRevision) => {
    const [calendars, tiers, accounts] = await Promise.all([
      loadCalendarViews(tx, who.tenantId),
      loadTierViews(tx, who.tenantId),
      loadAccountStates(tx, who.tenantId, 'all'),
    ])
    const { plan, issues } = planImport(top, mode, { calendars, tiers, accounts })
    if (issues.length > 0) throw unprocessable(issues, refusal(issues.length))

    const report: RegistryImportReport = {
      mode,
      calendars: zero(),
      tiers: zero(),
      accounts: zero(),
      ignored: [...ignored],
      registryRevision,
    }
    const audit: AuditEntry[] = []
    const storedCalendars = new Map(calendars.map((c) => [c.id, c]))
    const storedAccounts = new Map(accounts.map((a) => [a.id, a]))

    if (mode === 'replace') {
      const keepAccounts = new Set(plan.accounts.map((a) => a.id))
      const keepTiers = new Set(plan.tiers.map((t) => t.id))
      const keepCalendars = new Set(plan.calendars.map((c) => c.id))
      const goneAccounts = accounts.filter((a) => !keepAccounts.has(a.id))
      const goneTiers = [...tiers.values()].filter((t) => !keepTiers.has(t.id))
      const goneCalendars = calendars.filter((c) => !keepCalendars.has(c.id))
      await deleteAccountRows(
        tx,
        who.tenantId,
        goneAccounts.map((a) => a.id),
      )
      await deleteTierRows(
        tx,
        who.tenantId,
        goneTiers.map((t) => t.id),
      )
      await deleteCalendarRows(
        tx,
        who.tenantId,
        goneCalendars.map((c) => c.id),
      )
      report.accounts.deleted = goneAccounts.length
      report.tiers.deleted = goneTiers.length
      report.calendars.deleted = goneCalendars.length
      for (const a of goneAccounts) audit.push(auditEntry(who, 'delete', 'account', a.id, a, null))
      for (const t of goneTiers) audit.push(auditEntry(who, 'delete', 'tier', t.id, t, null))
      for (const c of goneCalendars)
        audit.push(auditEntry(who, 'delete', 'calendar', c.id, c, null))
    }

    const changedCalendars = await writeVersioned(
      plan.calendars,
      storedCalendars,
      (doc, s) =>
        doc.name === s.name &&
        sameJson(
          doc.versions,
          (s.versions as CalendarView['versions']).map((v) => ({
            effectiveFrom: v.effectiveFrom,
            definition: v.definition,
          })),
        ),
      {
        insert: async (doc) => {
          await insertCalendar(tx, { tenantId: who.tenantId, id: doc.id, name: doc.name, at })
          await upsertCalendarVersions(tx, who.tenantId, doc.id, numbered(doc.versions), at)
        },
        update: async (doc, revision, storedVersions) => {
          await updateCalendarRow(tx, {
            tenantId: who.tenantId,
            id: doc.id,
            name: doc.name,
            revision,
            at,
          })
          await upsertCalendarVersions(tx, who.tenantId, doc.id, numbered(doc.versions), at)
          if (doc.versions.length < storedVersions)
            await deleteCalendarVersionsAbove(tx, who.tenantId, doc.id, doc.versions.length)
        },
      },
      report.calendars,
    )
    const changedTiers = await writeVersioned(
      plan.tiers,
      tiers,
      (doc, s) =>
        doc.name === s.name &&
        sameJson(
          doc.versions,
          (s.versions as TierView['versions']).map((v) => ({
            effectiveFrom: v.effectiveFrom,
            profile: v.profile,
          })),
        ),
      {
        insert: async (doc) => {
          await insertTier(tx, { tenantId: who.tenantId, id: doc.id, name: doc.name, at })
          await upsertTierVersions(tx, who.tenantId, doc.id, numberedTier(doc.versions), at)
        },
        update: async (doc, revision, storedVersions) => {
          await updateTierRow(tx, {
            tenantId: who.tenantId,
            id: doc.id,
            name: doc.name,
            revision,
            at,
          })
          await upsertTierVersions(tx, who.tenantId, doc.id, numberedTier(doc.versions), at)
          if (doc.versions.length < storedVersions)
            await deleteTierVersionsAbove(tx, who.tenantId, doc.id, doc.versions.length)
        },
      },
      report.tiers,
    )
    if (changedCalendars.length > 0) {
      const after = new Map((await loadCalendarViews(tx, who.tenantId)).map((c) => [c.id, c]))
      for (const id of changedCalendars) {
        const before = storedCalendars.get(id)
        audit.push(
          auditEntry(
            who,
            before ? 'update' : 'create',
            'calendar',
            id,
            before ?? null,
            after.get(id),
          ),
        )
      }
    }
    if (changedTiers.length > 0) {
      const after = await loadTierViews(tx, who.tenantId)
      for (const id of changedTiers) {
        const before = tiers.get(id)
        audit.push(
          auditEntry(who, before ? 'update' : 'create', 'tier', id, before ?? null, after.get(id)),
        )
      }
    }

    const accountWrites = []
    for (const draft of plan.accounts) {
      const before = storedAccounts.get(draft.id)
      if (before && !draftChanges(before, draft)) {
        report.accounts.unchanged++
        continue
      }
      if (before) report.accounts.updated++
      else report.accounts.created++
      accountWrites.push({ before, after: draft })
    }
    await writeAccounts(tx, who, accountWrites)

    const changed = audit.length > 0 || accountWrites.length > 0
    await insertAuditEntries(tx, [
      ...audit,
      auditEntry(who, 'import', 'registry', who.tenantId, null, {
        mode,
        calendars: report.calendars,
        tiers: report.tiers,
        accounts: report.accounts,
        ignored: report.ignored,
      }),
    ])
    if (!changed) report.registryRevision = registryRevision - 1
    return { value: report, recompute: changed ? 'all' : null, unchanged: !changed }
  })
}

function numbered(versions: CalendarDoc['versions']) {
  return versions.map((v, i) => ({
    version: i + 1,
    effectiveFrom: v.effectiveFrom,
    definition: v.definition,
  }))
}

function numberedTier(versions: TierDoc['versions']) {
  return versions.map((v, i) => ({
    version: i + 1,
    effectiveFrom: v.effectiveFrom,
    profile: v.profile,
  }))
}

function refusal(n: number): string {
  return `the import was refused (${n} problem${n > 1 ? 's' : ''}; see details): nothing was written`
}
