/**
 * Customer accounts and their versioned contracts. Every write validates the whole account (its
 * own fields, then every merged contract profile against the stored tiers and calendars) before
 * it commits; the Zendesk organization maps to at most one account.
 *
 * Concurrency: every write runs under the tenant's registry lock and re-reads the account inside
 * it, so updates apply one after another, each on top of the previous one — none is lost. A
 * caller that names the revision it read (If-Match, or `revision` in the body) gets 409 when the
 * account has moved on since.
 */
import type { Kysely } from 'kysely'
import {
  buildContractTimeline,
  issue,
  joinPath,
  validateAccount,
  type Account,
  type AccountContractVersion,
  type AccountPage,
  type AccountView,
  type ContractVersionView,
  type Tier,
  type ValidationIssue,
} from '@sla-tracker/shared'
import type { Database } from '../../db/database.js'
import { BadRequest, Conflict, NotFound } from '../../errors.js'
import {
  clearOrganizations,
  deleteAccountRows,
  deleteContractVersionsAbove,
  selectAccount,
  selectAccountIdByOrganization,
  selectAccountPage,
  upsertAccounts,
  upsertContractVersions,
  type NewContractVersion,
} from './accounts.repository.js'
import { accountView, engineTiers, type AccountState } from './registry.model.js'
import { loadAccountStates, loadCalendarIds, loadTierViews } from './registry.read.js'
import { insertAuditEntries } from './registry.repository.js'
import { dateIssues, sameJson } from './registry.rules.js'
import {
  checkRevision,
  refuseIssues,
  writeRegistry,
  type RegistryActor,
  type RegistryDeps,
} from './registry.write.js'

/** An account as written: its fields and its contract versions, in order. */
export interface AccountDraft {
  id: string
  name: string
  timeZone: string
  organizationId: number | null
  components: string[]
  regions: string[]
  csm: string | null
  renewalDate: string | null
  contracts: AccountContractVersion[]
}

/** The engine's form of a draft. */
export function draftAccount(d: AccountDraft): Account {
  return {
    id: d.id,
    name: d.name,
    timeZone: d.timeZone,
    ...(d.organizationId !== null ? { organizationId: d.organizationId } : {}),
    components: d.components,
    ...(d.regions.length > 0 ? { regions: d.regions } : {}),
    contracts: d.contracts,
  }
}

/** The draft of a stored account (to change it). */
export function draftOf(a: AccountState): AccountDraft {
  return {
    id: a.id,
    name: a.name,
    timeZone: a.timeZone,
    organizationId: a.organizationId,
    components: [...a.components],
    regions: [...a.regions],
    csm: a.csm,
    renewalDate: a.renewalDate,
    contracts: a.contracts.map((c) => ({
      ...(c.effectiveFrom !== null ? { effectiveFrom: c.effectiveFrom } : {}),
      tier: c.tier,
      monthlyFee: { ...c.monthlyFee },
      ...(Object.keys(c.componentFees).length > 0 ? { componentFees: c.componentFees } : {}),
      ...(c.overrides !== null ? { overrides: c.overrides } : {}),
    })),
  }
}

/**
 * Every problem of a draft: the account's own fields (validateAccount), its renewal date, and its
 * merged contract timeline against `tiers` and the calendar ids. Paths are under `path`.
 */
export function accountDraftIssues(
  d: AccountDraft,
  tiers: ReadonlyMap<string, Tier>,
  calendarIds: ReadonlySet<string>,
  path = '',
): ValidationIssue[] {
  const own = validateAccount(draftAccount(d), path)
  const issues = own.ok ? [] : [...own.issues]
  issues.push(...dateIssues(d.renewalDate, joinPath(path, 'renewalDate')))
  if (d.organizationId !== null && !Number.isSafeInteger(d.organizationId))
    issues.push(
      issue(joinPath(path, 'organizationId'), 'range', 'must be at most 9007199254740991'),
    )
  if (d.csm !== null && (d.csm.length === 0 || d.csm.length > 200))
    issues.push(issue(joinPath(path, 'csm'), 'max-length', 'must have 1 to 200 characters'))
  if (issues.length > 0) return issues
  const tl = buildContractTimeline(draftAccount(d), tiers, path, { calendarIds })
  return tl.ok ? [] : tl.issues
}

function contractRows(d: AccountDraft): NewContractVersion[] {
  return d.contracts.map((c, i) => ({
    accountId: d.id,
    version: i + 1,
    effectiveFrom: c.effectiveFrom ?? null,
    tierId: c.tier,
    monthlyFeeMinor: c.monthlyFee.amountMinor,
    currency: c.monthlyFee.currency,
    componentFees: c.componentFees ?? {},
    overrides: c.overrides ?? null,
  }))
}

