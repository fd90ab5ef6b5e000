/**
 * The service, built by `buildApp` from its dependencies (configuration, clock, database,
 * secrets). The process file (server.ts) only does logging, timeouts, graceful close and listen.
 */
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import auth from './plugins/auth.js'
import context, { type AppContext } from './plugins/context.js'
import errors from './plugins/errors.js'
import openapi from './plugins/openapi.js'
import { validatorCompiler } from './plugins/validation.js'
import { healthRoutes } from './features/health/health.routes.js'
import { tenantRoutes } from './features/tenants/tenants.routes.js'
import { auditRoutes } from './features/audit/audit.routes.js'
import { registryRoutes } from './features/registry/registry.routes.js'
import { incidentRoutes } from './features/incidents/incidents.routes.js'
import { ticketRoutes } from './features/tickets/tickets.routes.js'
import { readRoutes } from './features/reads/reads.routes.js'
import { zendeskRoutes } from './features/zendesk/zendesk.routes.js'
import { zendeskWebhookRoutes } from './features/zendesk/webhooks/webhooks.routes.js'
import { harnessRoutes } from './features/harness/harness.routes.js'

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>

export interface BuildOptions extends AppContext {
  /** A pino logger configuration, or false for silence (tests). */
  logger?: boolean | Record<string, unknown>
}

/** Paths whose request and response bodies are never logged (they carry secrets). */
const REDACT = ['req.headers.authorization', 'req.headers["x-zendesk-webhook-signature"]']

export async function buildApp(opts: BuildOptions): Promise<App> {
  const app = Fastify({
    logger:
      opts.logger === undefined
        ? false
        : opts.logger === false
          ? false
          : {
              level: opts.config.logLevel,
              redact: REDACT,
              ...(typeof opts.logger === 'object' ? opts.logger : {}),
            },
    bodyLimit: opts.config.bodyLimitBytes,
    // Ids are generated per request and echoed, so a 5xx can be matched to its log line.
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  // Set first, so every answer carries it, errors included (a synchronous hook: no promise).
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id)
    done()
  })

  await app.register(context, {
    config: opts.config,
    clock: opts.clock,
    db: opts.db,
    secrets: opts.secrets,
    sidebarCache: opts.sidebarCache,
    zendeskClientOptions: opts.zendeskClientOptions,
    zendeskWorker: opts.zendeskWorker,
  })
  await app.register(errors)
  await app.register(openapi)
  await app.register(auth)

  healthRoutes(app)
  tenantRoutes(app)
  auditRoutes(app)
  registryRoutes(app)
  incidentRoutes(app)
  ticketRoutes(app)
  readRoutes(app)
  zendeskRoutes(app)
  zendeskWebhookRoutes(app)
  if (opts.config.harness) harnessRoutes(app)
  return app
}
