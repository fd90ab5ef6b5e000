/**
 * One error handler and one not-found handler: every error leaves as
 * `{ error: { code, message, details? } }`. 4xx messages are kept; 5xx text is replaced by a
 * generic message with the request id (the details go to the log).
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ZendeskHttpError, ZendeskRateLimitedError } from '../zendesk/errors.js'
import { InvalidInput, errorBody } from '../errors.js'

/** Fastify's own error codes, mapped to ours. */
const FASTIFY_CODES: Record<string, { code: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    message: 'the request body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'BAD_REQUEST', message: 'the JSON body is empty' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BAD_REQUEST' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_JSON' },
  FST_ERR_VALIDATION: { code: 'INVALID_INPUT' },
}

export default fp(
  (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError | InvalidInput, req, reply) => {
      if (err instanceof InvalidInput) {
        return reply
          .status(err.statusCode)
          .send(errorBody(err.code, err.message, { issues: err.issues }))
      }
      // Zendesk said no, or did not answer: the gateway's fault, said in words (the client's
      // messages never carry credentials).
      if (err instanceof ZendeskHttpError) {
        req.log.warn({ err: err.message, status: err.status }, 'a Zendesk call failed')
        const rateLimited = err instanceof ZendeskRateLimitedError
        if (rateLimited && err.retryAfterMs !== null)
          void reply.header('retry-after', String(Math.ceil(err.retryAfterMs / 1000)))
        return reply
          .status(rateLimited ? 503 : 502)
          .send(
            errorBody(
              rateLimited ? 'ZENDESK_RATE_LIMITED' : 'ZENDESK_ERROR',
              `Zendesk: ${err.message}`,
            ),
          )
      }
      const status =
        typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500
      if (status >= 500) {
        req.log.error({ err }, 'request failed')
        return reply
          .status(500)
          .send(
            errorBody(
              'INTERNAL',
              `internal error (request ${req.id}); the details are in the service log`,
            ),
          )
      }
      const mapped = err.code ? FASTIFY_CODES[err.code] : undefined
      // JSON syntax errors say where: "Unexpected token } in JSON at position 12".
      const message =
        mapped?.message ??
        (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
          ? `the body is not valid JSON: ${err.message}`
          : err.message)
      return reply
        .status(status)
        .send(errorBody(mapped?.code ?? err.code ?? 'BAD_REQUEST', message))
    })
    app.setNotFoundHandler((req, reply) =>
      reply
        .status(404)
        .send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`)),
    )
  },
  { name: 'errors' },
)
