import Type, { type TSchema } from 'typebox'
import { stringify as toYaml } from 'yaml'
import type { FastifySchemaCompiler } from 'fastify'
import type { App } from '../../app.js'
import { parseScenarioText } from '../../cli/read-scenario.js'
import { BadRequest, InvalidInput } from '../../errors.js'
import { principalOf } from '../../plugins/auth.js'
import { validatorCompiler } from '../../plugins/validation.js'
import { exportAccountsCsv, importAccountsCsv, CSV_COLUMNS } from './accounts-csv.service.js'
import { exportRegistry, importRegistry } from './registry-io.service.js'
import {
  actorOf,
  CSV_TYPE,
  depsOf,
  ERRORS,
  mediaType,
  unsupportedMediaType,
  YAML_TYPES,
} from './registry.http.js'
import { storableIssues } from './registry.rules.js'
import {
  CsvImportReportSchema,
  ImportModeQuery,
  ImportReportSchema,
  RegistryDocumentSchema,
} from './registry.schemas.js'

/**
 * Import bodies are documented with their full schema but checked by the service, item by item,
 * so a rejected import answers 422 with a report of every bad item instead of a 400 at the first.
 */
const bodyCheckedByService: FastifySchemaCompiler<TSchema> = (route) =>
  route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route)

const CSV_DOC = `Columns (header row required, any order): ${CSV_COLUMNS.join(', ')}. \`components\` and \`regions\` are lists separated by ";". One row per account; tier, monthlyFeeMinor, currency and effectiveFrom are its latest contract version's.`

export function registryIoRoutes(app: App): void {
  app.get(
    '/api/v1/registry',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['registry'],
        summary: 'Export the whole registry (calendars, tiers, accounts) as JSON or YAML',
        description:
          "One consistent snapshot, in the scenario file's shapes. `x-exported` holds the registry revision and time (ignored on import).",
        querystring: Type.Object(
          { format: Type.Optional(Type.Enum(['json', 'yaml'])) },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'The registry document',
            content: {
              'application/json': { schema: RegistryDocumentSchema },
              'application/yaml': {
                schema: Type.String({ description: 'The same document as YAML' }),
              },
            },
          },
          ...ERRORS,
        },
      },
    },
    async (req, reply) => {
      const tenantId = principalOf(req).tenantId
      const { document, registryRevision } = await exportRegistry(app.db, tenantId)
      const body = {
        'x-exported': { at: new Date(app.clock()).toISOString(), registryRevision },
        ...document,
      }
      void reply.header('etag', `"${registryRevision}"`)
      if (req.query.format === 'yaml') {
        void reply
          .type('application/yaml; charset=utf-8')
          .header('content-disposition', 'attachment; filename="registry.yaml"')
        return reply.send(toYaml(body, { aliasDuplicateObjects: false, lineWidth: 0 }))
      }
      return reply.send(body)
    },
  )

  app.post(
    '/api/v1/registry/import',
    {
      config: { auth: 'admin' },
      bodyLimit: app.config.importLimitBytes,
      validatorCompiler: bodyCheckedByService,
      schema: {
        tags: ['registry'],
        summary: 'Import a registry document (JSON or YAML), all-or-nothing',
        description:
          '`mode=upsert` (default): every calendar, tier and account in the document is created or replaced by id; the others are kept (and re-checked when a tier they use changes). `mode=replace`: the registry becomes the document; what it does not list is deleted. Items equal to the stored ones are not rewritten. Any problem refuses the whole import with 422 and every problem by path (`accounts[3].contracts[0].tier`); nothing is written. A scenario file imports as it is: its `name`, `now`, `period`, `tickets`, `incidents` and `maintenance` are ignored (and listed in `ignored`), as are top-level keys starting with "x-".',
        querystring: ImportModeQuery,
        consumes: ['application/json', ...YAML_TYPES],
        body: RegistryDocumentSchema,
        response: { 200: ImportReportSchema, ...ERRORS },
      },
    },
    async (req) => {
      const type = mediaType(req)
      let document: unknown = req.body
      if ((YAML_TYPES as readonly string[]).includes(type)) {
        const parsed = parseScenarioText(req.body as unknown as string, 'body.yaml')
        if (!parsed.ok)
          throw new BadRequest(
            parsed.message.replace(/^body\.yaml: not valid YAML/, 'the body is not valid YAML'),
          )
        document = parsed.value
        const issues = storableIssues(document)
        if (issues.length > 0) throw new InvalidInput(issues)
      } else if (type !== 'application/json') {
        throw unsupportedMediaType(req, ['application/json', ...YAML_TYPES])
      }
      return importRegistry(
        depsOf(app, req),
        actorOf(app, req),
        document,
        req.query.mode ?? 'upsert',
      )
    },
  )

  app.get(
    '/api/v1/accounts.csv',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'Export the accounts as CSV',
        description: CSV_DOC,
        response: {
          200: {
            description: 'One row per account',
            content: { [CSV_TYPE]: { schema: Type.String() } },
          },
          ...ERRORS,
        },
      },
    },
    async (req, reply) => {
      const csv = await exportAccountsCsv(app.db, principalOf(req).tenantId)
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="accounts.csv"')
        .send(csv)
    },
  )

  app.post(
    '/api/v1/accounts/import.csv',
    {
      config: { auth: 'admin' },
      bodyLimit: app.config.importLimitBytes,
      validatorCompiler: bodyCheckedByService,
      schema: {
        tags: ['accounts'],
        summary: 'Import accounts from CSV, all-or-nothing',
        description: `${CSV_DOC} A new id creates the account; an existing one is updated. Columns left out of the header keep each account's value; an empty cell clears it. effectiveFrom equal to the latest version's (or left out) corrects that version; a later one appends a version (keeping overrides and component fees). Any problem refuses the file with 422 and every problem by row and column ("row 7, column currency: …", the header is row 1); nothing is written.`,
        consumes: [CSV_TYPE],
        body: Type.String({ description: 'CSV text' }),
        response: { 200: CsvImportReportSchema, ...ERRORS },
      },
    },
    async (req) => {
      if (mediaType(req) !== CSV_TYPE || typeof req.body !== 'string')
        throw unsupportedMediaType(req, [CSV_TYPE])
      return importAccountsCsv(depsOf(app, req), actorOf(app, req), req.body)
    },
  )
}
