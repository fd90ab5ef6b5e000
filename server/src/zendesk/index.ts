/**
 * The Zendesk integration's public surface (`@sla-tracker/server/zendesk`): the typed API client,
 * OAuth helpers, the errors callers branch on, and the wire types. Importers never reach into the
 * individual files.
 */
export * from './client.js'
export * from './errors.js'
export * from './oauth.js'
export type * from './wire.js'
export * from './mapping.js'
