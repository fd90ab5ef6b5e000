import type { App } from '../../app.js'

export function registryRoutes(_app: App): void {}
