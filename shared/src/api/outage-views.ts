/**
 * Incidents and maintenance windows as the service answers them (`/api/v1/incidents`,
 * `/api/v1/maintenance`) and the Zendesk app reads them: one definition for both sides. The
 * TypeBox response schemas in server/src/features/incidents/incidents.schemas.ts are the
 * contract; the server checks at compile time that they and these types agree.
 */

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
  /** Started and not ended at the service clock. */
  ongoing: boolean
  revision: number
  createdAt: string
  updatedAt: string
}

export type MaintenanceStatus = 'scheduled' | 'in-progress' | 'ended'

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
  status: MaintenanceStatus
  revision: number
  createdAt: string
  updatedAt: string
}

/** An account using a component the incident or window affects, in a region it affects. */
export interface AffectedAccount {
  id: string
  name: string
}

/** The read of one item (`GET /api/v1/incidents/{id}`, `GET /api/v1/maintenance/{id}`). */
export type WithAffectedAccounts<V> = V & { affectedAccounts: AffectedAccount[] }

/** A list item: with `include=affectedAccounts`, it carries them as the read of one item does. */
export type OutageListItem<V> = V & { affectedAccounts?: AffectedAccount[] }

export type IncidentListItem = OutageListItem<IncidentView>
export type MaintenanceListItem = OutageListItem<MaintenanceView>

/** A page of `GET /api/v1/incidents` or `GET /api/v1/maintenance`; `next` is the next cursor. */
export interface OutageList<T> {
  items: T[]
  next: string | null
}

/** The accounts whose months a change recomputed, in the same transaction. */
export interface Recomputed {
  accounts: string[]
}
