import type { App } from '../../app.js'

export function incidentRoutes(_app: App): void {}
