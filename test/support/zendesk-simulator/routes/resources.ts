/**
 * Plain resources: the current user, users by id, tickets by id, organizations by id, ticket
 * fields (list and create) and organization fields.
 */
import type { FieldOptionInput, TicketFieldInput } from '../types.js'
import { invalid, json, notFound, objectBody, recordInvalid, type Route } from './types.js'

const list = <T>(key: string, items: T[]) => ({
  [key]: items,
  next_page: null,
  previous_page: null,
  count: items.length,
})

function options(value: unknown): FieldOptionInput[] | undefined {
  if (!Array.isArray(value)) return undefined
  return value.flatMap((o: unknown) => {
    const option = objectBody(o)
    return option && typeof option.name === 'string' && typeof option.value === 'string'
      ? [{ name: option.name, value: option.value }]
      : []
  })
}

export const resourceRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v2\/users\/me$/,
    resource: 'users',
    handler: ({ account, userId }) => {
      const user = account.user(userId ?? 0)
      return user ? json(200, { user }) : notFound()
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/users\/show_many$/,
    resource: 'users',
    handler: ({ account, query }) => {
      const raw = query.get('ids')
      if (raw === null) return invalid('ids is required')
      const ids = raw.split(',').filter((s) => s !== '')
      if (ids.length > 100) return invalid('At most 100 ids')
      const users = ids.flatMap((s) => {
        const user = account.user(Number(s))
        return user ? [user] : []
      })
      return json(200, { users })
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/users\/(\d+)$/,
    resource: 'users',
    handler: ({ account, params }) => {
      const user = account.user(Number(params[0]))
      return user ? json(200, { user }) : notFound()
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/organizations\/(\d+)$/,
    resource: 'organizations',
    handler: ({ account, params }) => {
      const organization = account.organization(Number(params[0]))
      return organization ? json(200, { organization }) : notFound()
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/tickets\/(\d+)$/,
    resource: 'tickets',
    handler: ({ account, params }) => {
      const ticket = account.ticket(Number(params[0]))
      return ticket && ticket.status !== 'deleted' ? json(200, { ticket }) : notFound()
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/ticket_fields$/,
    resource: 'tickets',
    handler: ({ account }) => json(200, list('ticket_fields', account.ticketFields())),
  },
  {
    method: 'POST',
    pattern: /^\/api\/v2\/ticket_fields$/,
    resource: 'tickets',
    handler: ({ account, body }) => {
      const field = objectBody(objectBody(body)?.ticket_field)
      if (!field || typeof field.type !== 'string' || typeof field.title !== 'string') {
        return recordInvalid('ticket_field needs a type and a title')
      }
      const input: TicketFieldInput = { type: field.type, title: field.title }
      if (typeof field.tag === 'string') input.tag = field.tag
      if (typeof field.key === 'string') input.key = field.key
      if (typeof field.description === 'string') input.description = field.description
      const fieldOptions = options(field.custom_field_options)
      if (fieldOptions) input.customFieldOptions = fieldOptions
      const created = account.addTicketField(input)
      return json(201, { ticket_field: created })
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/organization_fields$/,
    resource: 'organizations',
    handler: ({ account }) =>
      json(200, list('organization_fields', account.fields.listOrganizationFields())),
  },
]
