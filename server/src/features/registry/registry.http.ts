/**
 * What the registry's route files share: the caller as a registry actor, the service's
 * dependencies for a request, revisions from If-Match or the body, and media types.
 */
import { errorCodes, type FastifyReply, type FastifyRequest } from 'fastify'
import type { App } from '../../app.js'
import { BadRequest } from '../../errors.js'
import { ErrorSchema } from '../../lib/http-schemas.js'
import { principalOf } from '../../plugins/auth.js'
import { ifMatchRevision } from './registry.schemas.js'
import type { RegistryActor, RegistryDeps } from './registry.write.js'

/** Error responses of every registry route. */
export const ERRORS = { '4xx': ErrorSchema } as const

export function actorOf(app: App, req: FastifyRequest): RegistryActor {
  const p = principalOf(req)
  return { tenantId: p.tenantId, actor: p.actor, now: app.clock() }
}

export function depsOf(app: App, req: FastifyRequest): RegistryDeps {
  return {
    db: app.db,
    onRecomputeError: (err) =>
      req.log.error({ err }, 'recomputation after a committed registry change failed'),
  }
}

/**
 * The revision the caller read, from `If-Match` or the body's `revision` (they must agree when
 * both are given).
 */
export function expectedRevision(req: FastifyRequest, bodyRevision?: number): number | undefined {
  const header = req.headers['if-match']
  const fromHeader = ifMatchRevision(typeof header === 'string' ? header : undefined)
  if (fromHeader !== undefined && bodyRevision !== undefined && fromHeader !== bodyRevision)
    throw new BadRequest(
      `revision: is ${bodyRevision} but If-Match says ${fromHeader}; give one, or the same in both`,
    )
  return fromHeader ?? bodyRevision
}

/** Sets the ETag (the revision) of a single-object response. */
export function withEtag<T extends { revision: number }>(reply: FastifyReply, view: T): T {
  void reply.header('etag', `"${view.revision}"`)
  return view
}

/** The request's media type, lower-case, without parameters. */
export function mediaType(req: FastifyRequest): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
}

/** 415 for a body of a media type the route does not take. */
export function unsupportedMediaType(req: FastifyRequest, accepted: readonly string[]): Error {
  const err = new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(mediaType(req) || '(none)')
  err.message = `unsupported Content-Type "${mediaType(req) || '(none)'}"; send ${accepted.join(' or ')}`
  return err
}

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'] as const
export const CSV_TYPE = 'text/csv'
