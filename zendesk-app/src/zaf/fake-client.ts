/**
 * An in-memory ZAF client for tests: `get` answers from a record, `request` from a handler,
 * `emit` fires events, and every `invoke` is recorded.
 */
import type {
  ZafClient,
  ZafContext,
  ZafEventHandler,
  ZafMetadata,
  ZafRequestOptions,
  ZafResponse,
} from './types.js'

export type RequestHandler = (options: ZafRequestOptions) => Promise<ZafResponse> | ZafResponse

export class FakeZafClient implements ZafClient {
  readonly invoked: { name: string; args: unknown[] }[] = []
  readonly requests: ZafRequestOptions[] = []
  private readonly handlers = new Map<string, Set<ZafEventHandler>>()

  constructor(
    public data: Record<string, unknown>,
    public handler: RequestHandler,
    public ctx: ZafContext = { product: 'support', location: 'ticket_sidebar' },
    public meta: ZafMetadata = { settings: { service_url: 'https://sla.example.com' } },
  ) {}

  get(path: string | string[]): Promise<Record<string, unknown>> {
    const paths = Array.isArray(path) ? path : [path]
    const out: Record<string, unknown> = {}
    for (const p of paths) {
      if (!(p in this.data)) {
        if (!Array.isArray(path)) return Promise.reject(new Error(`no "${p}"`))
        continue
      }
      out[p] = this.data[p]
    }
    return Promise.resolve(out)
  }

  invoke(name: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ name, args })
    return Promise.resolve(undefined)
  }

  on(event: string, handler: ZafEventHandler): void {
    let set = this.handlers.get(event)
    if (!set) this.handlers.set(event, (set = new Set()))
    set.add(handler)
  }

  off(event: string, handler: ZafEventHandler): void {
    this.handlers.get(event)?.delete(handler)
  }

  /** Fires an event as Zendesk would. */
  emit(event: string, payload?: unknown): void {
    for (const h of this.handlers.get(event) ?? []) h(payload)
  }

  listeners(event: string): number {
    return this.handlers.get(event)?.size ?? 0
  }

  async request(options: ZafRequestOptions): Promise<ZafResponse> {
    this.requests.push(options)
    const r = await this.handler(options)
    // Like ZAF: a failed request rejects with the response itself.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    if (r.status >= 400) throw r
    return r
  }

  context(): Promise<ZafContext> {
    return Promise.resolve(this.ctx)
  }

  metadata(): Promise<ZafMetadata> {
    return Promise.resolve(this.meta)
  }
}

/** A JSON response as the ZAF proxy gives it with `httpCompleteResponse`. */
export function jsonResponse(status: number, body: unknown): ZafResponse {
  return { status, responseText: JSON.stringify(body), responseJSON: body }
}
