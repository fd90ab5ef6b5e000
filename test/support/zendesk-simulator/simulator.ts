/**
 * The Zendesk simulator: a real HTTP server (node:http) on 127.0.0.1 where each account lives
 * under `/z/<subdomain>`. A request goes: fault injection → rate limit → authentication → route;
 * every request is logged on its account, and every response carries `X-Rate-Limit` headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SimAccount, type RequestLogEntry } from './account.js'
import { authenticate, scopeAllows } from './auth.js'
import { FaultInjector, type ActiveFault } from './faults.js'
import { findRoute } from './routes/index.js'
import type { ContentFault, RouteReply } from './routes/types.js'
import type { AccountOptions } from './types.js'
import { prng } from './util/prng.js'

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
  /** Epoch ms; default Date.now. */
  clock?: () => number
}

const MAX_BODY_BYTES = 10 * 1024 * 1024
const UNAUTHENTICATED = { error: "Couldn't authenticate you" }
const FORBIDDEN = {
  error: 'Forbidden',
  description:
    'You do not have access to this page. Please contact the account owner of this help desk for further help.',
}
const INVALID_ENDPOINT = { error: 'InvalidEndpoint', description: 'Not found' }

interface Exchange {
  account: SimAccount
  method: string
  path: string
  query: URLSearchParams
  rawBody: string
  contentType: string
  authorization: string | undefined
}

export class ZendeskSimulator {
  readonly faults: FaultInjector
  private readonly accountsBySubdomain = new Map<string, SimAccount>()
  private readonly hanging = new Set<ServerResponse>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly random = prng(7)
  private origin = ''

  private constructor(
    private readonly server: Server,
    readonly clock: () => number,
  ) {
    this.faults = new FaultInjector(clock)
  }

