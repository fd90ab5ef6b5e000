/**
 * The errors the Zendesk client throws, one class per decision a caller has to make:
 * re-authenticate (`ZendeskAuthError`), re-read and recompute (`ZendeskConflictError`,
 * `ZendeskAmbiguousWriteError`), reschedule (`ZendeskRateLimitedError`,
 * `ZendeskUnavailableError`) or give up on a missing record (`ZendeskNotFoundError`).
 *
 * Messages carry the method, the path (never the query string) and Zendesk's own error text, and
 * never a credential: the client redacts every secret it knows before building one.
 */

/** What every Zendesk error is built from. */
export interface ZendeskErrorInit {
  /** HTTP status, or `null` when no response arrived (network error, timeout). */
  status: number | null
  method: string
  /** Request path without its query string, e.g. `/api/v2/tickets/update_many`. */
  path: string
  /** Zendesk's `error` code or title, e.g. `RecordNotFound`. */
  zendeskError?: string | undefined
  /** Zendesk's `description` / `error_description` / `detail` text. */
  zendeskDescription?: string | undefined
  /** Overrides the generated message. */
  message?: string | undefined
  cause?: unknown
}

/** A failed call to Zendesk: an HTTP error status, or no usable response at all. */
export class ZendeskHttpError extends Error {
  readonly status: number | null
  readonly method: string
  readonly path: string
  readonly zendeskError: string | undefined
  readonly zendeskDescription: string | undefined

  constructor(init: ZendeskErrorInit) {
    super(init.message ?? describe(init), init.cause === undefined ? {} : { cause: init.cause })
    this.name = 'ZendeskHttpError'
    this.status = init.status
    this.method = init.method
    this.path = init.path
    this.zendeskError = init.zendeskError
    this.zendeskDescription = init.zendeskDescription
  }
}

/** 401 or 403: the credentials are missing, expired, revoked or lack a scope or role. */
export class ZendeskAuthError extends ZendeskHttpError {
  constructor(init: ZendeskErrorInit) {
    super(init)
    this.name = 'ZendeskAuthError'
  }
}

/** 404: the record does not exist (or is not visible to this user). */
export class ZendeskNotFoundError extends ZendeskHttpError {
  constructor(init: ZendeskErrorInit) {
    super(init)
    this.name = 'ZendeskNotFoundError'
  }
}

/** 409: a `safe_update` collision — the record changed since it was read; nothing was applied. */
export class ZendeskConflictError extends ZendeskHttpError {
  constructor(init: ZendeskErrorInit) {
    super(init)
    this.name = 'ZendeskConflictError'
  }
}

/**
 * Zendesk asked us to wait (429, or 503 with `Retry-After`) longer than the client may wait, or kept
 * asking until the attempts ran out. Nothing was processed; reschedule after `retryAfterMs`.
 */
export class ZendeskRateLimitedError extends ZendeskHttpError {
  /** How long Zendesk asked us to wait, or `null` when it did not say. */
  readonly retryAfterMs: number | null
  constructor(init: ZendeskErrorInit & { retryAfterMs: number | null }) {
    super({
      ...init,
      message:
        init.message ??
        `${describe(init)}; rate limited` +
          (init.retryAfterMs === null ? '' : `, retry after ${init.retryAfterMs} ms`),
    })
    this.name = 'ZendeskRateLimitedError'
    this.retryAfterMs = init.retryAfterMs
  }
}

/**
 * A non-idempotent write (e.g. `update_many`, a create) failed in a way that does not tell whether
 * Zendesk applied it: a 5xx, a timeout, a dropped connection or an unreadable 2xx body. It was NOT
 * repeated. Re-read the affected records before deciding what to write again.
 */
export class ZendeskAmbiguousWriteError extends ZendeskHttpError {
  /** What went wrong, e.g. `http 500`, `timeout after 30000 ms`. */
  readonly reason: string
  constructor(init: ZendeskErrorInit & { reason: string }) {
    super({
      ...init,
      message:
        init.message ??
        `Zendesk ${init.method} ${init.path}: outcome unknown (${init.reason}); ` +
          're-read before writing again',
    })
    this.name = 'ZendeskAmbiguousWriteError'
    this.reason = init.reason
  }
}

/** Zendesk kept failing (5xx, timeouts, network errors, garbled bodies) until attempts ran out. */
export class ZendeskUnavailableError extends ZendeskHttpError {
  readonly attempts: number
  /** The last failure, e.g. `http 503`. */
  readonly reason: string
  constructor(init: ZendeskErrorInit & { attempts: number; reason: string }) {
    super({
      ...init,
      message:
        init.message ??
        `Zendesk ${init.method} ${init.path}: unavailable after ${init.attempts} attempt(s) ` +
          `(last: ${init.reason})`,
    })
    this.name = 'ZendeskUnavailableError'
    this.attempts = init.attempts
    this.reason = init.reason
  }
}

function describe(init: ZendeskErrorInit): string {
  const head =
    `Zendesk ${init.method} ${init.path} failed` +
    (init.status === null ? '' : ` with ${init.status}`)
  const detail = [init.zendeskError, init.zendeskDescription].filter(
    (s) => s !== undefined && s !== '',
  )
  return detail.length === 0 ? head : `${head}: ${detail.join(': ')}`
}
