/**
 * Loads registry objects (inside or outside a transaction) as domain objects: the building blocks
 * of the services' checks and of the export.
 */
import type { Kysely } from 'kysely'
import type { CalendarView, TierView } from '@sla-tracker/shared'
import type { Database } from '../../db/database.js'
import { selectAccounts, selectContractVersions } from './accounts.repository.js'
import {
  accountState,
  calendarView,
  groupBy,
  tierMap,
  type AccountState,
} from './registry.model.js'
import { selectAllCalendars, selectAllTiers, selectCalendarIds } from './registry.repository.js'

/** Accounts with their contract versions, ordered by id. */
export async function loadAccountStates(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly string[] | 'all',
): Promise<AccountState[]> {
  const [rows, versions] = await Promise.all([
    selectAccounts(db, tenantId, ids),
    selectContractVersions(db, tenantId, ids),
  ])
  const byAccount = groupBy(versions, (v) => v.account_id)
  return rows.map((r) => accountState(r, byAccount.get(r.id) ?? []))
}

export async function loadTierViews(
  db: Kysely<Database>,
  tenantId: string,
): Promise<Map<string, TierView>> {
  const { rows, versions } = await selectAllTiers(db, tenantId)
  return tierMap(rows, versions)
}

export async function loadCalendarViews(
  db: Kysely<Database>,
  tenantId: string,
): Promise<CalendarView[]> {
  const { rows, versions } = await selectAllCalendars(db, tenantId)
  const byCalendar = groupBy(versions, (v) => v.calendar_id)
  return rows.map((r) => calendarView(r, byCalendar.get(r.id) ?? []))
}

export async function loadCalendarIds(
  db: Kysely<Database>,
  tenantId: string,
): Promise<Set<string>> {
  return new Set(await selectCalendarIds(db, tenantId))
}
