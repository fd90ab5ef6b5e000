/**
 * The Zendesk simulator, exercised with plain fetch over real sockets: every endpoint, export
 * paging semantics (cursor: each item once then new changes; time-based: boundary duplicates),
 * authentication, update_many, webhooks with signature verification, OAuth, rate limits, every
 * fault kind, fixtures, and conformance of responses to Zendesk's OpenAPI spec when it is present.
 */
import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  generateFixture,
  loadFixture,
  seedAccount,
  SMALL_FIXTURE_PARAMS,
} from '../fixtures/zendesk/index.js'
import {
  pkceChallenge,
  ZendeskSimulator,
  type SimAccount,
  type WireJobStatus,
  type WireOrganization,
  type WireOrganizationField,
  type WireTicket,
  type WireTicketEvent,
  type WireTicketField,
  type WireTrigger,
  type WireUser,
  type WireWebhook,
} from '../support/zendesk-simulator/index.js'
import {
  conformanceProblems,
  loadOas,
  responseSchema,
} from '../support/zendesk-simulator/oas-check.js'

interface Body {
  tickets?: WireTicket[]
  ticket?: WireTicket
  users?: WireUser[]
  user?: WireUser
  organizations?: WireOrganization[]
  ticket_events?: WireTicketEvent[]
  ticket_fields?: WireTicketField[]
  ticket_field?: WireTicketField
  organization_fields?: WireOrganizationField[]
  after_cursor?: string
  after_url?: string
  before_cursor?: string | null
  end_of_stream?: boolean
  end_time?: number
  next_page?: string
  count?: number
  job_status?: WireJobStatus
  webhook?: WireWebhook
  webhooks?: WireWebhook[]
  signing_secret?: { algorithm: string; secret: string }
  trigger?: WireTrigger
  triggers?: WireTrigger[]
  access_token?: string
  refresh_token?: string
  token_type?: string
  scope?: string
  error?: string
  error_description?: string
  description?: string
}

interface Reply {
  status: number
  headers: Headers
  text: string
  body: Body
  raw: unknown
}

const T0 = Date.parse('2024-05-01T12:00:00Z')
let now = T0
const sec = (ms: number) => Math.floor(ms / 1000)
const ago = (minutes: number) => now - minutes * 60_000
let sim: ZendeskSimulator
let accounts = 0

beforeAll(async () => {
  sim = await ZendeskSimulator.start({ clock: () => now })
})
afterAll(async () => {
  await sim.stop()
})
afterEach(() => {
  sim.faults.clear()
})

function freshAccount(): SimAccount {
  return sim.account(`acct${++accounts}`)
}

function basic(acct: SimAccount): string {
  return `Basic ${Buffer.from(`${acct.email}/token:${acct.apiToken}`).toString('base64')}`
}

async function api(
  acct: SimAccount,
  path: string,
  init: { method?: string; body?: unknown; auth?: string | null; signal?: AbortSignal } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {}
  const auth = init.auth === undefined ? basic(acct) : init.auth
  if (auth !== null) headers.authorization = auth
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const url = path.startsWith('http') ? path : `${sim.baseUrl(acct.subdomain)}${path}`
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    redirect: 'manual',
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
  })
  const text = await response.text()
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    raw = undefined
  }
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: raw ?? {},
    raw,
  }
}

/** An end user and `n` tickets created a minute apart, the last 10 minutes ago. */
function seedTickets(acct: SimAccount, n: number): { user: WireUser; tickets: WireTicket[] } {
  const user = acct.addUser({ role: 'end-user', name: 'Requester', at: ago(24 * 60) })
  const tickets = Array.from({ length: n }, (_, i) =>
    acct.createTicket({ requesterId: user.id, subject: `Ticket ${i}`, at: ago(10 + n - i) }),
  )
  return { user, tickets }
}

const cursorPath = (q: string) => `/api/v2/incremental/tickets/cursor?${q}`

describe('resources and authentication', () => {
  it('serves users/me, users/show_many, tickets/{id}, ticket and organization fields', async () => {
    const acct = freshAccount()
    const org = acct.addOrganization({
      name: 'Acme',
      externalId: 'crm-1',
      fields: { contract_tier: 'gold' },
    })
    const user = acct.addUser({ role: 'end-user', organizationId: org.id, name: 'Eve' })
    const ticket = acct.createTicket({ requesterId: user.id, subject: 'Help', priority: 'high' })

    const me = await api(acct, '/api/v2/users/me')
    expect(me.status).toBe(200)
    expect(me.body.user).toMatchObject({ email: acct.email, role: 'admin' })
    expect(me.headers.get('x-rate-limit')).toBe('700')
    expect(me.headers.get('x-rate-limit-remaining')).toBe('699')

    const many = await api(acct, `/api/v2/users/show_many?ids=${user.id},${me.body.user?.id},999`)
    expect(many.body.users?.map((u) => u.id)).toEqual([user.id, me.body.user?.id])

    const shown = await api(acct, `/api/v2/tickets/${ticket.id}.json`)
    expect(shown.body.ticket).toMatchObject({
      id: ticket.id,
      status: 'new',
      priority: 'high',
      organization_id: org.id,
      requester_id: user.id,
    })
    expect((await api(acct, '/api/v2/tickets/424242')).status).toBe(404)
    acct.deleteTicket(ticket.id)
    expect((await api(acct, `/api/v2/tickets/${ticket.id}`)).status).toBe(404)

    const created = await api(acct, '/api/v2/ticket_fields', {
      method: 'POST',
      body: {
        ticket_field: {
          type: 'tagger',
          title: 'SLA risk',
          custom_field_options: [{ name: 'OK', value: 'sla_ok' }],
        },
      },
    })
    expect(created.status).toBe(201)
    expect(created.body.ticket_field).toMatchObject({ type: 'tagger', title: 'SLA risk' })
    expect(
      (await api(acct, '/api/v2/ticket_fields', { method: 'POST', body: { ticket_field: {} } }))
        .status,
    ).toBe(422)
    const fields = await api(acct, '/api/v2/ticket_fields')
    expect(fields.body.ticket_fields?.map((f) => f.type)).toContain('tagger')
    expect(fields.body.ticket_fields?.map((f) => f.type)).toContain('priority')

    acct.addOrganizationField({ key: 'contract_tier', type: 'dropdown', title: 'Tier' })
    const orgFields = await api(acct, '/api/v2/organization_fields')
    expect(orgFields.body.organization_fields?.map((f) => f.key)).toEqual(['contract_tier'])
    expect((await api(acct, '/api/v2/nope')).body).toMatchObject({ error: 'InvalidEndpoint' })
  })

  it("refuses missing or wrong credentials with Zendesk's 401 and logs the auth kind", async () => {
    const acct = freshAccount()
    const none = await api(acct, '/api/v2/users/me', { auth: null })
    expect(none.status).toBe(401)
    expect(none.raw).toEqual({ error: "Couldn't authenticate you" })
    const wrongToken = `Basic ${Buffer.from(`${acct.email}/token:nope`).toString('base64')}`
    expect((await api(acct, '/api/v2/users/me', { auth: wrongToken })).status).toBe(401)
    const wrongEmail = `Basic ${Buffer.from(`x@y.z/token:${acct.apiToken}`).toString('base64')}`
    expect((await api(acct, '/api/v2/users/me', { auth: wrongEmail })).status).toBe(401)
    expect((await api(acct, '/api/v2/users/me', { auth: 'Bearer nope' })).status).toBe(401)
    expect((await api(acct, '/api/v2/users/me')).status).toBe(200)
    expect(acct.requests.map((r) => [r.auth, r.status])).toEqual([
      ['none', 401],
      ['bad', 401],
      ['bad', 401],
      ['bad', 401],
      ['basic', 200],
    ])
    expect(acct.requests[0]).toMatchObject({ method: 'GET', path: '/api/v2/users/me', at: now })
  })
})

