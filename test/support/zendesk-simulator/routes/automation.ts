/**
 * Webhooks (Zendesk Webhooks API: list/create/show/update/patch/delete, show and reset the signing
 * secret; errors as `{errors: [...]}`) and triggers (list/create/show/update).
 */
import type { WebhookAuthentication, WebhookInput } from '../state/webhooks.js'
import type { TriggerAction, TriggerInput } from '../state/triggers.js'
import type { JsonObject } from '../types.js'
import { json, notFound, objectBody, recordInvalid, type Route, type RouteReply } from './types.js'

const REQUIRED_WEBHOOK_KEYS = ['name', 'endpoint', 'http_method', 'request_format', 'status']

function webhookErrors(status: number, code: string, detail: string): RouteReply {
  return json(status, { errors: [{ code, title: code, detail }] })
}

const webhookNotFound = () => webhookErrors(404, 'WebhookNotFound', 'Webhook not found')

function stringRecord(value: unknown): Record<string, string> | undefined {
  const object = objectBody(value)
  if (!object) return undefined
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, String(v)]))
}

/** Wire webhook attributes → store input; a string is a validation error. */
function webhookInput(w: JsonObject): Partial<WebhookInput> | string {
  const input: Partial<WebhookInput> = {}
  if (w.endpoint !== undefined) {
    if (typeof w.endpoint !== 'string' || !URL.canParse(w.endpoint)) return 'endpoint must be a URL'
    input.endpoint = w.endpoint
  }
  if (typeof w.name === 'string') input.name = w.name
  if (w.status === 'active' || w.status === 'inactive') input.status = w.status
  else if (w.status !== undefined) return 'status must be active or inactive'
  if (typeof w.http_method === 'string') input.httpMethod = w.http_method.toUpperCase()
  if (typeof w.request_format === 'string') input.requestFormat = w.request_format
  if (Array.isArray(w.subscriptions)) input.subscriptions = w.subscriptions.map(String)
  if (typeof w.description === 'string') input.description = w.description
  const auth = objectBody(w.authentication)
  if (auth) {
    const type = auth.type
    if (type !== 'basic_auth' && type !== 'bearer_token' && type !== 'api_key') {
      return 'authentication.type must be basic_auth, bearer_token or api_key'
    }
    const authentication: WebhookAuthentication = {
      type,
      data: stringRecord(auth.data) ?? {},
      add_position: 'header',
    }
    input.authentication = authentication
  }
  const headers = stringRecord(w.custom_headers)
  if (headers) input.customHeaders = headers
  const secret = objectBody(w.signing_secret)
  if (secret && typeof secret.secret === 'string') input.secret = secret.secret
  return input
}

function triggerInput(t: JsonObject): Partial<TriggerInput> {
  const input: Partial<TriggerInput> = {}
  if (typeof t.title === 'string') input.title = t.title
  if (Array.isArray(t.actions)) input.actions = t.actions as TriggerAction[]
  const conditions = objectBody(t.conditions)
  if (conditions) input.conditions = conditions
  if (typeof t.active === 'boolean') input.active = t.active
  if (typeof t.description === 'string') input.description = t.description
  if (typeof t.category_id === 'string') input.categoryId = t.category_id
  return input
}

export const automationRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v2\/webhooks$/,
    resource: 'webhooks',
    handler: ({ account }) =>
      json(200, {
        webhooks: account.webhooks(),
        meta: { has_more: false, after_cursor: null, before_cursor: null },
        links: { prev: null, next: null },
      }),
  },
  {
    method: 'POST',
    pattern: /^\/api\/v2\/webhooks$/,
    resource: 'webhooks',
    handler: ({ account, body }) => {
      const w = objectBody(objectBody(body)?.webhook)
      if (!w) return webhookErrors(400, 'InvalidValue', 'webhook is required')
      const missing = REQUIRED_WEBHOOK_KEYS.filter((k) => w[k] === undefined)
      if (missing.length > 0) {
        return webhookErrors(400, 'InvalidValue', `missing ${missing.join(', ')}`)
      }
      const input = webhookInput(w)
      if (typeof input === 'string') return webhookErrors(400, 'InvalidValue', input)
      return json(201, { webhook: account.addWebhook({ ...input, endpoint: String(w.endpoint) }) })
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/webhooks\/([0-9A-Z]+)$/,
    resource: 'webhooks',
    handler: ({ account, params }) => {
      const webhook = account.hooks.get(params[0] ?? '')
      return webhook ? json(200, { webhook }) : webhookNotFound()
    },
  },
  ...(['PUT', 'PATCH'] as const).map((method): Route => ({
    method,
    pattern: /^\/api\/v2\/webhooks\/([0-9A-Z]+)$/,
    resource: 'webhooks',
    handler: ({ account, params, body }) => {
      const w = objectBody(objectBody(body)?.webhook)
      if (!w) return webhookErrors(400, 'InvalidValue', 'webhook is required')
      const input = webhookInput(w)
      if (typeof input === 'string') return webhookErrors(400, 'InvalidValue', input)
      if (method === 'PUT' && input.endpoint === undefined) {
        return webhookErrors(400, 'InvalidValue', 'endpoint is required')
      }
      const updated = account.hooks.update(params[0] ?? '', input, method === 'PUT')
      return updated ? { status: 204 } : webhookNotFound()
    },
  })),
  {
    method: 'DELETE',
    pattern: /^\/api\/v2\/webhooks\/([0-9A-Z]+)$/,
    resource: 'webhooks',
    handler: ({ account, params }) =>
      account.hooks.remove(params[0] ?? '') ? { status: 204 } : webhookNotFound(),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/webhooks\/([0-9A-Z]+)\/signing_secret$/,
    resource: 'webhooks',
    handler: ({ account, params }) => {
      const secret = account.hooks.secret(params[0] ?? '')
      return secret === undefined
        ? webhookNotFound()
        : json(200, { signing_secret: { algorithm: 'SHA256', secret } })
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/v2\/webhooks\/([0-9A-Z]+)\/signing_secret$/,
    resource: 'webhooks',
    handler: ({ account, params }) => {
      const secret = account.hooks.resetSecret(params[0] ?? '')
      return secret === undefined
        ? webhookNotFound()
        : json(200, { signing_secret: { algorithm: 'SHA256', secret } })
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/triggers$/,
    resource: 'triggers',
    handler: ({ account }) => {
      const triggers = account.triggers.list()
      return json(200, { triggers, next_page: null, previous_page: null, count: triggers.length })
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/v2\/triggers$/,
    resource: 'triggers',
    handler: ({ account, body }) => {
      const t = objectBody(objectBody(body)?.trigger)
      const input = t ? triggerInput(t) : {}
      if (input.title === undefined || input.actions === undefined) {
        return recordInvalid('A trigger needs a title and actions')
      }
      return json(201, {
        trigger: account.addTrigger({ ...input, title: input.title, actions: input.actions }),
      })
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/triggers\/(\d+)$/,
    resource: 'triggers',
    handler: ({ account, params }) => {
      const trigger = account.triggers.get(Number(params[0]))
      return trigger ? json(200, { trigger }) : notFound()
    },
  },
  {
    method: 'PUT',
    pattern: /^\/api\/v2\/triggers\/(\d+)$/,
    resource: 'triggers',
    handler: ({ account, params, body }) => {
      const t = objectBody(objectBody(body)?.trigger)
      if (!t) return recordInvalid('trigger is required')
      const trigger = account.triggers.update(Number(params[0]), triggerInput(t))
      return trigger ? json(200, { trigger }) : notFound()
    },
  },
]
