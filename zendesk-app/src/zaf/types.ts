/**
 * The part of the Zendesk Apps Framework (ZAF v2) client the app uses, typed. The real client
 * comes from Zendesk's SDK (`window.ZAFClient.init()`); tests use `FakeZafClient`; the local
 * harness uses its demo client. Nothing else in the app touches `window.ZAFClient`.
 */

export type AppLocation = 'ticket_sidebar' | 'organization_sidebar' | 'nav_bar'

export const APP_LOCATIONS: readonly AppLocation[] = [
  'ticket_sidebar',
  'organization_sidebar',
  'nav_bar',
]

/** `client.context()`: where the app runs. Ticket and organization ids come from `get`. */
export interface ZafContext {
  product: string
  location: string
  instanceGuid?: string
  account?: { subdomain: string }
  ticketId?: number
}

/** `client.metadata()`: the installation and its non-secure settings. */
export interface ZafMetadata {
  appId?: number
  installationId?: number
  name?: string
  version?: string
  settings: { service_url?: string; [name: string]: unknown }
}

/** The options of `client.request` the app uses (reference §2.4, §2.5). */
export interface ZafRequestOptions {
  url: string
  type: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  headers?: Record<string, string>
  data?: string
  contentType?: string
  dataType?: 'json' | 'text'
  /** Let Zendesk's proxy substitute secure settings (and sign the JWT). */
  secure?: boolean
  cors?: boolean
  timeout?: number
  httpCompleteResponse?: boolean
  jwt?: {
    algorithm: 'HS256'
    secret_key: string
    expiry: number
    claims: Record<string, string | number>
  }
}

/** `httpCompleteResponse: true` resolves (and rejects) with the whole response. */
export interface ZafResponse {
  status: number
  responseText?: string
  responseJSON?: unknown
  headers?: Record<string, string>
}

export type ZafEventHandler = (payload?: unknown) => void

export interface ZafClient {
  get(path: string | string[]): Promise<Record<string, unknown>>
  invoke(name: string, ...args: unknown[]): Promise<unknown>
  on(event: string, handler: ZafEventHandler): void
  off(event: string, handler: ZafEventHandler): void
  request(options: ZafRequestOptions): Promise<ZafResponse>
  context(): Promise<ZafContext>
  metadata(): Promise<ZafMetadata>
}

/** The signed-in agent, from `client.get('currentUser')`. */
export interface ZafUser {
  id: number
  name: string
  role: string
  locale: string
  timeZone?: { ianaName?: string } | null
}

/** Narrows an app location string. */
export function appLocationOf(location: string): AppLocation | null {
  return (APP_LOCATIONS as readonly string[]).includes(location) ? (location as AppLocation) : null
}
