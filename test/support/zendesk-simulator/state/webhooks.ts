/**
 * Webhooks of one account (Zendesk Webhooks API shapes) and their delivery: each ticket audit,
 * while `delivery.onTicketChange` is on, is POSTed to every active webhook with Zendesk's headers
 * and signature — base64(HMAC-SHA256(secret, timestamp + rawBody)). Deliveries are async, recorded
 * with the response status, and can be replayed byte for byte.
 */
import { createHash, createHmac } from 'node:crypto'
import { ulidLike } from '../util/ids.js'
import { toIso } from '../util/time.js'

export interface WebhookAuthentication {
  type: 'basic_auth' | 'bearer_token' | 'api_key'
  data: Record<string, string>
  add_position: 'header'
}

export interface WebhookInput {
  endpoint: string
  name?: string
  status?: 'active' | 'inactive'
  httpMethod?: string
  requestFormat?: string
  subscriptions?: string[]
  description?: string | null
  authentication?: WebhookAuthentication | null
  customHeaders?: Record<string, string>
  /** The signing secret; default: a generated one. */
  secret?: string
  at?: number
  // The Webhooks API's own spellings are accepted as well.
  http_method?: string
  request_format?: string
  custom_headers?: Record<string, string>
  signing_secret?: { algorithm?: string; secret: string }
}

export interface WireWebhook {
  id: string
  name: string
  status: string
  endpoint: string
  http_method: string
  request_format: string
  subscriptions: string[]
  description?: string
  authentication?: { type: string; add_position: string }
  custom_headers?: Record<string, string>
  created_at: string
  created_by: string
  updated_at: string
  updated_by: string
}

interface WebhookRecord {
  id: string
  name: string
  status: string
  endpoint: string
  httpMethod: string
  requestFormat: string
  subscriptions: string[]
  description: string | null
  authentication: WebhookAuthentication | null
  customHeaders: Record<string, string>
  secret: string
  createdAt: number
  updatedAt: number
  createdBy: string
}

export interface WebhookDelivery {
  invocationId: string
  webhookId: string
  endpoint: string
  method: string
  headers: Record<string, string>
  body: string
  /** Epoch ms (simulator clock) when it was sent. */
  at: number
  /** HTTP status of the endpoint's answer, or null when the request failed. */
  status: number | null
  error: string | null
  replay: boolean
}

export interface TicketChangeNotice {
  ticketId: number
  updatedAt: number
  updaterId: number
}

const DELIVERY_TIMEOUT_MS = 10_000

export class WebhookHub {
  readonly delivery = { onTicketChange: false }
  readonly deliveries: WebhookDelivery[] = []
  private readonly hooks = new Map<string, WebhookRecord>()
  private readonly inFlight = new Set<Promise<void>>()
  private readonly stopping = new AbortController()
  private hookCount = 0
  private secretCount = 0
  private invocation = 8_350_205_581

  constructor(
    private readonly subdomain: string,
    private readonly accountId: number,
    private readonly clock: () => number,
    private readonly creatorId: () => number,
  ) {}

  add(input: WebhookInput): WireWebhook {
    const at = input.at ?? this.clock()
    const id = ulidLike(at, `${this.subdomain}:webhook:${++this.hookCount}`)
    const record: WebhookRecord = {
      id,
      name: input.name ?? 'Webhook',
      status: input.status ?? 'active',
      endpoint: input.endpoint,
      httpMethod: (input.httpMethod ?? input.http_method ?? 'POST').toUpperCase(),
      requestFormat: input.requestFormat ?? input.request_format ?? 'json',
      subscriptions: [...(input.subscriptions ?? ['conditional_ticket_events'])],
      description: input.description ?? null,
      authentication: input.authentication ?? null,
      customHeaders: { ...(input.customHeaders ?? input.custom_headers ?? {}) },
      secret: input.secret ?? input.signing_secret?.secret ?? this.newSecret(),
      createdAt: at,
      updatedAt: at,
      createdBy: String(this.creatorId()),
    }
    this.hooks.set(id, record)
    return this.wire(record)
  }

  /** Replaces (PUT) or merges (PATCH) the writable attributes. */
  update(id: string, input: Partial<WebhookInput>, replace: boolean): WireWebhook | undefined {
    const record = this.hooks.get(id)
    if (!record) return undefined
    if (replace && input.endpoint === undefined) throw new Error('endpoint is required')
    if (input.endpoint !== undefined) record.endpoint = input.endpoint
    if (input.name !== undefined) record.name = input.name
    if (input.status !== undefined) record.status = input.status
    if (input.httpMethod !== undefined) record.httpMethod = input.httpMethod
    if (input.requestFormat !== undefined) record.requestFormat = input.requestFormat
    if (input.subscriptions !== undefined) record.subscriptions = [...input.subscriptions]
    if (input.description !== undefined) record.description = input.description
    if (input.authentication !== undefined) record.authentication = input.authentication
    if (input.customHeaders !== undefined) record.customHeaders = { ...input.customHeaders }
    record.updatedAt = this.clock()
    return this.wire(record)
  }

