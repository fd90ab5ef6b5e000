/**
 * Tier templates: versioned contract profiles. A change to a tier is checked against every
 * account that uses it (each account's merged profile, in the account's zone) and refused with
 * the problems per account when one would break.
 */
import type { Kysely } from 'kysely'
import {
  validateProfile,
  type ContractProfile,
  type TierSummary,
  type TierView,
  type ValidationIssue,
} from '@sla-tracker/shared'
import type { Database } from '../../db/database.js'
import { Conflict, NotFound } from '../../errors.js'
import { appendAudit } from '../audit/audit.repository.js'
import { engineAccount, engineTiers, tierView } from './registry.model.js'
import { loadAccountStates, loadCalendarIds, loadTierViews } from './registry.read.js'
import { accountTimelineIssues, effectiveFromIssues, sameJson } from './registry.rules.js'
import {
  checkRevision,
  refuseIssues,
  writeRegistry,
  type RegistryActor,
  type RegistryDeps,
} from './registry.write.js'
import {
  deleteTierRows,
  insertTier,
  selectAccountsUsingTiers,
  selectTier,
  selectTierSummaries,
  selectTierVersions,
  updateTierRow,
  upsertTierVersions,
} from './tiers.repository.js'

export async function listTiers(db: Kysely<Database>, tenantId: string): Promise<TierSummary[]> {
  const rows = await selectTierSummaries(db, tenantId)
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    revision: r.revision,
    versionCount: r.version_count,
    accountCount: r.account_count,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }))
}

