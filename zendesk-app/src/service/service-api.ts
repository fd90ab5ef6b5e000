/**
 * Calls to the SLA service, always through `client.request` (Zendesk's proxy):
 *
 * - reads carry a JWT that the proxy signs with the installation's secure `shared_secret`
 *   (`secure: true`, `jwt.secret_key: '{{setting.shared_secret}}'`); the secret never reaches
 *   the browser, and the service checks `iss` (the subdomain) and `exp`;
 * - changes (admin screens) carry the service's admin API token, which the admin types in and the
 *   app keeps only in memory: a JWT never grants admin, since its claims are made in the browser.
 *
 * Every failure becomes a `ServiceError` with the service's code, message and per-field issues.
 */
import type { ValidationIssue } from '@sla-tracker/shared'
import type { ZafClient, ZafRequestOptions, ZafResponse } from '../zaf/types.js'

export type ServiceErrorKind =
  'unreachable' | 'unauthorized' | 'forbidden' | 'not-found' | 'invalid' | 'conflict' | 'server'

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    readonly status: number,
    message: string,
    readonly code: string | null = null,
    readonly issues: ValidationIssue[] = [],
    readonly requestId: string | null = null,
  ) {
    super(message)
    this.name = 'ServiceError'
  }
}

export interface ServiceIdentity {
  serviceUrl: string
  subdomain: string
  userId: number
}

/** Seconds a signed read stays valid: long enough for a slow proxy, short enough to be useless when leaked. */
export const JWT_EXPIRY_SECONDS = 120

export type Query = Record<string, string | number | boolean | undefined | null>

export interface SendOptions {
  /** The service's admin API token (`slat_…`). */
  adminToken: string
  body?: unknown
  /** Raw text body (CSV, YAML) and its content type. */
  text?: { body: string; contentType: string }
  /** `If-Match` revision: refused with 409 if the object changed since it was read. */
  ifMatch?: number
}

export interface ServiceApi {
  /** A read, signed by the proxy. */
  read<T>(path: string, query?: Query): Promise<T>
  /** An admin call (GET included, e.g. exports), with the admin token. */
  admin<T>(method: ZafRequestOptions['type'], path: string, options: SendOptions): Promise<T>
  /** An admin GET that answers text (CSV, YAML). */
  adminText(path: string, adminToken: string): Promise<string>
}

export function queryString(query: Query | undefined): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  const s = params.toString()
  return s ? `?${s}` : ''
}

function kindOf(status: number): ServiceErrorKind {
  if (status === 0) return 'unreachable'
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not-found'
  if (status === 409 || status === 412) return 'conflict'
  if (status >= 400 && status < 500) return 'invalid'
  return 'server'
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: { issues?: ValidationIssue[] } }
}

function parseBody(r: ZafResponse): unknown {
  if (r.responseJSON !== undefined) return r.responseJSON
  if (r.responseText === undefined || r.responseText === '') return undefined
  try {
    return JSON.parse(r.responseText)
  } catch {
    return r.responseText
  }
}

/** Turns whatever `client.request` rejected with into a ServiceError. */
export function serviceErrorOf(reason: unknown): ServiceError {
  if (reason instanceof ServiceError) return reason
  const r = reason as Partial<ZafResponse> | null
  const status = typeof r?.status === 'number' ? r.status : 0
  const body =
    r && status ? (parseBody(r as ZafResponse) as ErrorBody | string | undefined) : undefined
  const e = typeof body === 'object' && body !== null ? body.error : undefined
  const message =
    e?.message ??
    (status === 0 ? 'The SLA service could not be reached.' : `The SLA service answered ${status}.`)
  return new ServiceError(
    kindOf(status),
    status,
    message,
    e?.code ?? null,
    e?.details?.issues ?? [],
    r?.headers?.['x-request-id'] ?? null,
  )
}

export function createServiceApi(client: ZafClient, who: ServiceIdentity): ServiceApi {
  const base = who.serviceUrl.replace(/\/+$/, '')
  async function call(options: ZafRequestOptions): Promise<ZafResponse> {
    try {
      const r = await client.request({ ...options, httpCompleteResponse: true, cors: false })
      if (r.status >= 400) throw serviceErrorOf(r)
      return r
    } catch (reason) {
      throw serviceErrorOf(reason)
    }
  }
  return {
    async read<T>(path: string, query?: Query): Promise<T> {
      const r = await call({
        url: `${base}${path}${queryString(query)}`,
        type: 'GET',
        dataType: 'json',
        secure: true,
        headers: { Authorization: 'Bearer {{jwt.token}}' },
        jwt: {
          algorithm: 'HS256',
          secret_key: '{{setting.shared_secret}}',
          expiry: JWT_EXPIRY_SECONDS,
          claims: { iss: who.subdomain, sub: who.userId },
        },
      })
      return parseBody(r) as T
    },
    async admin<T>(method: ZafRequestOptions['type'], path: string, o: SendOptions): Promise<T> {
      const headers: Record<string, string> = { Authorization: `Bearer ${o.adminToken}` }
      if (o.ifMatch !== undefined) headers['If-Match'] = `"${o.ifMatch}"`
      const hasJson = o.body !== undefined
      const r = await call({
        url: `${base}${path}`,
        type: method,
        dataType: 'json',
        headers,
        ...(o.text
          ? { data: o.text.body, contentType: o.text.contentType }
          : hasJson
            ? { data: JSON.stringify(o.body), contentType: 'application/json' }
            : {}),
      })
      return parseBody(r) as T
    },
    async adminText(path: string, adminToken: string): Promise<string> {
      const r = await call({
        url: `${base}${path}`,
        type: 'GET',
        dataType: 'text',
        headers: { Authorization: `Bearer ${adminToken}` },
      })
      return r.responseText ?? ''
    },
  }
}
