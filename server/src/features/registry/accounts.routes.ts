import Type from 'typebox'
import type { App } from '../../app.js'
import { principalOf } from '../../plugins/auth.js'
import { draftFromDocument } from './registry-io.service.js'
import {
  appendContract,
  correctContract,
  createAccount,
  deleteAccount,
  getAccount,
  listAccounts,
  updateAccount,
} from './accounts.service.js'
import { actorOf, depsOf, ERRORS, expectedRevision, withEtag } from './registry.http.js'
import {
  AccountListQuery,
  AccountViewSchema,
  ContractVersionBody,
  CreateAccountBody,
  IdParams,
  IfMatchHeaders,
  PatchAccountBody,
  VersionParams,
} from './registry.schemas.js'

const tags = ['accounts']

const VALIDATED =
  "The whole account is validated (its fields, then every contract version merged onto its tier's profile versions, in the account's zone) before anything is written: 400 for a malformed body, 422 for a rule broken (with every issue), 409 for a Zendesk organization already mapped to another account."

const CONCURRENCY =
  'Send `If-Match: "<revision>"` (or `revision` in the body) to be refused with 409 if the account changed since you read it. Without it, concurrent changes apply one after another, each on the latest state: none is lost.'

export function accountRoutes(app: App): void {
  app.get(
    '/api/v1/accounts',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'List accounts (paginated, filterable)',
        description:
          'Ordered by id. `tier`: accounts whose contract in force now is on that tier; `q`: a case-insensitive substring of the id or the name; `organizationId`: the account mapped to that Zendesk organization. Pass `nextCursor` as `cursor` for the next page.',
        querystring: AccountListQuery,
        response: {
          200: Type.Object({
            accounts: Type.Array(AccountViewSchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...ERRORS,
        },
      },
    },
    async (req) =>
      listAccounts(
        app.db,
        principalOf(req).tenantId,
        { ...req.query, limit: req.query.limit ?? 50 },
        app.clock(),
      ),
  )

  app.post(
    '/api/v1/accounts',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Create an account with its contract history',
        description: `An account of the scenario format (id, name, timeZone, organizationId, components, regions, contracts — at least one version) plus \`csm\` and \`renewalDate\`. ${VALIDATED}`,
        body: CreateAccountBody,
        response: { 201: AccountViewSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const view = await createAccount(
        depsOf(app, req),
        actorOf(app, req),
        draftFromDocument(req.body),
      )
      return reply.status(201).send(withEtag(reply, view))
    },
  )

  app.get(
    '/api/v1/accounts/:id',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'An account with its contract versions',
        params: IdParams,
        response: { 200: AccountViewSchema, ...ERRORS },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await getAccount(app.db, principalOf(req).tenantId, req.params.id, app.clock()),
      ),
  )

  app.patch(
    '/api/v1/accounts/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: "Change an account's fields",
        description: `Fields left out are kept; \`null\` clears organizationId, csm or renewalDate. ${VALIDATED} ${CONCURRENCY}`,
        params: IdParams,
        headers: IfMatchHeaders,
        body: PatchAccountBody,
        response: { 200: AccountViewSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const { revision, ...patch } = req.body
      return withEtag(
        reply,
        await updateAccount(
          depsOf(app, req),
          actorOf(app, req),
          req.params.id,
          patch,
          expectedRevision(req, revision),
        ),
      )
    },
  )

  app.delete(
    '/api/v1/accounts/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Delete an account and its contract history',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null(), ...ERRORS },
      },
    },
    async (req, reply) => {
      await deleteAccount(depsOf(app, req), actorOf(app, req), req.params.id, expectedRevision(req))
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/api/v1/accounts/:id/contracts',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Append a contract version (renewal, tier change, new fee, new overrides)',
        description: `\`effectiveFrom\` is required and must be later than the previous version's (a date is midnight in the account's zone). ${VALIDATED} ${CONCURRENCY}`,
        params: IdParams,
        headers: IfMatchHeaders,
        body: ContractVersionBody,
        response: { 201: AccountViewSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const { revision, ...contract } = req.body
      const view = await appendContract(
        depsOf(app, req),
        actorOf(app, req),
        req.params.id,
        contract,
        expectedRevision(req, revision),
      )
      return reply.status(201).send(withEtag(reply, view))
    },
  )

  app.put(
    '/api/v1/accounts/:id/contracts/:version',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Correct a contract version in place (history is judged again)',
        description: `Replaces the version (its effectiveFrom must keep the versions in order). ${VALIDATED} ${CONCURRENCY}`,
        params: VersionParams,
        headers: IfMatchHeaders,
        body: ContractVersionBody,
        response: { 200: AccountViewSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const { revision, ...contract } = req.body
      return withEtag(
        reply,
        await correctContract(
          depsOf(app, req),
          actorOf(app, req),
          req.params.id,
          Number(req.params.version),
          contract,
          expectedRevision(req, revision),
        ),
      )
    },
  )
}
