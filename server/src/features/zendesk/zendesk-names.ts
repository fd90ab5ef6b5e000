/**
 * The names this service and the app's requirements.json share: the tags and ticket fields the
 * write-back sets (CS managers' triggers, automations and views match on them), the webhook's
 * name, and the trigger the setup step creates. A test checks requirements.json against these.
 */
import type { WireTriggerInput } from '../../zendesk/index.js'

export const WEBHOOK_NAME = 'SLA Compliance Tracker'

export type SlaState = 'ok' | 'at_risk' | 'breached'

export const STATE_TAGS: Record<SlaState, string> = {
  ok: 'sla_state_ok',
  at_risk: 'sla_state_at_risk',
  breached: 'sla_state_breached',
}

export const CREDIT_EXPOSURE_TAG = 'sla_credit_exposure'
export const TIER_TAG_PREFIX = 'sla_tier_'

/** `sla_tier_<id>`: the tier id lowercased, anything outside [a-z0-9_] as `_`. */
export function tierTag(tierId: string): string {
  return TIER_TAG_PREFIX + tierId.toLowerCase().replace(/[^a-z0-9_]/g, '_')
}

/** Whether a tag is one the write-back owns (it never adds or removes any other). */
export function isOurTag(tag: string): boolean {
  return (
    tag === CREDIT_EXPOSURE_TAG ||
    tag.startsWith(TIER_TAG_PREFIX) ||
    Object.values(STATE_TAGS).includes(tag)
  )
}

/** The organization field (key) holding the account's contract tier id. */
export const TIER_ORG_FIELD = 'sla_contract_tier'

/** The views requirements.json installs, which setup re-sorts by the due-time field. */
export const VIEW_TITLES = ['SLA at risk', 'SLA breached'] as const

/** Their columns (Zendesk view column ids), to which setup appends the due-time field. */
export const VIEW_COLUMNS = [
  'nice_id',
  'description',
  'organization',
  'requester',
  'assignee',
  'status',
  'priority',
] as const

/** Titles of the ticket fields requirements.json creates (the text fields are found by them). */
export const FIELD_TITLES = {
  state: 'SLA state',
  nextDue: 'SLA next due (UTC)',
  tier: 'SLA tier',
  creditExposure: 'SLA credit exposure',
} as const

/**
 * The webhook hint's body: who changed which ticket. `updater_id` lets the service ignore its
 * own updates (loop guard).
 */
export const NOTIFY_BODY = JSON.stringify({
  ticket_id: '{{ticket.id}}',
  updated_at: '{{ticket.updated_at_with_timestamp}}',
  updater_id: '{{current_user.id}}',
  event: 'ticket_changed',
})

/** Created by the setup step (a requirement cannot reference the webhook's id). */
export const NOTIFY_TRIGGER_TEMPLATE: WireTriggerInput = {
  title: 'SLA: notify the service',
  active: true,
  description:
    'Tells SLA Compliance Tracker that a ticket was created or updated, so its clocks are recomputed within seconds. Created by the service; do not edit.',
  conditions: {
    all: [],
    any: [
      { field: 'update_type', operator: 'is', value: 'Create' },
      { field: 'update_type', operator: 'is', value: 'Change' },
    ],
  },
  actions: [{ field: 'notification_webhook', value: ['{{webhook_id}}', NOTIFY_BODY] }],
}
