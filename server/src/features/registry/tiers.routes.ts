import Type from 'typebox'
import type { App } from '../../app.js'
import { principalOf } from '../../plugins/auth.js'
import { actorOf, depsOf, ERRORS, expectedRevision, withEtag } from './registry.http.js'
import {
  CorrectTierVersionBody,
  CreateTierBody,
  IdParams,
  IfMatchHeaders,
  RenameBody,
  TierSummarySchema,
  TierVersionBody,
  TierViewSchema,
  VersionParams,
} from './registry.schemas.js'
import {
  addTierVersion,
  correctTierVersion,
  createTier,
  deleteTier,
  getTier,
  listTiers,
  renameTier,
} from './tiers.service.js'

const tags = ['tiers']

const RECHECK =
  'Every account with a contract on the tier is checked against the result (its merged profile, in its own zone); a change that would break one is refused with 422 and the problems under `accounts[id=…]`.'

export function tierRoutes(app: App): void {
  app.get(
    '/api/v1/tiers',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'List tier templates',
        response: { 200: Type.Object({ tiers: Type.Array(TierSummarySchema) }), ...ERRORS },
      },
    },
    async (req) => ({ tiers: await listTiers(app.db, principalOf(req).tenantId) }),
  )

  app.post(
    '/api/v1/tiers',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Create a tier template',
        description:
          'The profile is a contract profile of the scenario format (priorities, targets, pauses, uptime, credits), validated by the engine; its `calendar` must be a stored calendar.',
        body: CreateTierBody,
        response: { 201: TierViewSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const view = await createTier(depsOf(app, req), actorOf(app, req), req.body)
      return reply.status(201).send(withEtag(reply, view))
    },
  )

  app.get(
    '/api/v1/tiers/:id',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'A tier with all its profile versions',
        params: IdParams,
        response: { 200: TierViewSchema, ...ERRORS },
      },
    },
    async (req, reply) =>
      withEtag(reply, await getTier(app.db, principalOf(req).tenantId, req.params.id)),
  )

  app.patch(
    '/api/v1/tiers/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Rename a tier (its profile changes through versions)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: RenameBody,
        response: { 200: TierViewSchema, ...ERRORS },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await renameTier(depsOf(app, req), actorOf(app, req), req.params.id, {
          name: req.body.name,
          revision: expectedRevision(req, req.body.revision),
        }),
      ),
  )

  app.delete(
    '/api/v1/tiers/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Delete a tier (409 while any account contract version uses it)',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null(), ...ERRORS },
      },
    },
    async (req, reply) => {
      await deleteTier(depsOf(app, req), actorOf(app, req), req.params.id, expectedRevision(req))
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/api/v1/tiers/:id/versions',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Add a profile version from a date or instant',
        description: `\`effectiveFrom\` must be later than the previous version's. ${RECHECK}`,
        params: IdParams,
        headers: IfMatchHeaders,
        body: TierVersionBody,
        response: { 201: TierViewSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const view = await addTierVersion(depsOf(app, req), actorOf(app, req), req.params.id, {
        ...req.body,
        revision: expectedRevision(req, req.body.revision),
      })
      return reply.status(201).send(withEtag(reply, view))
    },
  )

  app.put(
    '/api/v1/tiers/:id/versions/:version',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Correct a profile version in place (history is judged again)',
        description: `Replaces the version's profile and effectiveFrom (optional on version 1, required on later ones). ${RECHECK} Every account is recomputed, past periods included.`,
        params: VersionParams,
        headers: IfMatchHeaders,
        body: CorrectTierVersionBody,
        response: { 200: TierViewSchema, ...ERRORS },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await correctTierVersion(
          depsOf(app, req),
          actorOf(app, req),
          req.params.id,
          Number(req.params.version),
          { ...req.body, revision: expectedRevision(req, req.body.revision) },
        ),
      ),
  )
}