describe('incremental exports', () => {
  it('cursor ticket export: each ticket once, end_of_stream at the end, new changes after', async () => {
    const acct = freshAccount()
    const { user } = seedTickets(acct, 25)
    const ids: number[] = []
    const ends: boolean[] = []
    let page = await api(acct, cursorPath(`start_time=${sec(ago(60))}&per_page=10`))
    expect(page.body.before_cursor).toBeNull()
    for (;;) {
      expect(page.status).toBe(200)
      ids.push(...(page.body.tickets ?? []).map((t) => t.id))
      ends.push(page.body.end_of_stream ?? false)
      if (page.body.end_of_stream) break
      page = await api(acct, page.body.after_url ?? '')
    }
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))
    expect(ends).toEqual([false, false, true])
    const cursor = page.body.after_cursor ?? ''
    expect(cursor).not.toBe('')

    acct.update(3, { status: 'open' })
    acct.createTicket({ requesterId: user.id, subject: 'New' })
    const quiet = await api(acct, cursorPath(`cursor=${encodeURIComponent(cursor)}`))
    expect(quiet.body.tickets).toEqual([])
    expect(quiet.body.after_cursor).toBe(cursor)
    expect(quiet.body.end_of_stream).toBe(true)

    now += 61_000
    const fresh = await api(acct, cursorPath(`cursor=${encodeURIComponent(cursor)}`))
    expect(fresh.body.tickets?.map((t) => [t.id, t.status])).toEqual([
      [3, 'open'],
      [26, 'new'],
    ])

    now += 120_000
    acct.touchTicket(1, now - 90_000)
    acct.deleteTicket(2, now - 90_000)
    const later = await api(
      acct,
      cursorPath(`cursor=${encodeURIComponent(fresh.body.after_cursor ?? '')}`),
    )
    const touched = later.body.tickets?.find((t) => t.id === 1)
    expect(Date.parse(touched?.updated_at ?? '')).toBeLessThan(
      (touched?.generated_timestamp ?? 0) * 1000,
    )
    expect(later.body.tickets?.find((t) => t.id === 2)?.status).toBe('deleted')
    const withoutDeleted = await api(
      acct,
      cursorPath(
        `cursor=${encodeURIComponent(fresh.body.after_cursor ?? '')}&exclude_deleted=true`,
      ),
    )
    expect(withoutDeleted.body.tickets?.map((t) => t.id)).toEqual([1])
  })

  it('refuses a start_time in the last minute, a missing start_time and a bad cursor', async () => {
    const acct = freshAccount()
    const recent = await api(acct, cursorPath(`start_time=${sec(now) - 30}`))
    expect(recent.status).toBe(400)
    expect(recent.body.description).toMatch(/Too recent start_time/)
    expect((await api(acct, cursorPath(''))).status).toBe(400)
    expect((await api(acct, cursorPath('cursor=bm9wZQ=='))).status).toBe(400)
    expect(
      (await api(acct, `/api/v2/incremental/ticket_events?start_time=${sec(now)}`)).status,
    ).toBe(400)
  })

  it('cursor user export returns users once, then updated users again', async () => {
    const acct = freshAccount()
    const users = [1, 2, 3].map((i) => acct.addUser({ role: 'end-user', at: ago(100 - i) }))
    const first = await api(acct, `/api/v2/incremental/users/cursor?start_time=${sec(ago(200))}`)
    // The API user was made just now, so it is still inside the withheld last minute.
    expect(first.body.users?.map((u) => u.id)).toEqual(users.map((u) => u.id))
    acct.updateUser(users[0]?.id ?? 0, { name: 'Renamed', at: ago(5) })
    const next = await api(
      acct,
      `/api/v2/incremental/users/cursor?cursor=${encodeURIComponent(first.body.after_cursor ?? '')}`,
    )
    expect(next.body.users?.map((u) => u.name)).toEqual(['Renamed'])
  })

  it('ticket events: pages never split a second, the next page repeats it; comments only on request', async () => {
    const acct = freshAccount()
    const user = acct.addUser({ role: 'end-user', at: ago(60) })
    const agent = acct.addUser({ role: 'agent', at: ago(60) })
    const s1 = ago(30)
    const s2 = ago(20)
    const a = acct.createTicket({ requesterId: user.id, subject: 'A', priority: 'low', at: s1 })
    const b = acct.createTicket({ requesterId: user.id, subject: 'B', at: s2 })
    acct.comment(a.id, { authorId: agent.id, public: false, body: 'note <b>', at: s2 })
    acct.update(b.id, { priority: 'urgent', at: s2, updaterId: agent.id })

    const path = (start: number, extra = '') =>
      `/api/v2/incremental/ticket_events?start_time=${start}&per_page=2${extra}`
    const page1 = await api(acct, path(sec(ago(40)), '&include=comment_events'))
    expect(page1.body.count).toBe(4)
    expect(page1.body.end_time).toBe(sec(s2))
    expect(page1.body.end_of_stream).toBe(false)
    expect(page1.body.next_page).toContain(`start_time=${sec(s2)}`)
    expect(page1.body.next_page).toContain('include=comment_events')
    const page2 = await api(acct, page1.body.next_page ?? '')
    const ids1 = page1.body.ticket_events?.map((e) => e.id) ?? []
    const ids2 = page2.body.ticket_events?.map((e) => e.id) ?? []
    expect(ids2).toEqual(ids1.slice(1))
    expect(page2.body.end_time).toBe(sec(s2) + 1)
    const page3 = await api(acct, page2.body.next_page ?? '')
    expect(page3.body).toMatchObject({ count: 0, end_of_stream: true })

    const create = page1.body.ticket_events?.[0]
    expect(create).toMatchObject({
      ticket_id: a.id,
      event_type: 'Audit',
      timestamp: sec(s1),
      updater_id: user.id,
    })
    expect(create?.child_events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          event_type: 'Comment',
          type: 'Comment',
          public: true,
          author_id: user.id,
        }),
        expect.objectContaining({
          event_type: 'Create',
          field_name: 'status',
          value: 'new',
          previous_value: null,
        }),
        expect.objectContaining({ event_type: 'Create', field_name: 'priority', value: 'low' }),
      ]),
    )
    const note = page1.body.ticket_events?.find(
      (e) => e.ticket_id === a.id && e.timestamp === sec(s2),
    )
    expect(note?.child_events).toEqual([
      expect.objectContaining({
        event_type: 'Comment',
        body: 'note <b>',
        html_body: expect.stringContaining('note &lt;b&gt;') as unknown,
        public: false,
        audit_id: note?.id,
        attachments: [],
        via_reference_id: null,
      }),
    ])
    const change = page1.body.ticket_events?.find(
      (e) => e.ticket_id === b.id && e.updater_id === agent.id,
    )
    expect(change?.child_events).toEqual([
      expect.objectContaining({
        event_type: 'Change',
        field_name: 'priority',
        value: 'urgent',
        previous_value: null,
      }),
    ])

    const plain = await api(acct, path(sec(ago(40))))
    const plainEvents = plain.body.ticket_events ?? []
    expect(plainEvents.flatMap((e) => e.child_events).some((c) => c.event_type === 'Comment')).toBe(
      false,
    )
    expect(plainEvents.find((e) => e.id === note?.id)).toMatchObject({
      comment_present: true,
      comment_public: false,
      child_events: [],
    })
    expect(plainEvents[0]?.child_events[0]).toMatchObject({
      comment_present: true,
      comment_public: true,
    })
  })

  it('organization export is time-based', async () => {
    const acct = freshAccount()
    const org = acct.addOrganization({ name: 'Globex', at: ago(50), tags: ['gold'] })
    acct.addOrganization({ name: 'Initech', at: ago(40) })
    const first = await api(acct, `/api/v2/incremental/organizations?start_time=${sec(ago(60))}`)
    expect(first.body.organizations?.map((o) => o.name)).toEqual(['Globex', 'Initech'])
    expect(first.body).toMatchObject({ count: 2, end_time: sec(ago(40)), end_of_stream: true })
    acct.updateOrganization(org.id, { fields: { contract_tier: 'silver' }, at: ago(5) })
    const next = await api(acct, first.body.next_page ?? '')
    expect(next.body.organizations?.map((o) => [o.name, o.organization_fields])).toEqual([
      ['Initech', {}],
      ['Globex', { contract_tier: 'silver' }],
    ])
  })
})

