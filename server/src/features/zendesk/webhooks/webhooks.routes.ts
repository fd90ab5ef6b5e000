/**
 * `POST /webhooks/zendesk/{subdomain}`: Zendesk's webhook deliveries. No bearer token: the
 * delivery is authenticated by its signature, checked on the raw bytes (this route alone, in an
 * encapsulated plugin, reads bodies as buffers). Order of the checks:
 *
 * 1. signature headers present and well-formed, timestamp within the tolerance of the service
 *    clock (401; the message names the rule);
 * 2. the signature, with the signing secret of the subdomain's connection (401 with one message
 *    for an unknown subdomain, a connection without a secret and a wrong signature, so the
 *    answer never tells which subdomains exist; the log says which at info level);
 * 3. the body is a JSON object, the invocation id is present (400);
 * 4. stored, deduplicated by invocation id, committed (group commit) — then 202
 *    `{ accepted: true, duplicate }`; 503 when it could not be stored (Zendesk retries).
 *
 * `GET /api/v1/zendesk/webhooks` (admin): the caller's tenant's delivery counts.
 */
import createError from '@fastify/error'
import type { FastifyReply } from 'fastify'
import Type from 'typebox'
import type { App } from '../../../app.js'
import { BadRequest, Unauthorized, errorBody } from '../../../errors.js'
import { ErrorSchema } from '../../../lib/http-schemas.js'
import { principalOf } from '../../../plugins/auth.js'
import { checkBody } from './body.js'
import { StoreFailed, createGroupWriter, type GroupWriter } from './group-writer.js'
import {
  INVOCATION_HEADER,
  WEBHOOK_ID_HEADER,
  readSignedHeaders,
  signatureMatches,
  staleness,
} from './signature.js'
import { SigningKeys, type VerifyOutcome } from './signing-keys.js'
import { webhookStatus } from './webhooks.status.js'

export const MalformedJson = createError('MALFORMED_JSON', '%s', 400)

/** One message for every reason the signature cannot be accepted for this URL. */
export const SIGNATURE_MISMATCH =
  'the webhook signature does not match: expected base64(HMAC-SHA256(signing secret, timestamp header + raw body)) with the signing secret of the webhook for this URL'

/** How long a subdomain's connection and decrypted secret are kept in memory. */
export const SIGNING_KEY_TTL_MS = 30_000
const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i
const MAX_ID_LENGTH = 200
const EMPTY = Buffer.alloc(0)
const RETRY_AFTER_S = '5'

export interface ZendeskWebhooks {
  writer: GroupWriter
  keys: SigningKeys
  /** Calls `listener` after each commit that stored new deliveries (wakes the processor). */
  onStored(listener: () => void): void
}

declare module 'fastify' {
  interface FastifyInstance {
    zendeskWebhooks: ZendeskWebhooks
  }
}

const Accepted = Type.Object({ accepted: Type.Literal(true), duplicate: Type.Boolean() })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()])
const Count = Type.Integer({ minimum: 0 })
const StatusSchema = Type.Object({
  received24h: Count,
  pending: Count,
  lastReceivedAt: Nullable(Type.String()),
  lastProcessedAt: Nullable(Type.String()),
  outcomes: Type.Object({
    'sync-requested': Count,
    'own-update': Count,
    'no-connection': Count,
  }),
})

/** 503: nothing was stored; Zendesk retries. */
function unavailable(reply: FastifyReply, requestId: string, what: string) {
  return reply
    .status(503)
    .header('retry-after', RETRY_AFTER_S)
    .send(errorBody('UNAVAILABLE', `${what}; retry (request ${requestId})`))
}

function headerText(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}

