/**
 * The contract between the HTTP server and the route modules: a route is a method, a path pattern
 * inside the account, its access rules, and a synchronous handler producing a JSON reply.
 */
import type { SimAccount } from '../account.js'
import type { Random } from '../util/prng.js'

/** Faults that alter a real response instead of replacing it. */
export type ContentFault = 'duplicate-page' | 'reordered'

export interface RouteRequest {
  account: SimAccount
  method: string
  path: string
  query: URLSearchParams
  /** Captures of the route pattern. */
  params: string[]
  body: unknown
  /** The authenticated user (null on unauthenticated routes). */
  userId: number | null
  now: number
  contentFault: ContentFault | undefined
  random: Random
}

export interface RouteReply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export interface Route {
  method: string
  pattern: RegExp
  /** Needs Basic/Bearer authentication (default true). */
  auth?: boolean
  /** Admins only (incremental exports). */
  adminOnly?: boolean
  /** Counts against the incremental-export budget. */
  incremental?: boolean
  /** Scope resource for resource-scoped OAuth tokens (`tickets:read` …). */
  resource?: string
  handler: (request: RouteRequest) => RouteReply
}

export function json(status: number, body: unknown, headers?: Record<string, string>): RouteReply {
  return headers ? { status, body, headers } : { status, body }
}

export const notFound = (): RouteReply =>
  json(404, { error: 'RecordNotFound', description: 'Not found' })

export const invalid = (description: string, status = 400): RouteReply =>
  json(status, { error: 'InvalidValue', description })

export const recordInvalid = (description: string): RouteReply =>
  json(422, {
    error: 'RecordInvalid',
    description: 'Record validation errors',
    details: { base: [{ description }] },
  })

/** The body as an object, or undefined. */
export function objectBody(body: unknown): Record<string, unknown> | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined
}

export function intParam(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined
  return Number(value)
}
