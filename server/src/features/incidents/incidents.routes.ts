import Type from 'typebox'
import type { FastifyRequest } from 'fastify'
import type { App } from '../../app.js'
import { ErrorSchema } from '../../lib/http-schemas.js'
import { principalOf } from '../../plugins/auth.js'
import {
  AffectedAccountsSchema,
  IdParams,
  IncidentCreateSchema,
  IncidentPatchSchema,
  IncidentViewSchema,
  ListQuerySchema,
  MaintenanceCreateSchema,
  MaintenancePatchSchema,
  MaintenanceViewSchema,
  RecomputedSchema,
  ResolveSchema,
} from './incidents.schemas.js'
import {
  createIncident,
  createMaintenance,
  deleteOutage,
  getOutage,
  INCIDENT,
  listOutageViews,
  MAINTENANCE,
  resolveOutage,
  updateIncidentById,
  updateMaintenanceById,
} from './incidents.service.js'

const LIST_DESCRIPTION =
  '`from`/`to`: those overlapping [from, to); `open=true`: not ended at the service clock; `component`: those affecting it. Newest start first; `next` is the cursor of the following page. `include=affectedAccounts`: each item also carries `affectedAccounts`, exactly as the read of one item gives them (one request instead of one per item).'

/** List items, with the accounts each affects when `include=affectedAccounts` asks for them. */
const IncidentListItem = Type.Object({
  ...IncidentViewSchema.properties,
  affectedAccounts: Type.Optional(AffectedAccountsSchema),
})
const MaintenanceListItem = Type.Object({
  ...MaintenanceViewSchema.properties,
  affectedAccounts: Type.Optional(AffectedAccountsSchema),
})

/** A body is optional on resolve: no body means "now". */
const emptyBodyIsObject = (req: FastifyRequest, _reply: unknown, done: () => void) => {
  if (req.body === undefined || req.body === null) req.body = {}
  done()
}