describe('writing back', () => {
  it('update_many keeps other tags, sets fields, refuses stale safe updates, records an API audit', async () => {
    const acct = freshAccount()
    const field = acct.addTicketField({
      type: 'tagger',
      title: 'SLA risk',
      customFieldOptions: [
        { name: 'OK', value: 'sla_ok' },
        { name: 'Breached', value: 'sla_breached' },
      ],
    })
    const user = acct.addUser({ role: 'end-user', at: ago(60) })
    const t1 = acct.createTicket({
      requesterId: user.id,
      subject: 'One',
      tags: ['vip'],
      at: ago(50),
    })
    const t2 = acct.createTicket({
      requesterId: user.id,
      subject: 'Two',
      tags: ['vip'],
      at: ago(50),
    })
    const staleStamp = t2.updated_at
    acct.update(t2.id, { tags: ['vip', 'agent_edit'], at: ago(40) })
    const me = (await api(acct, '/api/v2/users/me')).body.user

    const put = await api(acct, '/api/v2/tickets/update_many', {
      method: 'PUT',
      body: {
        tickets: [
          {
            id: t1.id,
            additional_tags: ['sla_watch'],
            remove_tags: ['absent'],
            custom_fields: [{ id: field.id, value: 'sla_breached' }],
            safe_update: true,
            updated_stamp: t1.updated_at,
          },
          {
            id: t2.id,
            additional_tags: ['sla_watch'],
            safe_update: true,
            updated_stamp: staleStamp,
          },
          { id: 999, additional_tags: ['x'] },
        ],
      },
    })
    expect(put.status).toBe(200)
    expect(put.body.job_status).toMatchObject({ status: 'queued', total: 3, results: null })
    expect(acct.updateManyCalls).toHaveLength(1)
    const job = await api(acct, `/api/v2/job_statuses/${put.body.job_status?.id}`)
    expect(job.body.job_status?.status).toBe('completed')
    expect(job.body.job_status?.results).toEqual([
      { id: t1.id, action: 'update', status: 'Updated', success: true },
      expect.objectContaining({
        id: t2.id,
        success: false,
        error: 'UpdateConflict',
        action: 'update',
      }),
      expect.objectContaining({ id: 999, success: false, error: 'RecordNotFound' }),
    ])
    const after1 = acct.ticket(t1.id)
    expect(after1?.tags).toEqual(['vip', 'sla_breached', 'sla_watch'])
    expect(after1?.custom_fields).toEqual([{ id: field.id, value: 'sla_breached' }])
    expect(after1?.updated_at).not.toBe(t1.updated_at)
    expect(acct.ticket(t2.id)?.tags).toEqual(['vip', 'agent_edit'])

    now += 61_000
    const events = await api(acct, `/api/v2/incremental/ticket_events?start_time=${sec(ago(2))}`)
    const audit = events.body.ticket_events?.find((e) => e.ticket_id === t1.id)
    expect(audit).toMatchObject({ updater_id: me?.id, via: { channel: 'api' } })
    expect(
      audit?.child_events.map((c) => ('field_name' in c ? c.field_name : c.event_type)),
    ).toEqual([String(field.id), 'tags'])

    const tooMany = await api(acct, '/api/v2/tickets/update_many', {
      method: 'PUT',
      body: {
        tickets: Array.from({ length: 101 }, (_, i) => ({ id: i + 1, additional_tags: ['x'] })),
      },
    })
    expect(tooMany.status).toBe(400)
    expect(acct.updateManyCalls).toHaveLength(2)
  })

  it('applies a queued job by itself, and supports the bulk ?ids= form', async () => {
    const acct = freshAccount()
    const { tickets } = seedTickets(acct, 2)
    const put = await api(
      acct,
      `/api/v2/tickets/update_many?ids=${tickets.map((t) => t.id).join(',')}`,
      {
        method: 'PUT',
        body: { ticket: { additional_tags: ['bulk'] } },
      },
    )
    expect(put.body.job_status?.total).toBe(2)
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(acct.tickets().map((t) => t.tags)).toEqual([['bulk'], ['bulk']])
    expect(acct.jobStatus(put.body.job_status?.id ?? '')?.progress).toBe(2)
  })
})

