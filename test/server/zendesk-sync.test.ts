/**
 * The Zendesk sync against the simulator: a complete first sync, incremental follow-ups, the
 * same rows under injected faults (429s, 5xx, timeouts, truncated bodies, duplicated and
 * re-ordered pages), and one sync per tenant across two service instances on one database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectPostgres } from '@sla-tracker/server/db'
import { createSecretBox } from '@sla-tracker/server/secret-box'
import { runTenantSync, type ZendeskDeps } from '@sla-tracker/server/zendesk-sync'
import { SECRET_KEY } from '../support/test-app.js'
import { TEST_DATABASE_URL } from '../support/test-db.js'
import { FAST_CLIENT, snapshot, zendeskEnv, type ZendeskEnv } from '../support/zendesk-env.js'
import { ZendeskSimulator } from '../support/zendesk-simulator/index.js'

function depsOf(env: ZendeskEnv, db = env.t.db.db): ZendeskDeps {
  return {
    db,
    secrets: createSecretBox(SECRET_KEY),
    config: env.t.app.config,
    clock: () => env.t.clock.now,
    clientOptions: { ...FAST_CLIENT, sleep: () => Promise.resolve() },
  }
}

const sync = (env: ZendeskEnv, instance = 'test') =>
  runTenantSync(depsOf(env), env.tenant.id, { instance, maxPagesPerStream: 10_000, perPage: 7 })

describe('Zendesk sync', () => {
  let sim: ZendeskSimulator
  let clean: ZendeskEnv
  let cleanSnap: Awaited<ReturnType<typeof snapshot>>

  beforeAll(async () => {
    // The simulator runs on the clean tenant's service clock (the others share its time).
    let clock = () => Date.now()
    sim = await ZendeskSimulator.start({ clock: () => clock() })
    clean = await zendeskEnv({ sim, subdomain: 'clean' })
    clock = () => clean.t.clock.now
    // Small pages: many page boundaries, so faults and restarts hit between pages.
    const r = await sync(clean)
    expect(r).toMatchObject({ status: 'done' })
    cleanSnap = await snapshot(clean.t.db.db, clean.tenant.id)
  }, 60_000)
  afterAll(async () => {
    await clean?.close()
    await sim?.stop()
  })

  it('stores every ticket, user and organization, maps comments by author role, and computes clocks', () => {
    const f = clean.fixture
    expect(cleanSnap.tickets.map((t) => Number(t.id))).toEqual(
      f.tickets.map((t) => t.id).sort((a, b) => a - b),
    )
    // Every user older than the export's one-minute edge (the API user was made just now).
    const edge = clean.t.clock.now - 60_000
    expect(cleanSnap.users.length).toBe(
      clean.account.users().filter((u) => Date.parse(u.updated_at) <= edge).length,
    )
    expect(cleanSnap.users.length).toBe(f.users.length)
    expect(cleanSnap.orgs.length).toBe(f.organizations.length)
    // Every ticket has its creation; agents' public comments are replies, private ones notes.
    const created = new Set(
      cleanSnap.events.filter((e) => e.type === 'created').map((e) => Number(e.ticket_id)),
    )
    expect(created.size).toBe(f.tickets.length)
    const agentIds = new Set(f.users.filter((u) => u.role !== 'end-user').map((u) => u.id))
    const expectedReplies = f.tickets.reduce(
      (n, t) =>
        n +
        t.events.filter((e) => e.type === 'comment' && e.public && agentIds.has(e.authorId)).length,
      0,
    )
    expect(cleanSnap.events.filter((e) => e.type === 'agent-reply').length).toBe(expectedReplies)
    const expectedNotes = f.tickets.reduce(
      (n, t) => n + t.events.filter((e) => e.type === 'comment' && !e.public).length,
      0,
    )
    expect(cleanSnap.events.filter((e) => e.type === 'internal-note').length).toBe(expectedNotes)
    // Tickets of mapped organizations have clocks; the unmapped organization's have none.
    const mapped = cleanSnap.tickets.filter((t) => t.account_id !== null)
    expect(mapped.length).toBeGreaterThan(0)
    expect(cleanSnap.tickets.some((t) => t.account_id === null)).toBe(true)
    const withClocks = new Set(cleanSnap.clocks.map((c) => Number(c.ticket_id)))
    for (const t of mapped) expect(withClocks.has(Number(t.id))).toBe(true)
    expect(cleanSnap.months.length).toBeGreaterThan(0)
    expect(cleanSnap.tickets.every((t) => t.needs_recompute === false)).toBe(true)
  })

  it('a second sync with nothing new changes nothing', async () => {
    const r = await sync(clean)
    expect(r.status).toBe('done')
    expect(r.recomputedTickets).toBe(0)
    expect(await snapshot(clean.t.db.db, clean.tenant.id)).toEqual(cleanSnap)
  })

  it('shows the sync in the status endpoint: streams, positions, lag, last run', async () => {
    const r = await clean.t.request('GET', '/api/v1/zendesk/sync', {
      token: clean.tenant.adminToken,
    })
    expect(r.statusCode).toBe(200)
    const s = r.json()
    expect(s).toMatchObject({
      connected: true,
      state: 'idle',
      lastError: null,
      recomputePending: 0,
      accountsPending: 0,
    })
    expect(s.streams.map((x: { stream: string }) => x.stream).sort()).toEqual([
      'organizations',
      'ticket_events',
      'tickets',
      'users',
    ])
    for (const st of s.streams) {
      expect(st.endOfStream).toBe(true)
      expect(st.lagSeconds).toBeGreaterThanOrEqual(60)
    }
    expect(s.lastRun.items).toBeGreaterThanOrEqual(0)
    // A reader token is not enough; another tenant sees only itself.
    expect(
      (await clean.t.request('GET', '/api/v1/zendesk/sync', { token: clean.tenant.readToken }))
        .statusCode,
    ).toBe(403)
  })

  it('lists the synced organizations with their accounts, paged and filtered', async () => {
    const get = (q: string, token = clean.tenant.adminToken) =>
      clean.t.request('GET', `/api/v1/zendesk/organizations${q}`, { token })
    const all = (await get('?limit=500')).json()
    expect(all.items).toHaveLength(clean.fixture.organizations.length)
    expect(all.next).toBeNull()
    const unmapped = (await get('?unmapped=true')).json()
    expect(unmapped.items.map((o: { id: number }) => o.id)).toEqual([
      clean.fixture.organizations.at(-1)!.id,
    ])
    const first = (await get('?limit=2')).json()
    expect(first.items).toHaveLength(2)
    const second = (await get(`?limit=2&after=${first.next}`)).json()
    expect(second.items[0].id as number).toBeGreaterThan(first.items[1].id as number)
    expect((await get('?limit=0')).statusCode).toBe(400)
    expect((await get('?limit=5&bogus=1')).statusCode).toBe(400)
    expect((await get('', clean.tenant.readToken)).statusCode).toBe(403)
  })

  it('ends with exactly the rows of the fault-free sync under injected faults', async () => {
    const chaos = await zendeskEnv({ sim, subdomain: 'chaos' })
    try {
      sim.faults.random({
        seed: 7,
        rate: 0.35,
        kinds: [
          '429',
          '500',
          '503',
          'timeout',
          'truncated',
          'reset',
          'duplicate-page',
          'reordered',
        ],
        subdomain: 'chaos',
      })
      let r = await sync(chaos)
      // A run that gives up (retries exhausted) resumes from its committed pages.
      for (let i = 0; r.status !== 'done' && i < 20; i++) r = await sync(chaos)
      sim.faults.clear()
      r = await sync(chaos)
      expect(r.status).toBe('done')
      expect(sim.faults.log.length).toBeGreaterThan(5)
      expect(await snapshot(chaos.t.db.db, chaos.tenant.id)).toEqual(cleanSnap)
    } finally {
      sim.faults.clear()
      await chaos.close()
    }
  }, 120_000)

  it('keeps the newest version of a ticket that one export page lists twice', async () => {
    const env = await zendeskEnv({ sim, subdomain: 'twice' })
    try {
      // Every ticket page also lists each ticket's previous version (older generated_timestamp,
      // another subject), before and after the current one.
      let doubled = 0
      const fetchTwice: typeof fetch = async (input, init) => {
        const res = await fetch(input, init)
        if (!String(input instanceof Request ? input.url : input).includes('/tickets/cursor'))
          return res
        const page = (await res.json()) as { tickets: { generated_timestamp: number }[] }
        page.tickets = page.tickets.flatMap((t, i) => {
          const stale = {
            ...t,
            subject: 'a stale version',
            generated_timestamp: t.generated_timestamp - 60,
          }
          doubled++
          return i % 2 === 0 ? [stale, t] : [t, stale]
        })
        return new Response(JSON.stringify(page), { status: res.status, headers: res.headers })
      }
      const deps = depsOf(env)
      const r = await runTenantSync(
        { ...deps, clientOptions: { ...deps.clientOptions, fetch: fetchTwice } },
        env.tenant.id,
        { instance: 'test', maxPagesPerStream: 10_000, perPage: 7 },
      )
      expect(r.status).toBe('done')
      expect(doubled).toBeGreaterThan(10)
      expect(await snapshot(env.t.db.db, env.tenant.id)).toEqual(cleanSnap)
    } finally {
      await env.close()
    }
  }, 60_000)

  it('picks up new comments and status changes incrementally and replays their clocks', async () => {
    const env = await zendeskEnv({ sim, subdomain: 'incr' })
    try {
      expect((await sync(env)).status).toBe('done')
      const mappedOrg = env.fixture.organizations[0]!
      const requester = env.fixture.users.find((u) => u.organizationId === mappedOrg.id)!
      const agent = env.fixture.users.find((u) => u.role === 'agent')!
      const now = env.t.clock.now
      const ticket = env.account.createTicket({
        requesterId: requester.id,
        organizationId: mappedOrg.id,
        subject: 'New outage',
        priority: 'urgent',
        at: now,
      })
      env.account.comment(ticket.id, {
        authorId: agent.id,
        public: true,
        body: 'Looking',
        at: now + 60_000,
      })
      // The export never returns the newest minute.
      env.t.clock.now = now + 5 * 60_000
      clean.t.clock.now = env.t.clock.now // the simulator's clock
      const r = await sync(env)
      expect(r.status).toBe('done')
      expect(r.recomputedTickets).toBe(1)
      const events = await env.t.db.db
        .selectFrom('ticket_events')
        .select(['type'])
        .where('tenant_id', '=', env.tenant.id)
        .where('ticket_id', '=', ticket.id)
        .orderBy('at')
        .orderBy('seq')
        .execute()
      expect(events.map((e) => e.type)).toEqual(['created', 'agent-reply'])
      const first = await env.t.db.db
        .selectFrom('ticket_clocks')
        .select(['state'])
        .where('tenant_id', '=', env.tenant.id)
        .where('ticket_id', '=', ticket.id)
        .where('metric', '=', 'firstResponse')
        .executeTakeFirstOrThrow()
      expect(first.state).toBe('met')
    } finally {
      await env.close()
    }
  }, 60_000)

  it.each([
    { when: 'in the same run', stopped: false },
    { when: 'in the next run when a run stopped after storing the tickets', stopped: true },
  ])(
    'recomputes the months of an account that lost a ticket, moved to another organization or deleted, $when',
    async ({ stopped }) => {
      const env = await zendeskEnv({ sim, subdomain: stopped ? 'moved-stop' : 'moved' })
      try {
        expect((await sync(env)).status).toBe('done')
        const [from, to, deletedFrom, untouched] = env.fixture.organizations.map((o) => o.id)
        const accountOf = (org: number | undefined) => `acct-${org}`
        const open = (org: number | undefined) =>
          env.account
            .tickets()
            .find((t) => t.organization_id === org && !['closed', 'deleted'].includes(t.status))!
        const moved = open(from)
        const deleted = open(deletedFrom)
        const computedAt = async (account: string) =>
          (
            await env.t.db.db
              .selectFrom('account_states')
              .select(['month', 'computed_at'])
              .where('tenant_id', '=', env.tenant.id)
              .where('account_id', '=', account)
              .execute()
          ).map((m) => m.computed_at.getTime())
        const now = env.t.clock.now
        env.account.update(moved.id, { organizationId: to!, at: now })
        env.account.deleteTicket(deleted.id, now)
        env.t.clock.now = now + 5 * 60_000
        clean.t.clock.now = env.t.clock.now // the simulator's clock
        const untouchedBefore = await computedAt(accountOf(untouched))
        const queued = () =>
          env.t.db.db
            .selectFrom('accounts_to_recompute')
            .select('account_id')
            .where('tenant_id', '=', env.tenant.id)
            .orderBy('account_id')
            .execute()

        if (stopped) {
          // The run stops once the ticket page is committed, before anything is recomputed: the
          // accounts that lost a ticket wait in the queue for the next run.
          const halted = await runTenantSync(depsOf(env), env.tenant.id, {
            instance: 'test',
            perPage: 7,
            onPage: ({ stream }) => {
              if (stream === 'tickets') throw new Error('stopped after the ticket pages')
            },
          })
          expect(halted.status).toBe('failed')
          const status = await env.t.request('GET', '/api/v1/zendesk/sync', {
            token: env.tenant.adminToken,
          })
          expect(status.json()).toMatchObject({ state: 'failing', accountsPending: 2 })
          expect(await queued()).toEqual(
            [accountOf(from), accountOf(deletedFrom)].sort().map((account_id) => ({ account_id })),
          )
          env.t.clock.now += 60_000
          clean.t.clock.now = env.t.clock.now
        }
        expect((await sync(env)).status).toBe('done')
        expect(await queued()).toEqual([])
        const stored = await env.t.db.db
          .selectFrom('tickets')
          .select(['id', 'account_id', 'left_account_id'])
          .where('tenant_id', '=', env.tenant.id)
          .where('id', 'in', [moved.id, deleted.id])
          .execute()
        expect(stored).toEqual([
          { id: moved.id, account_id: accountOf(to), left_account_id: accountOf(from) },
        ])
        // The accounts that lost a ticket have their months from the ticket's creation recomputed
        // by this run, like the account that gained one; the others keep theirs.
        const thisRun = env.t.clock.now
        const createdMonth = (t: { created_at: string }) => t.created_at.slice(0, 7)
        for (const [account, ticket] of [
          [accountOf(from), moved],
          [accountOf(to), moved],
          [accountOf(deletedFrom), deleted],
        ] as const) {
          const months = await env.t.db.db
            .selectFrom('account_states')
            .select(['month', 'computed_at'])
            .where('tenant_id', '=', env.tenant.id)
            .where('account_id', '=', account)
            .where('month', '>=', createdMonth(ticket))
            .execute()
          expect(months.length).toBeGreaterThan(0)
          expect(months.every((m) => m.computed_at.getTime() === thisRun)).toBe(true)
        }
        expect(await computedAt(accountOf(untouched))).toEqual(untouchedBefore)
      } finally {
        await env.close()
      }
    },
    60_000,
  )

  it('never runs one tenant’s sync on two instances at once', async () => {
    const env = await zendeskEnv({ sim, subdomain: 'twin' })
    const second = connectPostgres(TEST_DATABASE_URL, { poolSize: 5, searchPath: env.t.db.schema })
    try {
      // Slow exports so that the two runs overlap in time.
      sim.faults.add({
        subdomain: 'twin',
        path: /incremental/,
        kind: 'timeout',
        delayMs: 40,
        times: 1000,
      })
      let inside = 0
      let overlaps = 0
      const onPage = async () => {
        inside++
        if (inside > 1) overlaps++
        await new Promise((r) => setTimeout(r, 5))
        inside--
      }
      const runs = await Promise.all([
        runTenantSync(depsOf(env), env.tenant.id, { instance: 'a', onPage }),
        runTenantSync(depsOf(env, second.db), env.tenant.id, { instance: 'b', onPage }),
        runTenantSync(depsOf(env, second.db), env.tenant.id, { instance: 'c', onPage }),
      ])
      expect(runs.map((r) => r.status).sort()).toEqual(['busy', 'busy', 'done'])
      expect(overlaps).toBe(0)
      // Once it is free, the other instance runs it.
      sim.faults.clear()
      expect(
        (await runTenantSync(depsOf(env, second.db), env.tenant.id, { instance: 'b' })).status,
      ).toBe('done')
    } finally {
      sim.faults.clear()
      await second.close()
      await env.close()
    }
  }, 60_000)
})
