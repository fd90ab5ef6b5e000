import Type from 'typebox'
import { sql } from 'kysely'
import type { App } from '../../app.js'

export function healthRoutes(app: App): void {
  app.get(
    '/healthz',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    () => ({ status: 'ok' as const }),
  )
  app.get(
    '/readyz',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        summary: 'The service can serve requests (its database answers)',
        response: {
          200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }),
          503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String() }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(app.db)
        return { status: 'ready' as const, database: 'ok' }
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, database: 'not answering' })
      }
    },
  )
}