interface Received {
  headers: IncomingHttpHeaders
  body: string
}

async function receiver(): Promise<{ url: string; got: Received[]; close: () => Promise<void> }> {
  const got: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/zendesk/webhook`,
    got,
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

describe('webhooks and triggers', () => {
  it('manages webhooks, delivers signed ticket-change notices (also for API updates), replays them', async () => {
    const hook = await receiver()
    try {
      const acct = freshAccount()
      const created = await api(acct, '/api/v2/webhooks', {
        method: 'POST',
        body: {
          webhook: {
            name: 'SLA sidecar',
            status: 'active',
            endpoint: hook.url,
            http_method: 'POST',
            request_format: 'json',
            subscriptions: ['conditional_ticket_events'],
          },
        },
      })
      expect(created.status).toBe(201)
      const id = created.body.webhook?.id ?? ''
      expect(id).toMatch(/^[0-9A-Z]{26}$/)
      expect(
        (await api(acct, '/api/v2/webhooks', { method: 'POST', body: { webhook: { name: 'x' } } }))
          .status,
      ).toBe(400)
      expect((await api(acct, '/api/v2/webhooks')).body.webhooks?.map((w) => w.id)).toEqual([id])
      const patched = await api(acct, `/api/v2/webhooks/${id}`, {
        method: 'PATCH',
        body: { webhook: { name: 'Renamed' } },
      })
      expect(patched.status).toBe(204)
      const put = await api(acct, `/api/v2/webhooks/${id}`, {
        method: 'PUT',
        body: { webhook: { name: 'Final', endpoint: hook.url, status: 'active' } },
      })
      expect(put.status).toBe(204)
      expect((await api(acct, `/api/v2/webhooks/${id}`)).body.webhook).toMatchObject({
        name: 'Final',
        endpoint: hook.url,
      })
      const secret = (await api(acct, `/api/v2/webhooks/${id}/signing_secret`)).body.signing_secret
      expect(secret?.algorithm).toBe('SHA256')

      acct.webhookDelivery = { onTicketChange: true }
      const user = acct.addUser({ role: 'end-user' })
      const ticket = acct.createTicket({ requesterId: user.id, subject: 'Signed' })
      await api(acct, '/api/v2/tickets/update_many', {
        method: 'PUT',
        body: { tickets: [{ id: ticket.id, additional_tags: ['sla_ok'] }] },
      })
      acct.runJobs()
      await acct.flushWebhooks()
      expect(hook.got).toHaveLength(2)
      expect(acct.webhookDeliveries.map((d) => d.status)).toEqual([200, 200])
      const [first, second] = hook.got
      for (const got of hook.got) {
        const timestamp = String(got.headers['x-zendesk-webhook-signature-timestamp'])
        expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
        const expected = createHmac('sha256', secret?.secret ?? '')
          .update(timestamp + got.body)
          .digest('base64')
        expect(got.headers['x-zendesk-webhook-signature']).toBe(expected)
        expect(got.headers['x-zendesk-webhook-id']).toBe(id)
        expect(got.headers['x-zendesk-account-id']).toBe(String(acct.accountId))
      }
      expect(JSON.parse(first?.body ?? '')).toEqual({
        ticket_id: String(ticket.id),
        updated_at: ticket.updated_at,
        updater_id: String(user.id),
        event: 'ticket_changed',
      })
      expect(JSON.parse(second?.body ?? '')).toMatchObject({
        updater_id: String(acct.apiUser().id),
      })
      const ids = hook.got.map((g) => Number(g.headers['x-zendesk-webhook-invocation-id']))
      expect(ids[1]).toBeGreaterThan(ids[0] ?? Infinity)

      const replay = await acct.replayWebhook(String(ids[0]))
      expect(replay).toMatchObject({ replay: true, status: 200 })
      const replayed = hook.got[2]
      expect(replayed?.body).toBe(first?.body)
      for (const name of [
        'x-zendesk-webhook-invocation-id',
        'x-zendesk-webhook-signature',
        'x-zendesk-webhook-signature-timestamp',
      ]) {
        expect(replayed?.headers[name]).toBe(first?.headers[name])
      }
    } finally {
      await hook.close()
    }
  })

  it('lists, creates, shows and updates triggers', async () => {
    const acct = freshAccount()
    const body = {
      trigger: {
        title: 'Notify sidecar',
        conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Change' }], any: [] },
        actions: [
          { field: 'notification_webhook', value: ['01H', '{"ticket_id":"{{ticket.id}}"}'] },
        ],
      },
    }
    const created = await api(acct, '/api/v2/triggers', { method: 'POST', body })
    expect(created.status).toBe(201)
    const id = created.body.trigger?.id ?? 0
    expect(
      (await api(acct, '/api/v2/triggers', { method: 'POST', body: { trigger: { title: 'x' } } }))
        .status,
    ).toBe(422)
    expect((await api(acct, '/api/v2/triggers')).body).toMatchObject({ count: 1 })
    const updated = await api(acct, `/api/v2/triggers/${id}`, {
      method: 'PUT',
      body: { trigger: { active: false } },
    })
    expect(updated.body.trigger).toMatchObject({ id, active: false, title: 'Notify sidecar' })
    expect((await api(acct, `/api/v2/triggers/${id}`)).body.trigger?.active).toBe(false)
  })
})

describe('OAuth', () => {
  it('authorization code with PKCE, bearer calls, refresh rotation, expiry and scopes', async () => {
    const acct = freshAccount()
    const { id, secret } = acct.oauthClient
    const verifier = 'v'.repeat(43)
    const redirect = 'http://localhost:9999/callback'
    const authorize = await api(
      acct,
      `/oauth/authorizations/new?response_type=code&client_id=${id}&redirect_uri=${encodeURIComponent(redirect)}&scope=read%20write&state=xyz&code_challenge=${pkceChallenge(verifier)}&code_challenge_method=S256`,
      { auth: null },
    )
    expect(authorize.status).toBe(302)
    const location = new URL(authorize.headers.get('location') ?? '')
    expect(location.origin + location.pathname).toBe(redirect)
    expect(location.searchParams.get('state')).toBe('xyz')
    const code = location.searchParams.get('code') ?? ''
    const exchange = (body: Record<string, unknown>) =>
      api(acct, '/oauth/tokens', { method: 'POST', body, auth: null })
    const grant = { grant_type: 'authorization_code', code, client_id: id, redirect_uri: redirect }
    const wrong = await exchange({ ...grant, code_verifier: 'w'.repeat(43) })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error).toBe('invalid_grant')
    expect(
      (await exchange({ ...grant, code_verifier: verifier, client_secret: 'bad' })).status,
    ).toBe(401)
    const tokens = await exchange({ ...grant, code_verifier: verifier })
    expect(tokens.status).toBe(201)
    expect(tokens.body).toMatchObject({ token_type: 'bearer', scope: 'read write' })
    expect((await exchange({ ...grant, code_verifier: verifier })).status).toBe(400)

    const bearer = `Bearer ${tokens.body.access_token}`
    expect((await api(acct, '/api/v2/users/me', { auth: bearer })).body.user?.email).toBe(
      acct.email,
    )
    expect(acct.requests.at(-1)?.auth).toBe('bearer')

    const refreshed = await exchange({
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token,
      client_id: id,
      client_secret: secret,
      expires_in: 600,
    })
    expect(refreshed.status).toBe(201)
    expect((await api(acct, '/api/v2/users/me', { auth: bearer })).status).toBe(401)
    const bearer2 = `Bearer ${refreshed.body.access_token}`
    expect((await api(acct, '/api/v2/users/me', { auth: bearer2 })).status).toBe(200)
    now += 601_000
    expect((await api(acct, '/api/v2/users/me', { auth: bearer2 })).status).toBe(401)

    const issued = acct.issueAccessToken({ scope: 'read' })
    const reader = `Bearer ${issued.access_token}`
    expect((await api(acct, '/api/v2/users/me', { auth: reader })).status).toBe(200)
    const write = await api(acct, '/api/v2/tickets/update_many', {
      method: 'PUT',
      auth: reader,
      body: { tickets: [] },
    })
    expect(write.status).toBe(403)
    acct.expireAccessTokens()
    expect((await api(acct, '/api/v2/users/me', { auth: reader })).status).toBe(401)

    const testCode = acct.issueAuthorizationCode({
      redirectUri: redirect,
      codeChallenge: pkceChallenge(verifier),
      scope: 'tickets:read',
    })
    const viaHelper = await exchange({ ...grant, code: testCode, code_verifier: verifier })
    expect(viaHelper.body.scope).toBe('tickets:read')
    const scoped = `Bearer ${viaHelper.body.access_token}`
    expect(
      (await api(acct, cursorPath(`start_time=${sec(ago(60))}`), { auth: scoped })).status,
    ).toBe(200)
    expect((await api(acct, '/api/v2/webhooks', { auth: scoped })).status).toBe(403)
  })
})

describe('rate limits', () => {
  it('sends X-Rate-Limit headers and enforces account and incremental budgets on request', async () => {
    const acct = freshAccount()
    acct.setRateLimit({ perMinute: 2 })
    await api(acct, '/api/v2/users/me')
    await api(acct, '/api/v2/users/me')
    const over = await api(acct, '/api/v2/users/me')
    expect(over.status).toBe(200)
    expect(over.headers.get('x-rate-limit-remaining')).toBe('0')

    now = Math.ceil(now / 60_000) * 60_000 + 1_000
    acct.setRateLimit({ perMinute: 3, incrementalPerMinute: 1, enforce: true })
    const exportPath = cursorPath(`start_time=${sec(ago(60))}`)
    expect((await api(acct, exportPath)).status).toBe(200)
    const incremental = await api(acct, exportPath)
    expect(incremental.status).toBe(429)
    expect(incremental.headers.get('retry-after')).toBe('59')
    expect((await api(acct, '/api/v2/users/me')).status).toBe(200)
    expect((await api(acct, '/api/v2/users/me')).status).toBe(200)
    const limited = await api(acct, '/api/v2/users/me')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('x-rate-limit')).toBe('3')
    now += 60_000
    expect((await api(acct, exportPath)).status).toBe(200)
  })
})

describe('fault injection', () => {
  it('429, 500 and 503 answer instead of the endpoint, once by default', async () => {
    const acct = freshAccount()
    sim.faults.add({ path: '/api/v2/users/me', kind: '429', retryAfterSeconds: 7 })
    sim.faults.add({
      subdomain: acct.subdomain,
      method: 'GET',
      path: /^\/api\/v2\/tickets\//,
      kind: '500',
    })
    sim.faults.add({ path: '/api/v2/ticket_fields', kind: '503', retryAfterSeconds: 3, times: 2 })
    const limited = await api(acct, '/api/v2/users/me')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('7')
    expect((await api(acct, '/api/v2/users/me')).status).toBe(200)
    expect((await api(acct, '/api/v2/tickets/1')).status).toBe(500)
    expect((await api(acct, '/api/v2/tickets/1')).status).toBe(404)
    expect((await api(acct, '/api/v2/ticket_fields')).headers.get('retry-after')).toBe('3')
    expect((await api(acct, '/api/v2/ticket_fields')).status).toBe(503)
    expect((await api(acct, '/api/v2/ticket_fields')).status).toBe(200)
    expect(sim.faults.log.filter((f) => f.subdomain === acct.subdomain).map((f) => f.kind)).toEqual(
      ['429', '500', '503', '503'],
    )
  })

  it('timeout never answers (or answers after delayMs); reset drops the connection', async () => {
    const acct = freshAccount()
    sim.faults.add({ path: '/api/v2/users/me', kind: 'timeout' })
    await expect(
      api(acct, '/api/v2/users/me', { signal: AbortSignal.timeout(150) }),
    ).rejects.toThrow()
    sim.faults.add({ path: '/api/v2/users/me', kind: 'timeout', delayMs: 80 })
    const started = Date.now()
    expect((await api(acct, '/api/v2/users/me')).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(70)
    sim.faults.add({ path: '/api/v2/users/me', kind: 'reset' })
    await expect(api(acct, '/api/v2/users/me')).rejects.toThrow()
    expect(acct.requests.map((r) => r.status)).toEqual([0, 200, 0])
  })

  it('truncated sends 200 with half a body', async () => {
    const acct = freshAccount()
    seedTickets(acct, 3)
    const path = cursorPath(`start_time=${sec(ago(60))}`)
    const full = await api(acct, path)
    sim.faults.add({ path: '/api/v2/incremental/tickets/cursor', kind: 'truncated' })
    const cut = await api(acct, path)
    expect(cut.status).toBe(200)
    expect(cut.headers.get('x-rate-limit')).toBe('700')
    expect(cut.text.length).toBe(Math.floor(full.text.length / 2))
    expect(cut.raw).toBeUndefined()
  })

  it('a dropped update_many is not applied unless applyThenDrop', async () => {
    const acct = freshAccount()
    const { tickets } = seedTickets(acct, 1)
    const id = tickets[0]?.id ?? 0
    const write = () =>
      api(acct, '/api/v2/tickets/update_many', {
        method: 'PUT',
        body: { tickets: [{ id, additional_tags: ['written'] }] },
      })
    sim.faults.add({ path: '/api/v2/tickets/update_many', kind: 'reset' })
    await expect(write()).rejects.toThrow()
    acct.runJobs()
    expect(acct.ticket(id)?.tags).toEqual([])
    expect(acct.updateManyCalls).toHaveLength(0)
    sim.faults.add({ path: '/api/v2/tickets/update_many', kind: 'reset', applyThenDrop: true })
    await expect(write()).rejects.toThrow()
    sim.faults.add({ path: '/api/v2/tickets/update_many', kind: 'timeout', applyThenDrop: true })
    await expect(
      api(acct, '/api/v2/tickets/update_many', {
        method: 'PUT',
        body: { tickets: [{ id, additional_tags: ['again'] }] },
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow()
    acct.runJobs()
    expect(acct.ticket(id)?.tags).toEqual(['written', 'again'])
    expect(acct.updateManyCalls).toHaveLength(2)
  })

  it('duplicate-page serves the previous page again; reordered shuffles a page', async () => {
    const acct = freshAccount()
    seedTickets(acct, 9)
    const get = (q: string) => api(acct, cursorPath(`${q}&per_page=3`))
    const page1 = await get(`start_time=${sec(ago(60))}`)
    const page2 = await get(`cursor=${encodeURIComponent(page1.body.after_cursor ?? '')}`)
    sim.faults.add({ path: '/api/v2/incremental/tickets/cursor', kind: 'duplicate-page' })
    const dup = await get(`cursor=${encodeURIComponent(page2.body.after_cursor ?? '')}`)
    expect(dup.body.tickets?.map((t) => t.id)).toEqual([4, 5, 6])
    expect(dup.body.after_cursor).toBe(page2.body.after_cursor)
    const page3 = await get(`cursor=${encodeURIComponent(page2.body.after_cursor ?? '')}`)
    expect(page3.body.tickets?.map((t) => t.id)).toEqual([7, 8, 9])

    const events = (start: number) =>
      api(acct, `/api/v2/incremental/ticket_events?start_time=${start}&per_page=3`)
    const e1 = await events(sec(ago(60)))
    const e2 = await events(e1.body.end_time ?? 0)
    sim.faults.add({ path: '/api/v2/incremental/ticket_events', kind: 'duplicate-page' })
    const eDup = await events(e2.body.end_time ?? 0)
    expect(eDup.body.ticket_events?.map((e) => e.id)).toEqual(
      e2.body.ticket_events?.map((e) => e.id),
    )

    sim.faults.add({ path: '/api/v2/incremental/tickets/cursor', kind: 'reordered' })
    const shuffled = await get(`start_time=${sec(ago(60))}`)
    const ids = shuffled.body.tickets?.map((t) => t.id) ?? []
    expect(ids).not.toEqual([1, 2, 3])
    expect([...ids].sort()).toEqual([1, 2, 3])
    expect(shuffled.body.after_cursor).toBe(page1.body.after_cursor)
  })

  it('seeded random chaos is deterministic and a retrying client still gets every ticket once', async () => {
    const run = async () => {
      const acct = freshAccount()
      seedTickets(acct, 20)
      sim.faults.random({
        seed: 42,
        rate: 0.4,
        kinds: ['429', '500', '503', 'truncated', 'reset', 'duplicate-page', 'reordered'],
      })
      const seen = new Set<number>()
      const statuses: string[] = []
      let query = `start_time=${sec(ago(60))}`
      for (let attempt = 0; attempt < 100; attempt++) {
        let page: Reply
        try {
          page = await api(acct, cursorPath(`${query}&per_page=4`))
        } catch {
          statuses.push('error')
          continue
        }
        statuses.push(String(page.status))
        if (page.status !== 200 || page.raw === undefined) continue
        for (const t of page.body.tickets ?? []) seen.add(t.id)
        query = `cursor=${encodeURIComponent(page.body.after_cursor ?? '')}`
        if (page.body.end_of_stream) break
      }
      sim.faults.clear()
      const kinds = sim.faults.log.filter((f) => f.subdomain === acct.subdomain).map((f) => f.kind)
      return { seen, statuses, kinds }
    }
    const a = await run()
    const b = await run()
    expect(a.seen.size).toBe(20)
    expect(a.kinds.length).toBeGreaterThan(0)
    expect(b.kinds).toEqual(a.kinds)
    expect(b.statuses).toEqual(a.statuses)
  })
})

describe('fixtures', () => {
  it('generates deterministically; small.json is the generator output; seeding serves it', async () => {
    const params = { ...SMALL_FIXTURE_PARAMS, seed: 7, tickets: 12 }
    expect(generateFixture(params)).toEqual(generateFixture(params))
    expect(generateFixture(params)).not.toEqual(generateFixture({ ...params, seed: 8 }))
    const small = loadFixture('small')
    expect(small).toEqual(generateFixture(SMALL_FIXTURE_PARAMS))
    expect(small.organizations).toHaveLength(5)
    expect(small.users.length).toBeGreaterThanOrEqual(18)
    expect(small.tickets).toHaveLength(40)

    const acct = freshAccount()
    const summary = seedAccount(acct, small)
    expect(summary.events).toBeGreaterThan(80)
    const tickets = await api(
      acct,
      cursorPath(`start_time=${sec(small.params.start - 86_400_000)}`),
    )
    const served = tickets.body.tickets ?? []
    expect(served).toHaveLength(40)
    const statuses = new Set(served.map((t) => t.status))
    for (const s of ['solved', 'open', 'pending']) expect(statuses).toContain(s)
    expect(served.some((t) => t.organization_id === null)).toBe(true)
    expect(served.some((t) => t.submitter_id !== t.requester_id)).toBe(true)
    const events = await api(
      acct,
      `/api/v2/incremental/ticket_events?start_time=${sec(small.params.start - 86_400_000)}&include=comment_events`,
    )
    const comments = (events.body.ticket_events ?? [])
      .flatMap((e) => e.child_events)
      .filter((c) => c.event_type === 'Comment')
    expect(comments.some((c) => 'public' in c && !c.public)).toBe(true)
    const changes = (events.body.ticket_events ?? []).flatMap((e) => e.child_events)
    expect(
      changes.some(
        (c) => 'field_name' in c && c.field_name === 'status' && c.previous_value === 'solved',
      ),
    ).toBe(true)
    expect(
      changes.some(
        (c) => 'field_name' in c && c.field_name === 'priority' && c.event_type === 'Change',
      ),
    ).toBe(true)
  })
})

describe('OpenAPI conformance', () => {
  const specPath =
    process.env.ZENDESK_OAS_PATH ??
    fileURLToPath(
      new URL('../../../shared/reference/zendesk-oas/support-api.yaml', import.meta.url),
    )

  it('responses carry the required properties and no contradicting types', async () => {
    const loaded = loadOas(specPath)
    if (!loaded.ok) {
      console.log(
        `OAS conformance check skipped: ${loaded.reason} (the reference spec lives in ../shared, which this machine does not have)`,
      )
      return
    }
    const { doc } = loaded
    const acct = freshAccount()
    const org = acct.addOrganization({ name: 'Acme', at: ago(100), fields: { tier: 'gold' } })
    const user = acct.addUser({ role: 'end-user', organizationId: org.id, at: ago(100) })
    const field = acct.addTicketField({ type: 'text', title: 'Note' })
    const ticket = acct.createTicket({
      requesterId: user.id,
      subject: 'OAS',
      priority: 'normal',
      at: ago(90),
    })
    acct.update(ticket.id, { customFields: [{ id: field.id, value: 'x' }], at: ago(80) })
    acct.comment(ticket.id, {
      authorId: acct.apiUser().id,
      public: true,
      at: ago(70),
      status: 'pending',
    })
    const start = sec(ago(120))
    const put = await api(acct, '/api/v2/tickets/update_many', {
      method: 'PUT',
      body: {
        tickets: [
          { id: ticket.id, additional_tags: ['a'] },
          { id: 777, additional_tags: ['b'] },
        ],
      },
    })
    const trigger = await api(acct, '/api/v2/triggers', {
      method: 'POST',
      body: { trigger: { title: 'T', actions: [{ field: 'status', value: 'open' }] } },
    })
    const triggerId = trigger.body.trigger?.id ?? 0
    const token = await api(acct, '/oauth/tokens', {
      method: 'POST',
      auth: null,
      body: {
        grant_type: 'client_credentials',
        client_id: acct.oauthClient.id,
        client_secret: acct.oauthClient.secret,
      },
    })
    const checks: {
      method: string
      oas: string
      status: number
      reply: Reply
      ignore?: string[]
    }[] = [
      {
        method: 'GET',
        oas: '/api/v2/users/me',
        status: 200,
        reply: await api(acct, '/api/v2/users/me'),
      },
      {
        method: 'GET',
        oas: '/api/v2/users/show_many',
        status: 200,
        reply: await api(acct, `/api/v2/users/show_many?ids=${user.id}`),
      },
      {
        method: 'GET',
        oas: '/api/v2/tickets/{ticket_id}',
        status: 200,
        reply: await api(acct, `/api/v2/tickets/${ticket.id}`),
      },
      {
        method: 'GET',
        oas: '/api/v2/ticket_fields',
        status: 200,
        reply: await api(acct, '/api/v2/ticket_fields'),
      },
      {
        method: 'POST',
        oas: '/api/v2/ticket_fields',
        status: 201,
        reply: await api(acct, '/api/v2/ticket_fields', {
          method: 'POST',
          body: {
            ticket_field: {
              type: 'dropdown',
              title: 'D',
              custom_field_options: [{ name: 'A', value: 'a' }],
            },
          },
        }),
      },
      {
        method: 'GET',
        oas: '/api/v2/organization_fields',
        status: 200,
        reply: await api(acct, '/api/v2/organization_fields'),
      },
      {
        method: 'GET',
        oas: '/api/v2/incremental/tickets/cursor',
        status: 200,
        reply: await api(acct, cursorPath(`start_time=${start}`)),
      },
      {
        method: 'GET',
        oas: '/api/v2/incremental/users/cursor',
        status: 200,
        reply: await api(acct, `/api/v2/incremental/users/cursor?start_time=${start}`),
      },
      {
        method: 'GET',
        oas: '/api/v2/incremental/organizations',
        status: 200,
        reply: await api(acct, `/api/v2/incremental/organizations?start_time=${start}`),
      },
      {
        method: 'GET',
        oas: '/api/v2/incremental/ticket_events',
        status: 200,
        reply: await api(
          acct,
          `/api/v2/incremental/ticket_events?start_time=${start}&include=comment_events`,
        ),
        // The spec's item schema is the metric-event one (a known error); the docs text rules.
        ignore: ['$.ticket_events[]'],
      },
      { method: 'PUT', oas: '/api/v2/tickets/update_many', status: 200, reply: put },
      {
        method: 'GET',
        oas: '/api/v2/job_statuses/{job_status_id}',
        status: 200,
        reply: await api(acct, `/api/v2/job_statuses/${put.body.job_status?.id}`),
      },
      {
        method: 'GET',
        oas: '/api/v2/triggers',
        status: 200,
        reply: await api(acct, '/api/v2/triggers'),
      },
      { method: 'POST', oas: '/api/v2/triggers', status: 201, reply: trigger },
      {
        method: 'GET',
        oas: '/api/v2/triggers/{trigger_id}',
        status: 200,
        reply: await api(acct, `/api/v2/triggers/${triggerId}`),
      },
      {
        method: 'PUT',
        oas: '/api/v2/triggers/{trigger_id}',
        status: 200,
        reply: await api(acct, `/api/v2/triggers/${triggerId}`, {
          method: 'PUT',
          body: { trigger: { title: 'U' } },
        }),
      },
      { method: 'POST', oas: '/oauth/tokens', status: 201, reply: token },
    ]
    const report: string[] = []
    let checked = 0
    for (const check of checks) {
      expect(check.reply.status, `${check.method} ${check.oas}`).toBe(check.status)
      const schema = responseSchema(doc, check.oas, check.method, check.status)
      if (typeof schema === 'string') {
        report.push(`not resolvable: ${schema}`)
        continue
      }
      checked++
      const problems = conformanceProblems(doc, check.reply.raw, schema, new Set(check.ignore))
      expect(problems, `${check.method} ${check.oas}`).toEqual([])
    }
    expect(checked).toBeGreaterThanOrEqual(15)
    // The checker itself catches a contradiction and a missing required property.
    const ticketSchema = responseSchema(doc, '/api/v2/tickets/{ticket_id}', 'GET', 200)
    if (typeof ticketSchema !== 'string') {
      const bad = { ticket: { ...acct.ticket(ticket.id), id: 'one', tags: 'x' } }
      expect(conformanceProblems(doc, bad, ticketSchema).join(' ')).toMatch(
        /ticket\.id: expected integer/,
      )
    }
    const jobSchema = responseSchema(doc, '/api/v2/job_statuses/{job_status_id}', 'GET', 200)
    if (typeof jobSchema !== 'string') {
      const bad = {
        job_status: { id: 'x', status: 'completed', results: [{ id: 1, success: false }] },
      }
      expect(conformanceProblems(doc, bad, jobSchema).join(' ')).toMatch(/required but missing/)
    }
    console.log(
      `OAS conformance: ${checked} responses checked against ${specPath}; webhooks are not in the Support spec${report.length ? `; ${report.join('; ')}` : ''}`,
    )
  })
})