export function incidentRoutes(app: App): void {
  const who = (req: FastifyRequest) => {
    const p = principalOf(req)
    return { tenantId: p.tenantId, actor: p.actor, now: app.clock() }
  }

  // --- incidents ------------------------------------------------------------------------------
  const Incident = Type.Object({ incident: IncidentViewSchema, recomputed: RecomputedSchema })

  app.get(
    '/api/v1/incidents',
    {
      config: { auth: 'read' },
      schema: {
        tags: ['incidents'],
        summary: 'List incidents',
        description: LIST_DESCRIPTION,
        querystring: ListQuerySchema,
        response: {
          200: Type.Object({
            items: Type.Array(IncidentListItem),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          '4xx': ErrorSchema,
        },
      },
    },
    async (req) =>
      listOutageViews(INCIDENT, app.db, principalOf(req).tenantId, req.query, app.clock()),
  )

  app.post(
    '/api/v1/incidents',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['incidents'],
        summary: 'Create an incident',
        description:
          "The scenario's incident fields; `id` is generated when absent. The months of every account it touches are recomputed at once.",
        body: IncidentCreateSchema,
        response: { 201: Incident, '4xx': ErrorSchema },
      },
    },
    async (req, reply) => {
      const r = await createIncident(app.db, who(req), req.body)
      return reply.status(201).send({ incident: r.item, recomputed: r.recomputed })
    },
  )

  app.get(
    '/api/v1/incidents/:id',
    {
      config: { auth: 'read' },
      schema: {
        tags: ['incidents'],
        summary: 'One incident, with the accounts it affects',
        params: IdParams,
        response: {
          200: Type.Object({
            ...IncidentViewSchema.properties,
            affectedAccounts: AffectedAccountsSchema,
          }),
          '4xx': ErrorSchema,
        },
      },
    },
    async (req) =>
      getOutage(INCIDENT, app.db, principalOf(req).tenantId, req.params.id, app.clock()),
  )

  app.patch(
    '/api/v1/incidents/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['incidents'],
        summary: 'Change an incident',
        description: 'Absent fields keep their value; `null` clears an optional one.',
        params: IdParams,
        body: IncidentPatchSchema,
        response: { 200: Incident, '4xx': ErrorSchema },
      },
    },
    async (req) => {
      const r = await updateIncidentById(app.db, who(req), req.params.id, req.body)
      return { incident: r.item, recomputed: r.recomputed }
    },
  )

  app.post(
    '/api/v1/incidents/:id/resolve',
    {
      config: { auth: 'admin' },
      preValidation: emptyBodyIsObject,
      schema: {
        tags: ['incidents'],
        summary: 'Resolve an incident (end it at `end`, default now)',
        params: IdParams,
        body: ResolveSchema,
        response: { 200: Incident, '4xx': ErrorSchema },
      },
    },
    async (req) => {
      const r = await resolveOutage(INCIDENT, app.db, who(req), req.params.id, req.body.end)
      return { incident: r.item, recomputed: r.recomputed }
    },
  )

  app.delete(
    '/api/v1/incidents/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['incidents'],
        summary: 'Delete an incident (recorded in error)',
        params: IdParams,
        response: { 200: Type.Object({ recomputed: RecomputedSchema }), '4xx': ErrorSchema },
      },
    },
    async (req) => {
      const r = await deleteOutage(INCIDENT, app.db, who(req), req.params.id)
      return { recomputed: r.recomputed }
    },
  )

  // --- maintenance ----------------------------------------------------------------------------
  const Maintenance = Type.Object({
    maintenance: MaintenanceViewSchema,
    recomputed: RecomputedSchema,
  })

  app.get(
    '/api/v1/maintenance',
    {
      config: { auth: 'read' },
      schema: {
        tags: ['maintenance'],
        summary: 'List maintenance windows',
        description: LIST_DESCRIPTION,
        querystring: ListQuerySchema,
        response: {
          200: Type.Object({
            items: Type.Array(MaintenanceListItem),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          '4xx': ErrorSchema,
        },
      },
    },
    async (req) =>
      listOutageViews(MAINTENANCE, app.db, principalOf(req).tenantId, req.query, app.clock()),
  )

  app.post(
    '/api/v1/maintenance',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['maintenance'],
        summary: 'Create a maintenance window',
        description:
          "The scenario's maintenance fields (`announcedAt`, `emergency`, `impact`); `id` is generated when absent.",
        body: MaintenanceCreateSchema,
        response: { 201: Maintenance, '4xx': ErrorSchema },
      },
    },
    async (req, reply) => {
      const r = await createMaintenance(app.db, who(req), req.body)
      return reply.status(201).send({ maintenance: r.item, recomputed: r.recomputed })
    },
  )

  app.get(
    '/api/v1/maintenance/:id',
    {
      config: { auth: 'read' },
      schema: {
        tags: ['maintenance'],
        summary: 'One maintenance window, with the accounts it affects',
        params: IdParams,
        response: {
          200: Type.Object({
            ...MaintenanceViewSchema.properties,
            affectedAccounts: AffectedAccountsSchema,
          }),
          '4xx': ErrorSchema,
        },
      },
    },
    async (req) =>
      getOutage(MAINTENANCE, app.db, principalOf(req).tenantId, req.params.id, app.clock()),
  )

  app.patch(
    '/api/v1/maintenance/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['maintenance'],
        summary: 'Change a maintenance window',
        params: IdParams,
        body: MaintenancePatchSchema,
        response: { 200: Maintenance, '4xx': ErrorSchema },
      },
    },
    async (req) => {
      const r = await updateMaintenanceById(app.db, who(req), req.params.id, req.body)
      return { maintenance: r.item, recomputed: r.recomputed }
    },
  )

  app.post(
    '/api/v1/maintenance/:id/resolve',
    {
      config: { auth: 'admin' },
      preValidation: emptyBodyIsObject,
      schema: {
        tags: ['maintenance'],
        summary: 'End a maintenance window at `end` (default now)',
        params: IdParams,
        body: ResolveSchema,
        response: { 200: Maintenance, '4xx': ErrorSchema },
      },
    },
    async (req) => {
      const r = await resolveOutage(MAINTENANCE, app.db, who(req), req.params.id, req.body.end)
      return { maintenance: r.item, recomputed: r.recomputed }
    },
  )

  app.delete(
    '/api/v1/maintenance/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['maintenance'],
        summary: 'Delete a maintenance window',
        params: IdParams,
        response: { 200: Type.Object({ recomputed: RecomputedSchema }), '4xx': ErrorSchema },
      },
    },
    async (req) => {
      const r = await deleteOutage(MAINTENANCE, app.db, who(req), req.params.id)
      return { recomputed: r.recomputed }
    },
  )
}
