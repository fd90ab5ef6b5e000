/**
 * The OpenAPI document, generated from the route schemas: JSON at `/openapi.json`, a browsable UI
 * at `/docs`.
 */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export default fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'SLA Compliance Tracker API',
          version: '1',
          description:
            'Contracts, incidents, ticket SLA clocks, uptime and credits per Zendesk account. Authenticate with `Authorization: Bearer <API token>` (admin or read scope) or, from the Zendesk app, a ZAF-signed HS256 JWT.',
        },
        components: {
          securitySchemes: {
            bearer: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API token (slat_…) or a ZAF JWT',
            },
          },
        },
        security: [{ bearer: [] }],
      },
    })
    // The UI's own routes are public, like the document.
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/docs')) route.config = { ...route.config, auth: 'public' }
    })
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } })
    app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, () =>
      app.swagger(),
    )
  },
  { name: 'openapi' },
)
