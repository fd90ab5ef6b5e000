/**
 * The app package and the service agree on names: the fields and tags requirements.json creates
 * are the ones the write-back sets and the setup step finds; the webhook is the one the setup
 * step looks up by name; service-setup/notify-trigger.json is the trigger the setup creates; the
 * tags the installed rules add are never touched by the write-back.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  discoverFieldIds,
  notifyTrigger,
} from '../../server/src/features/zendesk/connection.service.js'
import {
  CREDIT_EXPOSURE_TAG,
  FIELD_TITLES,
  NOTIFY_TRIGGER_TEMPLATE,
  STATE_TAGS,
  WEBHOOK_NAME,
  isOurTag,
  tierTag,
} from '../../server/src/features/zendesk/zendesk-names.js'
import { SERVICE_CONTRACT } from '../../zendesk-app/tools/validate-package.js'

interface Condition {
  field: string
  operator: string
  value: string
}
interface Rule {
  conditions: { all: Condition[]; any: Condition[] }
  actions: { field: string; value: unknown }[]
}
interface Requirements {
  ticket_fields: Record<
    string,
    {
      type: string
      title: string
      tag?: string
      custom_field_options?: { name: string; value: string }[]
    }
  >
  webhooks: Record<string, { name: string }>
  triggers: Record<string, Rule>
  automations: Record<string, Rule>
  views: Record<string, { all: Condition[]; any: Condition[] }>
}

const APP = fileURLToPath(new URL('../../zendesk-app/', import.meta.url))
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(APP, path), 'utf8'))
const REQUIREMENTS = readJson('requirements.json') as Requirements

describe("the validator's service contract", () => {
  it('names the tags and field titles the service uses', () => {
    const c = SERVICE_CONTRACT.ticketFields
    expect([...c.sla_state.options].sort()).toEqual(Object.values(STATE_TAGS).sort())
    expect(c.sla_credit_exposure.tag).toBe(CREDIT_EXPOSURE_TAG)
    expect({
      state: c.sla_state.title,
      nextDue: c.sla_next_due.title,
      tier: c.sla_tier.title,
      creditExposure: c.sla_credit_exposure.title,
    }).toEqual(FIELD_TITLES)
    expect(SERVICE_CONTRACT.webhook.name).toBe(WEBHOOK_NAME)
  })
})

describe('requirements.json and the service', () => {
  it('creates ticket fields the setup step finds, all four of them', () => {
    // As Zendesk would list them after the install: each with an id.
    const created = Object.values(REQUIREMENTS.ticket_fields).map((f, i) => ({
      id: 1000 + i,
      active: true,
      type: f.type,
      title: f.title,
      tag: f.tag ?? null,
      custom_field_options: f.custom_field_options,
    }))
    expect(discoverFieldIds(created)).toEqual({
      state: 1000,
      nextDue: 1001,
      tier: 1002,
      creditExposure: 1003,
    })
  })

  it('installs the webhook the setup step looks up by name', () => {
    expect(REQUIREMENTS.webhooks.sla_tracker_events?.name).toBe(WEBHOOK_NAME)
  })

  it('only adds or removes tags the write-back leaves alone', () => {
    const rules = [
      ...Object.values(REQUIREMENTS.triggers),
      ...Object.values(REQUIREMENTS.automations),
    ]
    const tagged = rules.flatMap((r) =>
      r.actions
        .filter((a) => ['current_tags', 'remove_tags', 'set_tags'].includes(a.field))
        .flatMap((a) => String(a.value).split(' ')),
    )
    expect(tagged.length).toBeGreaterThan(0)
    for (const tag of tagged) expect(isOurTag(tag), tag).toBe(false)
  })

  it('matches only state tags the write-back sets', () => {
    const conditions = [
      ...Object.values(REQUIREMENTS.triggers).flatMap((r) => [
        ...r.conditions.all,
        ...r.conditions.any,
      ]),
      ...Object.values(REQUIREMENTS.automations).flatMap((r) => r.conditions.all),
      ...Object.values(REQUIREMENTS.views).flatMap((v) => [...v.all, ...v.any]),
    ]
    const stateTags = conditions
      .filter((c) => c.field === 'current_tags' && c.value.startsWith('sla_state_'))
      .map((c) => c.value)
    expect(new Set(stateTags)).toEqual(new Set(Object.values(STATE_TAGS)))
  })

  it('writes tier tags the way the docs describe them', () => {
    expect(tierTag('Gold-EU')).toBe('sla_tier_gold_eu')
  })
})

describe('service-setup/notify-trigger.json', () => {
  const template = readJson('service-setup/notify-trigger.json')

  it("is the setup step's notify trigger", () => {
    expect(template).toEqual(NOTIFY_TRIGGER_TEMPLATE)
  })

  it('becomes a trigger whose webhook body is JSON once the webhook id is filled in', () => {
    const trigger = notifyTrigger('01F1KRFQ6BG29CNWFR60NK5FNY')
    const [id, body] = trigger.actions[0]?.value as [string, string]
    expect(id).toBe('01F1KRFQ6BG29CNWFR60NK5FNY')
    expect(JSON.parse(body)).toEqual({
      ticket_id: '{{ticket.id}}',
      updated_at: '{{ticket.updated_at_with_timestamp}}',
      updater_id: '{{current_user.id}}',
      event: 'ticket_changed',
    })
  })
})
