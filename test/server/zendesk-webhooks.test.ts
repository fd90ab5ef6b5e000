/**
 * Zendesk webhooks: the signed endpoint (raw-byte signature, tolerance, tenant isolation),
 * storage before the 202 with deduplication and group commit, the processor (loop guard, sync
 * requests, several processors at once) and the operators' status route.
 */
import { createHmac } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSecretBox } from '@sla-tracker/server/secret-box'
import {
  SIGNATURE_MISMATCH,
  createGroupWriter,
  startWebhookProcessor,
} from '../../server/src/features/zendesk/webhooks/index.js'
import { SECRET_KEY, buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'

const box = createSecretBox(SECRET_KEY)
const SECRET_A = 'whsec_acme_Zq2v9Lr4Kp0sXw7u'
const SECRET_B = 'whsec_globex_Hn3c8Tb1Mf6yVd5e'
const INTEGRATION_USER = 900001

let t: TestApp
let acme: TestTenant
let globex: TestTenant
let bare: TestTenant
let seq = 0

const nextId = () => String(7_000_000 + ++seq)
/** ISO-8601 without milliseconds, as Zendesk sends it. */
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
const hmac = (secret: string, text: string | Buffer, encoding: 'base64' | 'hex' = 'base64') =>
  createHmac('sha256', secret).update(text).digest(encoding)

const hint = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    ticket_id: '123',
    updated_at: '2026-03-18T14:59:58Z',
    updater_id: '456',
    event: 'ticket_changed',
    ...over,
  })

interface Delivery {
  subdomain?: string
  body?: string
  secret?: string
  timestamp?: string
  invocationId?: string | null
  /** Replace the computed signature. */
  signature?: string | null
  headers?: Record<string, string | undefined>
}

