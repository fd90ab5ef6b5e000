/**
 * The service's registry shapes the admin screens read and write (server/src/features/registry/
 * registry.schemas.ts and zendesk.routes.ts): only what the screens use.
 */
import type { CalendarDefinition, ContractProfile } from '@sla-tracker/shared'

export interface RegistrySummary {
  id: string
  name: string | null
  revision: number
  versionCount: number
  updatedAt: string
}

export interface TierSummary extends RegistrySummary {
  accountCount: number
}

export interface VersionedView<T> {
  id: string
  name: string | null
  /** The registry object's revision: send it back in `If-Match`. */
  revision: number
  updatedAt: string
  versions: (T & { version: number; effectiveFrom: string | null; createdAt: string })[]
}

export type TierView = VersionedView<{ profile: ContractProfile }>
export type CalendarView = VersionedView<{ definition: CalendarDefinition }>

export interface AccountView {
  id: string
  name: string
  timeZone: string
  organizationId: number | null
  revision: number
  currentTier: string | null
}

export interface ZendeskOrganization {
  id: number
  name: string
  externalId: string | null
  contractTier: string | null
  accountId: string | null
  openTickets: number
}

export interface ImportCounts {
  created: number
  updated: number
  unchanged: number
  deleted: number
}

export interface RegistryImportReport {
  mode: 'upsert' | 'replace'
  calendars: ImportCounts
  tiers: ImportCounts
  accounts: ImportCounts
  ignored: string[]
  registryRevision: number
}

export interface CsvImportReport {
  accounts: ImportCounts
  registryRevision: number
}

/** How a save writes: a new version from a date, or a correction of the latest version. */
export type SaveMode = 'new-version' | 'correct'
