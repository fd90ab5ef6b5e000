/**
 * Zendesk webhooks: the signed endpoint that stores deliveries (group commit, deduplicated by
 * invocation id), the processor that turns them into sync requests, and the operators' status.
 */
export { zendeskWebhookRoutes, SIGNATURE_MISMATCH, SIGNING_KEY_TTL_MS } from './webhooks.routes.js'
export type { ZendeskWebhooks } from './webhooks.routes.js'
export { startWebhookProcessor, PROCESS_BATCH } from './processor.js'
export type { WebhookProcessor, WebhookOutcome } from './processor.js'
export { createGroupWriter, StoreFailed } from './group-writer.js'
export type { Delivery, GroupWriter, StoreResult } from './group-writer.js'
export { signWebhook } from './signature.js'
export { webhookStatus } from './webhooks.status.js'