/** Whether writing `d` over `before` would change anything stored. */
export function draftChanges(before: AccountState, d: AccountDraft): boolean {
  return !sameJson(draftOf(before), d)
}

export interface AccountWrite {
  before: AccountState | undefined
  after: AccountDraft
}

/**
 * Writes accounts (inserting new ones, updating changed ones: revision + 1) and their contract
 * versions, with an audit entry each, and returns their stored states. Validation and
 * organization uniqueness are the caller's.
 */
export async function writeAccounts(
  tx: Kysely<Database>,
  who: RegistryActor,
  writes: readonly AccountWrite[],
): Promise<AccountState[]> {
  if (writes.length === 0) return []
  const at = new Date(who.now)
  const updates = writes.filter((w) => w.before)
  // Organizations may move between accounts in one batch: free them first.
  await clearOrganizations(
    tx,
    who.tenantId,
    updates
      .filter((w) => w.before!.organizationId !== w.after.organizationId)
      .map((w) => w.after.id),
  )
  await upsertAccounts(
    tx,
    who.tenantId,
    writes.map((w) => ({ ...w.after, revision: (w.before?.revision ?? 0) + 1 })),
    at,
  )
  for (const w of updates)
    if (w.after.contracts.length < w.before!.contracts.length)
      await deleteContractVersionsAbove(tx, who.tenantId, w.after.id, w.after.contracts.length)
  await upsertContractVersions(
    tx,
    who.tenantId,
    writes.flatMap((w) => contractRows(w.after)),
    at,
  )
  const states = await loadAccountStates(
    tx,
    who.tenantId,
    writes.map((w) => w.after.id),
  )
  const byId = new Map(states.map((s) => [s.id, s]))
  await insertAuditEntries(
    tx,
    writes.map((w) => ({
      tenantId: who.tenantId,
      at,
      actor: who.actor,
      action: w.before ? 'update' : 'create',
      entity: 'account',
      entityId: w.after.id,
      before: w.before ?? null,
      after: byId.get(w.after.id) ?? null,
    })),
  )
  return writes.map((w) => byId.get(w.after.id)!)
}

// ---------------------------------------------------------------------------------------------
// Reads

export interface AccountQuery {
  limit: number
  cursor?: string | undefined
  /** The tier of the contract in force now. */
  tier?: string | undefined
  q?: string | undefined
  organizationId?: number | undefined
}

function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ after: id })).toString('base64url')
}

function decodeCursor(cursor: string): string {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    const after = (v as { after?: unknown } | null)?.after
    if (typeof after === 'string' && after.length > 0 && after.length <= 64) return after
  } catch {
    // fall through
  }
  throw new BadRequest('query.cursor: is not a cursor from a previous page of this list')
}

/** A page of accounts ordered by id, filtered; `now` decides the tier in force. */
export async function listAccounts(
  db: Kysely<Database>,
  tenantId: string,
  query: AccountQuery,
  now: number,
): Promise<AccountPage> {
  let after = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
  const found: AccountView[] = []
  // With a tier filter, SQL narrows to accounts with any version on the tier and the contract in
  // force now is chosen here (dates are read in each account's zone); scan until the page fills.
  const batch = query.tier === undefined ? query.limit + 1 : Math.max(2 * query.limit, 100)
  for (;;) {
    const rows = await selectAccountPage(db, tenantId, {
      after,
      q: query.q,
      organizationId: query.organizationId,
      anyVersionOnTier: query.tier,
      limit: batch,
    })
    if (rows.length === 0) break
    const states = await loadAccountStates(
      db,
      tenantId,
      rows.map((r) => r.id),
    )
    for (const s of states) {
      const view = accountView(s, now)
      if (query.tier === undefined || view.currentTier === query.tier) found.push(view)
      if (found.length > query.limit) break
    }
    if (found.length > query.limit || rows.length < batch) break
    after = rows[rows.length - 1]!.id
  }
  const more = found.length > query.limit
  const accounts = found.slice(0, query.limit)
  return {
    accounts,
    nextCursor: more ? encodeCursor(accounts[accounts.length - 1]!.id) : null,
  }
}

