/**
 * Installs an app's requirements.json into a simulated account, as Zendesk does when an admin
 * installs the app: ticket fields, organization fields, webhooks, triggers and views (stored, not
 * run; automations are left out: the simulator has no time-based rules).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { SimAccount } from './account.js'

interface Requirement {
  [key: string]: unknown
}

export const APP_REQUIREMENTS = fileURLToPath(
  new URL('../../../zendesk-app/requirements.json', import.meta.url),
)

export function installRequirements(account: SimAccount, file = APP_REQUIREMENTS): string[] {
  const req = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, Requirement>>
  const installed: string[] = []
  for (const [id, f] of Object.entries(req.ticket_fields ?? {})) {
    account.addTicketField({
      type: String(f.type),
      title: String(f.title),
      ...(typeof f.tag === 'string' ? { tag: f.tag } : {}),
      ...(Array.isArray(f.custom_field_options)
        ? { customFieldOptions: f.custom_field_options as { name: string; value: string }[] }
        : {}),
    })
    installed.push(`ticket_fields.${id}`)
  }
  for (const [id, f] of Object.entries(req.organization_fields ?? {})) {
    account.addOrganizationField({
      key: String(f.key),
      type: String(f.type),
      title: String(f.title),
    })
    installed.push(`organization_fields.${id}`)
  }
  for (const [id, w] of Object.entries(req.webhooks ?? {})) {
    account.addWebhook({
      name: String(w.name),
      endpoint: String(w.endpoint),
      http_method: typeof w.http_method === 'string' ? w.http_method : 'POST',
      request_format: typeof w.request_format === 'string' ? w.request_format : 'json',
      subscriptions: (w.subscriptions as string[] | undefined) ?? [],
    })
    installed.push(`webhooks.${id}`)
  }
  for (const [id, t] of Object.entries(req.triggers ?? {})) {
    account.addTrigger(t as unknown as Parameters<SimAccount['addTrigger']>[0])
    installed.push(`triggers.${id}`)
  }
  for (const [id, v] of Object.entries(req.views ?? {})) {
    account.addView(v)
    installed.push(`views.${id}`)
  }
  return installed
}
