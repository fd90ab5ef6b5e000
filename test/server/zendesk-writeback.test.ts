/**
 * Write-back against the simulator: setup finds our fields and wires the webhook and trigger;
 * tags and fields land on each ticket through update_many (≤ 100 a call) without touching the
 * agents' tags; unchanged state is never re-sent; our own updates come back as no work; the
 * per-minute call budget holds; a ticket an agent changed meanwhile is refused by safe_update and
 * written after the next sync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSecretBox } from '@sla-tracker/server/secret-box'
import {
  WriteBudget,
  runOrganizationWriteback,
  runTenantSync,
  runWriteback,
  type ZendeskDeps,
} from '@sla-tracker/server/zendesk-sync'
import { SECRET_KEY } from '../support/test-app.js'
import {
  FAST_CLIENT,
  generateFixture,
  zendeskEnv,
  type ZendeskEnv,
} from '../support/zendesk-env.js'
import {
  ZendeskSimulator,
  installRequirements,
  type SimAccount,
} from '../support/zendesk-simulator/index.js'
import { SMALL_FIXTURE_PARAMS } from '../fixtures/zendesk/index.js'

function depsOf(env: ZendeskEnv): ZendeskDeps {
  return {
    db: env.t.db.db,
    secrets: createSecretBox(SECRET_KEY),
    config: env.t.app.config,
    clock: () => env.t.clock.now,
    clientOptions: { ...FAST_CLIENT, sleep: () => Promise.resolve() },
  }
}
const noWait = { sleep: () => Promise.resolve(), jobPolls: 3 }
const sync = (env: ZendeskEnv) => runTenantSync(depsOf(env), env.tenant.id, { instance: 't' })

/** Installs the app's requirements.json; returns our fields' ids by the names setup should find. */
function installFields(account: SimAccount): Record<string, number> {
  installRequirements(account)
  const id = (title: string) => account.ticketFields().find((f) => f.title === title)!.id
  return {
    state: id('SLA state'),
    nextDue: id('SLA next due (UTC)'),
    tier: id('SLA tier'),
    creditExposure: id('SLA credit exposure'),
  }
}

async function setUp(env: ZendeskEnv, fields: Record<string, number>) {
  const r = await env.t.request('POST', '/api/v1/zendesk/connection/setup', {
    token: env.tenant.adminToken,
    body: { serviceUrl: 'https://sla.example.test' },
  })
  expect(r.statusCode, r.body).toBe(200)
  expect(r.json()).toMatchObject({
    fieldIds: fields,
    missingFields: [],
    webhook: {
      endpoint: `https://sla.example.test/webhooks/zendesk/${env.tenant.subdomain}`,
      created: false,
    },
    trigger: { created: true },
  })
  // The SLA views now sort by the due-time field, soonest first, and show it.
  const views = env.account.views().filter((v) => String(v.title).startsWith('SLA '))
  expect(views.map((v) => v.title).sort()).toEqual(['SLA at risk', 'SLA breached'])
  for (const v of views)
    expect(v.output).toMatchObject({
      sort_by: String(fields.nextDue),
      sort_order: 'asc',
      columns: expect.arrayContaining([fields.nextDue]),
    })
  // Their conditions are untouched.
  expect(views.find((v) => v.title === 'SLA breached')!.all).toEqual(
    expect.arrayContaining([expect.objectContaining({ value: 'sla_state_breached' })]),
  )
}

