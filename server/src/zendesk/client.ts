/**
 * Our own small, typed Zendesk Support API client on the platform `fetch`.
 *
 * Why not node-zendesk: the sync needs cursor exports, Retry-After handling, per-tenant OAuth
 * refresh and — above all — a precise answer to "was this write applied?" (reference §9). Here:
 *
 * - 429 (and 503 with `Retry-After`) means "not processed": wait as told and repeat, for every
 *   method. A wait longer than `maxRetryAfterMs` is handed back to the caller to reschedule.
 * - 5xx, timeouts, dropped connections and unreadable 2xx bodies are repeated with capped,
 *   fully-jittered exponential backoff only when repeating is harmless (GET/HEAD, or a call marked
 *   idempotent). A non-idempotent write that fails that way throws `ZendeskAmbiguousWriteError`
 *   and is never repeated blindly: the caller re-reads and decides.
 * - Credentials never appear in error messages; Zendesk's error text is redacted of them too.
 *
 * Paths, parameters and response shapes were checked against Zendesk's Support API OpenAPI
 * description; comments on each method say where it is silent or disagrees with the reference.
 */
import { setTimeout as delay } from 'node:timers/promises'

import {
  ZendeskAmbiguousWriteError,
  ZendeskAuthError,
  ZendeskConflictError,
  ZendeskHttpError,
  ZendeskNotFoundError,
  ZendeskRateLimitedError,
  ZendeskUnavailableError,
} from './errors.js'
import type {
  WireErrorBody,
  WireJobStatus,
  WireOrganizationField,
  WireOrganizationsPage,
  WireTicket,
  WireTicketCursorPage,
  WireTicketEventsPage,
  WireTicketField,
  WireTicketUpdate,
  WireTrigger,
  WireTriggerInput,
  WireUser,
  WireUsersCursorPage,
  WireWebhook,
  WireWebhookInput,
  WireWebhookSigningSecret,
} from './wire.js'

/** How the client authenticates (reference §8). */
export type ZendeskAuth =
  /** Basic `base64("{email}/token:{token}")` — internal integrations only. */
  | { kind: 'api-token'; email: string; token: string }
  /** Bearer; on a 401 `refresh()` is called once (shared by concurrent requests) and the call repeated. */
  | { kind: 'oauth'; accessToken: string; refresh?: () => Promise<string> }

export interface ZendeskClientOptions {
  subdomain: string
  /** Default `https://${subdomain}.zendesk.com`; any prefix works (e.g. a simulator's `/z/<subdomain>`). */
  baseUrl?: string
  auth: ZendeskAuth
  fetch?: typeof fetch
  /** Per attempt, including reading the body. Default 30 000. */
  timeoutMs?: number
  /** Attempts per call, the first included. Default 6. */
  maxAttempts?: number
  /** Full jitter: `random() * min(maxMs, baseMs * 2^n)`. Default 500 / 30 000. */
  backoff?: { baseMs: number; maxMs: number }
  /** A longer `Retry-After` throws `ZendeskRateLimitedError` at once. Default 120 000. */
  maxRetryAfterMs?: number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  /** Epoch ms; used for HTTP-date `Retry-After` and `rateLimit.at`. Default `Date.now`. */
  now?: () => number
  /** Aborts everything (shutdown); the abort reason is thrown as is. */
  signal?: AbortSignal
  onRetry?: (info: RetryInfo) => void
}

export interface RetryInfo {
  method: string
  path: string
  /** The attempt that failed, from 1. */
  attempt: number
  delayMs: number
  reason: string
}

/** The account's API budget from the last response carrying `X-Rate-Limit[-Remaining]`. */
export interface RateLimitState {
  limit: number | null
  remaining: number | null
  /** Epoch ms when it was read. */
  at: number
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type QueryValue = string | number | boolean | undefined

/** Top-level keys a 2xx body must have, with their JSON type. Anything else is a transient fault. */
export type ResponseShape = Readonly<
  Record<string, 'array' | 'object' | 'string' | 'number' | 'boolean'>
>

export interface RequestOptions {
  query?: Readonly<Record<string, QueryValue>>
  body?: unknown
  /** Safe to repeat after an ambiguous failure. Default: true for GET/HEAD only. */
  idempotent?: boolean
  expect?: ResponseShape
}

export const ZENDESK_CLIENT_DEFAULTS = {
  timeoutMs: 30_000,
  maxAttempts: 6,
  backoff: { baseMs: 500, maxMs: 30_000 },
  maxRetryAfterMs: 120_000,
} as const

/** Zendesk's limit for `update_many` and `show_many` (OAS). */
export const ZENDESK_BATCH_LIMIT = 100

/** Errors whose request provably never reached a server, so even a write may be repeated. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])

/** `https://{subdomain}.zendesk.com`, or the given base without a trailing slash. */
export function zendeskBaseUrl(subdomain: string, baseUrl?: string): string {
  if (baseUrl !== undefined) return baseUrl.replace(/\/+$/, '')
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(subdomain)) {
    throw new TypeError(`not a Zendesk subdomain: ${JSON.stringify(subdomain)}`)
  }
  return `https://${subdomain}.zendesk.com`
}

