import type { App } from '../../app.js'

export function readRoutes(_app: App): void {}