describe('Zendesk write-back', () => {
  let sim: ZendeskSimulator
  let env: ZendeskEnv
  let fields: Record<string, number>

  beforeAll(async () => {
    // The simulator runs on the service's clock.
    let clock = () => Date.now()
    sim = await ZendeskSimulator.start({ clock: () => clock() })
    env = await zendeskEnv({ sim, subdomain: 'wb' })
    clock = () => env.t.clock.now
    fields = installFields(env.account)
    await setUp(env, fields)
    expect((await sync(env)).status).toBe('done')
  }, 60_000)
  afterAll(async () => {
    await env?.close()
    await sim?.stop()
  })

  it('setup created the notify trigger pointing at the webhook, and the connection shows it', async () => {
    const conn = (
      await env.t.request('GET', '/api/v1/zendesk/connection', { token: env.tenant.adminToken })
    ).json()
    expect(conn).toMatchObject({ webhookSecretStored: true, fieldIds: fields })
    expect(JSON.stringify(conn)).not.toContain('sim-api-token-1')
    const trigger = (
      await env.t.request('GET', '/api/v1/zendesk/connection', { token: env.tenant.adminToken })
    ).json().notifyTriggerId as number
    expect(trigger).toBeGreaterThan(0)
  })

  it('writes tags and fields to every mapped open ticket in calls of at most 100, keeping agents’ tags', async () => {
    const before = new Map(env.account.tickets().map((t) => [t.id, [...t.tags]]))
    const out = await runWriteback(depsOf(env), env.tenant.id, {
      budget: new WriteBudget(100, () => env.t.clock.now),
      ...noWait,
    })
    expect(out.stoppedBy).toBe('done')
    expect(out.applied).toBeGreaterThan(0)
    expect(out.failed).toBe(0)
    expect(out.calls).toBe(Math.ceil(out.applied / 100))
    for (const call of env.account.updateManyCalls)
      expect((call as { tickets: unknown[] }).tickets.length).toBeLessThanOrEqual(100)
    const rows = await env.t.db.db
      .selectFrom('tickets')
      .select(['id', 'account_id', 'zd_status'])
      .where('tenant_id', '=', env.tenant.id)
      .execute()
    const written = rows.filter((r) => r.account_id !== null && r.zd_status !== 'closed')
    expect(out.applied).toBe(written.length)
    for (const r of written) {
      const t = env.account.ticket(Number(r.id))!
      const states = t.tags.filter((x) => x.startsWith('sla_state_'))
      expect(states).toHaveLength(1)
      expect(t.tags.some((x) => x.startsWith('sla_tier_'))).toBe(true)
      // Agents' tags are all still there.
      for (const tag of before.get(t.id)!) expect(t.tags).toContain(tag)
      const stateField = t.custom_fields.find((f) => f.id === fields.state)
      expect(stateField?.value).toBe(states[0])
    }
    // Unmapped organization: untouched.
    for (const r of rows.filter((x) => x.account_id === null))
      expect(env.account.ticket(Number(r.id))!.tags.some((x) => x.startsWith('sla_'))).toBe(false)
  })

  it('does not send an unchanged state again, before or after the export shows it back', async () => {
    const calls = env.account.updateManyCalls.length
    const again = await runWriteback(depsOf(env), env.tenant.id, {
      budget: new WriteBudget(100, () => env.t.clock.now),
      ...noWait,
    })
    expect(again.calls).toBe(0)
    env.t.clock.now += 2 * 60_000
    // Our own updates come back through the exports as no work (no clock events, no recompute).
    const s = await sync(env)
    expect(s.status).toBe('done')
    expect(s.recomputedTickets).toBe(0)
    const after = await runWriteback(depsOf(env), env.tenant.id, {
      budget: new WriteBudget(100, () => env.t.clock.now),
      ...noWait,
    })
    expect(after.calls).toBe(0)
    expect(after.inSync).toBe(after.candidates)
    expect(env.account.updateManyCalls.length).toBe(calls)
  })

  it('is refused by safe_update for a ticket an agent changed meanwhile, and writes it after the next sync', async () => {
    const rows = await env.t.db.db
      .selectFrom('tickets')
      .select(['id'])
      .where('tenant_id', '=', env.tenant.id)
      .where('account_id', 'is not', null)
      .where('zd_status', 'in', ['new', 'open', 'pending', 'hold'])
      .execute()
    const id = Number(rows[0]!.id)
    // Our tags are removed in Zendesk, and the ticket changed since our last read.
    const tags = env.account.ticket(id)!.tags.filter((x) => !x.startsWith('sla_'))
    env.account.update(id, { tags, at: env.t.clock.now })
    env.t.clock.now += 1000
    // The service still holds the old updated_at; force a resend by letting the trust window pass.
    env.t.clock.now += 31 * 60_000
    await env.t.db.db
      .updateTable('tickets')
      .set({ zd_tags: JSON.stringify(tags) })
      .where('tenant_id', '=', env.tenant.id)
      .where('id', '=', id)
      .execute()
    const refused = await runWriteback(depsOf(env), env.tenant.id, {
      budget: new WriteBudget(100, () => env.t.clock.now),
      ...noWait,
    })
    expect(refused.failed).toBe(1)
    expect(env.account.ticket(id)!.tags.some((x) => x.startsWith('sla_state_'))).toBe(false)
    env.t.clock.now += 2 * 60_000
    await sync(env)
    env.t.clock.now += 6 * 60_000
    const retried = await runWriteback(depsOf(env), env.tenant.id, {
      budget: new WriteBudget(100, () => env.t.clock.now),
      ...noWait,
    })
    expect(retried.applied).toBe(1)
    expect(env.account.ticket(id)!.tags.some((x) => x.startsWith('sla_state_'))).toBe(true)
  })
})