  remove(id: string): boolean {
    return this.hooks.delete(id)
  }

  get(id: string): WireWebhook | undefined {
    const record = this.hooks.get(id)
    return record ? this.wire(record) : undefined
  }

  list(): WireWebhook[] {
    return [...this.hooks.values()].map((r) => this.wire(r))
  }

  secret(id: string): string | undefined {
    return this.hooks.get(id)?.secret
  }

  resetSecret(id: string): string | undefined {
    const record = this.hooks.get(id)
    if (!record) return undefined
    record.secret = this.newSecret()
    return record.secret
  }

  /** Sends the ticket-changed notice to every active webhook (when delivery is on). */
  notify(notice: TicketChangeNotice): void {
    if (!this.delivery.onTicketChange) return
    for (const hook of this.hooks.values()) {
      if (hook.status !== 'active') continue
      const body = JSON.stringify({
        ticket_id: String(notice.ticketId),
        updated_at: toIso(notice.updatedAt),
        updater_id: String(notice.updaterId),
        event: 'ticket_changed',
      })
      const timestamp = toIso(this.clock())
      const invocationId = String(++this.invocation)
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Zendesk Webhook',
        ...hook.customHeaders,
        ...authenticationHeader(hook.authentication),
        'x-zendesk-account-id': String(this.accountId),
        'x-zendesk-webhook-id': hook.id,
        'x-zendesk-webhook-invocation-id': invocationId,
        'x-zendesk-webhook-signature': sign(hook.secret, timestamp, body),
        'x-zendesk-webhook-signature-timestamp': timestamp,
      }
      const delivery = this.start({
        invocationId,
        webhookId: hook.id,
        endpoint: hook.endpoint,
        method: hook.httpMethod,
        headers,
        body,
        replay: false,
      })
      void delivery
    }
  }

  /** Re-sends an invocation's identical request (same id, timestamp and signature). */
  async replay(invocationId: string): Promise<WebhookDelivery> {
    const original = this.deliveries.find((d) => d.invocationId === invocationId && !d.replay)
    if (!original) throw new Error(`no webhook invocation ${invocationId}`)
    const { webhookId, endpoint, method, headers, body } = original
    return this.start({ invocationId, webhookId, endpoint, method, headers, body, replay: true })
  }

  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
  }

  stop(): void {
    this.stopping.abort()
  }

  private start(
    request: Omit<WebhookDelivery, 'at' | 'status' | 'error'>,
  ): Promise<WebhookDelivery> {
    const delivery: WebhookDelivery = { ...request, at: this.clock(), status: null, error: null }
    this.deliveries.push(delivery)
    const sending = this.send(delivery)
    const tracked = sending.then(() => undefined)
    this.inFlight.add(tracked)
    void tracked.finally(() => this.inFlight.delete(tracked))
    return sending
  }

  private async send(delivery: WebhookDelivery): Promise<WebhookDelivery> {
    try {
      const response = await fetch(delivery.endpoint, {
        method: delivery.method,
        headers: delivery.headers,
        ...(delivery.method === 'GET' || delivery.method === 'DELETE'
          ? {}
          : { body: delivery.body }),
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
      })
      await response.arrayBuffer()
      delivery.status = response.status
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error)
    }
    return delivery
  }

  private newSecret(): string {
    const digest = createHash('sha256').update(`${this.subdomain}:secret:${++this.secretCount}`)
    return digest.digest('base64url').slice(0, 40)
  }

  private wire(record: WebhookRecord): WireWebhook {
    const wire: WireWebhook = {
      id: record.id,
      name: record.name,
      status: record.status,
      endpoint: record.endpoint,
      http_method: record.httpMethod,
      request_format: record.requestFormat,
      subscriptions: [...record.subscriptions],
      created_at: toIso(record.createdAt),
      created_by: record.createdBy,
      updated_at: toIso(record.updatedAt),
      updated_by: record.createdBy,
    }
    if (record.description !== null) wire.description = record.description
    if (record.authentication) {
      wire.authentication = {
        type: record.authentication.type,
        add_position: record.authentication.add_position,
      }
    }
    if (Object.keys(record.customHeaders).length > 0) {
      wire.custom_headers = { ...record.customHeaders }
    }
    return wire
  }
}

/** Zendesk's webhook signature: base64(HMAC-SHA256(secret, timestamp + body)). */
export function sign(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret)
    .update(timestamp + body)
    .digest('base64')
}

function authenticationHeader(auth: WebhookAuthentication | null): Record<string, string> {
  if (!auth) return {}
  switch (auth.type) {
    case 'basic_auth': {
      const token = Buffer.from(`${auth.data.username ?? ''}:${auth.data.password ?? ''}`)
      return { authorization: `Basic ${token.toString('base64')}` }
    }
    case 'bearer_token':
      return { authorization: `Bearer ${auth.data.token ?? ''}` }
    case 'api_key':
      return auth.data.name ? { [auth.data.name.toLowerCase()]: auth.data.value ?? '' } : {}
  }
}