export function zendeskWebhookRoutes(app: App): void {
  const listeners: Array<() => void> = []
  const writer = createGroupWriter({
    db: app.db,
    onStored: () => {
      for (const l of listeners) l()
    },
    onError: (err, size) =>
      app.log.error({ err, batchSize: size }, 'storing webhook deliveries failed'),
  })
  const keys = new SigningKeys({
    db: app.db,
    secrets: app.secrets,
    clock: app.clock,
    ttlMs: SIGNING_KEY_TTL_MS,
    warn: (info, msg) => app.log.warn(info, msg),
  })
  app.decorate('zendeskWebhooks', {
    writer,
    keys,
    onStored: (l: () => void) => {
      listeners.push(l)
    },
  })
  // Pending deliveries are written before the database closes.
  app.addHook('onClose', async () => {
    await writer.close()
  })

  // Encapsulated: the raw-body parser applies to this route only.
  void app.register((scoped: App) => {
    scoped.removeAllContentTypeParsers()
    scoped.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: app.config.bodyLimitBytes },
      (_req, body, done) => done(null, body),
    )
    scoped.post(
      '/webhooks/zendesk/:subdomain',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['zendesk'],
          summary: "Zendesk's webhook deliveries (authenticated by their signature)",
          description: [
            'No bearer token: Zendesk signs each delivery. Headers: `x-zendesk-webhook-signature` = base64(HMAC-SHA256(signing secret, `x-zendesk-webhook-signature-timestamp` + raw body)), the timestamp (ISO-8601, within `WEBHOOK_TOLERANCE_SECONDS`, default 300, of the service clock), `x-zendesk-webhook-invocation-id` (required; deduplication key), `x-zendesk-webhook-id` (stored).',
            '- 202 `{ accepted: true, duplicate }` once the delivery is stored (committed); a replayed invocation id answers `duplicate: true` and is processed once.',
            '- 401 for missing or malformed signature headers, a stale timestamp, or a signature that does not match (the same answer for an unknown subdomain).',
            '- 400 when, after a valid signature, the body is not a JSON object or the invocation id is missing.',
            '- 503 when the delivery could not be stored: nothing was stored, retry.',
          ].join('\n'),
          security: [],
          params: Type.Object({ subdomain: Type.String() }),
          response: { 202: Accepted, '4xx': ErrorSchema, 503: ErrorSchema },
        },
      },
      async (req, reply) => {
        const receivedAt = app.clock()
        const { subdomain } = req.params
        const refuse = (reason: string, message = reason) => {
          req.log.info({ subdomain, reason }, 'webhook delivery refused')
          return new Unauthorized(message)
        }
        const signed = readSignedHeaders(req.headers)
        if (!signed.ok) throw refuse(signed.reason)
        const stale = staleness(signed.signedAt, receivedAt, app.config.webhookToleranceSeconds)
        if (stale !== undefined) throw refuse(stale)
        const raw = Buffer.isBuffer(req.body) ? req.body : EMPTY
        let verified: VerifyOutcome
        try {
          verified = SUBDOMAIN.test(subdomain)
            ? await keys.verify(subdomain, (key) => signatureMatches(key, signed, raw))
            : { ok: false, reason: 'unknown-subdomain' }
        } catch (err) {
          // The connection could not be read: Zendesk retries a 503.
          req.log.error({ err, subdomain }, 'reading the webhook signing secret failed')
          return unavailable(reply, req.id, 'the signature cannot be checked now')
        }
        if (!verified.ok) throw refuse(verified.reason, SIGNATURE_MISMATCH)

        const body = checkBody(raw)
        if (!body.ok)
          throw body.code === 'MALFORMED_JSON'
            ? new MalformedJson(body.message)
            : new BadRequest(body.message)
        const invocationId = headerText(req.headers[INVOCATION_HEADER])
        if (invocationId === undefined)
          throw new BadRequest(`the ${INVOCATION_HEADER} header is missing`)
        const webhookId = headerText(req.headers[WEBHOOK_ID_HEADER]) ?? null
        if (invocationId.length > MAX_ID_LENGTH || (webhookId?.length ?? 0) > MAX_ID_LENGTH)
          throw new BadRequest(
            `the ${INVOCATION_HEADER} and ${WEBHOOK_ID_HEADER} headers must be at most ${MAX_ID_LENGTH} characters`,
          )
        try {
          const { duplicate } = await writer.store({
            tenantId: verified.tenantId,
            invocationId,
            webhookId,
            signedAt: new Date(signed.signedAt).toISOString(),
            receivedAt: new Date(receivedAt).toISOString(),
            bodyJson: body.json,
          })
          return reply.status(202).send({ accepted: true as const, duplicate })
        } catch (err) {
          if (!(err instanceof StoreFailed)) throw err
          return unavailable(reply, req.id, 'the delivery could not be stored and was not accepted')
        }
      },
    )
  })

  app.get(
    '/api/v1/zendesk/webhooks',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['zendesk'],
        summary: "The tenant's webhook deliveries: received, pending, outcomes",
        description:
          'Deliveries received in the last 24 hours, deliveries waiting for the processor, when the last one was received and processed, and the outcomes of the last 24 hours: `sync-requested` (the sync was asked for), `own-update` (our own write-back coming back: ignored, the loop guard), `no-connection`.',
        response: { 200: StatusSchema, '4xx': ErrorSchema },
      },
    },
    async (req) => webhookStatus(app.db, principalOf(req).tenantId, app.clock()),
  )
}