export async function findAccount(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<AccountState | undefined> {
  return (await loadAccountStates(db, tenantId, [id]))[0]
}

export async function getAccount(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  now: number,
): Promise<AccountView> {
  const state = await findAccount(db, tenantId, id)
  if (!state) throw new NotFound(`no account "${id}"`)
  return accountView(state, now)
}

// ---------------------------------------------------------------------------------------------
// Writes

/** Validates a draft against the stored registry (inside the write lock); throws 422/409. */
async function checkDraft(
  tx: Kysely<Database>,
  who: RegistryActor,
  d: AccountDraft,
): Promise<void> {
  const [tiers, calendarIds] = await Promise.all([
    loadTierViews(tx, who.tenantId),
    loadCalendarIds(tx, who.tenantId),
  ])
  refuseIssues(accountDraftIssues(d, engineTiers(tiers.values()), calendarIds))
  if (d.organizationId !== null) {
    const holder = await selectAccountIdByOrganization(tx, who.tenantId, d.organizationId)
    if (holder !== undefined && holder !== d.id)
      throw new Conflict(
        `the Zendesk organization ${d.organizationId} is already mapped to account "${holder}"; an organization maps to one account`,
      )
  }
}

async function lockedAccount(
  tx: Kysely<Database>,
  who: RegistryActor,
  id: string,
  expectedRevision: number | undefined,
): Promise<AccountState> {
  // The registry lock already serializes writers; the row lock also holds off any other writer.
  await selectAccount(tx, who.tenantId, id, { forUpdate: true })
  const state = await findAccount(tx, who.tenantId, id)
  if (!state) throw new NotFound(`no account "${id}"`)
  checkRevision(`account "${id}"`, state.revision, expectedRevision)
  return state
}

export async function createAccount(
  deps: RegistryDeps,
  who: RegistryActor,
  d: AccountDraft,
): Promise<AccountView> {
  return writeRegistry(deps, who, async (tx) => {
    if (await findAccount(tx, who.tenantId, d.id))
      throw new Conflict(`an account "${d.id}" already exists`)
    await checkDraft(tx, who, d)
    const [state] = await writeAccounts(tx, who, [{ before: undefined, after: d }])
    return { value: accountView(state!, who.now), recompute: [d.id] }
  })
}

/** Changes a stored account through `change` (on its draft), validated as a whole. */
async function changeAccount(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  expectedRevision: number | undefined,
  change: (d: AccountDraft, before: AccountState) => AccountDraft,
): Promise<AccountView> {
  return writeRegistry(deps, who, async (tx) => {
    const before = await lockedAccount(tx, who, id, expectedRevision)
    const next = change(draftOf(before), before)
    if (!draftChanges(before, next))
      return { value: accountView(before, who.now), recompute: null, unchanged: true }
    await checkDraft(tx, who, next)
    const [state] = await writeAccounts(tx, who, [{ before, after: next }])
    return { value: accountView(state!, who.now), recompute: [id] }
  })
}

export interface AccountPatch {
  name?: string | undefined
  timeZone?: string | undefined
  organizationId?: number | null | undefined
  components?: string[] | undefined
  regions?: string[] | undefined
  csm?: string | null | undefined
  renewalDate?: string | null | undefined
}

export function updateAccount(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  patch: AccountPatch,
  expectedRevision: number | undefined,
): Promise<AccountView> {
  return changeAccount(deps, who, id, expectedRevision, (d) => ({
    ...d,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
    ...(patch.organizationId !== undefined ? { organizationId: patch.organizationId } : {}),
    ...(patch.components !== undefined ? { components: patch.components } : {}),
    ...(patch.regions !== undefined ? { regions: patch.regions } : {}),
    ...(patch.csm !== undefined ? { csm: patch.csm } : {}),
    ...(patch.renewalDate !== undefined ? { renewalDate: patch.renewalDate } : {}),
  }))
}

export function appendContract(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  contract: AccountContractVersion,
  expectedRevision: number | undefined,
): Promise<AccountView> {
  return changeAccount(deps, who, id, expectedRevision, (d) => ({
    ...d,
    contracts: [...d.contracts, contract],
  }))
}

export function correctContract(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  version: number,
  contract: AccountContractVersion,
  expectedRevision: number | undefined,
): Promise<AccountView> {
  return changeAccount(deps, who, id, expectedRevision, (d) => {
    if (version > d.contracts.length)
      throw new NotFound(`account "${id}" has no contract version ${version}`)
    const contracts = [...d.contracts]
    contracts[version - 1] = contract
    return { ...d, contracts }
  })
}

export async function deleteAccount(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  expectedRevision: number | undefined,
): Promise<void> {
  await writeRegistry(deps, who, async (tx) => {
    const before = await lockedAccount(tx, who, id, expectedRevision)
    await deleteAccountRows(tx, who.tenantId, [id])
    await insertAuditEntries(tx, [
      {
        tenantId: who.tenantId,
        at: new Date(who.now),
        actor: who.actor,
        action: 'delete',
        entity: 'account',
        entityId: id,
        before,
        after: null,
      },
    ])
    return { value: undefined, recompute: [id] }
  })
}

/** The latest contract version of an account (the one a CSV row shows and changes). */
export function latestContract(a: AccountState): ContractVersionView | undefined {
  return a.contracts[a.contracts.length - 1]
}