describe('organization tier write-back', () => {
  it('sets each mapped organization’s contract tier field once, and leaves the rest alone', async () => {
    let clock = () => Date.now()
    const sim = await ZendeskSimulator.start({ clock: () => clock() })
    const env = await zendeskEnv({ sim, subdomain: 'orgs' })
    clock = () => env.t.clock.now
    try {
      expect((await sync(env)).status).toBe('done')
      const out = await runOrganizationWriteback(depsOf(env), env.tenant.id)
      const mapped = env.fixture.organizations.slice(0, -1)
      expect(out).toEqual({ changed: mapped.length, applied: mapped.length, failed: 0 })
      const tiers = ['enterprise', 'mid-market', 'starter']
      mapped.forEach((o, i) =>
        expect(env.account.organization(o.id)!.organization_fields.sla_contract_tier).toBe(
          tiers[i % 3],
        ),
      )
      const unmapped = env.fixture.organizations.at(-1)!
      expect(
        env.account.organization(unmapped.id)!.organization_fields.sla_contract_tier,
      ).toBeUndefined()
      expect((await runOrganizationWriteback(depsOf(env), env.tenant.id)).changed).toBe(0)
      env.t.clock.now += 2 * 60_000
      await sync(env)
      env.t.clock.now += 11 * 60_000
      expect((await runOrganizationWriteback(depsOf(env), env.tenant.id)).changed).toBe(0)
      expect(env.account.organizationUpdateCalls.length).toBe(1)
    } finally {
      await env.close()
      await sim.stop()
    }
  }, 60_000)
})

describe('write-back budget', () => {
  it('sends at most the budget of calls a minute, most urgent first, and the rest after', async () => {
    let clock = () => Date.now()
    const sim = await ZendeskSimulator.start({ clock: () => clock() })
    const fixture = generateFixture({
      ...SMALL_FIXTURE_PARAMS,
      seed: 99,
      tickets: 260,
      organizations: 3,
    })
    const env = await zendeskEnv({ sim, subdomain: 'budget', fixture })
    clock = () => env.t.clock.now
    try {
      installFields(env.account)
      expect((await sync(env)).status).toBe('done')
      const budget = new WriteBudget(1, () => env.t.clock.now)
      const first = await runWriteback(depsOf(env), env.tenant.id, { budget, ...noWait })
      expect(first.calls).toBe(1)
      expect(first.applied).toBe(100)
      expect(first.stoppedBy).toBe('budget')
      expect(first.deferred).toBeGreaterThan(0)
      const second = await runWriteback(depsOf(env), env.tenant.id, { budget, ...noWait })
      expect(second.calls).toBe(0)
      env.t.clock.now += 61_000
      const third = await runWriteback(depsOf(env), env.tenant.id, { budget, ...noWait })
      expect(third.calls).toBe(1)
      expect(third.applied).toBe(Math.min(100, first.deferred))
    } finally {
      await env.close()
      await sim.stop()
    }
  }, 60_000)
})
