import type { App } from '../../app.js'

export function ticketRoutes(_app: App): void {}
