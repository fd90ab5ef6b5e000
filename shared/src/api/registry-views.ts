/**
 * The registry's responses (calendars, tiers, accounts, import reports) as the service answers
 * them and the Zendesk app reads them: one definition for both sides. The TypeBox response
 * schemas in server/src/features/registry/registry.schemas.ts are the contract; the server checks
 * at compile time that they and these types agree.
 */
import type { CalendarDefinition } from '../calendar/calendar.schema.js'
import type { ContractProfile } from '../contract/profile.schema.js'
import type { Money } from '../money/money.js'

/** A calendar or tier in a list: `GET /api/v1/calendars` (and the base of a tier's summary). */
export interface RegistrySummary {
  id: string
  name: string | null
  /** The object's revision: send it back in `If-Match`. */
  revision: number
  versionCount: number
  createdAt: string
  updatedAt: string
}

/** One calendar of `GET /api/v1/calendars`. */
export type CalendarSummary = RegistrySummary

/** One tier of `GET /api/v1/tiers`. */
export interface TierSummary extends RegistrySummary {
  /** Accounts with a contract version (past, current or future) on this tier. */
  accountCount: number
}

/** What every version of a calendar or tier carries. */
export interface RegistryVersion {
  version: number
  effectiveFrom: string | null
  createdAt: string
}

/** A calendar or tier with every version, oldest first. */
export interface VersionedView<T extends object> {
  id: string
  name: string | null
  /** The object's revision: send it back in `If-Match`. */
  revision: number
  createdAt: string
  updatedAt: string
  versions: (T & RegistryVersion)[]
}

export type CalendarVersionView = RegistryVersion & { definition: CalendarDefinition }
export type TierVersionView = RegistryVersion & { profile: ContractProfile }

/** `GET /api/v1/calendars/{id}`. */
export type CalendarView = VersionedView<{ definition: CalendarDefinition }>
/** `GET /api/v1/tiers/{id}`. */
export type TierView = VersionedView<{ profile: ContractProfile }>

/** One version of an account's contract history. */
export interface ContractVersionView {
  version: number
  effectiveFrom: string | null
  tier: string
  monthlyFee: Money
  componentFees: Record<string, number>
  overrides: Record<string, unknown> | null
}

/** `GET /api/v1/accounts/{id}` and each account of `GET /api/v1/accounts`. */
export interface AccountView {
  id: string
  name: string
  timeZone: string
  organizationId: number | null
  components: string[]
  regions: string[]
  csm: string | null
  renewalDate: string | null
  /** Moves on with every change: send it back in `If-Match`. */
  revision: number
  createdAt: string
  updatedAt: string
  /** The tier of the contract version in force now; null before the first one starts. */
  currentTier: string | null
  contracts: ContractVersionView[]
}

/** `GET /api/v1/accounts`. */
export interface AccountPage {
  accounts: AccountView[]
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null
}

/** How an import writes: `upsert` keeps objects not in the document, `replace` deletes them. */
export type ImportMode = 'upsert' | 'replace'

export interface ImportCounts {
  created: number
  updated: number
  unchanged: number
  deleted: number
}

/** `POST /api/v1/registry/import`. */
export interface RegistryImportReport {
  mode: ImportMode
  calendars: ImportCounts
  tiers: ImportCounts
  accounts: ImportCounts
  /** Top-level keys read and ignored (scenario-only keys). */
  ignored: string[]
  registryRevision: number
}

/** `POST /api/v1/accounts/import.csv`. */
export interface CsvImportReport {
  accounts: ImportCounts
  registryRevision: number
}
