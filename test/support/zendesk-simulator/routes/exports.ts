/**
 * Incremental exports: cursor-based tickets and users (`after_cursor` always set so a caller can
 * keep polling), time-based ticket events and organizations (`end_time`, `next_page`, duplicates of
 * the boundary second). Items changed within the last 60 s of the simulator clock are withheld and
 * a `start_time` in the last minute is refused, as Zendesk does.
 */
import type { SimAccount } from '../account.js'
import { cursorPage, decodeCursor, encodeCursor, timePage, type Position } from '../paging.js'
import { toUnix } from '../util/time.js'
import { shuffled } from '../util/prng.js'
import { intParam, invalid, json, type Route, type RouteReply, type RouteRequest } from './types.js'

const MAX_PER_PAGE = 1000

interface PageQuery {
  perPage: number
  cutoff: number
}

function pageQuery(request: RouteRequest): PageQuery | RouteReply {
  const raw = request.query.get('per_page')
  let perPage = MAX_PER_PAGE
  if (raw !== null) {
    const n = intParam(raw)
    if (n === undefined || n < 1) return invalid('per_page must be a positive integer')
    perPage = Math.min(n, MAX_PER_PAGE)
  }
  return { perPage, cutoff: toUnix(request.now) - 60 }
}

function startTime(request: RouteRequest, start: string | null): number | RouteReply {
  if (start === null) return invalid('start_time is required')
  const n = intParam(start)
  if (n === undefined) return invalid('start_time must be a Unix time in seconds')
  if (n > toUnix(request.now) - 60) {
    return invalid('Too recent start_time. Use a start_time older than 1 minute')
  }
  return n
}

function isReply(value: unknown): value is RouteReply {
  return typeof value === 'object' && value !== null && 'status' in value
}

function url(account: SimAccount, path: string, params: Record<string, string | null>): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== null) query.set(key, value)
  return `${account.apiBase}${path}?${query.toString()}`
}

function maybeShuffle<T>(request: RouteRequest, items: T[]): T[] {
  return request.contentFault === 'reordered' ? shuffled(request.random, items) : items
}

interface CursorExport<T> {
  path: string
  key: string
  items: (account: SimAccount, query: URLSearchParams) => { item: T; position: Position }[]
  wire: (account: SimAccount, item: T) => unknown
}

function cursorExport<T>(spec: CursorExport<T>): Route['handler'] {
  return (request) => {
    const { account } = request
    const paging = pageQuery(request)
    if (isReply(paging)) return paging
    let cursor = request.query.get('cursor')
    let start = request.query.get('start_time')
    if (request.contentFault === 'duplicate-page' && cursor !== null) {
      const previous = account.pageHistory.get(`${spec.path}|${cursor}`)
      if (previous) {
        cursor = previous.cursor ?? null
        start = previous.start_time ?? null
      }
    }
    let after: Position
    if (cursor !== null) {
      const decoded = decodeCursor(cursor)
      if (!decoded) return invalid('Invalid cursor')
      after = decoded
    } else {
      const n = startTime(request, start)
      if (isReply(n)) return n
      after = { ts: n, id: 0 }
    }
    const rows = spec.items(account, request.query)
    const page = cursorPage(rows, (r) => r.position, after, paging.cutoff, paging.perPage)
    const afterCursor = encodeCursor(page.next)
    if (afterCursor !== cursor) {
      account.pageHistory.set(
        `${spec.path}|${afterCursor}`,
        cursor !== null ? { cursor } : { start_time: String(after.ts) },
      )
    }
    const keep = {
      per_page: request.query.get('per_page'),
      include: request.query.get('include'),
      exclude_deleted: request.query.get('exclude_deleted'),
    }
    return json(200, {
      [spec.key]: maybeShuffle(
        request,
        page.items.map((r) => spec.wire(account, r.item)),
      ),
      after_cursor: afterCursor,
      after_url: url(account, spec.path, { cursor: afterCursor, ...keep }),
      before_cursor: cursor,
      before_url: cursor === null ? null : url(account, spec.path, { cursor, ...keep }),
      end_of_stream: page.endOfStream,
    })
  }
}

interface TimeExport<T> {
  path: string
  key: string
  items: (account: SimAccount) => T[]
  ts: (item: T) => number
  wire: (request: RouteRequest, item: T) => unknown
}

function timeExport<T>(spec: TimeExport<T>): Route['handler'] {
  return (request) => {
    const { account } = request
    const paging = pageQuery(request)
    if (isReply(paging)) return paging
    let rawStart = request.query.get('start_time')
    if (request.contentFault === 'duplicate-page' && rawStart !== null) {
      const previous = account.pageHistory.get(`${spec.path}|${rawStart}`)
      rawStart = previous?.start_time ?? String(Math.max(0, Number(rawStart) - 3600))
    }
    const start = startTime(request, rawStart)
    if (isReply(start)) return start
    const page = timePage(spec.items(account), spec.ts, start, paging.cutoff, paging.perPage)
    if (page.endTime !== start) {
      account.pageHistory.set(`${spec.path}|${page.endTime}`, { start_time: String(start) })
    }
    return json(200, {
      [spec.key]: maybeShuffle(
        request,
        page.items.map((item) => spec.wire(request, item)),
      ),
      count: page.items.length,
      end_time: page.endTime,
      next_page: url(account, spec.path, {
        start_time: String(page.endTime),
        per_page: request.query.get('per_page'),
        include: request.query.get('include'),
      }),
      end_of_stream: page.endOfStream,
    })
  }
}

const TICKETS = '/api/v2/incremental/tickets/cursor'
const USERS = '/api/v2/incremental/users/cursor'
const EVENTS = '/api/v2/incremental/ticket_events'
const ORGANIZATIONS = '/api/v2/incremental/organizations'

const exportRoute = (path: string, resource: string, handler: Route['handler']): Route => ({
  method: 'GET',
  pattern: new RegExp(`^${path}$`),
  adminOnly: true,
  incremental: true,
  resource,
  handler,
})

export const exportRoutes: Route[] = [
  exportRoute(
    TICKETS,
    'tickets',
    cursorExport({
      path: TICKETS,
      key: 'tickets',
      items: (account, query) =>
        account.ticketBook
          .byGenerated()
          .filter((t) => !(query.get('exclude_deleted') === 'true' && t.status === 'deleted'))
          .map((t) => ({ item: t, position: { ts: toUnix(t.generatedAt), id: t.id } })),
      wire: (account, t) => account.ticketBook.wire(t),
    }),
  ),
  exportRoute(
    USERS,
    'users',
    cursorExport({
      path: USERS,
      key: 'users',
      items: (account) =>
        account.directory
          .usersByUpdate()
          .map((u) => ({ item: u, position: { ts: toUnix(u.updatedAt), id: u.id } })),
      wire: (account, u) => account.directory.wireUser(u),
    }),
  ),
  exportRoute(
    EVENTS,
    'tickets',
    timeExport({
      path: EVENTS,
      key: 'ticket_events',
      items: (account) => account.ticketBook.auditsByTime(),
      ts: (a) => toUnix(a.at),
      wire: (request, a) => {
        const include = (request.query.get('include') ?? '').split(',').includes('comment_events')
        return request.account.ticketBook.wireEvent(a, include)
      },
    }),
  ),
  exportRoute(
    ORGANIZATIONS,
    'organizations',
    timeExport({
      path: ORGANIZATIONS,
      key: 'organizations',
      items: (account) => account.directory.organizationsByUpdate(),
      ts: (o) => toUnix(o.updatedAt),
      wire: (request, o) => request.account.directory.wireOrganization(o),
    }),
  ),
]