/**
 * The wait a `Retry-After` header asks for, in ms: delta-seconds or an HTTP date. `undefined` when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000)
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

type Outcome =
  | { kind: 'ok'; value: unknown }
  /** Not processed; come back later (429, 503 with Retry-After). */
  | { kind: 'wait'; status: number; retryAfterMs: number | undefined }
  /** May or may not have been processed. */
  | { kind: 'transient'; status: number | null; reason: string; notSent?: boolean; cause?: unknown }
  | { kind: 'unauthorized'; tokenUsed: string; error: ZendeskAuthError }
  | { kind: 'fatal'; error: ZendeskHttpError }

/** A typed client for one Zendesk account. */
export class ZendeskClient {
  readonly subdomain: string
  readonly baseUrl: string
  readonly #auth: ZendeskAuth
  #accessToken: string | undefined
  #refreshing: Promise<void> | undefined
  #rateLimit: RateLimitState | undefined
  readonly #fetch: typeof fetch
  readonly #timeoutMs: number
  readonly #maxAttempts: number
  readonly #backoff: { baseMs: number; maxMs: number }
  readonly #maxRetryAfterMs: number
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly #random: () => number
  readonly #now: () => number
  readonly #signal: AbortSignal | undefined
  readonly #onRetry: ((info: RetryInfo) => void) | undefined

