/**
 * Views, as far as the service's setup step needs them: list (`GET /api/v2/views`) and update
 * (`PUT /api/v2/views/{id}` with `{ view: { output } }`, merged into the view). The simulator keeps
 * the create-side body (`all`, `any`, `output`) and does not run views.
 */
import { json, notFound, objectBody, type Route } from './types.js'

export const viewRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v2\/views$/,
    handler: ({ account }) =>
      json(200, {
        views: account.views(),
        next_page: null,
        previous_page: null,
        count: account.views().length,
      }),
  },
  {
    method: 'PUT',
    pattern: /^\/api\/v2\/views\/(\d+)$/,
    handler: ({ account, params, body }) => {
      const view = objectBody(objectBody(body)?.view)
      if (!view) return json(400, { error: 'InvalidValue', description: 'view is required' })
      const updated = account.updateView(Number(params[0]), view)
      return updated ? json(200, { view: updated }) : notFound()
    },
  },
]
