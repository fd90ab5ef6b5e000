/**
 * Renders a screen as Zendesk would: a FakeZafClient answers `get` from `data` and service
 * requests from `routes` (path → JSON body, or a function of the request), in the given location
 * and locale. Unknown paths answer 404 like the service.
 */
import { render, type RenderResult } from '@testing-library/react'
import type { ReactElement } from 'react'
import { FakeZafClient, jsonResponse } from '../zaf/fake-client.js'
import type { AppLocation, ZafRequestOptions, ZafResponse } from '../zaf/types.js'
import { EnvironmentProvider, loadEnvironment, type AppEnvironment } from '../zaf/ZafProvider.js'
import { AppTheme } from '../ui/AppTheme.js'

export const SERVICE_URL = 'https://sla.example.com'

export type RouteHandler = (
  request: ZafRequestOptions,
  url: URL,
) => ZafResponse | Promise<ZafResponse>
/** A JSON body answered with 200, or a handler. */
export type Route = RouteHandler | object

export interface RenderOptions {
  location?: AppLocation
  locale?: string
  role?: 'admin' | 'agent'
  /** `client.get` answers (besides `currentUser`). */
  data?: Record<string, unknown>
  /** `METHOD /path` or `/path` (GET) → a JSON body or a handler. */
  routes?: Record<string, Route>
  /** The installation's service URL setting; null: not set. */
  serviceUrl?: string | null
}

export interface Rendered extends RenderResult {
  client: FakeZafClient
  env: AppEnvironment
}

export function fakeClient(o: RenderOptions = {}): FakeZafClient {
  const routes = o.routes ?? {}
  return new FakeZafClient(
    {
      currentUser: {
        id: 7,
        name: 'Alex Agent',
        role: o.role ?? 'agent',
        locale: o.locale ?? 'en-US',
        timeZone: { ianaName: 'UTC' },
      },
      ...o.data,
    },
    (req) => {
      const url = new URL(req.url)
      const route =
        routes[`${req.type} ${url.pathname}`] ??
        (req.type === 'GET' ? routes[url.pathname] : undefined)
      if (route === undefined)
        return jsonResponse(404, {
          error: { code: 'NOT_FOUND', message: `no route ${req.type} ${url.pathname}` },
        })
      if (typeof route === 'function') return (route as RouteHandler)(req, url)
      return jsonResponse(200, route)
    },
    {
      product: 'support',
      location: o.location ?? 'ticket_sidebar',
      account: { subdomain: 'acme' },
    },
    { settings: o.serviceUrl === null ? {} : { service_url: o.serviceUrl ?? SERVICE_URL } },
  )
}

export async function renderInApp(ui: ReactElement, o: RenderOptions = {}): Promise<Rendered> {
  const client = fakeClient(o)
  const env = await loadEnvironment(client)
  const result = render(
    <AppTheme>
      <EnvironmentProvider env={env}>{ui}</EnvironmentProvider>
    </AppTheme>,
  )
  return { ...result, client, env }
}
