import Type from 'typebox'
import type { App } from '../../app.js'
import { ErrorSchema } from '../../lib/http-schemas.js'
import { principalOf } from '../../plugins/auth.js'
import { listAudit } from './audit.repository.js'

const EntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
})

export function auditRoutes(app: App): void {
  app.get(
    '/api/v1/audit',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'The audit log: who changed what, when, before and after (newest first)',
        querystring: Type.Object(
          {
            entity: Type.Optional(Type.String({ maxLength: 50 })),
            entityId: Type.Optional(Type.String({ maxLength: 200 })),
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            entries: Type.Array(EntrySchema),
            next: Type.Union([Type.Integer(), Type.Null()]),
          }),
          '4xx': ErrorSchema,
        },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 50
      const rows = await listAudit(app.db, principalOf(req).tenantId, { ...req.query, limit })
      return {
        entries: rows.map((r) => ({
          id: Number(r.id),
          at: r.at.toISOString(),
          actor: r.actor,
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          before: r.before,
          after: r.after,
        })),
        next: rows.length === limit ? Number(rows[rows.length - 1]!.id) : null,
      }
    },
  )
}
