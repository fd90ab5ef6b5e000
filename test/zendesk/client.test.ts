/**
 * The Zendesk client against a real local HTTP server (no fetch mocks): authentication headers,
 * Retry-After, backoff, the ambiguous-write rule, OAuth refresh, pagination, query parameters,
 * OAuth token calls and PKCE. Waits are recorded by an injected `sleep`, so nothing really sleeps
 * except the tiny per-attempt timeouts.
 */
import { createHash } from 'node:crypto'
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  authorizeUrl,
  exchangeCode,
  pkceChallenge,
  pkcePair,
  refreshAccessToken,
  ZendeskAmbiguousWriteError,
  ZendeskAuthError,
  ZendeskClient,
  ZendeskConflictError,
  ZendeskNotFoundError,
  ZendeskRateLimitedError,
  ZendeskUnavailableError,
  type RetryInfo,
  type WireTicketUpdate,
  type ZendeskClientOptions,
} from '@sla-tracker/server/zendesk'

interface Seen {
  method: string
  /** Path without the `/z/acme` prefix. */
  path: string
  query: Record<string, string>
  headers: IncomingHttpHeaders
  body: string
}
type Handler = (req: Seen, res: ServerResponse, raw: IncomingMessage) => void

const TOKEN = 'tok_Sup3rSecret_api_token'
const EMAIL = 'admin@acme.example'
const BASIC = Buffer.from(`${EMAIL}/token:${TOKEN}`).toString('base64')
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0)
const PREFIX = '/z/acme'

let server: Server
let origin: string
let handlers: Handler[] = []
let fallback: Handler = (_req, res) => json(res, 500, { error: 'NoHandler' })
let seen: Seen[] = []