export async function findTier(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<TierView | undefined> {
  const row = await selectTier(db, tenantId, id, opts)
  if (!row) return undefined
  return tierView(row, await selectTierVersions(db, tenantId, id))
}

export async function getTier(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<TierView> {
  const view = await findTier(db, tenantId, id)
  if (!view) throw new NotFound(`no tier "${id}"`)
  return view
}

async function lockedTier(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  expectedRevision: number | undefined,
): Promise<TierView> {
  const view = await findTier(db, tenantId, id, { forUpdate: true })
  if (!view) throw new NotFound(`no tier "${id}"`)
  checkRevision(`tier "${id}"`, view.revision, expectedRevision)
  return view
}

/**
 * The accounts that use `candidate`'s tier, checked against it (and the other stored tiers).
 * Issues are under `accounts[id=…]`.
 */
async function accountsBrokenBy(
  tx: Kysely<Database>,
  tenantId: string,
  candidate: TierView,
  calendarIds: ReadonlySet<string>,
): Promise<ValidationIssue[]> {
  const ids = await selectAccountsUsingTiers(tx, tenantId, [candidate.id])
  if (ids.length === 0) return []
  const [tiers, accounts] = await Promise.all([
    loadTierViews(tx, tenantId),
    loadAccountStates(tx, tenantId, ids),
  ])
  tiers.set(candidate.id, candidate)
  return accountTimelineIssues(
    accounts.map(engineAccount),
    engineTiers(tiers.values()),
    calendarIds,
  )
}

function refuseBrokenAccounts(issues: ValidationIssue[]): void {
  const accounts = [...new Set(issues.map((i) => /^accounts\[id=([^\]]+)\]/.exec(i.path)?.[1]))]
    .filter((a): a is string => a !== undefined)
    .map((a) => `"${a}"`)
  refuseIssues(
    issues,
    `the change would break the contract of account${accounts.length > 1 ? 's' : ''} ${accounts.join(', ')}; see details`,
  )
}

export interface CreateTierInput {
  id: string
  name?: string | undefined
  profile: ContractProfile
}

export async function createTier(
  deps: RegistryDeps,
  who: RegistryActor,
  input: CreateTierInput,
): Promise<TierView> {
  const at = new Date(who.now)
  return writeRegistry(deps, who, async (tx) => {
    if (await selectTier(tx, who.tenantId, input.id))
      throw new Conflict(`a tier "${input.id}" already exists`)
    const calendarIds = await loadCalendarIds(tx, who.tenantId)
    const checked = validateProfile(input.profile, 'profile', { calendarIds })
    if (!checked.ok) refuseIssues(checked.issues)
    await insertTier(tx, { tenantId: who.tenantId, id: input.id, name: input.name ?? null, at })
    await upsertTierVersions(
      tx,
      who.tenantId,
      input.id,
      [{ version: 1, effectiveFrom: null, profile: input.profile }],
      at,
    )
    const view = (await findTier(tx, who.tenantId, input.id))!
    await appendAudit(tx, {
      tenantId: who.tenantId,
      at,
      actor: who.actor,
      action: 'create',
      entity: 'tier',
      entityId: input.id,
      before: null,
      after: view,
    })
    return { value: view, recompute: null }
  })
}

export interface TierVersionInput {
  effectiveFrom?: string | undefined
  profile: ContractProfile
  revision?: number | undefined
}

/**
 * Adds a version (`version` undefined) or corrects one in place, after checking the profile, the
 * order of effective dates and every account on the tier.
 */
async function writeTierVersion(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  version: number | undefined,
  input: TierVersionInput,
): Promise<TierView> {
  const at = new Date(who.now)
  return writeRegistry(deps, who, async (tx) => {
    const before = await lockedTier(tx, who.tenantId, id, input.revision)
    const index = version === undefined ? before.versions.length : version - 1
    if (index >= before.versions.length + (version === undefined ? 1 : 0))
      throw new NotFound(`tier "${id}" has no version ${version}`)
    const stored = before.versions[index]
    if (
      stored &&
      stored.effectiveFrom === (input.effectiveFrom ?? null) &&
      sameJson(stored.profile, input.profile)
    )
      return { value: before, recompute: null, unchanged: true }
    const calendarIds = await loadCalendarIds(tx, who.tenantId)
    const issues: ValidationIssue[] = []
    const checked = validateProfile(input.profile, 'profile', { calendarIds })
    if (!checked.ok) issues.push(...checked.issues)
    const versions = before.versions.map((v) => ({ ...v }))
    versions[index] = {
      version: index + 1,
      effectiveFrom: input.effectiveFrom ?? null,
      profile: input.profile,
      createdAt: versions[index]?.createdAt ?? at.toISOString(),
    }
    issues.push(
      ...effectiveFromIssues(
        versions.map((v) => v.effectiveFrom),
        (i) => (i === index ? 'effectiveFrom' : `versions[${i}].effectiveFrom`),
      ),
    )
    refuseIssues(issues)
    refuseBrokenAccounts(
      await accountsBrokenBy(tx, who.tenantId, { ...before, versions }, calendarIds),
    )
    await upsertTierVersions(
      tx,
      who.tenantId,
      id,
      [{ version: index + 1, effectiveFrom: input.effectiveFrom ?? null, profile: input.profile }],
      at,
    )
    return finishTierUpdate(tx, who, before, before.name, at)
  })
}

export function addTierVersion(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  input: TierVersionInput,
): Promise<TierView> {
  return writeTierVersion(deps, who, id, undefined, input)
}

export function correctTierVersion(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  version: number,
  input: TierVersionInput,
): Promise<TierView> {
  return writeTierVersion(deps, who, id, version, input)
}

export async function renameTier(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  input: { name: string | null; revision?: number | undefined },
): Promise<TierView> {
  const at = new Date(who.now)
  return writeRegistry(deps, who, async (tx) => {
    const before = await lockedTier(tx, who.tenantId, id, input.revision)
    if (before.name === input.name) return { value: before, recompute: null, unchanged: true }
    const out = await finishTierUpdate(tx, who, before, input.name, at)
    return { ...out, recompute: null }
  })
}

async function finishTierUpdate(
  tx: Kysely<Database>,
  who: RegistryActor,
  before: TierView,
  name: string | null,
  at: Date,
): Promise<{ value: TierView; recompute: 'all' }> {
  await updateTierRow(tx, {
    tenantId: who.tenantId,
    id: before.id,
    name,
    revision: before.revision + 1,
    at,
  })
  const after = (await findTier(tx, who.tenantId, before.id))!
  await appendAudit(tx, {
    tenantId: who.tenantId,
    at,
    actor: who.actor,
    action: 'update',
    entity: 'tier',
    entityId: before.id,
    before,
    after,
  })
  return { value: after, recompute: 'all' }
}

export async function deleteTier(
  deps: RegistryDeps,
  who: RegistryActor,
  id: string,
  expectedRevision: number | undefined,
): Promise<void> {
  const at = new Date(who.now)
  await writeRegistry(deps, who, async (tx) => {
    const before = await lockedTier(tx, who.tenantId, id, expectedRevision)
    const accounts = await selectAccountsUsingTiers(tx, who.tenantId, [id])
    if (accounts.length > 0) {
      const shown = accounts.slice(0, 20).map((a) => `"${a}"`)
      throw new Conflict(
        `tier "${id}" is used by the contracts of ${accounts.length} account${accounts.length > 1 ? 's' : ''} (${shown.join(', ')}${accounts.length > 20 ? ', …' : ''}); move them to another tier first`,
      )
    }
    await deleteTierRows(tx, who.tenantId, [id])
    await appendAudit(tx, {
      tenantId: who.tenantId,
      at,
      actor: who.actor,
      action: 'delete',
      entity: 'tier',
      entityId: id,
      before,
      after: null,
    })
    return { value: undefined, recompute: null }
  })
}