  constructor(options: ZendeskClientOptions) {
    this.subdomain = options.subdomain
    this.baseUrl = zendeskBaseUrl(options.subdomain, options.baseUrl)
    this.#auth = options.auth
    this.#accessToken = options.auth.kind === 'oauth' ? options.auth.accessToken : undefined
    this.#fetch = options.fetch ?? globalThis.fetch
    this.#timeoutMs = options.timeoutMs ?? ZENDESK_CLIENT_DEFAULTS.timeoutMs
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? ZENDESK_CLIENT_DEFAULTS.maxAttempts)
    this.#backoff = options.backoff ?? ZENDESK_CLIENT_DEFAULTS.backoff
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? ZENDESK_CLIENT_DEFAULTS.maxRetryAfterMs
    this.#sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }))
    this.#random = options.random ?? Math.random
    this.#now = options.now ?? Date.now
    this.#signal = options.signal
    this.#onRetry = options.onRetry
  }

  /** The last `X-Rate-Limit` / `X-Rate-Limit-Remaining` seen, if any response carried them. */
  get rateLimit(): RateLimitState | undefined {
    return this.#rateLimit
  }

  /**
   * Any call, with the client's auth, retries and errors. `path` starts with `/` and may carry a
   * query string; `query` values that are `undefined` are left out.
   */
  request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    return this.#send<T>(method, withQuery(path, options.query), options)
  }

  // --- Users -------------------------------------------------------------------------------

  /** `GET /api/v2/users/me` → `{ user }` (OAS `CurrentUserResponse`). Checks credentials and role. */
  async me(): Promise<WireUser> {
    const body = await this.#send<{ user: WireUser }>('GET', '/api/v2/users/me', {
      expect: { user: 'object' },
    })
    return body.user
  }

  /** `GET /api/v2/users/show_many?ids=…` → `{ users }`, 100 ids per request (OAS). */
  async showManyUsers(ids: readonly number[]): Promise<WireUser[]> {
    const unique = [...new Set(ids)]
    const users: WireUser[] = []
    for (let i = 0; i < unique.length; i += ZENDESK_BATCH_LIMIT) {
      const chunk = unique.slice(i, i + ZENDESK_BATCH_LIMIT)
      const body = await this.#send<{ users: WireUser[] }>(
        'GET',
        withQuery('/api/v2/users/show_many', { ids: chunk.join(',') }),
        { expect: { users: 'array' } },
      )
      users.push(...body.users)
    }
    return users
  }

  // --- Incremental exports (Admins only; 10 requests/minute — reference §4) ------------------

  /**
   * One page of `GET /api/v2/incremental/tickets/cursor`. `start_time` on the first call only,
   * then `cursor` (the previous `after_cursor`) for every page and every later export; when both
   * are given the cursor wins. The OAS does not list `per_page` for this endpoint; the reference
   * (§4.2) says it is supported — sent only when asked.
   */
  async exportTicketsCursor(params: {
    startTime?: number
    cursor?: string
    perPage?: number
    include?: string
  }): Promise<WireTicketCursorPage> {
    return this.#send(
      'GET',
      withQuery('/api/v2/incremental/tickets/cursor', {
        ...cursorStart('exportTicketsCursor', params),
        per_page: params.perPage,
        include: params.include,
      }),
      { expect: { tickets: 'array', end_of_stream: 'boolean' } },
    )
  }

  /**
   * One page of `GET /api/v2/incremental/ticket_events` (time-based: the next `start_time` is
   * `end_time`). `include` defaults to `comment_events` so comments arrive as child events
   * (`''` sends none). The OAS response schema for this endpoint is a copy-paste of the
   * metric-event one and does not list `per_page`; both the item shape and `per_page` follow
   * Zendesk's docs and the reference (UNCONFIRMED in the OAS).
   */
  async exportTicketEvents(params: {
    startTime: number
    include?: string
    perPage?: number
  }): Promise<WireTicketEventsPage> {
    return this.#send(
      'GET',
      withQuery('/api/v2/incremental/ticket_events', {
        start_time: params.startTime,
        include: params.include === '' ? undefined : (params.include ?? 'comment_events'),
        per_page: params.perPage,
      }),
      { expect: TIME_PAGE('ticket_events') },
    )
  }

  /** One page of `GET /api/v2/incremental/organizations` (time-based only). */
  async exportOrganizations(params: {
    startTime: number
    perPage?: number
  }): Promise<WireOrganizationsPage> {
    return this.#send(
      'GET',
      withQuery('/api/v2/incremental/organizations', {
        start_time: params.startTime,
        per_page: params.perPage,
      }),
      { expect: TIME_PAGE('organizations') },
    )
  }

  /**
   * One page of `GET /api/v2/incremental/users/cursor` (in the OAS; the reference page claims
   * cursors are for tickets only — reference §4.2). Same start_time/cursor rule as tickets.
   */
  async exportUsersCursor(params: {
    startTime?: number
    cursor?: string
    perPage?: number
  }): Promise<WireUsersCursorPage> {
    return this.#send(
      'GET',
      withQuery('/api/v2/incremental/users/cursor', {
        ...cursorStart('exportUsersCursor', params),
        per_page: params.perPage,
      }),
      { expect: { users: 'array', end_of_stream: 'boolean' } },
    )
  }

  // --- Tickets -----------------------------------------------------------------------------

  /** `GET /api/v2/tickets/{id}` → `{ ticket }`. */
  async getTicket(id: number): Promise<WireTicket> {
    const body = await this.#send<{ ticket: WireTicket }>('GET', `/api/v2/tickets/${id}`, {
      expect: { ticket: 'object' },
    })
    return body.ticket
  }

  /**
   * `PUT /api/v2/tickets/update_many` with `{ tickets: [...] }` (1–100 items, checked before any
   * request) → the queued job. Not idempotent: a 5xx or timeout throws
   * `ZendeskAmbiguousWriteError`; a 429 is waited out and repeated (nothing was processed).
   */
  async updateMany(updates: readonly WireTicketUpdate[]): Promise<WireJobStatus> {
    if (updates.length === 0 || updates.length > ZENDESK_BATCH_LIMIT) {
      throw new RangeError(
        `update_many takes 1 to ${ZENDESK_BATCH_LIMIT} tickets, got ${updates.length}`,
      )
    }
    const body = await this.#send<{ job_status: WireJobStatus }>(
      'PUT',
      '/api/v2/tickets/update_many',
      { body: { tickets: updates }, expect: { job_status: 'object' } },
    )
    return body.job_status
  }

  /** `GET /api/v2/job_statuses/{id}` → `{ job_status }`. */
  async getJobStatus(id: string): Promise<WireJobStatus> {
    const body = await this.#send<{ job_status: WireJobStatus }>(
      'GET',
      `/api/v2/job_statuses/${encodeURIComponent(id)}`,
      { expect: { job_status: 'object' } },
    )
    return body.job_status
  }

  // --- Fields ------------------------------------------------------------------------------

  /** Every ticket field: `GET /api/v2/ticket_fields`, cursor-paginated 100 a page (OAS). */
  async listTicketFields(): Promise<WireTicketField[]> {
    return this.#listAll<WireTicketField>('/api/v2/ticket_fields', 'ticket_fields')
  }

  /** Every organization field: `GET /api/v2/organization_fields` (cursor or offset, OAS). */
  async listOrganizationFields(): Promise<WireOrganizationField[]> {
    return this.#listAll<WireOrganizationField>(
      '/api/v2/organization_fields',
      'organization_fields',
    )
  }

  // --- Webhooks (not in the Support API OAS; Zendesk's Webhooks API reference, §3) ----------

  /** Every webhook: `GET /api/v2/webhooks`, cursor pagination (`meta.has_more`, `links.next`). */
  async listWebhooks(): Promise<WireWebhook[]> {
    return this.#listAll<WireWebhook>('/api/v2/webhooks', 'webhooks')
  }

  /** `POST /api/v2/webhooks` with `{ webhook }` → the created webhook. Not idempotent. */
  async createWebhook(webhook: WireWebhookInput): Promise<WireWebhook> {
    const body = await this.#send<{ webhook: WireWebhook }>('POST', '/api/v2/webhooks', {
      body: { webhook },
      expect: { webhook: 'object' },
    })
    return body.webhook
  }

  /**
   * `PUT /api/v2/webhooks/{id}` with the full `{ webhook }` — idempotent, so retried. Zendesk
   * answers 204 without a body (per generated SDKs of the Webhooks API; UNCONFIRMED), so nothing
   * is returned.
   */
  async updateWebhook(id: string, webhook: WireWebhookInput): Promise<void> {
    await this.#send('PUT', `/api/v2/webhooks/${encodeURIComponent(id)}`, {
      body: { webhook },
      idempotent: true,
    })
  }

  /** `GET /api/v2/webhooks/{id}/signing_secret` → the secret (HMAC-SHA256 key, reference §3.2). */
  async getWebhookSigningSecret(id: string): Promise<string> {
    const body = await this.#send<WireWebhookSigningSecret>(
      'GET',
      `/api/v2/webhooks/${encodeURIComponent(id)}/signing_secret`,
      { expect: { signing_secret: 'object' } },
    )
    const secret = body.signing_secret.secret
    if (typeof secret !== 'string' || secret === '') {
      throw new ZendeskHttpError({
        status: 200,
        method: 'GET',
        path: `/api/v2/webhooks/${id}/signing_secret`,
        message: `Zendesk returned no signing secret for webhook ${id}`,
      })
    }
    return secret
  }

  // --- Triggers ----------------------------------------------------------------------------

  /** Every ticket trigger: `GET /api/v2/triggers` (cursor or offset pagination, OAS). */
  async listTriggers(): Promise<WireTrigger[]> {
    return this.#listAll<WireTrigger>('/api/v2/triggers', 'triggers')
  }

  /** `POST /api/v2/triggers` with `{ trigger }` → the created trigger (201). Not idempotent. */
  async createTrigger(trigger: WireTriggerInput): Promise<WireTrigger> {
    const body = await this.#send<{ trigger: WireTrigger }>('POST', '/api/v2/triggers', {
      body: { trigger },
      expect: { trigger: 'object' },
    })
    return body.trigger
  }

  /** `PUT /api/v2/triggers/{id}` with the full `{ trigger }` — idempotent, so retried. */
  async updateTrigger(id: number, trigger: WireTriggerInput): Promise<WireTrigger> {
    const body = await this.#send<{ trigger: WireTrigger }>('PUT', `/api/v2/triggers/${id}`, {
      body: { trigger },
      idempotent: true,
      expect: { trigger: 'object' },
    })
    return body.trigger
  }

  // --- Internals ---------------------------------------------------------------------------

  /**
   * Follows a list endpoint to its end: cursor pagination first (`page[size]=100`, then
   * `links.next` while `meta.has_more`), offset `next_page` when the server answers that way.
   * Next-page URLs are rebased onto `baseUrl`, so credentials only ever go to the configured host.
   */
  async #listAll<T>(path: string, key: string): Promise<T[]> {
    const items: T[] = []
    const seen = new Set<string>()
    let target = withQuery(path, { 'page[size]': ZENDESK_BATCH_LIMIT })
    for (;;) {
      seen.add(target)
      const page = await this.#send<Record<string, unknown>>('GET', target, {
        expect: { [key]: 'array' },
      })
      items.push(...(page[key] as T[]))
      const next = nextPage(page, path)
      if (next === undefined) return items
      target = next.startsWith('/') ? next : this.#rebase(next, path)
      if (seen.has(target)) {
        throw new ZendeskHttpError({
          status: 200,
          method: 'GET',
          path,
          message: `Zendesk GET ${path}: pagination returned a page already read`,
        })
      }
    }
  }

  /** `https://x.zendesk.com/api/v2/...?q` → `/api/v2/...?q` (then prefixed with `baseUrl`). */
  #rebase(url: string, path: string): string {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new ZendeskHttpError({
        status: 200,
        method: 'GET',
        path,
        message: `Zendesk GET ${path}: bad next-page URL`,
      })
    }
    const at = parsed.pathname.indexOf('/api/v2/')
    if (at < 0) {
      throw new ZendeskHttpError({
        status: 200,
        method: 'GET',
        path,
        message: `Zendesk GET ${path}: next-page URL outside /api/v2`,
      })
    }
    return parsed.pathname.slice(at) + parsed.search
  }

  async #send<T>(method: HttpMethod, target: string, options: RequestOptions): Promise<T> {
    if (!target.startsWith('/') || target.startsWith('//')) {
      throw new TypeError(`a Zendesk path starts with one "/": ${JSON.stringify(target)}`)
    }
    const path = target.split('?', 1)[0] ?? target
    const idempotent = options.idempotent ?? (method === 'GET' || method === 'HEAD')
    const body = options.body === undefined ? undefined : JSON.stringify(options.body)
    let backoffStep = 0
    let refreshed = false
    for (let attempt = 1; ; attempt++) {
      this.#signal?.throwIfAborted()
      const outcome = await this.#attempt(method, target, path, body, options.expect)
      let waitMs: number
      let reason: string
      switch (outcome.kind) {
        case 'ok':
          return outcome.value as T
        case 'fatal':
          throw outcome.error
        case 'unauthorized': {
          const refresh = this.#auth.kind === 'oauth' ? this.#auth.refresh : undefined
          if (refreshed || refresh === undefined) throw outcome.error
          refreshed = true
          await this.#refreshAfter401(outcome.tokenUsed, refresh, method, path)
          continue // a 401 was not processed; repeat at once with the new token
        }
        case 'wait': {
          const retryAfterMs = outcome.retryAfterMs ?? null
          if (
            attempt >= this.#maxAttempts ||
            (retryAfterMs !== null && retryAfterMs > this.#maxRetryAfterMs)
          ) {
            throw new ZendeskRateLimitedError({
              status: outcome.status,
              method,
              path,
              retryAfterMs,
            })
          }
          waitMs = outcome.retryAfterMs ?? this.#backoffDelay(backoffStep++)
          reason = `http ${outcome.status}, retry after ${waitMs} ms`
          break
        }
        case 'transient':
          if (!idempotent && outcome.notSent !== true) {
            throw new ZendeskAmbiguousWriteError({
              status: outcome.status,
              method,
              path,
              reason: outcome.reason,
              cause: outcome.cause,
            })
          }
          if (attempt >= this.#maxAttempts) {
            throw new ZendeskUnavailableError({
              status: outcome.status,
              method,
              path,
              attempts: attempt,
              reason: outcome.reason,
              cause: outcome.cause,
            })
          }
          waitMs = this.#backoffDelay(backoffStep++)
          reason = outcome.reason
          break
      }
      this.#onRetry?.({ method, path, attempt, delayMs: waitMs, reason })
      await this.#sleep(waitMs, this.#signal)
    }
  }

  /** One HTTP exchange, classified. Only a shutdown abort escapes as an exception. */
  async #attempt(
    method: HttpMethod,
    target: string,
    path: string,
    body: string | undefined,
    expect: ResponseShape | undefined,
  ): Promise<Outcome> {
    const { authorization, tokenUsed } = this.#authorization()
    const headers: Record<string, string> = { authorization, accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const timeout = AbortSignal.timeout(this.#timeoutMs)
    const signal = this.#signal === undefined ? timeout : AbortSignal.any([this.#signal, timeout])

    let response: Response
    try {
      // Redirects are not followed: an API call is never redirected, and a redirect could carry
      // the Authorization header somewhere else.
      response = await this.#fetch(this.baseUrl + target, {
        method,
        headers,
        body,
        signal,
        redirect: 'manual',
      })
    } catch (error) {
      return this.#transportFailure(error, timeout, null)
    }
    this.#trackRateLimit(response.headers)
    const status = response.status
    const ok = status >= 200 && status < 300

    let text: string
    try {
      text = await response.text()
    } catch (error) {
      if (ok) return this.#transportFailure(error, timeout, status)
      if (this.#signal?.aborted === true) throw this.#signal.reason
      text = ''
    }

    if (ok) return parseBody(text, status, expect)

    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#now())
    if (status === 429 || (status === 503 && retryAfterMs !== undefined)) {
      return { kind: 'wait', status, retryAfterMs }
    }
    const init = { status, method, path, ...this.#errorDetails(text) }
    if (status === 401)
      return { kind: 'unauthorized', tokenUsed, error: new ZendeskAuthError(init) }
    if (status === 403) return { kind: 'fatal', error: new ZendeskAuthError(init) }
    if (status === 404) return { kind: 'fatal', error: new ZendeskNotFoundError(init) }
    if (status === 409) return { kind: 'fatal', error: new ZendeskConflictError(init) }
    if (status >= 500) return { kind: 'transient', status, reason: `http ${status}` }
    return { kind: 'fatal', error: new ZendeskHttpError(init) }
  }

  #transportFailure(error: unknown, timeout: AbortSignal, status: number | null): Outcome {
    if (this.#signal?.aborted === true) throw this.#signal.reason
    if (timeout.aborted) {
      return { kind: 'transient', status, reason: `timeout after ${this.#timeoutMs} ms` }
    }
    const code = errorCode(error)
    const what = status === null ? 'network error' : `body of ${status} cut off`
    return {
      kind: 'transient',
      status,
      reason: code === undefined ? what : `${what}: ${code}`,
      notSent: status === null && code !== undefined && NOT_SENT_CODES.has(code),
      cause: error,
    }
  }

  #authorization(): { authorization: string; tokenUsed: string } {
    if (this.#auth.kind === 'api-token') {
      const basic = Buffer.from(`${this.#auth.email}/token:${this.#auth.token}`).toString('base64')
      return { authorization: `Basic ${basic}`, tokenUsed: '' }
    }
    const token = this.#accessToken ?? this.#auth.accessToken
    return { authorization: `Bearer ${token}`, tokenUsed: token }
  }

  /**
   * Single flight: the first 401 starts `refresh()`; concurrent 401s wait for it; a 401 for a
   * token that has since been replaced just repeats with the new one.
   */
  async #refreshAfter401(
    tokenUsed: string,
    refresh: () => Promise<string>,
    method: string,
    path: string,
  ): Promise<void> {
    if (this.#accessToken !== tokenUsed) return
    this.#refreshing ??= (async () => {
      try {
        const token = await refresh()
        if (typeof token !== 'string' || token === '')
          throw new TypeError('refresh() returned no token')
        this.#accessToken = token
      } finally {
        this.#refreshing = undefined
      }
    })()
    try {
      await this.#refreshing
    } catch (error) {
      if (error instanceof ZendeskHttpError) throw error
      throw new ZendeskAuthError({
        status: 401,
        method,
        path,
        message: `Zendesk ${method} ${path}: access token rejected and refreshing it failed`,
        cause: error,
      })
    }
  }

  #trackRateLimit(headers: Headers): void {
    const limit = toNumber(headers.get('x-rate-limit'))
    const remaining = toNumber(headers.get('x-rate-limit-remaining'))
    if (limit !== null || remaining !== null)
      this.#rateLimit = { limit, remaining, at: this.#now() }
  }

  #backoffDelay(step: number): number {
    const cap = Math.min(this.#backoff.maxMs, this.#backoff.baseMs * 2 ** step)
    return Math.round(this.#random() * cap)
  }

  /** Zendesk's error text, whatever its shape, without any credential and kept short. */
  #errorDetails(text: string): { zendeskError?: string; zendeskDescription?: string } {
    const clean = (s: string | undefined): string | undefined =>
      s === undefined || s === '' ? undefined : truncate(redact(s, this.#secrets()))
    let body: WireErrorBody
    try {
      const parsed: unknown = JSON.parse(text)
      if (!isRecord(parsed)) return {}
      body = parsed
    } catch {
      const plain = text.trim()
      return plain === '' || plain.startsWith('<') ? {} : { zendeskDescription: clean(plain) }
    }
    const first = Array.isArray(body.errors) ? body.errors[0] : undefined
    const error =
      typeof body.error === 'string'
        ? body.error
        : isRecord(body.error)
          ? asString(body.error.title)
          : (asString(first?.code) ?? asString(first?.title))
    const parts = [
      asString(body.description) ??
        asString(body.error_description) ??
        (isRecord(body.error) ? asString(body.error.message) : undefined) ??
        asString(first?.detail),
      body.details === undefined ? undefined : JSON.stringify(body.details),
    ].filter((s): s is string => s !== undefined)
    return { zendeskError: clean(error), zendeskDescription: clean(parts.join(' ')) }
  }

  #secrets(): string[] {
    const auth = this.#auth
    if (auth.kind === 'api-token') {
      return [auth.token, Buffer.from(`${auth.email}/token:${auth.token}`).toString('base64')]
    }
    return [auth.accessToken, ...(this.#accessToken === undefined ? [] : [this.#accessToken])]
  }
}

const TIME_PAGE = (key: string): ResponseShape => ({
  [key]: 'array',
  end_time: 'number',
  end_of_stream: 'boolean',
})

function cursorStart(
  method: string,
  params: { startTime?: number; cursor?: string },
): { cursor: string } | { start_time: number } {
  if (params.cursor !== undefined) return { cursor: params.cursor }
  if (params.startTime !== undefined) return { start_time: params.startTime }
  throw new TypeError(`${method} needs a startTime (first call) or a cursor`)
}

function withQuery(path: string, query: Readonly<Record<string, QueryValue>> | undefined): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.append(key, String(value))
  }
  const qs = params.toString()
  return qs === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${qs}`
}

/** The next page of a list response: a URL, a relative target, or `undefined` at the end. */
function nextPage(page: Record<string, unknown>, path: string): string | undefined {
  const { meta, links } = page
  if (isRecord(meta) && typeof meta.has_more === 'boolean') {
    if (!meta.has_more) return undefined
    if (isRecord(links) && typeof links.next === 'string') return links.next
    if (typeof meta.after_cursor === 'string') {
      return withQuery(path, {
        'page[size]': ZENDESK_BATCH_LIMIT,
        'page[after]': meta.after_cursor,
      })
    }
    return undefined
  }
  return typeof page.next_page === 'string' && page.next_page !== '' ? page.next_page : undefined
}

function parseBody(text: string, status: number, expect: ResponseShape | undefined): Outcome {
  if (text.trim() === '') {
    return expect === undefined
      ? { kind: 'ok', value: undefined }
      : { kind: 'transient', status, reason: `empty ${status} body` }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { kind: 'transient', status, reason: `unreadable ${status} body` }
  }
  const problem = shapeProblem(value, expect ?? {})
  return problem === undefined
    ? { kind: 'ok', value }
    : { kind: 'transient', status, reason: `unexpected ${status} body: ${problem}` }
}

function shapeProblem(value: unknown, shape: ResponseShape): string | undefined {
  if (!isRecord(value)) return 'not a JSON object'
  for (const [key, type] of Object.entries(shape)) {
    const field = value[key]
    const actual = Array.isArray(field) ? 'array' : field === null ? 'null' : typeof field
    if (actual !== type)
      return `"${key}" is ${actual === 'undefined' ? 'missing' : actual}, not ${type}`
  }
  return undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function toNumber(value: string | null): number | null {
  if (value === null || value.trim() === '') return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; isRecordLike(e) && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string') return e.code
  }
  return undefined
}

function isRecordLike(value: unknown): value is { code?: unknown; cause?: unknown } {
  return typeof value === 'object' && value !== null
}

/** Replaces every known secret (at least 4 characters, to avoid shredding text) with a marker. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]')
  }
  return out
}

function truncate(text: string, max = 500): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`
}
