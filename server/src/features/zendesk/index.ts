/**
 * The Zendesk integration's entry points for the process, the CLI, tests and benchmarks.
 */
export {
  runTenantSync,
  withSyncLock,
  ExportPacer,
  exportedTicketRow,
  type SyncOutcome,
  type SyncOptions,
} from './sync.service.js'
export {
  runOrganizationWriteback,
  runWriteback,
  WriteBudget,
  planUpdate,
  wantedTags,
  type WritebackOutcome,
  type WantedState,
} from './writeback.service.js'
export { startZendeskWorker, dueTenants, type ZendeskWorker } from './sync.worker.js'
export { syncStatus, type SyncStatus } from './sync.status.js'
export { requestSync } from './sync-requests.js'
export {
  storeExportedTickets,
  insertSyncedEvents,
  jsonRows,
  type ExportedTicketRow,
  type SyncedEventRow,
} from './sync.repository.js'
export type { ZendeskDeps } from './connection.service.js'
export * from './zendesk-names.js'
export { startWebhookProcessor, type WebhookProcessor } from './webhooks/index.js'
