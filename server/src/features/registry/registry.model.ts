/**
 * The registry's domain objects as the API shows them, mapped from rows, and their engine forms
 * (`Account`, `Tier`) for validation.
 */
import {
  CalendarSchema,
  ContractProfileSchema,
  type Account,
  type AccountContractVersion,
  type AccountView,
  type CalendarDefinition,
  type CalendarView,
  type ContractProfile,
  type ContractVersionView,
  type Tier,
  type TierView,
} from '@sla-tracker/shared'
import type {
  AccountRow,
  CalendarRow,
  CalendarVersionRow,
  ContractVersionRow,
  TierRow,
  TierVersionRow,
} from './registry.repository.js'
import { versionInForce } from './registry.rules.js'

/** An account's stored state (what the audit log records before and after a change). */
export type AccountState = Omit<AccountView, 'currentTier'>

const iso = (d: Date): string => d.toISOString()

interface JsonSchemaNode {
  type?: unknown
  const?: unknown
  properties?: Record<string, JsonSchemaNode>
  patternProperties?: Record<string, JsonSchemaNode>
  items?: JsonSchemaNode
  anyOf?: JsonSchemaNode[]
}

function branchFor(value: object, schema: JsonSchemaNode): JsonSchemaNode | undefined {
  const branches = schema.anyOf ?? [schema]
  if (Array.isArray(value)) return branches.find((b) => b.type === 'array')
  const objects = branches.filter((b) => b.type === 'object')
  const v = value as Record<string, unknown>
  return (
    objects.find((b) =>
      Object.entries(b.properties ?? {}).every(
        ([k, p]) => p.const === undefined || v[k] === p.const,
      ),
    ) ?? objects[0]
  )
}

/**
 * `value` with its object keys in the order of `schema`'s properties (unknown keys last).
 * PostgreSQL's jsonb keeps keys in its own order; documents read back (and exported to YAML)
 * should read as they were written: `start` before `end`, `id` first.
 */
export function orderKeys(value: unknown, schema: JsonSchemaNode | undefined): unknown {
  if (schema === undefined || value === null || typeof value !== 'object') return value
  const s = branchFor(value, schema)
  if (s === undefined) return value
  if (Array.isArray(value)) return value.map((v) => orderKeys(v, s.items))
  const v = value as Record<string, unknown>
  const props = s.properties ?? {}
  const rest = s.patternProperties ? Object.values(s.patternProperties)[0] : undefined
  const known = Object.keys(props).filter((k) => Object.hasOwn(v, k))
  const other = Object.keys(v).filter((k) => !Object.hasOwn(props, k))
  // fromEntries defines own properties, so a "__proto__" key stays data.
  return Object.fromEntries([
    ...known.map((k) => [k, orderKeys(v[k], props[k])]),
    ...other.map((k) => [k, orderKeys(v[k], rest)]),
  ])
}

const orderedDefinition = (d: unknown) =>
  orderKeys(d, CalendarSchema as JsonSchemaNode) as CalendarDefinition
const orderedProfile = (p: unknown) =>
  orderKeys(p, ContractProfileSchema as JsonSchemaNode) as ContractProfile

export function calendarView(
  row: CalendarRow,
  versions: readonly CalendarVersionRow[],
): CalendarView {
  return {
    id: row.id,
    name: row.name,
    revision: row.revision,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    versions: versions.map((v) => ({
      version: v.version,
      effectiveFrom: v.effective_from,
      definition: orderedDefinition(v.definition),
      createdAt: iso(v.created_at),
    })),
  }
}

export function tierView(row: TierRow, versions: readonly TierVersionRow[]): TierView {
  return {
    id: row.id,
    name: row.name,
    revision: row.revision,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    versions: versions.map((v) => ({
      version: v.version,
      effectiveFrom: v.effective_from,
      profile: orderedProfile(v.profile),
      createdAt: iso(v.created_at),
    })),
  }
}

export function contractVersionView(v: ContractVersionRow): ContractVersionView {
  return {
    version: v.version,
    effectiveFrom: v.effective_from,
    tier: v.tier_id,
    // bigint columns: numbers from the pg pool, possibly bigints elsewhere.
    monthlyFee: { amountMinor: Number(v.monthly_fee_minor), currency: v.currency },
    componentFees: v.component_fees,
    overrides: v.overrides === null ? null : orderedProfile(v.overrides),
  }
}

export function accountState(
  row: AccountRow,
  versions: readonly ContractVersionRow[],
): AccountState {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    organizationId: row.organization_id === null ? null : Number(row.organization_id),
    components: row.components,
    regions: row.regions,
    csm: row.csm,
    renewalDate: row.renewal_date,
    revision: row.revision,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    contracts: versions.map(contractVersionView),
  }
}

export function accountView(state: AccountState, now: number): AccountView {
  const i = versionInForce(state.contracts, state.timeZone, now)
  return { ...state, currentTier: i < 0 ? null : state.contracts[i]!.tier }
}

/** Groups rows by a key, keeping their order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const k = key(r)
    const list = out.get(k)
    if (list) list.push(r)
    else out.set(k, [r])
  }
  return out
}

/** A contract version in the engine's (and the scenario file's) shape. */
export function engineContract(v: Omit<ContractVersionView, 'version'>): AccountContractVersion {
  return {
    ...(v.effectiveFrom !== null ? { effectiveFrom: v.effectiveFrom } : {}),
    tier: v.tier,
    monthlyFee: { amountMinor: v.monthlyFee.amountMinor, currency: v.monthlyFee.currency },
    ...(Object.keys(v.componentFees).length > 0 ? { componentFees: v.componentFees } : {}),
    ...(v.overrides !== null ? { overrides: v.overrides } : {}),
  }
}

/** The engine's view of an account (the scenario file's `accounts[]` shape). */
export function engineAccount(
  a: Pick<
    AccountState,
    'id' | 'name' | 'timeZone' | 'organizationId' | 'components' | 'regions' | 'contracts'
  >,
): Account {
  return {
    id: a.id,
    name: a.name,
    timeZone: a.timeZone,
    ...(a.organizationId !== null ? { organizationId: a.organizationId } : {}),
    components: a.components,
    ...(a.regions.length > 0 ? { regions: a.regions } : {}),
    contracts: a.contracts.map(engineContract),
  }
}

/** The engine's view of a tier. */
export function engineTier(t: {
  id: string
  name: string | null
  versions: readonly { effectiveFrom: string | null; profile: ContractProfile }[]
}): Tier {
  return {
    id: t.id,
    ...(t.name !== null ? { name: t.name } : {}),
    versions: t.versions.map((v) => ({
      ...(v.effectiveFrom !== null ? { effectiveFrom: v.effectiveFrom } : {}),
      profile: v.profile,
    })),
  }
}

/** Tier views of every row, keyed by id. */
export function tierMap(
  rows: readonly TierRow[],
  versions: readonly TierVersionRow[],
): Map<string, TierView> {
  const byTier = groupBy(versions, (v) => v.tier_id)
  return new Map(rows.map((r) => [r.id, tierView(r, byTier.get(r.id) ?? [])]))
}

/** Engine tiers from tier views. */
export function engineTiers(views: Iterable<TierView>): Map<string, Tier> {
  const out = new Map<string, Tier>()
  for (const v of views) out.set(v.id, engineTier(v))
  return out
}