function deliver(d: Delivery = {}) {
  const body = d.body ?? hint()
  const timestamp = d.timestamp ?? iso(t.clock.now)
  const signature =
    d.signature === undefined ? hmac(d.secret ?? SECRET_A, timestamp + body) : d.signature
  const headers: Record<string, string | undefined> = {
    'content-type': 'application/json',
    'x-zendesk-account-id': '123456',
    'x-zendesk-webhook-id': '01F1KRFQ6BG29CNWFR60NK5FNY',
    'x-zendesk-webhook-invocation-id':
      d.invocationId === null ? undefined : (d.invocationId ?? nextId()),
    'x-zendesk-webhook-signature': signature ?? undefined,
    'x-zendesk-webhook-signature-timestamp': timestamp,
    ...d.headers,
  }
  return t.app.inject({
    method: 'POST',
    url: `/webhooks/zendesk/${d.subdomain ?? 'acme'}`,
    headers: Object.fromEntries(
      Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    payload: body,
  })
}

async function rows(where?: { tenantId?: string; invocationId?: string }) {
  let q = t.db.db.selectFrom('zendesk_webhook_deliveries').selectAll()
  if (where?.tenantId) q = q.where('tenant_id', '=', where.tenantId)
  if (where?.invocationId) q = q.where('invocation_id', '=', where.invocationId)
  return q.execute()
}
const count = async () =>
  Number(
    (
      await t.db.db
        .selectFrom('zendesk_webhook_deliveries')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

async function connect(
  tenant: TestTenant,
  opts: { subdomain?: string; secret?: string | null; integrationUserId?: number | null } = {},
) {
  await t.db.db
    .insertInto('zendesk_connections')
    .values({
      tenant_id: tenant.id,
      subdomain: opts.subdomain ?? tenant.subdomain,
      auth_kind: 'api-token',
      email: 'admin@example.com',
      credentials_enc: box.seal(JSON.stringify({ token: 'zendesk-api-token' })),
      sync_start_at: '2026-01-01T00:00:00Z',
      webhook_id: '01F1KRFQ6BG29CNWFR60NK5FNY',
      webhook_secret_enc: opts.secret === null ? null : box.seal(opts.secret ?? SECRET_A),
      integration_user_id: opts.integrationUserId ?? null,
    })
    .execute()
}

const processor = () =>
  startWebhookProcessor({
    db: t.db.db,
    clock: () => t.clock.now,
    intervalMs: 0,
    log: { error: () => {} },
  })

const syncRequestedAt = async (tenantId: string) =>
  (
    await t.db.db
      .selectFrom('zendesk_sync_state')
      .select('requested_at')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst()
  )?.requested_at ?? null

beforeAll(async () => {
  t = await buildTestApp()
  acme = await t.createTenant('acme')
  globex = await t.createTenant('globex')
  bare = await t.createTenant('bare')
  await connect(acme, { secret: SECRET_A, integrationUserId: INTEGRATION_USER })
  await connect(globex, { secret: SECRET_B })
  await connect(bare, { secret: null })
})
afterAll(async () => {
  await t.close()
})

describe('a valid delivery', () => {
  it('answers 202 after storing the delivery as sent', async () => {
    const body = `{"ticket_id":"123",  "updated_at":"2026-11-23T10:00:00Z","updater_id":"456","event":"ticket_changed","extra":{"n":[1,2.5,null]}}`
    const timestamp = iso(t.clock.now - 5_000)
    const r = await deliver({ body, timestamp, invocationId: 'inv-valid-1' })
    expect(r.statusCode).toBe(202)
    expect(r.json()).toEqual({ accepted: true, duplicate: false })
    const [row, ...more] = await rows({ invocationId: 'inv-valid-1' })
    expect(more).toEqual([])
    expect(row).toMatchObject({
      tenant_id: acme.id,
      webhook_id: '01F1KRFQ6BG29CNWFR60NK5FNY',
      body: JSON.parse(body),
      processed_at: null,
      outcome: null,
    })
    expect(row!.signed_at.toISOString()).toBe(new Date(timestamp).toISOString())
    expect(row!.received_at.getTime()).toBe(t.clock.now)
  })

  it('accepts any JSON object, whatever its content type', async () => {
    const body = JSON.stringify({ anything: { goes: ['here', 1, true] }, 'ünïcode ✓': '🎉' })
    const r = await deliver({
      body,
      invocationId: 'inv-any',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
    expect(r.statusCode).toBe(202)
    expect((await rows({ invocationId: 'inv-any' }))[0]!.body).toEqual(JSON.parse(body))
    const none = await deliver({ body, headers: { 'content-type': undefined } })
    expect(none.statusCode).toBe(202)
  })

  it('stores a body jsonb would refuse (\\u0000, a lone surrogate) with U+FFFD instead', async () => {
    const body = String.raw`{"note":"nul\u0000here","lone":"\ud800x","pair":"\ud83d\ude00"}`
    const r = await deliver({ body, invocationId: 'inv-nul' })
    expect(r.statusCode).toBe(202)
    expect((await rows({ invocationId: 'inv-nul' }))[0]!.body).toEqual({
      note: 'nul\uFFFDhere',
      lone: '\uFFFDx',
      pair: '😀',
    })
  })
})

describe('the signature', () => {
  const refused = async (d: Delivery, message?: string | RegExp) => {
    const invocationId = nextId()
    const before = await count()
    const r = await deliver({ ...d, invocationId })
    expect(r.statusCode, r.body).toBe(401)
    const err = r.json<{ error: { code: string; message: string } }>().error
    expect(err.code).toBe('UNAUTHORIZED')
    if (message !== undefined) expect(err.message).toMatch(message)
    // Neither the secret nor the expected signature ever leaves.
    const body = d.body ?? hint()
    const timestamp = d.timestamp ?? iso(t.clock.now)
    for (const secret of [SECRET_A, SECRET_B]) {
      expect(r.body).not.toContain(secret)
      expect(r.body).not.toContain(hmac(secret, timestamp + body))
      expect(r.body).not.toContain(hmac(secret, timestamp + body, 'hex'))
    }
    expect(await count()).toBe(before)
    return err
  }

  it('refuses a signature with one flipped byte', async () => {
    const body = hint()
    const timestamp = iso(t.clock.now)
    const sig = Buffer.from(hmac(SECRET_A, timestamp + body), 'base64')
    sig[7] = sig[7]! ^ 0x01
    await refused({ body, timestamp, signature: sig.toString('base64') }, SIGNATURE_MISMATCH)
  })

  it('refuses a signature over re-serialised JSON instead of the raw bytes', async () => {
    const body = '{ "ticket_id": "123", "updater_id": "456" }\n'
    const timestamp = iso(t.clock.now)
    const reserialised = JSON.stringify(JSON.parse(body))
    expect(reserialised).not.toBe(body)
    await refused(
      { body, timestamp, signature: hmac(SECRET_A, timestamp + reserialised) },
      SIGNATURE_MISMATCH,
    )
  })

  it('refuses a hex digest instead of base64', async () => {
    const body = hint()
    const timestamp = iso(t.clock.now)
    await refused(
      { body, timestamp, signature: hmac(SECRET_A, timestamp + body, 'hex') },
      /x-zendesk-webhook-signature header is not a base64 HMAC-SHA256/,
    )
  })

  it('refuses a "." between the timestamp and the body', async () => {
    const body = hint()
    const timestamp = iso(t.clock.now)
    await refused(
      { body, timestamp, signature: hmac(SECRET_A, `${timestamp}.${body}`) },
      SIGNATURE_MISMATCH,
    )
  })

  it('refuses the body alone or a signature with another secret', async () => {
    const body = hint()
    const timestamp = iso(t.clock.now)
    await refused({ body, timestamp, signature: hmac(SECRET_A, body) }, SIGNATURE_MISMATCH)
    await refused({ body, timestamp, secret: 'another-secret' }, SIGNATURE_MISMATCH)
  })

  it('refuses missing or garbled headers, naming the rule', async () => {
    await refused({ signature: null }, /x-zendesk-webhook-signature header is missing/)
    await refused(
      { headers: { 'x-zendesk-webhook-signature-timestamp': undefined } },
      /x-zendesk-webhook-signature-timestamp header is missing/,
    )
    await refused(
      { signature: 'not base64 at all!' },
      /x-zendesk-webhook-signature header is not a base64/,
    )
    const body = hint()
    for (const timestamp of [String(Math.floor(t.clock.now / 1000)), 'yesterday', '2026-03-18'])
      await refused(
        { body, timestamp, signature: hmac(SECRET_A, timestamp + body) },
        /x-zendesk-webhook-signature-timestamp header is not an ISO-8601 instant/,
      )
  })

  it('answers an unknown subdomain and a tenant without a secret exactly as a bad signature', async () => {
    const bad = await refused({ secret: 'wrong' })
    const unknown = await refused({ subdomain: 'nobody-here' })
    const invalidName = await refused({ subdomain: 'not_a..subdomain' })
    const noSecret = await refused({ subdomain: 'bare' })
    expect(unknown).toEqual(bad)
    expect(invalidName).toEqual(bad)
    expect(noSecret).toEqual(bad)
    expect(bad.message).toBe(SIGNATURE_MISMATCH)
  })

  it("isolates tenants: acme's signature on globex's URL is refused", async () => {
    await refused({ subdomain: 'globex', secret: SECRET_A }, SIGNATURE_MISMATCH)
    const r = await deliver({ subdomain: 'globex', secret: SECRET_B, invocationId: 'inv-globex' })
    expect(r.statusCode).toBe(202)
    expect((await rows({ invocationId: 'inv-globex' }))[0]!.tenant_id).toBe(globex.id)
  })

  it('refuses stale and future timestamps; accepts exactly at the 300 s limit', async () => {
    const now = t.clock.now
    const past = await refused({ timestamp: iso(now - 301_000) }, /stale/)
    expect(past.message).toMatch(/more than 300 s in the past/)
    const future = await refused({ timestamp: iso(now + 301_000) }, /stale/)
    expect(future.message).toMatch(/more than 300 s in the future/)
    // Even with a valid signature for an unknown subdomain: stale first, nothing revealed.
    await refused({ subdomain: 'nobody-here', timestamp: iso(now - 301_000) }, /stale/)
    for (const ts of [now - 300_000, now + 300_000, now - 300_000 + 1]) {
      const timestamp = new Date(ts).toISOString()
      const r = await deliver({ timestamp })
      expect(r.statusCode, timestamp).toBe(202)
    }
  })

  it('picks up a rotated secret at once (the cached one fails, the connection is read again)', async () => {
    const rotated = 'whsec_acme_rotated_Yx81'
    expect((await deliver({ secret: SECRET_A })).statusCode).toBe(202) // cached now
    await t.db.db
      .updateTable('zendesk_connections')
      .set({ webhook_secret_enc: box.seal(rotated) })
      .where('tenant_id', '=', acme.id)
      .execute()
    try {
      expect((await deliver({ secret: rotated })).statusCode).toBe(202)
      expect((await deliver({ secret: SECRET_A })).statusCode).toBe(401)
    } finally {
      await t.db.db
        .updateTable('zendesk_connections')
        .set({ webhook_secret_enc: box.seal(SECRET_A) })
        .where('tenant_id', '=', acme.id)
        .execute()
    }
    expect((await deliver({ secret: SECRET_A })).statusCode).toBe(202)
  })
})

describe('the body and the invocation id, after a valid signature', () => {
  it('answers 400 for a body that is not a JSON object', async () => {
    const before = await count()
    for (const [body, code] of [
      ['[1,2]', 'BAD_REQUEST'],
      ['"text"', 'BAD_REQUEST'],
      ['null', 'BAD_REQUEST'],
      ['42', 'BAD_REQUEST'],
      ['{"ticket_id": ', 'MALFORMED_JSON'],
      ['', 'MALFORMED_JSON'],
      [`{"deep":${'['.repeat(250)}${']'.repeat(250)}}`, 'BAD_REQUEST'],
    ] as const) {
      const r = await deliver({ body })
      expect(r.statusCode, body).toBe(400)
      expect(r.json<{ error: { code: string } }>().error.code).toBe(code)
    }
    expect(await count()).toBe(before)
  })

  it('checks the signature first: a bad body with a bad signature is a 401', async () => {
    expect((await deliver({ body: '[1,2]', secret: 'wrong' })).statusCode).toBe(401)
  })

  it('answers 400 when the invocation id is missing', async () => {
    const before = await count()
    const r = await deliver({ invocationId: null })
    expect(r.statusCode).toBe(400)
    expect(r.json<{ error: { message: string } }>().error.message).toMatch(
      /x-zendesk-webhook-invocation-id header is missing/,
    )
    expect(await count()).toBe(before)
  })

  it('answers 413 above the body limit', async () => {
    const body = JSON.stringify({ big: 'x'.repeat(1024 * 1024) })
    const r = await deliver({ body })
    expect(r.statusCode).toBe(413)
    expect(r.json<{ error: { code: string } }>().error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('leaves the JSON parser of the other routes as it was', async () => {
    const r = await t.request('POST', '/api/v1/tokens', {
      token: acme.adminToken,
      payload: '{"name": ',
      headers: { 'content-type': 'application/json' },
    })
    expect(r.statusCode).toBe(400)
    expect(r.json<{ error: { code: string } }>().error.code).toBe('MALFORMED_JSON')
  })
})

describe('deduplication and group commit', () => {
  beforeEach(async () => {
    await processor().runOnce()
    await t.db.db.deleteFrom('zendesk_sync_state').execute()
  })

  it('stores a replay once, answers duplicate: true, and processes it once', async () => {
    const body = hint({ ticket_id: '555' })
    const first = await deliver({ body, invocationId: 'inv-replay' })
    const replay = await deliver({ body, invocationId: 'inv-replay' })
    expect(first.json()).toEqual({ accepted: true, duplicate: false })
    expect(replay.statusCode).toBe(202)
    expect(replay.json()).toEqual({ accepted: true, duplicate: true })
    expect(await rows({ invocationId: 'inv-replay' })).toHaveLength(1)

    const p = processor()
    expect(await p.runOnce()).toBe(1)
    const requested = await syncRequestedAt(acme.id)
    expect(requested?.getTime()).toBe(t.clock.now)

    // A replay after processing is still a duplicate and is not processed again.
    const start = t.clock.now
    t.clock.now += 60_000
    try {
      const late = await deliver({ body, invocationId: 'inv-replay' })
      expect(late.json()).toEqual({ accepted: true, duplicate: true })
      expect(await p.runOnce()).toBe(0)
    } finally {
      t.clock.now = start
    }
    const [row] = await rows({ invocationId: 'inv-replay' })
    expect(row!.outcome).toBe('sync-requested')
    expect(row!.processed_at?.getTime()).toBe(t.clock.now)
    expect((await syncRequestedAt(acme.id))?.getTime()).toBe(requested!.getTime())
  })

  it('stores 50 concurrent deliveries exactly once each', async () => {
    const ids = Array.from({ length: 50 }, () => nextId())
    const answers = await Promise.all(ids.map((invocationId) => deliver({ invocationId })))
    expect(answers.map((r) => r.statusCode)).toEqual(ids.map(() => 202))
    expect(answers.every((r) => r.json<{ duplicate: boolean }>().duplicate === false)).toBe(true)
    const stored = await t.db.db
      .selectFrom('zendesk_webhook_deliveries')
      .select('invocation_id')
      .where('invocation_id', 'in', ids)
      .execute()
    expect(stored.map((r) => r.invocation_id).sort()).toEqual([...ids].sort())
  })

  it('answers twins sent at once (in one batch): one new, one duplicate, one row', async () => {
    const ids = Array.from({ length: 20 }, () => nextId())
    const answers = await Promise.all(
      [...ids, ...ids].map((invocationId) => deliver({ invocationId })),
    )
    expect(answers.every((r) => r.statusCode === 202)).toBe(true)
    const duplicates = answers.map((r) => r.json<{ duplicate: boolean }>().duplicate)
    expect(duplicates.filter((d) => !d)).toHaveLength(20)
    for (let i = 0; i < 20; i++) expect(duplicates[i] !== duplicates[i + 20]).toBe(true)
    const stored = await t.db.db
      .selectFrom('zendesk_webhook_deliveries')
      .select('invocation_id')
      .where('invocation_id', 'in', ids)
      .execute()
    expect(stored).toHaveLength(20)
  })

  it('answers 503 to every delivery of a batch whose insert fails, and stores none of them', async () => {
    const ids = Array.from({ length: 5 }, () => nextId())
    const before = await count()
    await sql`alter table zendesk_webhook_deliveries rename to zendesk_webhook_deliveries_off`.execute(
      t.db.db,
    )
    let answers
    try {
      answers = await Promise.all(ids.map((invocationId) => deliver({ invocationId })))
    } finally {
      await sql`alter table zendesk_webhook_deliveries_off rename to zendesk_webhook_deliveries`.execute(
        t.db.db,
      )
    }
    for (const r of answers) {
      expect(r.statusCode).toBe(503)
      expect(r.headers['retry-after']).toBe('5')
      expect(r.json<{ error: { code: string } }>().error.code).toBe('UNAVAILABLE')
    }
    expect(await count()).toBe(before)
    // Zendesk's retry is then stored as new.
    const retried = await Promise.all(ids.map((invocationId) => deliver({ invocationId })))
    expect(retried.map((r) => r.json<{ duplicate: boolean }>().duplicate)).toEqual(
      ids.map(() => false),
    )
  })

  it('answers 503 when the signing secret cannot be read', async () => {
    t.app.zendeskWebhooks.keys.clear()
    const before = await count()
    await sql`alter table zendesk_connections rename to zendesk_connections_off`.execute(t.db.db)
    let r
    try {
      r = await deliver()
    } finally {
      await sql`alter table zendesk_connections_off rename to zendesk_connections`.execute(t.db.db)
    }
    expect(r.statusCode).toBe(503)
    expect(r.json<{ error: { code: string } }>().error.code).toBe('UNAVAILABLE')
    expect(await count()).toBe(before)
    expect((await deliver()).statusCode).toBe(202)
  })

  it('flushes pending deliveries when the writer closes', async () => {
    const writer = createGroupWriter({ db: t.db.db, maxWaitMs: 10_000 })
    const now = new Date(t.clock.now).toISOString()
    const stored = writer.store({
      tenantId: acme.id,
      invocationId: 'inv-close',
      webhookId: null,
      signedAt: now,
      receivedAt: now,
      bodyJson: '{"a":1}',
    })
    await writer.close()
    expect(await stored).toEqual({ duplicate: false })
    expect(await rows({ invocationId: 'inv-close' })).toHaveLength(1)
    await expect(
      writer.store({
        tenantId: acme.id,
        invocationId: 'inv-after-close',
        webhookId: null,
        signedAt: now,
        receivedAt: now,
        bodyJson: '{}',
      }),
    ).rejects.toThrow(/shutting down/)
  })
})

describe('the processor', () => {
  beforeEach(async () => {
    await processor().runOnce()
    await t.db.db.deleteFrom('zendesk_sync_state').execute()
  })

  it("ignores the integration user's own updates (the loop guard)", async () => {
    const own = await deliver({ body: hint({ updater_id: String(INTEGRATION_USER) }) })
    const ownNumeric = await deliver({ body: hint({ updater_id: INTEGRATION_USER }) })
    expect([own.statusCode, ownNumeric.statusCode]).toEqual([202, 202])
    expect(await processor().runOnce()).toBe(2)
    expect(await syncRequestedAt(acme.id)).toBeNull()
    const outcomes = await t.db.db
      .selectFrom('zendesk_webhook_deliveries')
      .select('outcome')
      .where('tenant_id', '=', acme.id)
      .where('processed_at', '=', new Date(t.clock.now))
      .where(sql<boolean>`body->>'updater_id' = ${String(INTEGRATION_USER)}`)
      .execute()
    expect(outcomes.map((o) => o.outcome)).toEqual(['own-update', 'own-update'])

    // Someone else's update to the same tenant asks for a sync.
    await deliver({ body: hint({ updater_id: '12345' }) })
    expect(await processor().runOnce()).toBe(1)
    expect((await syncRequestedAt(acme.id))?.getTime()).toBe(t.clock.now)
  })

  it('with two passes at once (two instances), processes each delivery exactly once', async () => {
    // 1,200 pending deliveries over two tenants (more than two batches of 500).
    await sql`
      insert into zendesk_webhook_deliveries (tenant_id, invocation_id, signed_at, received_at, body)
      select case when g % 3 = 0 then ${globex.id}::uuid else ${acme.id}::uuid end,
             'bulk-' || g, now(), now() - (g || ' ms')::interval,
             jsonb_build_object('ticket_id', g::text, 'updater_id',
               case when g % 10 = 0 then ${String(INTEGRATION_USER)} else '7' end)
      from generate_series(1, 1200) g`.execute(t.db.db)
    const [a, b] = [processor(), processor()]
    const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()])
    expect(na + nb).toBe(1200)
    const byOutcome = await t.db.db
      .selectFrom('zendesk_webhook_deliveries')
      .select(['outcome', (e) => e.fn.countAll().as('n')])
      .where('invocation_id', 'like', 'bulk-%')
      .groupBy('outcome')
      .execute()
    expect(Object.fromEntries(byOutcome.map((r) => [r.outcome, Number(r.n)]))).toEqual({
      // g % 10 = 0 from acme (not g % 3 = 0): 1200/10 − 1200/30 = 80 own updates; globex has no
      // integration user, so its deliveries always ask for a sync.
      'own-update': 80,
      'sync-requested': 1120,
    })
    expect(await processor().runOnce()).toBe(0)
    expect((await syncRequestedAt(acme.id))?.getTime()).toBe(t.clock.now)
    expect((await syncRequestedAt(globex.id))?.getTime()).toBe(t.clock.now)
  })

  it('wakes on demand, and stop() waits for the pass in progress', async () => {
    await deliver()
    const p = startWebhookProcessor({
      db: t.db.db,
      clock: () => t.clock.now,
      intervalMs: 60_000,
      log: { error: () => {} },
    })
    p.wake()
    await p.stop()
    expect(await processor().runOnce()).toBe(0)
  })
})

describe('GET /api/v1/zendesk/webhooks', () => {
  it("shows the caller's tenant only, to admin tokens", async () => {
    // A tenant of its own, so the counts are exact.
    const initech = await t.createTenant('initech')
    const peer = await t.createTenant('peer')
    await connect(initech, { secret: 'whsec_initech', integrationUserId: 42 })
    await connect(peer, { secret: 'whsec_peer' })
    const empty = await t.request('GET', '/api/v1/zendesk/webhooks', { token: initech.adminToken })
    expect(empty.statusCode).toBe(200)
    expect(empty.json()).toEqual({
      received24h: 0,
      pending: 0,
      lastReceivedAt: null,
      lastProcessedAt: null,
      outcomes: { 'sync-requested': 0, 'own-update': 0, 'no-connection': 0 },
    })
    await processor().runOnce()
    const send = (over: Record<string, unknown>, subdomain = 'initech', secret = 'whsec_initech') =>
      deliver({ subdomain, secret, body: hint(over) })
    await send({ updater_id: '1' })
    await send({ updater_id: '42' })
    expect(await processor().runOnce()).toBe(2)
    const start = t.clock.now
    t.clock.now += 1000
    try {
      await send({ updater_id: '2' })
      await send({ updater_id: '3' }, 'peer', 'whsec_peer')
      const r = await t.request('GET', '/api/v1/zendesk/webhooks', { token: initech.adminToken })
      expect(r.json()).toEqual({
        received24h: 3,
        pending: 1,
        lastReceivedAt: new Date(t.clock.now).toISOString(),
        lastProcessedAt: new Date(t.clock.now - 1000).toISOString(),
        outcomes: { 'sync-requested': 1, 'own-update': 1, 'no-connection': 0 },
      })
      const other = await t.request('GET', '/api/v1/zendesk/webhooks', { token: peer.adminToken })
      expect(other.json()).toMatchObject({ received24h: 1, pending: 1, lastProcessedAt: null })

      // A day later, the counts of the last 24 hours are empty; pending stays.
      t.clock.now += 86_400_000
      const later = await t.request('GET', '/api/v1/zendesk/webhooks', {
        token: initech.adminToken,
      })
      expect(later.json()).toMatchObject({ received24h: 0, pending: 1 })
    } finally {
      t.clock.now = start
    }

    expect(
      (await t.request('GET', '/api/v1/zendesk/webhooks', { token: initech.readToken })).statusCode,
    ).toBe(403)
    expect((await t.request('GET', '/api/v1/zendesk/webhooks')).statusCode).toBe(401)
    expect(
      (
        await t.request('GET', '/api/v1/zendesk/webhooks', {
          token: t.jwt(initech),
        })
      ).statusCode,
    ).toBe(403)
  })
})