beforeAll(async () => {
  server = createServer((raw, res) => {
    const chunks: Buffer[] = []
    raw.on('data', (c: Buffer) => chunks.push(c))
    raw.on('end', () => {
      const url = new URL(raw.url ?? '/', 'http://local')
      const req: Seen = {
        method: raw.method ?? '',
        path: url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      seen.push(req)
      // One connection per request: no test depends on a pooled socket the previous test closed.
      res.setHeader('connection', 'close')
      ;(handlers.shift() ?? fallback)(req, res, raw)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterEach(() => {
  handlers = []
  seen = []
  fallback = (_req, res) => json(res, 500, { error: 'NoHandler' })
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(text)
}

const ok =
  (body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    json(res, 200, body, headers)
const status =
  (
    code: number,
    body: unknown = { error: `E${code}` },
    headers: Record<string, string> = {},
  ): Handler =>
  (_req, res) =>
    json(res, code, body, headers)
/** Never answers: the client's per-attempt timeout fires. */
const hang: Handler = () => undefined
/** Drops the connection before any response. */
const reset: Handler = (_req, _res, raw) => raw.socket.destroy()
/** Announces 200 bytes of JSON, sends a few and hangs up. */
const truncated: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' })
  res.write('{"tickets":[{"id":1', () => res.destroy())
}
/** A complete response whose JSON is cut off. */
const garbled: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end('{"tickets":[{"id":1},')
}

const USER = {
  id: 7,
  name: 'Ada Admin',
  email: EMAIL,
  role: 'admin',
  organization_id: null,
  active: true,
  updated_at: '2025-01-01T00:00:00Z',
}
const ME = { user: USER }
const TICKETS_PAGE = {
  tickets: [],
  after_cursor: 'c2',
  after_url: null,
  before_cursor: null,
  before_url: null,
  end_of_stream: true,
}
const JOB = {
  job_status: {
    id: 'job1',
    url: 'https://acme.zendesk.com/api/v2/job_statuses/job1.json',
    status: 'queued',
    total: 1,
    progress: null,
    message: null,
    results: null,
  },
}

interface Harness {
  client: ZendeskClient
  waits: number[]
  retries: RetryInfo[]
}

function harness(options: Partial<ZendeskClientOptions> = {}): Harness {
  const waits: number[] = []
  const retries: RetryInfo[] = []
  const client = new ZendeskClient({
    subdomain: 'acme',
    baseUrl: `${origin}${PREFIX}`,
    auth: { kind: 'api-token', email: EMAIL, token: TOKEN },
    timeoutMs: 1_000,
    backoff: { baseMs: 100, maxMs: 1_000 },
    random: () => 1,
    now: () => NOW,
    sleep: (ms) => {
      waits.push(ms)
      return Promise.resolve()
    },
    onRetry: (info) => retries.push(info),
    ...options,
  })
  return { client, waits, retries }
}

const updates = (n: number): WireTicketUpdate[] =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, additional_tags: ['sla_at_risk'] }))

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

describe('authentication', () => {
  it('sends Basic base64("{email}/token:{token}") under the base URL prefix', async () => {
    handlers.push(ok(ME))
    const { client } = harness()
    expect(await client.me()).toEqual(USER)
    expect(seen[0]!.path).toBe('/api/v2/users/me')
    expect(seen[0]!.headers.authorization).toBe(`Basic ${BASIC}`)
    expect(seen[0]!.headers.accept).toBe('application/json')
  })

  it('sends an OAuth access token as Bearer', async () => {
    handlers.push(ok(ME))
    const { client } = harness({ auth: { kind: 'oauth', accessToken: 'oauth-access-1' } })
    await client.me()
    expect(seen[0]!.headers.authorization).toBe('Bearer oauth-access-1')
  })

  it('refreshes once on 401 even with concurrent requests, then succeeds', async () => {
    fallback = (req, res) =>
      req.headers.authorization === 'Bearer new-token'
        ? json(res, 200, ME)
        : json(res, 401, { error: "Couldn't authenticate you" })
    let refreshes = 0
    const { client } = harness({
      auth: {
        kind: 'oauth',
        accessToken: 'old-token',
        refresh: async () => {
          refreshes += 1
          await new Promise((resolve) => setTimeout(resolve, 30))
          return 'new-token'
        },
      },
    })
    const users = await Promise.all([client.me(), client.me(), client.me(), client.me()])
    expect(users.map((u) => u.id)).toEqual([7, 7, 7, 7])
    expect(refreshes).toBe(1)
    expect(seen.filter((r) => r.headers.authorization === 'Bearer old-token')).toHaveLength(4)
    expect(seen.filter((r) => r.headers.authorization === 'Bearer new-token')).toHaveLength(4)
  })

  it('throws ZendeskAuthError on 401 without a refresh, and after a refresh that did not help', async () => {
    handlers.push(status(401, { error: "Couldn't authenticate you" }))
    const plain = await caught(harness().client.me())
    expect(plain).toBeInstanceOf(ZendeskAuthError)
    expect(plain).toMatchObject({ status: 401, method: 'GET', path: '/api/v2/users/me' })

    fallback = status(401)
    let refreshes = 0
    const { client } = harness({
      auth: {
        kind: 'oauth',
        accessToken: 'a',
        refresh: () => {
          refreshes += 1
          return Promise.resolve(`b${refreshes}`)
        },
      },
    })
    expect(await caught(client.me())).toBeInstanceOf(ZendeskAuthError)
    expect(refreshes).toBe(1)
  })

  it('maps 403 to ZendeskAuthError and 404 to ZendeskNotFoundError', async () => {
    handlers.push(status(403, { error: 'Forbidden', description: 'missing scope' }))
    handlers.push(status(404, { error: 'RecordNotFound', description: 'Not found' }))
    const { client } = harness()
    const forbidden = await caught(client.me())
    expect(forbidden).toBeInstanceOf(ZendeskAuthError)
    expect(forbidden.message).toContain('missing scope')
    const missing = await caught(client.getTicket(42))
    expect(missing).toBeInstanceOf(ZendeskNotFoundError)
    expect(missing).toMatchObject({
      status: 404,
      zendeskError: 'RecordNotFound',
      path: '/api/v2/tickets/42',
    })
  })
})

describe('rate limits', () => {
  it('waits a numeric Retry-After, then repeats', async () => {
    handlers.push(status(429, { error: 'TooManyRequests' }, { 'Retry-After': '7' }), ok(ME))
    const { client, waits, retries } = harness()
    await client.me()
    expect(waits).toEqual([7_000])
    expect(seen).toHaveLength(2)
    expect(retries[0]).toMatchObject({
      method: 'GET',
      path: '/api/v2/users/me',
      attempt: 1,
      delayMs: 7_000,
    })
  })

  it('waits until an HTTP-date Retry-After', async () => {
    const at = new Date(NOW + 30_000).toUTCString()
    handlers.push(status(429, {}, { 'Retry-After': at }), ok(ME))
    const { client, waits } = harness()
    await client.me()
    expect(waits).toEqual([30_000])
  })

  it('throws ZendeskRateLimitedError when Retry-After exceeds the cap, without waiting', async () => {
    handlers.push(status(429, {}, { 'Retry-After': '600' }))
    const { client, waits } = harness({ maxRetryAfterMs: 120_000 })
    const error = await caught(client.me())
    expect(error).toBeInstanceOf(ZendeskRateLimitedError)
    expect((error as ZendeskRateLimitedError).retryAfterMs).toBe(600_000)
    expect(waits).toEqual([])
    expect(seen).toHaveLength(1)
  })

  it('tracks X-Rate-Limit and X-Rate-Limit-Remaining, whatever their case', async () => {
    handlers.push(ok(ME, { 'X-Rate-Limit': '700', 'x-rate-limit-remaining': '699' }))
    const { client } = harness()
    expect(client.rateLimit).toBeUndefined()
    await client.me()
    expect(client.rateLimit).toEqual({ limit: 700, remaining: 699, at: NOW })
  })
})

describe('transient faults on reads', () => {
  it('retries a GET on 500, 503, timeout, reset, truncated and garbled bodies, with growing capped delays', async () => {
    handlers.push(status(500), status(503), hang, reset, truncated, garbled, ok(TICKETS_PAGE))
    const { client, waits, retries } = harness({ timeoutMs: 150, maxAttempts: 8 })
    const page = await client.exportTicketsCursor({ cursor: 'c1' })
    expect(page.after_cursor).toBe('c2')
    expect(seen).toHaveLength(7)
    expect(waits).toEqual([100, 200, 400, 800, 1_000, 1_000])
    expect(retries.map((r) => r.reason)).toEqual([
      'http 500',
      'http 503',
      'timeout after 150 ms',
      expect.stringMatching(/^network error/),
      expect.stringMatching(/^body of 200 cut off/),
      'unreadable 200 body',
    ])
  })

  it('applies full jitter: random() × min(max, base × 2^n)', async () => {
    handlers.push(status(502), status(502), ok(ME))
    const { client, waits } = harness({ random: () => 0.25 })
    await client.me()
    expect(waits).toEqual([25, 50])
  })

  it('treats a 2xx body without the expected keys as transient', async () => {
    handlers.push(ok({ tickets: 'nope', end_of_stream: true }), ok({}), ok(TICKETS_PAGE))
    const { client, retries } = harness()
    await client.exportTicketsCursor({ cursor: 'c1' })
    expect(retries.map((r) => r.reason)).toEqual([
      'unexpected 200 body: "tickets" is string, not array',
      'unexpected 200 body: "tickets" is missing, not array',
    ])
  })

  it('throws ZendeskUnavailableError when retries run out', async () => {
    fallback = status(503)
    const { client, waits } = harness({ maxAttempts: 3 })
    const error = await caught(client.me())
    expect(error).toBeInstanceOf(ZendeskUnavailableError)
    expect(error).toMatchObject({ attempts: 3, status: 503, reason: 'http 503' })
    expect(seen).toHaveLength(3)
    expect(waits).toHaveLength(2)
  })

  it('stops at once on shutdown', async () => {
    handlers.push(hang)
    const controller = new AbortController()
    const { client } = harness({ signal: controller.signal, timeoutMs: 5_000 })
    const pending = caught(client.me())
    setTimeout(() => controller.abort(new Error('shutting down')), 20)
    expect((await pending).message).toBe('shutting down')
  })
})

describe('writes', () => {
  it('does not repeat update_many after a 500: ZendeskAmbiguousWriteError, one request', async () => {
    fallback = status(500)
    const { client, waits } = harness()
    const error = await caught(client.updateMany(updates(2)))
    expect(error).toBeInstanceOf(ZendeskAmbiguousWriteError)
    expect(error).toMatchObject({ status: 500, method: 'PUT', path: '/api/v2/tickets/update_many' })
    expect(seen).toHaveLength(1)
    expect(waits).toEqual([])
  })

  it('does not repeat update_many after a timeout or a dropped connection', async () => {
    fallback = hang
    const timedOut = await caught(harness({ timeoutMs: 100 }).client.updateMany(updates(1)))
    expect(timedOut).toBeInstanceOf(ZendeskAmbiguousWriteError)
    expect((timedOut as ZendeskAmbiguousWriteError).reason).toBe('timeout after 100 ms')
    expect(seen).toHaveLength(1)

    seen = []
    fallback = reset
    expect(await caught(harness().client.updateMany(updates(1)))).toBeInstanceOf(
      ZendeskAmbiguousWriteError,
    )
    expect(seen).toHaveLength(1)
  })

  it('repeats update_many after a 429 (not processed) and after a 503 with Retry-After', async () => {
    handlers.push(
      status(429, {}, { 'retry-after': '2' }),
      status(503, {}, { 'retry-after': '1' }),
      ok(JOB),
    )
    const { client, waits } = harness()
    const job = await client.updateMany(updates(3))
    expect(job).toMatchObject({ id: 'job1', status: 'queued' })
    expect(waits).toEqual([2_000, 1_000])
    expect(seen).toHaveLength(3)
    for (const r of seen) {
      expect(r.method).toBe('PUT')
      expect(r.headers['content-type']).toBe('application/json')
      expect(JSON.parse(r.body)).toEqual({ tickets: updates(3) })
    }
  })

  it('rejects more than 100 updates before any request', async () => {
    const { client } = harness()
    await expect(client.updateMany(updates(101))).rejects.toThrow(RangeError)
    await expect(client.updateMany([])).rejects.toThrow(RangeError)
    expect(seen).toHaveLength(0)
  })

  it('maps 409 to ZendeskConflictError', async () => {
    handlers.push(
      status(409, { error: 'UpdateConflict', description: 'Ticket changed since read' }),
    )
    const error = await caught(harness().client.updateMany(updates(1)))
    expect(error).toBeInstanceOf(ZendeskConflictError)
    expect(error).toMatchObject({
      zendeskError: 'UpdateConflict',
      zendeskDescription: 'Ticket changed since read',
    })
  })

  it('repeats a write that never reached a server (connection refused)', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const { client, waits } = harness({ baseUrl: `http://127.0.0.1:${port}`, maxAttempts: 2 })
    const webhook = {
      name: 'SLA',
      status: 'active',
      endpoint: 'https://sla.example/hooks',
      http_method: 'POST',
      request_format: 'json',
      subscriptions: ['conditional_ticket_events'],
    } as const
    const error = await caught(
      client.createWebhook({ ...webhook, subscriptions: [...webhook.subscriptions] }),
    )
    expect(error).toBeInstanceOf(ZendeskUnavailableError)
    expect((error as ZendeskUnavailableError).reason).toMatch(/ECONNREFUSED/)
    expect(waits).toHaveLength(1)
  })

  it('retries an idempotent PUT (webhook update, 204) but not a create', async () => {
    const webhook = {
      name: 'SLA',
      status: 'active' as const,
      endpoint: 'https://sla.example/hooks',
      http_method: 'POST' as const,
      request_format: 'json' as const,
      subscriptions: ['conditional_ticket_events'],
    }
    handlers.push(status(500), (_req, res) => res.writeHead(204).end())
    const { client } = harness()
    await client.updateWebhook('01HWEBHOOK', webhook)
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /api/v2/webhooks/01HWEBHOOK',
      'PUT /api/v2/webhooks/01HWEBHOOK',
    ])
    expect(JSON.parse(seen[1]!.body)).toEqual({ webhook })

    seen = []
    handlers.push(status(502))
    expect(await caught(client.createWebhook(webhook))).toBeInstanceOf(ZendeskAmbiguousWriteError)
    expect(seen).toHaveLength(1)
  })
})

describe('secrets stay out of error messages', () => {
  it('redacts the API token and the Basic credentials Zendesk might echo back', async () => {
    fallback = (req, res) =>
      json(res, 401, {
        error: `Couldn't authenticate ${TOKEN}`,
        description: `header was ${String(req.headers.authorization)}`,
      })
    const error = await caught(harness().client.me())
    expect(error).toBeInstanceOf(ZendeskAuthError)
    for (const text of [error.message, String(error.stack), JSON.stringify(error)]) {
      expect(text).not.toContain(TOKEN)
      expect(text).not.toContain(BASIC)
    }
    expect(error.message).toContain('[redacted]')
  })

  it('never names the OAuth token in retry, ambiguity or exhaustion errors', async () => {
    const auth = { kind: 'oauth', accessToken: 'oauth-SECRET-access' } as const
    fallback = status(500, { error: 'oauth-SECRET-access' })
    const errors = [
      await caught(harness({ auth, maxAttempts: 2 }).client.me()),
      await caught(harness({ auth }).client.updateMany(updates(1))),
    ]
    for (const error of errors)
      expect(`${error.message} ${String(error.stack)}`).not.toContain('oauth-SECRET-access')
  })
})

describe('query parameters and pagination', () => {
  it('sends start_time on the first ticket export call only, then the cursor', async () => {
    fallback = ok(TICKETS_PAGE)
    const { client } = harness()
    await client.exportTicketsCursor({ startTime: 1_700_000_000, perPage: 500 })
    await client.exportTicketsCursor({ cursor: 'c2' })
    await client.exportTicketsCursor({
      startTime: 1_700_000_000,
      cursor: 'c3',
      include: 'metric_sets',
    })
    expect(seen.map((r) => [r.path, r.query])).toEqual([
      ['/api/v2/incremental/tickets/cursor', { start_time: '1700000000', per_page: '500' }],
      ['/api/v2/incremental/tickets/cursor', { cursor: 'c2' }],
      ['/api/v2/incremental/tickets/cursor', { cursor: 'c3', include: 'metric_sets' }],
    ])
    await expect(client.exportTicketsCursor({})).rejects.toThrow(TypeError)
  })

  it('asks the time-based exports for start_time (and comment_events for ticket events)', async () => {
    handlers.push(
      ok({
        ticket_events: [],
        count: 0,
        end_time: 1_700_000_100,
        next_page: null,
        end_of_stream: true,
      }),
      ok({
        organizations: [],
        count: 0,
        end_time: 1_700_000_100,
        next_page: null,
        end_of_stream: true,
      }),
      ok({
        users: [],
        after_cursor: null,
        after_url: null,
        before_cursor: null,
        before_url: null,
        end_of_stream: true,
      }),
      ok({
        users: [],
        after_cursor: null,
        after_url: null,
        before_cursor: null,
        before_url: null,
        end_of_stream: true,
      }),
    )
    const { client } = harness()
    const events = await client.exportTicketEvents({ startTime: 1_700_000_000 })
    expect(events.end_time).toBe(1_700_000_100)
    await client.exportOrganizations({ startTime: 1_700_000_000, perPage: 200 })
    await client.exportUsersCursor({ startTime: 1_700_000_000 })
    await client.exportUsersCursor({ cursor: 'u2', perPage: 100 })
    expect(seen.map((r) => [r.path, r.query])).toEqual([
      [
        '/api/v2/incremental/ticket_events',
        { start_time: '1700000000', include: 'comment_events' },
      ],
      ['/api/v2/incremental/organizations', { start_time: '1700000000', per_page: '200' }],
      ['/api/v2/incremental/users/cursor', { start_time: '1700000000' }],
      ['/api/v2/incremental/users/cursor', { cursor: 'u2', per_page: '100' }],
    ])
  })

  it('asks show_many for at most 100 ids at a time', async () => {
    fallback = (req, res) =>
      json(res, 200, {
        users: req.query.ids!.split(',').map((id) => ({ ...USER, id: Number(id) })),
      })
    const ids = Array.from({ length: 150 }, (_, i) => i + 1)
    const users = await harness().client.showManyUsers([...ids, 1, 2])
    expect(users.map((u) => u.id)).toEqual(ids)
    expect(seen.map((r) => r.query.ids!.split(',').length)).toEqual([100, 50])
    expect(seen[0]!.path).toBe('/api/v2/users/show_many')
  })

  it('follows cursor pagination, rebasing links.next onto the configured base URL', async () => {
    handlers.push(
      ok({
        ticket_fields: [{ id: 1, type: 'subject', title: 'Subject', active: true }],
        meta: { has_more: true, after_cursor: 'xyz', before_cursor: null },
        links: {
          next: 'https://acme.zendesk.com/api/v2/ticket_fields?page%5Bafter%5D=xyz&page%5Bsize%5D=100',
          prev: null,
        },
      }),
      ok({
        ticket_fields: [
          { id: 2, type: 'tagger', title: 'Tier', active: true, custom_field_options: [] },
        ],
        meta: { has_more: false, after_cursor: null, before_cursor: 'xyz' },
        links: { next: null, prev: null },
      }),
    )
    const fields = await harness().client.listTicketFields()
    expect(fields.map((f) => f.id)).toEqual([1, 2])
    expect(seen.map((r) => [r.path, r.query])).toEqual([
      ['/api/v2/ticket_fields', { 'page[size]': '100' }],
      ['/api/v2/ticket_fields', { 'page[after]': 'xyz', 'page[size]': '100' }],
    ])
  })

  it('follows offset next_page too', async () => {
    handlers.push(
      ok({
        organization_fields: [{ id: 1, key: 'tier' }],
        next_page: 'https://acme.zendesk.com/api/v2/organization_fields.json?page=2',
        count: 2,
      }),
      ok({ organization_fields: [{ id: 2, key: 'acv' }], next_page: null, count: 2 }),
    )
    const fields = await harness().client.listOrganizationFields()
    expect(fields.map((f) => f.key)).toEqual(['tier', 'acv'])
    expect(seen[1]!.path).toBe('/api/v2/organization_fields.json')
    expect(seen[1]!.query).toEqual({ page: '2' })
  })

  it('reads a webhook signing secret and a job status', async () => {
    handlers.push(ok({ signing_secret: { algorithm: 'SHA256', secret: 'whsec_abc' } }), ok(JOB))
    const { client } = harness()
    expect(await client.getWebhookSigningSecret('01HW')).toBe('whsec_abc')
    expect((await client.getJobStatus('job1')).id).toBe('job1')
    expect(seen.map((r) => r.path)).toEqual([
      '/api/v2/webhooks/01HW/signing_secret',
      '/api/v2/job_statuses/job1',
    ])
  })
})

describe('OAuth', () => {
  const endpoint = () => ({ subdomain: 'acme', baseUrl: `${origin}${PREFIX}`, now: () => NOW })

  it('exchanges a code with a JSON body and computes expiresAt', async () => {
    handlers.push((_req, res) =>
      json(res, 200, {
        access_token: 'at-1',
        refresh_token: 'rt-1',
        token_type: 'bearer',
        scope: 'read write',
        expires_in: 3600,
      }),
    )
    const tokens = await exchangeCode({
      ...endpoint(),
      clientId: 'zdg-sla',
      clientSecret: 'client-s3cret',
      code: 'code-1',
      redirectUri: 'https://sla.example/oauth/callback',
      codeVerifier: 'verifier-1',
    })
    expect(tokens).toEqual({
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      expiresAt: NOW + 3_600_000,
      scope: 'read write',
    })
    expect(seen[0]!.method).toBe('POST')
    expect(seen[0]!.path).toBe('/oauth/tokens')
    expect(seen[0]!.headers['content-type']).toBe('application/json')
    expect(JSON.parse(seen[0]!.body)).toEqual({
      grant_type: 'authorization_code',
      code: 'code-1',
      client_id: 'zdg-sla',
      client_secret: 'client-s3cret',
      redirect_uri: 'https://sla.example/oauth/callback',
      code_verifier: 'verifier-1',
    })
  })

  it('refreshes with grant_type refresh_token; no expiry when expires_in is absent', async () => {
    handlers.push(ok({ access_token: 'at-2', token_type: 'bearer', scope: 'read' }))
    const tokens = await refreshAccessToken({
      ...endpoint(),
      clientId: 'zdg-sla',
      clientSecret: 'client-s3cret',
      refreshToken: 'rt-1',
    })
    expect(tokens).toEqual({
      accessToken: 'at-2',
      refreshToken: null,
      expiresAt: null,
      scope: 'read',
    })
    expect(JSON.parse(seen[0]!.body)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
      client_id: 'zdg-sla',
      client_secret: 'client-s3cret',
    })
  })

  it('turns token endpoint errors into ZendeskAuthError without secrets', async () => {
    handlers.push(
      status(400, {
        error: 'invalid_grant',
        error_description: 'refresh token rt-SECRET-9 expired for client-s3cret',
      }),
    )
    const error = await caught(
      refreshAccessToken({
        ...endpoint(),
        clientId: 'zdg-sla',
        clientSecret: 'client-s3cret',
        refreshToken: 'rt-SECRET-9',
      }),
    )
    expect(error).toBeInstanceOf(ZendeskAuthError)
    expect(error).toMatchObject({ status: 400, zendeskError: 'invalid_grant' })
    expect(error.message).toContain('invalid_grant')
    expect(error.message).not.toContain('rt-SECRET-9')
    expect(error.message).not.toContain('client-s3cret')
  })

  it('builds the authorization URL with PKCE S256', () => {
    const url = new URL(
      authorizeUrl({
        subdomain: 'acme',
        clientId: 'zdg-sla',
        redirectUri: 'https://sla.example/oauth/callback',
        scope: 'read write',
        state: 'st-1',
        codeChallenge: 'ch-1',
      }),
    )
    expect(`${url.origin}${url.pathname}`).toBe('https://acme.zendesk.com/oauth/authorizations/new')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'zdg-sla',
      redirect_uri: 'https://sla.example/oauth/callback',
      scope: 'read write',
      state: 'st-1',
      code_challenge: 'ch-1',
      code_challenge_method: 'S256',
    })
  })

  it('derives the PKCE challenge as base64url(SHA-256(verifier))', () => {
    // RFC 7636, appendix B.
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    )
    const pair = pkcePair()
    expect(pair.method).toBe('S256')
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(pair.challenge).toBe(createHash('sha256').update(pair.verifier).digest('base64url'))
    expect(pkcePair().verifier).not.toBe(pair.verifier)
  })
})
