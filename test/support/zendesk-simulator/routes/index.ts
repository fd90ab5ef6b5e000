/**
 * The simulator's route table, in match order.
 */
import { automationRoutes } from './automation.js'
import { exportRoutes } from './exports.js'
import { oauthRoutes } from './oauth.js'
import { resourceRoutes } from './resources.js'
import type { Route } from './types.js'
import { viewRoutes } from './views.js'
import { writeRoutes } from './writes.js'

export const routes: Route[] = [
  ...exportRoutes,
  ...resourceRoutes,
  ...writeRoutes,
  ...automationRoutes,
  ...viewRoutes,
  ...oauthRoutes,
]

export interface RouteMatch {
  route: Route
  params: string[]
}

/** The route for a method and path, or whether the path exists for another method. */
export function findRoute(method: string, path: string): RouteMatch | 'method' | undefined {
  let pathExists = false
  for (const route of routes) {
    const match = route.pattern.exec(path)
    if (!match) continue
    if (route.method === method) return { route, params: match.slice(1) }
    pathExists = true
  }
  return pathExists ? 'method' : undefined
}
