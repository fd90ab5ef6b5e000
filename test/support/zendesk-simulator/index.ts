/**
 * Zendesk simulator for tests and local runs: a real HTTP server imitating the parts of the
 * Support API the sync and write-back use. See simulator.ts (server), account.ts (seeding API),
 * faults.ts (fault injection).
 */
export { ZendeskSimulator, type SimulatorOptions } from './simulator.js'
export { SimAccount, type AuthKind, type RequestLogEntry } from './account.js'
export {
  FaultInjector,
  type FaultKind,
  type FaultRule,
  type InjectedFault,
  type RandomFaults,
} from './faults.js'
export {
  sign as signWebhook,
  type WebhookDelivery,
  type WebhookInput,
  type WireWebhook,
} from './state/webhooks.js'
export type { WireJobStatus, JobResult } from './state/jobs.js'
export type { Grant, CodeRequest } from './state/oauth.js'
export { challengeOf as pkceChallenge } from './state/oauth.js'
export type { TriggerInput, WireTrigger } from './state/triggers.js'
export type { RateLimitOptions } from './state/rate-limit.js'
export { decodeCursor, encodeCursor, type Position } from './paging.js'
export { toIso, toUnix } from './util/time.js'
export * from './types.js'
export { installRequirements, APP_REQUIREMENTS } from './install-requirements.js'
