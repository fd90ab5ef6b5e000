/**
 * Writes: `PUT /api/v2/tickets/update_many` (batch `{tickets: [...]}` or bulk `?ids=` +
 * `{ticket: {...}}`, at most 100) queues a job; `GET /api/v2/job_statuses/{id}` reports it.
 * Updates are made as the authenticated user (`users/me`) through the `api` channel.
 */
import type { JsonObject } from '../types.js'
import { invalid, json, notFound, objectBody, type Route } from './types.js'

const MAX_ITEMS = 100

function items(body: JsonObject, ids: string | null): JsonObject[] | string {
  if (ids !== null) {
    const ticket = objectBody(body.ticket)
    if (!ticket) return 'ticket is required with ids'
    return ids
      .split(',')
      .filter((s) => s !== '')
      .map((id) => ({ ...ticket, id: Number(id) }))
  }
  if (!Array.isArray(body.tickets)) return 'tickets must be an array'
  const list: JsonObject[] = []
  for (const item of body.tickets as unknown[]) {
    const ticket = objectBody(item)
    if (!ticket || ticket.id === undefined) return 'every ticket needs an id'
    list.push(ticket)
  }
  return list
}

export const writeRoutes: Route[] = [
  {
    method: 'PUT',
    pattern: /^\/api\/v2\/tickets\/update_many$/,
    resource: 'tickets',
    handler: ({ account, body, query, userId }) => {
      const object = objectBody(body)
      if (!object) return invalid('A JSON object body is required')
      account.updateManyCalls.push(structuredClone(object))
      const list = items(object, query.get('ids'))
      if (typeof list === 'string') return invalid(list)
      if (list.length === 0) return invalid('No tickets to update')
      if (list.length > MAX_ITEMS) {
        return json(400, {
          error: 'TooManyValues',
          description: `You can update at most ${MAX_ITEMS} tickets at once`,
        })
      }
      const job = account.jobs.enqueue(list, userId ?? account.apiUser().id)
      return json(200, { job_status: job })
    },
  },
  {
    // Batch organization updates (`{ organizations: [{ id, organization_fields }] }`, ≤ 100).
    // Simplification: applied at once; the job is reported completed.
    method: 'PUT',
    pattern: /^\/api\/v2\/organizations\/update_many$/,
    handler: ({ account, body }) => {
      const object = objectBody(body)
      const list =
        object && Array.isArray(object.organizations) ? (object.organizations as unknown[]) : null
      if (!list || list.length === 0) return invalid('organizations must be a non-empty array')
      if (list.length > MAX_ITEMS)
        return json(400, {
          error: 'TooManyValues',
          description: `You can update at most ${MAX_ITEMS} organizations at once`,
        })
      account.organizationUpdateCalls.push(structuredClone(object!))
      const results = list.map((item) => {
        const o = objectBody(item)
        const id = Number(o?.id)
        if (!o || !account.organization(id))
          return {
            id,
            action: 'update',
            success: false,
            error: 'RecordNotFound',
            details: 'Not found',
          }
        const fields = objectBody(o.organization_fields) ?? {}
        account.updateOrganization(id, { fields: fields })
        return { id, action: 'update', status: 'Updated', success: true }
      })
      return json(200, {
        job_status: {
          id: `org${account.organizationUpdateCalls.length}`,
          url: '',
          job_type: 'Bulk Update',
          status: 'completed',
          total: list.length,
          progress: list.length,
          message: 'Completed',
          results,
        },
      })
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/job_statuses\/([0-9a-f]+)$/,
    handler: ({ account, params }) => {
      const job = account.jobs.get(params[0] ?? '')
      return job ? json(200, { job_status: job }) : notFound()
    },
  },
]
