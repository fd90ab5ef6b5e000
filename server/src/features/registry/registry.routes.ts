/**
 * The contract registry API: calendars, tiers, accounts, and bulk import and export.
 *
 * The routes live in their own encapsulated scope, which adds what only they need: body parsers
 * for YAML and CSV (as text; the services parse them), a check that a body holds nothing storage
 * would trip on (NUL characters, unpaired surrogates, absurd nesting: 400, not a database error),
 * and plain JSON serialization of responses (the response schemas document the engine's
 * documents in full; they are not used to filter output, which the services build field by field).
 */
import type { App } from '../../app.js'
import { BadRequest, InvalidInput } from '../../errors.js'
import { accountRoutes } from './accounts.routes.js'
import { calendarRoutes } from './calendars.routes.js'
import { CSV_TYPE, YAML_TYPES } from './registry.http.js'
import { registryIoRoutes } from './registry-io.routes.js'
import { hasUnstorableText, storableIssues } from './registry.rules.js'
import { tierRoutes } from './tiers.routes.js'

function unstorable(body: unknown, query: unknown): Error | undefined {
  if (typeof body === 'string')
    return hasUnstorableText(body)
      ? new BadRequest('the body contains a NUL character or an unpaired surrogate')
      : undefined
  const issues = [...storableIssues(body), ...storableIssues(query, 'query')]
  return issues.length > 0 ? new InvalidInput(issues) : undefined
}

export function registryRoutes(app: App): void {
  void app.register((scope: App, _opts, done) => {
    scope.addContentTypeParser(
      [...YAML_TYPES, CSV_TYPE],
      { parseAs: 'string' },
      (_req, body, next) => next(null, body),
    )
    scope.setSerializerCompiler(() => (data) => JSON.stringify(data))
    scope.addHook('preValidation', (req, _reply, done) => {
      done(unstorable(req.body, req.query))
    })
    calendarRoutes(scope)
    tierRoutes(scope)
    accountRoutes(scope)
    registryIoRoutes(scope)
    done()
  })
}
