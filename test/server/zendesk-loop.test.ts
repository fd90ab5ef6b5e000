/**
 * The whole loop, over real HTTP: Zendesk (the simulator) sends a signed webhook for every ticket
 * change — including the ones our write-back makes — to the running service; the service stores
 * it, and its processor turns an agent's change into a sync request and our own change into
 * nothing. After a change the system settles: a bounded number of writes, then none (no trigger
 * loop).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSecretBox } from '@sla-tracker/server/secret-box'
import {
  startWebhookProcessor,
  startZendeskWorker,
  type ZendeskDeps,
  type ZendeskWorker,
  type WebhookProcessor,
} from '@sla-tracker/server/zendesk-sync'
import { SECRET_KEY } from '../support/test-app.js'
import { FAST_CLIENT, zendeskEnv, type ZendeskEnv } from '../support/zendesk-env.js'
import { ZendeskSimulator, installRequirements } from '../support/zendesk-simulator/index.js'

const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} }

describe('the webhook → sync → write-back loop', () => {
  let sim: ZendeskSimulator
  let env: ZendeskEnv
  let worker: ZendeskWorker
  let processor: WebhookProcessor

  beforeAll(async () => {
    let clock = () => Date.now()
    sim = await ZendeskSimulator.start({ clock: () => clock() })
    env = await zendeskEnv({ sim, subdomain: 'loop' })
    clock = () => env.t.clock.now
    const address = await env.t.app.listen({ port: 0, host: '127.0.0.1' })
    installRequirements(env.account)
    const setup = await env.t.request('POST', '/api/v1/zendesk/connection/setup', {
      token: env.tenant.adminToken,
      body: { serviceUrl: address },
    })
    expect(setup.statusCode, setup.body).toBe(200)
    env.account.webhookDelivery = { onTicketChange: true }
    const deps: ZendeskDeps = {
      db: env.t.db.db,
      secrets: createSecretBox(SECRET_KEY),
      config: env.t.app.config,
      clock: () => env.t.clock.now,
      clientOptions: { ...FAST_CLIENT, sleep: () => Promise.resolve() },
    }
    worker = startZendeskWorker({ deps, pollMs: 0, log: quiet, instance: 'test' })
    processor = startWebhookProcessor({
      db: env.t.db.db,
      clock: () => env.t.clock.now,
      intervalMs: 0,
      log: quiet,
    })
  }, 60_000)
  afterAll(async () => {
    await worker?.stop()
    await processor?.stop()
    await env?.close()
    await sim?.stop()
  })

  /** Lets everything in flight land: webhooks, their storage, their processing. */
  async function settle() {
    await env.account.flushWebhooks()
    await processor.runOnce()
  }

  const outcomes = async () =>
    Object.fromEntries(
      (
        await env.t.db.db
          .selectFrom('zendesk_webhook_deliveries')
          .select((eb) => ['outcome', eb.fn.countAll<number>().as('n')])
          .where('tenant_id', '=', env.tenant.id)
          .groupBy('outcome')
          .execute()
      ).map((r) => [r.outcome ?? 'pending', Number(r.n)]),
    )

  it('writes back once, hears its own updates as webhooks, and does not react to them', async () => {
    const first = await worker.runOnce()
    expect(first.map((r) => r.sync.status)).toEqual(['done'])
    const writes = env.account.updateManyCalls.length
    expect(writes).toBeGreaterThan(0)
    await settle()
    const o = await outcomes()
    // Every ticket we updated came back as a signed webhook, stored and recognised as ours.
    expect(o['own-update']).toBeGreaterThan(0)
    expect(o['sync-requested'] ?? 0).toBe(0)
    expect(env.account.webhookDeliveries.every((d) => d.status === 202)).toBe(true)
    const state = await env.t.db.db
      .selectFrom('zendesk_sync_state')
      .select(['requested_at'])
      .where('tenant_id', '=', env.tenant.id)
      .executeTakeFirstOrThrow()
    expect(state.requested_at).toBeNull()
  })

  it('turns an agent’s change into a sync, and settles without a loop', async () => {
    const calls = env.account.updateManyCalls.length
    const mapped = env.fixture.organizations[0]!
    const requester = env.fixture.users.find((u) => u.organizationId === mapped.id)!
    const ticket = env.account.createTicket({
      requesterId: requester.id,
      organizationId: mapped.id,
      subject: 'Checkout is down',
      priority: 'urgent',
      at: env.t.clock.now,
    })
    await settle()
    expect((await outcomes())['sync-requested']).toBe(1)
    env.t.clock.now += 2 * 60_000 // past the export's one-minute edge
    // A few rounds of: sync and write back, hear the webhooks, process them.
    for (let round = 0; round < 4; round++) {
      await worker.runOnce()
      await settle()
      env.t.clock.now += 2 * 60_000
    }
    // The new ticket got our tags, in one more call; our own update's webhook asked for nothing.
    expect(env.account.ticket(ticket.id)!.tags.some((t) => t.startsWith('sla_state_'))).toBe(true)
    const after = env.account.updateManyCalls.length
    expect(after - calls).toBeGreaterThanOrEqual(1)
    expect(after - calls).toBeLessThanOrEqual(3)
    const settled = env.account.updateManyCalls.length
    for (let round = 0; round < 3; round++) {
      await worker.runOnce()
      await settle()
    }
    expect(env.account.updateManyCalls.length).toBe(settled)
  }, 60_000)

  it('takes a replayed webhook as a duplicate (processed once), and refuses it once stale, or forged', async () => {
    const t = env.account.tickets().find((x) => x.status === 'open' || x.status === 'new')!
    env.account.update(t.id, {
      priority: 'high',
      at: env.t.clock.now,
      updaterId: env.fixture.users.find((u) => u.role === 'agent')!.id,
    })
    await env.account.flushWebhooks()
    const last = env.account.webhookDeliveries.at(-1)!
    expect(last.status).toBe(202)
    const before = await outcomes()
    const replay = await env.account.replayWebhook(last.invocationId)
    expect(replay.status).toBe(202)
    await processor.runOnce()
    const after = await outcomes()
    expect(after['sync-requested']).toBe((before['sync-requested'] ?? 0) + 1)
    env.t.clock.now += 5 * 60_000 + 1000
    expect((await env.account.replayWebhook(last.invocationId)).status).toBe(401)
    const forged = await fetch(last.endpoint, {
      method: 'POST',
      headers: { ...last.headers, 'x-zendesk-webhook-invocation-id': '999999999' },
      body: last.body.replace('ticket_changed', 'ticket_changes'),
    })
    expect(forged.status).toBe(401)
  })
})