  static async start(options: SimulatorOptions = {}): Promise<ZendeskSimulator> {
    const server = createServer()
    const sim = new ZendeskSimulator(server, options.clock ?? Date.now)
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      sim.onRequest(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' })
          res.end(JSON.stringify({ error: 'SimulatorError', description: String(error) }))
        }
      })
    })
    const host = options.host ?? '127.0.0.1'
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, host, () => resolve())
    })
    const { port } = server.address() as AddressInfo
    sim.origin = `http://${host}:${port}`
    return sim
  }

  /** `http://127.0.0.1:PORT`. */
  get url(): string {
    return this.origin
  }

  /** The base URL a client is given for an account. */
  baseUrl(subdomain: string): string {
    return `${this.origin}/z/${subdomain}`
  }

  /** Creates the account, or returns it (applying any credentials given). */
  account(subdomain: string, options: AccountOptions = {}): SimAccount {
    if (!/^[a-z0-9][a-z0-9-]*$/i.test(subdomain)) throw new Error(`bad subdomain ${subdomain}`)
    const existing = this.accountsBySubdomain.get(subdomain)
    if (existing) {
      existing.configure(options)
      return existing
    }
    const account = new SimAccount({
      subdomain,
      accountId: 10_000_001 + this.accountsBySubdomain.size,
      apiBase: this.baseUrl(subdomain),
      clock: this.clock,
      options,
    })
    this.accountsBySubdomain.set(subdomain, account)
    return account
  }

  accounts(): SimAccount[] {
    return [...this.accountsBySubdomain.values()]
  }

  async stop(): Promise<void> {
    for (const account of this.accountsBySubdomain.values()) account.close()
    for (const timer of this.timers) clearTimeout(timer)
    for (const res of this.hanging) res.destroy()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator')
    const match = /^\/z\/([^/]+)(\/.*)?$/.exec(url.pathname)
    const account = match ? this.accountsBySubdomain.get(match[1] ?? '') : undefined
    if (!match || !account) {
      req.resume()
      const headers = { 'X-Rate-Limit': '700', 'X-Rate-Limit-Remaining': '700' }
      this.write(res, { status: 404, headers, body: INVALID_ENDPOINT }, undefined)
      return
    }
    const exchange: Exchange = {
      account,
      method: (req.method ?? 'GET').toUpperCase(),
      path: (match[2] ?? '/').replace(/\.json$/, ''),
      query: url.searchParams,
      rawBody: await readBody(req),
      contentType: req.headers['content-type'] ?? '',
      authorization: req.headers.authorization,
    }
    const log: RequestLogEntry = {
      method: exchange.method,
      path: exchange.path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      at: this.clock(),
      auth: authenticate(account, exchange.authorization).kind,
    }
    account.requests.push(log)
    const fault = this.faults.match({
      subdomain: account.subdomain,
      method: exchange.method,
      path: exchange.path,
      query: url.search,
    })
    if (fault) {
      await this.injectFault(fault, exchange, req, res, log)
      return
    }
    this.write(res, this.process(exchange, undefined), log)
  }

  private async injectFault(
    fault: ActiveFault,
    exchange: Exchange,
    req: IncomingMessage,
    res: ServerResponse,
    log: RequestLogEntry,
  ): Promise<void> {
    const limits = exchange.account.rateLimiter.headers()
    const applyWrite = fault.applyThenDrop && exchange.method !== 'GET'
    switch (fault.kind) {
      case '429':
        this.write(
          res,
          {
            status: 429,
            headers: { ...limits, 'Retry-After': String(fault.retryAfterSeconds ?? 1) },
            body: {
              error: 'APIRateLimitExceeded',
              description: 'Number of allowed API requests per minute exceeded',
            },
          },
          log,
        )
        return
      case '500':
        this.write(res, { status: 500, headers: limits, body: { error: 'InternalError' } }, log)
        return
      case '503': {
        const headers: Record<string, string> = { ...limits }
        if (fault.retryAfterSeconds !== undefined) {
          headers['Retry-After'] = String(fault.retryAfterSeconds)
        }
        const body = { error: 'ServiceUnavailable', description: 'Service temporarily unavailable' }
        this.write(res, { status: 503, headers, body }, log)
        return
      }
      case 'timeout':
        if (fault.delayMs !== undefined) {
          await this.sleep(fault.delayMs)
          if (!res.destroyed) this.write(res, this.process(exchange, undefined), log)
          return
        }
        if (applyWrite) this.process(exchange, undefined)
        this.hanging.add(res)
        req.socket.once('close', () => this.hanging.delete(res))
        return
      case 'reset':
        if (applyWrite) this.process(exchange, undefined)
        req.socket.destroy()
        return
      case 'truncated': {
        const reply =
          exchange.method === 'GET' || applyWrite
            ? this.process(exchange, undefined)
            : {
                status: 200,
                headers: limits,
                body: { note: 'truncated; the write was not applied' },
              }
        this.write(res, reply, log, true)
        return
      }
      case 'duplicate-page':
      case 'reordered':
        this.write(res, this.process(exchange, fault.kind satisfies ContentFault), log)
        return
    }
  }

  /** Rate limit, authentication, routing; pure of the connection. */
  private process(exchange: Exchange, contentFault: ContentFault | undefined): RouteReply {
    const { account, method, path } = exchange
    const found = findRoute(method, path)
    const route = typeof found === 'object' ? found.route : undefined
    const decision = account.rateLimiter.take(route?.incremental ?? false)
    const withLimits = (reply: RouteReply): RouteReply => ({
      ...reply,
      headers: { ...decision.headers, ...reply.headers },
    })
    if (decision.retryAfter !== undefined) {
      return withLimits({
        status: 429,
        headers: { 'Retry-After': String(decision.retryAfter) },
        body: {
          error: 'APIRateLimitExceeded',
          description: 'Number of allowed API requests per minute exceeded',
        },
      })
    }
    if (typeof found !== 'object' || !route) {
      return withLimits({ status: 404, body: INVALID_ENDPOINT })
    }
    let userId: number | null = null
    if (route.auth !== false) {
      const auth = authenticate(account, exchange.authorization)
      if (!auth.ok) return withLimits({ status: 401, body: UNAUTHENTICATED })
      if (auth.scope !== null && !scopeAllows(auth.scope, method, route.resource)) {
        return withLimits({ status: 403, body: FORBIDDEN })
      }
      if (route.adminOnly && account.directory.users.get(auth.userId)?.role !== 'admin') {
        return withLimits({ status: 403, body: FORBIDDEN })
      }
      userId = auth.userId
    }
    const body = parseBody(exchange.rawBody, exchange.contentType)
    if (body instanceof Error) {
      return withLimits({ status: 400, body: { error: 'InvalidJSON', description: body.message } })
    }
    return withLimits(
      route.handler({
        account,
        method,
        path,
        query: exchange.query,
        params: found.params,
        body,
        userId,
        now: this.clock(),
        contentFault,
        random: this.random,
      }),
    )
  }

  private write(
    res: ServerResponse,
    reply: RouteReply,
    log: RequestLogEntry | undefined,
    truncate = false,
  ): void {
    if (res.destroyed || res.headersSent) return
    const hasBody = reply.status !== 204 && reply.body !== undefined && reply.body !== null
    let payload = Buffer.from(hasBody ? JSON.stringify(reply.body) : '')
    if (truncate) payload = payload.subarray(0, Math.floor(payload.length / 2))
    const headers: Record<string, string> = { ...reply.headers }
    if (hasBody) headers['Content-Type'] = 'application/json; charset=utf-8'
    headers['Content-Length'] = String(payload.length)
    res.writeHead(reply.status, headers)
    res.end(payload)
    if (log) log.status = reply.status
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer)
        resolve()
      }, ms)
      this.timers.add(timer)
    })
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        req.destroy()
        reject(new Error('request body too large'))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** JSON or form-encoded body; undefined when empty; an Error when malformed. */
function parseBody(raw: string, contentType: string): unknown {
  if (raw.trim() === '') return undefined
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw))
  }
  try {
    return JSON.parse(raw) as unknown
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
  }
}
