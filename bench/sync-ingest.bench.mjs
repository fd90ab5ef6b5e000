/* global process, console, Buffer, setImmediate, Response, URL, AbortController */
// Zendesk sync ingest: export pages (JSON text, as Zendesk sends them) stored into PostgreSQL the
// way the sync stores them, beside a raw bulk insert of the same rows in the same run.
//
//   npm run bench -- sync-ingest          (builds first; needs PostgreSQL at 127.0.0.1:5432)
//   node --expose-gc bench/sync-ingest.bench.mjs [--quick]
//
// Data: a database `sla_bench_sync` (dropped and recreated, dropped again at the end) with one
// tenant, 1,000 accounts mapped to Zendesk organizations (1,111 organizations: about 10% of the
// tickets belong to an unmapped one, 2% to none), and its Zendesk users (agents and end users,
// loaded into `zendesk_users` first, as the sync's users stream would). From a fixed-seed PRNG:
// 100,000 tickets (`--quick`: 10,000) as pages of 1,000 of `GET /api/v2/incremental/tickets/cursor`
// (full ticket objects, about 2.2 kB each) and their audits as pages of 1,000 of
// `GET /api/v2/incremental/ticket_events?include=comment_events` (1.7 kB each; a Create audit with its
// description comment, then 2–6 audits each: replies, notes, end-user comments, status and
// priority changes), in time order across tickets.
//
// Measured per round, the rounds interleaved (3 rounds, median), on one reserved connection:
//   s.  the service's own sync run (`runTenantSync`, pages served by an injected in-memory fetch)
//       over the ticket pages (into emptied tables) and, after d, over the event pages (into
//       emptied events, the tickets stored): each page mapped and stored with its stream position
//       by ONE autocommitted statement while the next page is fetched, parsed and mapped.
//   a.  the same page steps for the ticket pages, one after the other (for the profile): JSON.parse,
//       map (`exportedTicketRow`), `storeExportedTickets` (upsert, deletions — none here — and the
//       stream's advance in one statement). The tenant's tickets are truncated before each round,
//       so this pass inserts; a second pass over the same pages then updates every row.
//   b.  the baseline: the same rows, already parsed and mapped (their account resolved in JS),
//       inserted into `raw_tickets` (a copy of `tickets`' columns and defaults, primary key only,
//       no triggers) with one `insert … select … from jsonb_to_recordset($1)` per 1,000 rows,
//       autocommitted: no conflict handling, no account join, no transaction around it.
//   c.  the page steps of the ticket-event pages, one after the other: JSON.parse, sort, the
//       authors' roles (`selectUserRoles` per page), `eventsOfAudit`, `insertSyncedEvents` (with
//       the stream's advance in the same statement).
//   d.  the baseline: the same event rows, already mapped, into `raw_events` (a copy of
//       `ticket_events`' columns, primary key only) the same way as b.
// Then a profile: where a page's time goes (parse, map, roles, statement), EXPLAIN ANALYZE of one
// page's statements, and variants of the statements and of the passes inlined here (measurement
// only; 5 rounds, events on the first 100 pages).
// Prints a table and writes bench/results/sync-ingest.json (not with --quick).

import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely'
import { connectPostgres, migrateToLatest } from '../server/dist/db/database.js'
import { createSecretBox } from '../server/dist/lib/secret-box.js'
import { createTenant } from '../server/dist/features/tenants/tenants.service.js'
import {
  exportedTicketRow,
  insertSyncedEvents,
  jsonRows,
  runTenantSync,
  storeExportedTickets,
} from '../server/dist/features/zendesk/index.js'
import { loadConfig } from '../server/dist/config.js'
import { selectUserRoles, upsertUsers } from '../server/dist/features/zendesk/sync.repository.js'
import { authorsOf, eventsOfAudit, roleOfZendesk } from '../server/dist/zendesk/mapping.js'
import { eventData } from '../server/dist/features/compute/materialize.js'
import { gc, median, mulberry32 } from './lib.mjs'

const QUICK = process.argv.includes('--quick')
const CONFIG = {
  seed: 0x5e9c1,
  tickets: QUICK ? 10_000 : 100_000,
  pageSize: 1000,
  accounts: 1000,
  organizations: 1111,
  agents: 60,
  endUsers: QUICK ? 5_000 : 20_000,
  rounds: 3,
}
const GOAL_RATE = 20_000
const GOAL_RATIO = 0.5
const user = os.userInfo().username
const ADMIN_URL = `postgres://${user}@127.0.0.1:5432/postgres`
const BENCH_DB = 'sla_bench_sync'
const DATABASE_URL = `postgres://${user}@127.0.0.1:5432/${BENCH_DB}`
const root = join(dirname(fileURLToPath(import.meta.url)), '..')

// Zendesk-sized ids.
const TICKET_BASE = 480_000
const ORG_BASE = 1_500_000_000_000
const AGENT_BASE = 1_900_000_000_000
const END_USER_BASE = 1_910_000_000_000
const AUDIT_BASE = 21_000_000_000_000
const FIELD_BASE = 360_012_345_000
/** Our four ticket fields in this Zendesk (as `zendesk_connections.field_ids`). */
const FIELD_IDS = {
  state: FIELD_BASE + 1,
  nextDue: FIELD_BASE + 2,
  tier: FIELD_BASE + 3,
  creditExposure: FIELD_BASE + 4,
}
/** Where the export starts (the connection's `sync_start_at`) and the tickets' time span. */
const SYNC_START = Date.UTC(2026, 5, 1) / 1000
const SPAN_S = 90 * 86400
const SUBDOMAIN = 'bench'
const API = `https://${SUBDOMAIN}.zendesk.com/api/v2`

// ---------------------------------------------------------------------------------------------
// Export pages, as Zendesk sends them.

const WORDS = (
  'the a to and of our your we is it for on with this that in after before since when not ' +
  'api dashboard login error timeout invoice billing export report sync account user admin ' +
  'password reset page slow fails again please help urgent issue yesterday today update release ' +
  'version mobile app webhook integration latency region outage status customer team access ' +
  'permission role token expired certificate renewal contract credit refund plan upgrade seat ' +
  'license usage limit quota data import csv field missing wrong duplicate thanks regards hello ' +
  'could you check will fix workaround ticket attached screenshot logs browser chrome firefox ' +
  'windows server request response payload endpoint returns 500 502 403 minutes hours'
).split(' ')
const CHANNELS = ['email', 'email', 'email', 'web', 'web', 'api', 'mobile']
const PRIORITIES = ['urgent', 'high', 'normal', 'normal', 'normal', 'low']
const TYPES = [null, 'question', 'question', 'incident', 'problem', 'task']
const TAGS = [
  'billing',
  'api',
  'login',
  'outage',
  'enterprise',
  'vip',
  'renewal',
  'bug',
  'feature_request',
  'eu',
  'us',
  'apac',
  'sso',
  'mobile',
  'webhooks',
  'export',
]
const CLIENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Zendesk Mail',
  'Zendesk API client',
]
const LOCATIONS = [
  ['Dublin, L, Ireland', 53.3498, -6.2603],
  ['San Francisco, CA, United States', 37.7749, -122.4194],
  ['Berlin, BE, Germany', 52.52, 13.405],
  ['Singapore, 01, Singapore', 1.2897, 103.8501],
]

const iso = (s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z')

function makeText(rand, min, max) {
  const target = min + Math.floor(rand() * (max - min))
  let s = ''
  while (s.length < target) {
    const w = WORDS[Math.floor(rand() * WORDS.length)]
    s += s.length === 0 ? w[0].toUpperCase() + w.slice(1) : rand() < 0.08 ? `. ${w}` : ` ${w}`
    if (rand() < 0.01) s += '.\n\n'
  }
  return `${s}.`
}

function htmlBody(body) {
  const escaped = body
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\n', '<br>')
  return `<div class="zd-comment" dir="auto"><p dir="auto">${escaped}</p></div>`
}

function via(channel, requester) {
  return channel === 'email'
    ? {
        channel,
        source: {
          from: { address: `user${requester}@customer.example.com`, name: `User ${requester}` },
          to: { name: 'Acme Support', address: `support@${SUBDOMAIN}.zendesk.com` },
          rel: null,
        },
      }
    : { channel, source: { from: {}, to: {}, rel: null } }
}

const pick = (rand, xs) => xs[Math.floor(rand() * xs.length)]

/** Every custom field of the ticket form (ours and six others), as the ticket export lists them. */
function customFields(rand, tier, status) {
  const unset = status === 'solved' || rand() < 0.3
  return [
    {
      id: FIELD_IDS.state,
      value: unset ? null : pick(rand, ['sla_ok', 'sla_at_risk', 'sla_breached']),
    },
    { id: FIELD_IDS.nextDue, value: unset ? null : iso(SYNC_START + Math.floor(rand() * SPAN_S)) },
    { id: FIELD_IDS.tier, value: tier },
    {
      id: FIELD_IDS.creditExposure,
      value: rand() < 0.1 ? String(Math.floor(rand() * 5000)) : null,
    },
    {
      id: FIELD_BASE + 11,
      value: pick(rand, ['product_api', 'product_dashboard', 'product_mobile']),
    },
    { id: FIELD_BASE + 12, value: pick(rand, ['region_eu', 'region_us', 'region_apac', null]) },
    { id: FIELD_BASE + 13, value: pick(rand, ['sev_1', 'sev_2', 'sev_3', 'sev_4', null]) },
    { id: FIELD_BASE + 14, value: rand() < 0.2 },
    { id: FIELD_BASE + 15, value: rand() < 0.5 ? String(Math.floor(rand() * 100000)) : null },
    { id: FIELD_BASE + 17, value: rand() < 0.4 ? [pick(rand, TAGS), pick(rand, TAGS)] : [] },
  ]
}

/** One generated help desk: users, tickets (wire JSON), audits (wire JSON with their instants). */
function generate(rand) {
  const orgOfUser = (k) => (k % 50 === 0 ? null : ORG_BASE + 1 + (k % CONFIG.organizations))
  const users = []
  for (let k = 1; k <= CONFIG.agents; k++)
    users.push({
      id: AGENT_BASE + k,
      name: `Agent ${k}`,
      role: k <= 3 ? 'admin' : 'agent',
      organization_id: null,
      updated_at: iso(SYNC_START - 86400),
    })
  for (let k = 1; k <= CONFIG.endUsers; k++)
    users.push({
      id: END_USER_BASE + k,
      name: `User ${k}`,
      role: 'end-user',
      organization_id: orgOfUser(k),
      updated_at: iso(SYNC_START - 86400),
    })
  const agent = () => AGENT_BASE + 1 + Math.floor(rand() * CONFIG.agents)
  let nextId = AUDIT_BASE
  const newId = () => (nextId += 1 + Math.floor(rand() * 3))
  const tickets = [] // { ts, id, json }
  const audits = [] // { ts, id, json }
  for (let i = 0; i < CONFIG.tickets; i++) {
    const id = TICKET_BASE + i
    const k = 1 + Math.floor(rand() * CONFIG.endUsers)
    const requester = END_USER_BASE + k
    const org = orgOfUser(k)
    const channel = pick(rand, CHANNELS)
    const v = via(channel, k)
    const subject = makeText(rand, 25, 80)
    const description = makeText(rand, 80, 500)
    const priority = rand() < 0.7 ? pick(rand, PRIORITIES) : null
    const byAgent = rand() < 0.15
    const submitter = byAgent ? agent() : requester
    const assignee = agent()
    const tags = [
      ...new Set(Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(rand, TAGS))),
    ]
    let at = SYNC_START + Math.floor(rand() * SPAN_S)
    const createdAt = at
    let status = byAgent ? 'open' : 'new'
    const system = () => {
      const [location, latitude, longitude] = pick(rand, LOCATIONS)
      return {
        client: pick(rand, CLIENTS),
        ip_address: `${10 + Math.floor(rand() * 200)}.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`,
        location,
        latitude,
        longitude,
      }
    }
    const change = (kind, field, value, previous, auditVia) => ({
      id: newId(),
      via: auditVia,
      via_reference_id: null,
      event_type: kind,
      field_name: field,
      value,
      previous_value: previous,
    })
    const comment = (auditId, author, isPublic, body, auditVia) => ({
      id: newId(),
      via: auditVia,
      via_reference_id: null,
      type: 'Comment',
      event_type: 'Comment',
      author_id: author,
      body,
      html_body: htmlBody(body),
      public: isPublic,
      attachments: [],
      audit_id: auditId,
      created_at: iso(at),
    })
    const audit = (updater, auditVia, children) => {
      const auditId = newId()
      const a = {
        id: auditId,
        ticket_id: id,
        timestamp: at,
        created_at: iso(at),
        updater_id: updater,
        via: auditVia,
        system: system(),
        event_type: 'Audit',
        child_events: children(auditId),
      }
      audits.push({ ts: at, id: auditId, json: JSON.stringify(a) })
    }
    // The Create audit: the description comment and the fields the ticket was created with.
    audit(submitter, v, (auditId) => [
      comment(auditId, submitter, true, description, v),
      change('Create', 'subject', subject, null, v),
      change('Create', 'requester_id', requester, null, v),
      change('Create', 'status', status, null, v),
      ...(priority !== null ? [change('Create', 'priority', priority, null, v)] : []),
      ...(org !== null ? [change('Create', 'organization_id', org, null, v)] : []),
      change('Create', 'tags', tags, null, v),
      change('Create', 'assignee_id', assignee, null, v),
    ])
    let prio = priority
    const more = 2 + Math.floor(rand() * 5)
    for (let j = 0; j < more; j++) {
      at += 60 + Math.floor(rand() * rand() * 2 * 86400)
      const last = j === more - 1
      const r = rand()
      const web = via('web', k)
      if (last && rand() < 0.8) {
        // Solved with a final reply.
        const from = status
        status = 'solved'
        audit(assignee, web, (auditId) => [
          comment(auditId, assignee, true, makeText(rand, 50, 350), web),
          change('Change', 'status', 'solved', from, web),
        ])
      } else if (r < 0.4) {
        // An agent's public reply, usually setting the ticket pending.
        const from = status
        const to = rand() < 0.7 ? 'pending' : 'open'
        status = to
        audit(assignee, web, (auditId) => [
          comment(auditId, assignee, true, makeText(rand, 60, 450), web),
          ...(from !== to ? [change('Change', 'status', to, from, web)] : []),
        ])
      } else if (r < 0.65) {
        // The requester answers (by email): a pending ticket opens again.
        const from = status
        status = 'open'
        const mail = via('email', k)
        audit(requester, mail, (auditId) => [
          comment(auditId, requester, true, makeText(rand, 40, 350), mail),
          ...(from !== 'open' ? [change('Change', 'status', 'open', from, mail)] : []),
        ])
      } else if (r < 0.85) {
        // An internal note.
        const author = rand() < 0.7 ? assignee : agent()
        audit(author, web, (auditId) => [
          comment(auditId, author, false, makeText(rand, 30, 250), web),
        ])
      } else if (r < 0.93) {
        // A priority change.
        const from = prio
        prio = pick(rand, PRIORITIES)
        audit(assignee, web, () => [change('Change', 'priority', prio, from, web)])
      } else {
        // On hold, or back to open.
        const from = status
        status = status === 'hold' ? 'open' : 'hold'
        audit(assignee, web, () => [change('Change', 'status', status, from, web)])
      }
    }
    const fields = customFields(
      rand,
      org === null ? null : pick(rand, ['gold', 'silver', 'bronze']),
      status,
    )
    const generated = at + Math.floor(rand() * 600)
    const ticket = {
      url: `${API}/tickets/${id}.json`,
      id,
      external_id: null,
      via: v,
      created_at: iso(createdAt),
      updated_at: iso(at),
      generated_timestamp: generated,
      type: pick(rand, TYPES),
      subject,
      raw_subject: subject,
      description,
      priority: prio,
      status,
      recipient: channel === 'email' ? `support@${SUBDOMAIN}.zendesk.com` : null,
      requester_id: requester,
      submitter_id: submitter,
      assignee_id: assignee,
      organization_id: org,
      group_id: 360_000_100_000 + (assignee % 6),
      collaborator_ids: [],
      follower_ids: [],
      email_cc_ids: [],
      forum_topic_id: null,
      problem_id: null,
      has_incidents: false,
      is_public: true,
      due_at: null,
      tags,
      custom_fields: fields,
      satisfaction_rating: status === 'solved' ? { score: 'offered' } : null,
      sharing_agreement_ids: [],
      custom_status_id:
        360_000_200_000 + ['new', 'open', 'pending', 'hold', 'solved'].indexOf(status),
      fields: fields.map((f) => ({ ...f })),
      followup_ids: [],
      ticket_form_id: 360_000_300_001,
      brand_id: 360_000_400_001,
      allow_channelback: false,
      allow_attachments: true,
      from_messaging_channel: false,
    }
    tickets.push({ ts: generated, id, json: JSON.stringify(ticket) })
  }
  const byTs = (a, b) => a.ts - b.ts || a.id - b.id
  tickets.sort(byTs)
  audits.sort(byTs)
  const cursor = () => randomCursor(rand)
  const ticketPages = []
  let before = null
  for (let p = 0; p < tickets.length; p += CONFIG.pageSize) {
    const chunk = tickets.slice(p, p + CONFIG.pageSize)
    const after = cursor()
    const end = p + CONFIG.pageSize >= tickets.length
    ticketPages.push(
      `{"tickets":[${chunk.map((t) => t.json).join(',')}],"after_url":${JSON.stringify(`${API}/incremental/tickets/cursor.json?cursor=${after}&per_page=1000`)},"after_cursor":${JSON.stringify(after)},"before_url":${before === null ? 'null' : JSON.stringify(`${API}/incremental/tickets/cursor.json?cursor=${before}&per_page=1000`)},"before_cursor":${JSON.stringify(before)},"end_of_stream":${end}}`,
    )
    before = after
  }
  const eventPages = []
  for (let p = 0; p < audits.length; p += CONFIG.pageSize) {
    const chunk = audits.slice(p, p + CONFIG.pageSize)
    const endTime = chunk[chunk.length - 1].ts
    const end = p + CONFIG.pageSize >= audits.length
    eventPages.push(
      `{"ticket_events":[${chunk.map((a) => a.json).join(',')}],"next_page":${JSON.stringify(`${API}/incremental/ticket_events.json?include=comment_events&per_page=1000&start_time=${endTime}`)},"count":${chunk.length},"end_of_stream":${end},"end_time":${endTime}}`,
    )
  }
  return { users, ticketPages, eventPages, audits: audits.length }
}

function randomCursor(rand) {
  const bytes = Buffer.alloc(30)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256)
  return bytes.toString('base64url')
}

// ---------------------------------------------------------------------------------------------
// The database.

async function admin(statement) {
  const c = new pg.Client({ connectionString: ADMIN_URL })
  await c.connect()
  try {
    await c.query(statement)
  } finally {
    await c.end()
  }
}

const SECRET_KEY = randomBytes(32).toString('hex')
const SECRETS = createSecretBox(SECRET_KEY)

async function setUp(users) {
  await admin(`drop database if exists ${BENCH_DB} with (force)`)
  await admin(`create database ${BENCH_DB}`)
  const handle = connectPostgres(DATABASE_URL, { poolSize: 2 })
  await migrateToLatest(handle.db)
  const created = await createTenant(handle.db, SECRETS, {
    subdomain: SUBDOMAIN,
    name: 'Bench',
    actor: 'bench',
    now: new Date(),
  })
  const tenantId = created.tenant.id
  // 1,000 accounts, each mapped to one of the first 1,000 organizations (the other 111 unmapped).
  await sql`
    insert into accounts (tenant_id, id, name, organization_id, time_zone)
    select ${tenantId}::uuid, 'acct-' || g, 'Account ' || g, ${ORG_BASE}::bigint + g, 'UTC'
      from generate_series(1, ${CONFIG.accounts}::int) g`.execute(handle.db)
  for (let i = 0; i < users.length; i += 1000)
    await upsertUsers(handle.db, tenantId, users.slice(i, i + 1000))
  // The baselines' tables: the same columns and defaults, a primary key, nothing else.
  await sql`create table raw_tickets (like tickets including defaults)`.execute(handle.db)
  await sql`alter table raw_tickets add primary key (tenant_id, id)`.execute(handle.db)
  await sql`create table raw_events (like ticket_events including defaults)`.execute(handle.db)
  await sql`alter table raw_events add primary key (tenant_id, ticket_id, event_key)`.execute(
    handle.db,
  )
  await sql`vacuum analyze`.execute(handle.db)
  return { handle, tenantId }
}

/**
 * The service's own sync run (`runTenantSync`) over the pages of one stream, `tickets` or
 * `ticket_events`: the Zendesk client fetches them (served from memory by an injected `fetch`: no
 * network), checks and parses them, and the run maps each page and stores it with its stream's
 * position in one statement while the next page is being fetched and mapped. The other streams
 * are empty; the run is stopped once the measured stream is done (before recomputation). Returns
 * the items/s between the run's start and its last page of the stream.
 */
async function serviceRun(db, tenantId, stream, pages) {
  const nextPage = new Map() // cursor or start_time → page index
  pages.forEach((text, i) => {
    const tail = text.slice(-2000)
    const m =
      stream === 'tickets'
        ? (/"after_cursor":"([^"]*)"/.exec(tail) ?? /"after_cursor":"([^"]*)"/.exec(text))
        : /"end_time":(\d+)\}$/.exec(tail)
    if (m) nextPage.set(m[1], i + 1)
  })
  const json = (body) => new Response(body, { headers: { 'content-type': 'application/json' } })
  const empty = (body) => json(JSON.stringify(body))
  const fetchFn = async (input) => {
    const url = new URL(typeof input === 'string' ? input : input.url)
    const path = url.pathname
    const cursor = url.searchParams.get('cursor')
    const startTime = url.searchParams.get('start_time')
    if (path.endsWith('/incremental/tickets/cursor') && stream === 'tickets')
      return json(pages[cursor === null ? 0 : nextPage.get(cursor)])
    if (path.endsWith('/incremental/ticket_events') && stream === 'ticket_events')
      return json(pages[Number(startTime) === SYNC_START ? 0 : nextPage.get(startTime)])
    if (path.endsWith('/cursor')) {
      const key = path.endsWith('/users/cursor') ? 'users' : 'tickets'
      return empty({
        [key]: [],
        after_cursor: 'none',
        after_url: null,
        before_cursor: null,
        before_url: null,
        end_of_stream: true,
      })
    }
    const key = path.endsWith('/organizations') ? 'organizations' : 'ticket_events'
    return empty({
      [key]: [],
      count: 0,
      end_time: Number(startTime),
      next_page: null,
      end_of_stream: true,
    })
  }
  await sql`
    insert into zendesk_connections (tenant_id, subdomain, base_url, auth_kind, email, credentials_enc,
                                     sync_start_at, field_ids)
    values (${tenantId}, ${SUBDOMAIN}, 'http://bench.invalid', 'api-token', 'bench@example.com',
            ${SECRETS.seal(JSON.stringify({ token: 'bench-token' }))}, ${new Date(SYNC_START * 1000)},
            ${JSON.stringify(FIELD_IDS)}::jsonb)
    on conflict (tenant_id) do nothing`.execute(db)
  await sql`delete from zendesk_sync_streams where tenant_id = ${tenantId}`.execute(db)
  const config = loadConfig({ DATABASE_URL: DATABASE_URL, SECRET_KEY, LOG_LEVEL: 'silent' })
  const stop = new AbortController()
  const started = performance.now()
  let last = started
  let items = 0
  let stored = 0
  await runTenantSync(
    { db, secrets: SECRETS, config, clock: () => Date.now(), clientOptions: { fetch: fetchFn } },
    tenantId,
    {
      instance: 'bench',
      signal: stop.signal,
      onPage: ({ stream: s, items: n }) => {
        if (s !== stream) return
        items += n
        last = performance.now()
        if (++stored === pages.length) stop.abort(new Error(`${stream} stream measured`))
      },
    },
  )
  if (stored !== pages.length)
    throw new Error(`the run stored ${stored} of ${pages.length} ${stream} pages`)
  return { items, ms: last - started }
}

/** Empties what the rounds fill; fresh statistics; a checkpoint so no phase pays for another's. */
async function reset(db, tenantId) {
  await sql`truncate tickets, raw_tickets, raw_events cascade`.execute(db)
  await sql`delete from zendesk_sync_streams where tenant_id = ${tenantId}`.execute(db)
  await settle(db)
}

async function settle(db) {
  await sql`analyze tickets`.execute(db)
  await sql`analyze ticket_events`.execute(db)
  await sql`analyze raw_tickets`.execute(db)
  await sql`analyze raw_events`.execute(db)
  await sql`checkpoint`.execute(db)
  gc()
}

// ---------------------------------------------------------------------------------------------
// The measured passes.

/** A stream advance for a page stored outside a sync pass (the service's statements carry one). */
const pageAdvance = (stream, rows) => ({
  stream,
  cursor: 'bench',
  endOfStream: false,
  items: rows.length,
  positionAt: null,
  at: new Date(),
})
const newProfile = () => ({ parse: 0, map: 0, store: 0, roles: 0, total: 0 })

/**
 * `Run.tickets()` over every page, its steps one after the other: JSON.parse, map, then the page's
 * one autocommitted statement (rows, deletions and the stream's advance). Variants (profile only):
 * `overlap` parses the next page while the database runs this page's statement; `mapPage`
 * replaces the per-ticket mapping.
 */
async function syncTickets(db, tenantId, pages, prof, opts = {}) {
  const started = performance.now()
  let cursor
  let items = 0
  const moved = []
  let parsed
  await db.connection().execute(async (conn) => {
    for (let i = 0; i < pages.length; i++) {
      const t0 = performance.now()
      const page = parsed ?? JSON.parse(pages[i])
      parsed = undefined
      const t1 = performance.now()
      const next = page.after_cursor ?? cursor
      const live = page.tickets.filter((t) => t.status !== 'deleted')
      const deleted = page.tickets.filter((t) => t.status === 'deleted').map((t) => t.id)
      const rows = opts.mapPage
        ? opts.mapPage(live)
        : live.map((t) => exportedTicketRow(t, FIELD_IDS))
      const newestTs = Math.max(0, ...page.tickets.map((t) => t.generated_timestamp ?? 0))
      const t2 = performance.now()
      const storing = storeExportedTickets(
        conn,
        tenantId,
        { live: jsonRows(rows), deleted },
        {
          stream: 'tickets',
          cursor: next ?? null,
          ...(cursor === undefined ? { startTime: SYNC_START } : {}),
          endOfStream: page.end_of_stream,
          items: page.tickets.length,
          positionAt: newestTs > 0 ? new Date(newestTs * 1000) : null,
          at: new Date(),
        },
      )
      if (opts.overlap && i + 1 < pages.length) {
        await new Promise((resolve) => setImmediate(resolve)) // the statement is on its way
        parsed = JSON.parse(pages[i + 1])
      }
      moved.push(...(await storing))
      const t3 = performance.now()
      prof.parse += t1 - t0
      prof.map += t2 - t1
      prof.store += t3 - t2
      cursor = next ?? undefined
      items += page.tickets.length
    }
  })
  const ms = performance.now() - started
  prof.total += ms
  return { items, ms, moved: moved.length }
}

/** `exportedTicketRow` for a whole page, with the set of our field ids built once, not per ticket. */
function mapPageOnce(tickets) {
  const ours = new Set(Object.values(FIELD_IDS))
  return tickets.map((t) => {
    const fields = {}
    for (const f of t.custom_fields ?? []) if (ours.has(f.id)) fields[String(f.id)] = f.value
    return {
      id: t.id,
      subject: t.subject ?? null,
      organization_id: t.organization_id ?? null,
      requester_id: t.requester_id ?? null,
      zd_status: t.status,
      zd_tags: t.tags ?? [],
      zd_fields: fields,
      zd_updated_at: t.updated_at,
      zd_generated_at: t.generated_timestamp,
      created_at: t.created_at,
    }
  })
}

/** Sorts a time-based page by (timestamp, id), as the sync does. */
function byTimeThenId(a, b) {
  return (a.timestamp ?? 0) - (b.timestamp ?? 0) || a.id - b.id
}

function eventRow(ticketId, key, e, seq) {
  return {
    ticket_id: ticketId,
    event_key: key,
    at: new Date(e.at).toISOString(),
    seq,
    type: e.type,
    data: eventData(e),
  }
}

/** `Run.#roles`: the page's authors' roles from `zendesk_users` (all known here). */
async function rolesOf(tx, tenantId, audits) {
  const ids = [...new Set(audits.flatMap(authorsOf))]
  const known = await selectUserRoles(tx, tenantId, ids)
  const missing = ids.filter((id) => !known.has(id))
  if (missing.length > 0) throw new Error(`unknown authors ${missing.slice(0, 5).join(', ')}`)
  return new Map([...known].map(([id, role]) => [id, roleOfZendesk(role)]))
}

function mapAudits(audits, roles) {
  const rows = []
  let seq = 0
  for (const a of audits)
    for (const e of eventsOfAudit(a, (id) => roles.get(id)))
      rows.push(eventRow(a.ticket_id, e.key, e.event, ++seq))
  return rows
}

/**
 * `Run.ticketEvents()` over every page, its steps one after the other: JSON.parse, sort, the
 * authors' roles, map, then the page's one autocommitted statement (events and stream advance).
 */
async function syncEvents(db, tenantId, pages, prof, rolesLoadedOnce = undefined) {
  const started = performance.now()
  let start = SYNC_START
  let items = 0
  let events = 0
  await db.connection().execute(async (conn) => {
    for (const text of pages) {
      const t0 = performance.now()
      const page = JSON.parse(text)
      const t1 = performance.now()
      const next = Math.max(start, Number.isFinite(page.end_time) ? page.end_time : start)
      const audits = [...page.ticket_events].sort(byTimeThenId)
      const roles = rolesLoadedOnce ?? (await rolesOf(conn, tenantId, audits))
      const t2 = performance.now()
      const rows = mapAudits(audits, roles)
      const newestTs = Math.max(0, ...audits.map((a) => a.timestamp ?? 0))
      const t3 = performance.now()
      await insertSyncedEvents(conn, tenantId, jsonRows(rows), {
        stream: 'ticket_events',
        startTime: next,
        endOfStream: page.end_of_stream,
        items: audits.length,
        positionAt: newestTs > 0 ? new Date(newestTs * 1000) : null,
        at: new Date(),
      })
      const t4 = performance.now()
      prof.parse += t1 - t0
      prof.roles += t2 - t1
      prof.map += t3 - t2
      prof.store += t4 - t3
      events += rows.length
      start = next
      items += page.ticket_events.length
    }
  })
  const ms = performance.now() - started
  prof.total += ms
  return { items, events, ms }
}

const RAW_TICKET_COLUMNS = sql`(id bigint, account_id text, organization_id bigint, subject text,
  requester_id bigint, zd_status text, zd_tags jsonb, zd_fields jsonb, zd_updated_at timestamptz,
  zd_generated_at bigint, created_at timestamptz)`

/** One page of already-mapped rows (their account resolved) as one plain multi-row insert. */
function rawTicketsPage(conn, rows, table = 'raw_tickets') {
  return sql`
    insert into ${sql.table(table)} (tenant_id, id, account_id, organization_id, subject, status,
           priority, created_at, updated_at, requester_id, zd_status, zd_tags, zd_fields,
           zd_updated_at, zd_generated_at, needs_recompute)
    select ${tenantId}::uuid, x.id, x.account_id, x.organization_id, x.subject, 'new', null,
           x.created_at, x.created_at, x.requester_id, x.zd_status, x.zd_tags, x.zd_fields,
           x.zd_updated_at, x.zd_generated_at, true
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x ${RAW_TICKET_COLUMNS}`.execute(
    conn,
  )
}

/** The baseline: one plain multi-row insert per page of already-mapped rows (jsonb_to_recordset). */
async function rawTickets(db, tenantId, rowPages) {
  const started = performance.now()
  let items = 0
  await db.connection().execute(async (conn) => {
    for (const rows of rowPages) {
      await rawTicketsPage(conn, rows)
      items += rows.length
    }
  })
  return { items, ms: performance.now() - started }
}

/** The same insert with the columns as arrays (`unnest`), jsonb only for the two jsonb columns. */
async function rawTicketsUnnest(db, tenantId, rowPages) {
  const started = performance.now()
  let items = 0
  await db.connection().execute(async (conn) => {
    for (const rows of rowPages) {
      const col = (k) => rows.map((r) => r[k])
      await sql`
        insert into raw_tickets (tenant_id, id, account_id, organization_id, subject, status,
               priority, created_at, updated_at, requester_id, zd_status, zd_tags, zd_fields,
               zd_updated_at, zd_generated_at, needs_recompute)
        select ${tenantId}::uuid, x.id, x.account_id, x.organization_id, x.subject, 'new', null,
               x.created_at, x.created_at, x.requester_id, x.zd_status, x.zd_tags, x.zd_fields,
               x.zd_updated_at, x.zd_generated_at, true
          from unnest(${col('id')}::bigint[], ${col('account_id')}::text[],
                      ${col('organization_id')}::bigint[], ${col('subject')}::text[],
                      ${col('requester_id')}::bigint[], ${col('zd_status')}::text[],
                      ${rows.map((r) => JSON.stringify(r.zd_tags))}::jsonb[],
                      ${rows.map((r) => JSON.stringify(r.zd_fields))}::jsonb[],
                      ${col('zd_updated_at')}::timestamptz[], ${col('zd_generated_at')}::bigint[],
                      ${col('created_at')}::timestamptz[])
               as x(id, account_id, organization_id, subject, requester_id, zd_status, zd_tags,
                    zd_fields, zd_updated_at, zd_generated_at, created_at)`.execute(conn)
      items += rows.length
    }
  })
  return { items, ms: performance.now() - started }
}

async function rawEvents(db, tenantId, rowPages) {
  const started = performance.now()
  let items = 0
  await db.connection().execute(async (conn) => {
    for (const rows of rowPages) {
      await sql`
        insert into raw_events (tenant_id, ticket_id, event_key, at, seq, type, data)
        select ${tenantId}::uuid, x.ticket_id, x.event_key, x.at, x.seq, x.type, x.data
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
               as x(ticket_id bigint, event_key text, at timestamptz, seq int, type text, data jsonb)`.execute(
        conn,
      )
      items += rows.length
    }
  })
  return { items, ms: performance.now() - started }
}

/** The same rows stored by the sync and by the baseline? (Counts of rows that differ.) */
async function agreement(db) {
  const r = await sql`
    select (select count(*) from tickets)::int as tickets,
           (select count(*) from raw_tickets)::int as raw_tickets,
           (select count(*) from tickets where account_id is not null)::int as mapped,
           (select count(*) from tickets t full join raw_tickets r using (tenant_id, id)
             where t.id is null or r.id is null
                or (t.account_id, t.organization_id, t.subject, t.requester_id, t.zd_status,
                    t.zd_tags, t.zd_fields, t.zd_updated_at, t.zd_generated_at, t.created_at)
                   is distinct from
                   (r.account_id, r.organization_id, r.subject, r.requester_id, r.zd_status,
                    r.zd_tags, r.zd_fields, r.zd_updated_at, r.zd_generated_at, r.created_at))::int
             as tickets_differing,
           (select count(*) from ticket_events)::int as events,
           (select count(*) from raw_events)::int as raw_events,
           (select count(*) from ticket_events e full join raw_events r
                   using (tenant_id, ticket_id, event_key)
             where e.ticket_id is null or r.ticket_id is null
                or (e.at, e.seq, e.type, e.data) is distinct from (r.at, r.seq, r.type, r.data))::int
             as events_differing`.execute(db)
  return r.rows[0]
}

// ---------------------------------------------------------------------------------------------

const fmt = (n, d = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
const rate = (items, ms) => (items * 1000) / ms

console.log(
  `sync ingest: ${fmt(CONFIG.tickets)} tickets in pages of ${fmt(CONFIG.pageSize)}, ${CONFIG.rounds} rounds${QUICK ? ' (quick)' : ''}`,
)
let g0 = performance.now()
const data = generate(mulberry32(CONFIG.seed))
const ticketBytes = data.ticketPages.reduce((s, p) => s + p.length, 0)
const eventBytes = data.eventPages.reduce((s, p) => s + p.length, 0)
console.log(
  `generated ${fmt(data.ticketPages.length)} ticket pages (${fmt(ticketBytes / 2 ** 20, 1)} MiB, ${fmt(ticketBytes / CONFIG.tickets)} B/ticket) and ${fmt(data.eventPages.length)} ticket-event pages (${fmt(data.audits)} audits, ${fmt(eventBytes / 2 ** 20, 1)} MiB, ${fmt(eventBytes / data.audits)} B/audit) in ${fmt((performance.now() - g0) / 1000, 1)} s`,
)

const loadBefore = os.loadavg()
const { handle, tenantId } = await setUp(data.users)
const db = handle.db
const pgVersion = (await sql`select version() as v`.execute(db)).rows[0].v

// The baselines' rows: parsed and mapped once, outside every timing.
g0 = performance.now()
const accountOf = new Map(
  Array.from({ length: CONFIG.accounts }, (_, i) => [ORG_BASE + 1 + i, `acct-${1 + i}`]),
)
const rawTicketPages = data.ticketPages.map((text) =>
  JSON.parse(text).tickets.map((t) => {
    const row = exportedTicketRow(t, FIELD_IDS)
    return { ...row, account_id: accountOf.get(row.organization_id) ?? null }
  }),
)
const roleOf = new Map(data.users.map((u) => [u.id, roleOfZendesk(u.role)]))
const rawEventPages = data.eventPages.map((text) =>
  mapAudits([...JSON.parse(text).ticket_events].sort(byTimeThenId), roleOf),
)
const eventCount = rawEventPages.reduce((s, p) => s + p.length, 0)
console.log(
  `mapped the baselines' rows (${fmt(eventCount)} events, ${fmt(eventCount / CONFIG.tickets, 2)} per ticket) in ${fmt((performance.now() - g0) / 1000, 1)} s\n`,
)

const rounds = []
const profTickets = newProfile()
const profUpdates = newProfile()
const profEvents = newProfile()
let agree
for (let r = 0; r < CONFIG.rounds; r++) {
  await reset(db, tenantId)
  const sv = await serviceRun(db, tenantId, 'tickets', data.ticketPages)
  await reset(db, tenantId)
  const a = await syncTickets(db, tenantId, data.ticketPages, profTickets)
  await settle(db)
  const a2 = await syncTickets(db, tenantId, data.ticketPages, profUpdates)
  await settle(db)
  const b = await rawTickets(db, tenantId, rawTicketPages)
  await settle(db)
  const c = await syncEvents(db, tenantId, data.eventPages, profEvents)
  await settle(db)
  const d = await rawEvents(db, tenantId, rawEventPages)
  // The service's run over the event pages, into emptied events (the tickets stored as in c):
  // the agreement below then checks the run's rows.
  await sql`truncate ticket_events`.execute(db)
  await settle(db)
  const se = await serviceRun(db, tenantId, 'ticket_events', data.eventPages)
  agree = await agreement(db)
  const round = {
    serviceRun: rate(sv.items, sv.ms),
    serviceRunEvents: rate(se.items, se.ms),
    ticketsInsert: rate(a.items, a.ms),
    ticketsUpdate: rate(a2.items, a2.ms),
    rawTickets: rate(b.items, b.ms),
    audits: rate(c.items, c.ms),
    rawAudits: rate(data.audits, d.ms),
    events: rate(c.events, c.ms),
    ms: {
      serviceRun: sv.ms,
      serviceRunEvents: se.ms,
      ticketsInsert: a.ms,
      ticketsUpdate: a2.ms,
      rawTickets: b.ms,
      events: c.ms,
      rawEvents: d.ms,
    },
  }
  rounds.push(round)
  console.log(
    `round ${r + 1}: service run ${fmt(round.serviceRun)} tickets/s, ${fmt(round.serviceRunEvents)} audits/s; tickets ${fmt(round.ticketsInsert)}/s (updates ${fmt(round.ticketsUpdate)}/s), raw ${fmt(round.rawTickets)}/s; audits ${fmt(round.audits)}/s, raw ${fmt(round.rawAudits)}/s`,
  )
}
console.log(
  `agreement (last round): ${fmt(agree.tickets)} tickets (${fmt(agree.mapped)} mapped to an account), ${agree.tickets_differing} differ from the baseline's; ${fmt(agree.events)} events, ${agree.events_differing} differ`,
)
if (
  agree.tickets !== CONFIG.tickets ||
  agree.tickets_differing !== 0 ||
  agree.events !== eventCount ||
  agree.events_differing !== 0
)
  throw new Error(`the sync and the baseline stored different rows: ${JSON.stringify(agree)}`)

const med = (k) => median(rounds.map((r) => r[k]))
const auditsPerTicket = data.audits / CONFIG.tickets
const summary = {
  serviceRun: med('serviceRun'),
  serviceRunEvents: med('serviceRunEvents'),
  ticketsInsert: med('ticketsInsert'),
  ticketsUpdate: med('ticketsUpdate'),
  rawTickets: med('rawTickets'),
  audits: med('audits'),
  rawAudits: med('rawAudits'),
}
const ratios = {
  serviceRun: summary.serviceRun / summary.rawTickets,
  serviceRunEvents: summary.serviceRunEvents / summary.rawAudits,
  ticketsInsert: summary.ticketsInsert / summary.rawTickets,
  ticketsUpdate: summary.ticketsUpdate / summary.rawTickets,
  audits: summary.audits / summary.rawAudits,
}
// A first sync stores every ticket once and then all its audits.
const firstSync = 1 / (1 / summary.serviceRun + 1 / (summary.serviceRunEvents / auditsPerTicket))

const table = [
  ["s. the service's sync run, ticket pages", summary.serviceRun, 'tickets', ratios.serviceRun],
  [
    'a. sync ingest, ticket pages (inserts)',
    summary.ticketsInsert,
    'tickets',
    ratios.ticketsInsert,
  ],
  [
    'a. sync ingest, ticket pages (updates)',
    summary.ticketsUpdate,
    'tickets',
    ratios.ticketsUpdate,
  ],
  ['b. raw insert of the same ticket rows', summary.rawTickets, 'tickets', 1],
  [
    "s. the service's sync run, event pages",
    summary.serviceRunEvents,
    'audits',
    ratios.serviceRunEvents,
  ],
  ['c. sync ingest, ticket-event pages', summary.audits, 'audits', ratios.audits],
  ['d. raw insert of the same event rows', summary.rawAudits, 'audits', 1],
]
console.log(
  `\n${'phase'.padEnd(42)} ${'rate/s'.padStart(10)} ${'unit'.padEnd(8)} ${'vs raw'.padStart(7)}`,
)
for (const [name, v, unit, ratio] of table)
  console.log(
    `${name.padEnd(42)} ${fmt(v).padStart(10)} ${unit.padEnd(8)} ${fmt(ratio, 2).padStart(7)}`,
  )
console.log(
  `ticket events (the service's run): ${fmt(summary.serviceRunEvents / auditsPerTicket)} tickets-equivalent/s (${fmt(auditsPerTicket, 2)} audits per ticket); a first sync (tickets then events): ${fmt(firstSync)} tickets/s`,
)

const goals = [
  {
    goal: `the service's sync run, ticket pages ≥ ${fmt(GOAL_RATE)} tickets/s`,
    measured: summary.serviceRun,
    met: summary.serviceRun >= GOAL_RATE,
  },
  {
    goal: `the service's sync run, ticket pages ≥ ${GOAL_RATIO} × the raw insert`,
    measured: ratios.serviceRun,
    met: ratios.serviceRun >= GOAL_RATIO,
  },
  {
    goal: `the service's sync run, ticket-event pages ≥ ${GOAL_RATIO} × the raw insert`,
    measured: ratios.serviceRunEvents,
    met: ratios.serviceRunEvents >= GOAL_RATIO,
  },
]
console.log('')
for (const g of goals)
  console.log(
    `${g.met ? 'met    ' : 'NOT met'}  ${g.goal}: ${fmt(g.measured, g.measured < 10 ? 2 : 0)}`,
  )

// ---------------------------------------------------------------------------------------------
// Profile: where a page's time goes.

const perPage = (p, pages, rounds) => {
  const out = {}
  for (const [k, v] of Object.entries(p)) out[k] = v / pages / rounds
  out.rest = out.total - out.parse - out.map - out.store - out.roles
  return out
}
const breakdown = {
  ticketsInsert: perPage(profTickets, data.ticketPages.length, CONFIG.rounds),
  ticketsUpdate: perPage(profUpdates, data.ticketPages.length, CONFIG.rounds),
  events: perPage(profEvents, data.eventPages.length, CONFIG.rounds),
}
console.log('\nms per page of 1,000 (mean)     parse    map  roles  statement   rest  total')
for (const [name, b] of Object.entries(breakdown))
  console.log(
    `${name.padEnd(30)} ${[b.parse, b.map, b.roles].map((x) => fmt(x, 2).padStart(6)).join(' ')} ${fmt(b.store, 2).padStart(10)} ${[b.rest, b.total].map((x) => fmt(x, 2).padStart(6)).join(' ')}`,
  )

// EXPLAIN ANALYZE of one page's statements (in a rolled-back transaction): the server's share.
/** The plan's nodes, flattened: what each costs (inclusive of its children, all loops). */
function planNodes(node, depth = 0, out = []) {
  const what = [
    node['Node Type'],
    node['Operation'],
    node['Relation Name'] ?? node['CTE Name'] ?? node['Function Name'] ?? node['Index Name'],
    node['Subplan Name'],
  ]
    .filter((x) => x !== undefined)
    .join(' ')
  out.push({
    depth,
    what,
    ms: node['Actual Total Time'] * node['Actual Loops'],
    rows: node['Actual Rows'] * node['Actual Loops'],
  })
  for (const child of node.Plans ?? []) planNodes(child, depth + 1, out)
  return out
}

/**
 * The statement a service function runs (the first one matching `pattern`), compiled: the
 * function runs on a logging Kysely in a transaction that is rolled back.
 */
async function serviceStatement(fn, pattern = /^\s*with|^\s*insert/i) {
  let captured
  const spy = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: DATABASE_URL, max: 1 }) }),
    log: (e) => {
      if (e.level === 'query' && !captured && pattern.test(e.query.sql)) captured = e.query
    },
  })
  try {
    await spy
      .transaction()
      .execute(async (tx) => {
        await fn(tx)
        throw new Error('rollback')
      })
      .catch(() => undefined)
  } finally {
    await spy.destroy()
  }
  if (!captured) throw new Error('the service function ran no matching statement')
  return captured
}

async function explain(statement) {
  return db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn)
    try {
      const r =
        'sql' in statement && 'parameters' in statement
          ? await conn.executeQuery(
              CompiledQuery.raw(
                `explain (analyze, buffers, format json) ${statement.sql}`,
                statement.parameters,
              ),
            )
          : await sql`explain (analyze, buffers, format json) ${statement}`.execute(conn)
      const plan = r.rows[0]['QUERY PLAN'][0]
      return {
        executionMs: plan['Execution Time'],
        planningMs: plan['Planning Time'],
        triggers: (plan.Triggers ?? []).map((t) => ({
          name: t['Trigger Name'],
          ms: t.Time,
          calls: t.Calls,
        })),
        nodes: planNodes(plan.Plan),
      }
    } finally {
      await sql`rollback`.execute(conn)
    }
  })
}

const mappedTicketPages = rawTicketPages.map((rows) =>
  rows.map(({ account_id: _account, ...row }) => row),
)
const explained = {}
{
  // One page of new tickets (after the others), one page of updates, one page of events.
  await reset(db, tenantId)
  await syncTickets(db, tenantId, data.ticketPages.slice(1), newProfile())
  await settle(db)
  // The service's own statements, as it compiles them (no copy of their SQL here).
  const ticketsStatement = (rows) =>
    serviceStatement((tx) =>
      storeExportedTickets(
        tx,
        tenantId,
        { live: jsonRows(rows), deleted: [] },
        pageAdvance('tickets', rows),
      ),
    )
  explained.ticketsInsert = await explain(await ticketsStatement(mappedTicketPages[0]))
  explained.ticketsUpdate = await explain(await ticketsStatement(mappedTicketPages[1]))
  explained.rawTickets = await explain(sql`
    insert into raw_tickets (tenant_id, id, account_id, organization_id, subject, status,
           priority, created_at, updated_at, requester_id, zd_status, zd_tags, zd_fields,
           zd_updated_at, zd_generated_at, needs_recompute)
    select ${tenantId}::uuid, x.id, x.account_id, x.organization_id, x.subject, 'new', null,
           x.created_at, x.created_at, x.requester_id, x.zd_status, x.zd_tags, x.zd_fields,
           x.zd_updated_at, x.zd_generated_at, true
      from jsonb_to_recordset(${JSON.stringify(rawTicketPages[0])}::jsonb) as x ${RAW_TICKET_COLUMNS}`)
  await syncTickets(db, tenantId, data.ticketPages.slice(0, 1), newProfile())
  const mid = Math.floor(data.eventPages.length / 2)
  await syncEvents(db, tenantId, data.eventPages.slice(0, mid), newProfile())
  await settle(db)
  const rows = rawEventPages[mid]
  explained.events = await explain(
    await serviceStatement((tx) =>
      insertSyncedEvents(tx, tenantId, jsonRows(rows), pageAdvance('ticket_events', rows)),
    ),
  )
  explained.rawEvents = await explain(sql`
    insert into raw_events (tenant_id, ticket_id, event_key, at, seq, type, data)
    select ${tenantId}::uuid, x.ticket_id, x.event_key, x.at, x.seq, x.type, x.data
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
           as x(ticket_id bigint, event_key text, at timestamptz, seq int, type text, data jsonb)`)
}
console.log('\nEXPLAIN ANALYZE of one page (server time, ms; triggers included in execution)')
for (const [name, e] of Object.entries(explained)) {
  console.log(
    `${name}: execution ${fmt(e.executionMs, 1)}, planning ${fmt(e.planningMs, 1)}; triggers: ${e.triggers.map((t) => `${t.name} ${fmt(t.ms, 1)}`).join(', ') || 'none'}`,
  )
  for (const n of e.nodes)
    if (n.ms >= 0.3)
      console.log(`  ${' '.repeat(2 * n.depth)}${n.what}: ${fmt(n.ms, 1)} ms, ${fmt(n.rows)} rows`)
}

// Variants, inlined here for measurement only (the service is unchanged). Statement variants run
// every page autocommitted into emptied tables (no parse, no map), interleaved per
// round. `disable trigger user` turns off the NOTIFY triggers only; `disable trigger all` also the
// foreign-key checks. The event variants run the first EVENT_VARIANT_PAGES pages.
const ticketColumns = sql`tenant_id, id, account_id, organization_id, subject, status, priority,
  created_at, updated_at, requester_id, zd_status, zd_tags, zd_fields, zd_updated_at,
  zd_generated_at, needs_recompute`
const joinedRows = (rows) => sql`
  select ${tenantId}::uuid, x.id, a.id, x.organization_id, x.subject, 'new', null, x.created_at,
         x.created_at, x.requester_id, x.zd_status, x.zd_tags, x.zd_fields, x.zd_updated_at,
         x.zd_generated_at, true
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
         as x(id bigint, subject text, organization_id bigint, requester_id bigint,
              zd_status text, zd_tags jsonb, zd_fields jsonb, zd_updated_at timestamptz,
              zd_generated_at bigint, created_at timestamptz)
    left join accounts a on a.tenant_id = ${tenantId} and a.organization_id = x.organization_id`
const service = (conn, rows) =>
  storeExportedTickets(
    conn,
    tenantId,
    { live: jsonRows(rows), deleted: [] },
    pageAdvance('tickets', rows),
  )
const withoutOld = (conn, rows) =>
  sql`insert into tickets (${ticketColumns}) ${joinedRows(rows)}
      on conflict (tenant_id, id) do update
        set account_id = excluded.account_id, organization_id = excluded.organization_id,
            subject = coalesce(excluded.subject, tickets.subject),
            requester_id = excluded.requester_id, zd_status = excluded.zd_status,
            zd_tags = excluded.zd_tags, zd_fields = excluded.zd_fields,
            zd_updated_at = excluded.zd_updated_at, zd_generated_at = excluded.zd_generated_at,
            needs_recompute = tickets.needs_recompute
              or tickets.account_id is distinct from excluded.account_id
        where tickets.zd_generated_at is null
           or tickets.zd_generated_at <= excluded.zd_generated_at`.execute(conn)
// T0: the statement before `left_account_id` (migration 0006): the `old` CTE locks and reads the
// existing rows first to report the accounts that lost a ticket; no stream advance (that was a
// statement of its own in the page's transaction).
const oldCte = async (conn, rows) => {
  const r = await sql`
    with x (${ticketColumns}) as (${joinedRows(rows)}),
    old as (
      select t.id, t.account_id from tickets t
       where t.tenant_id = ${tenantId} and t.id in (select x.id from x)
       for update
    ),
    up as (
      insert into tickets (${ticketColumns}) select * from x
      on conflict (tenant_id, id) do update
        set account_id = excluded.account_id, organization_id = excluded.organization_id,
            subject = coalesce(excluded.subject, tickets.subject),
            requester_id = excluded.requester_id, zd_status = excluded.zd_status,
            zd_tags = excluded.zd_tags, zd_fields = excluded.zd_fields,
            zd_updated_at = excluded.zd_updated_at, zd_generated_at = excluded.zd_generated_at,
            needs_recompute = tickets.needs_recompute
              or tickets.account_id is distinct from excluded.account_id
        where tickets.zd_generated_at is null
           or tickets.zd_generated_at <= excluded.zd_generated_at
      returning id, account_id
    )
    select old.account_id, up.id from old join up on up.id = old.id
     where old.account_id is not null and old.account_id is distinct from up.account_id`.execute(
    conn,
  )
  return r.rows
}
const plainJoined = (conn, rows) =>
  sql`insert into tickets (${ticketColumns}) ${joinedRows(rows)}`.execute(conn)
const plainInto = (conn, rows) => rawTicketsPage(conn, rows, 'tickets')

async function timed(table, triggers, pages, items, fn) {
  return db.connection().execute(async (conn) => {
    if (triggers !== 'on')
      await sql.raw(`alter table ${table} disable trigger ${triggers}`).execute(conn)
    try {
      const started = performance.now()
      for (const rows of pages) await fn(conn, rows)
      return rate(items, performance.now() - started)
    } finally {
      if (triggers !== 'on')
        await sql.raw(`alter table ${table} enable trigger ${triggers}`).execute(conn)
    }
  })
}
const EVENT_VARIANT_PAGES = QUICK ? data.eventPages.length : 100
const variantEventPages = rawEventPages.slice(0, EVENT_VARIANT_PAGES)
const variantAudits = data.eventPages
  .slice(0, EVENT_VARIANT_PAGES)
  .reduce((s, text) => s + JSON.parse(text).ticket_events.length, 0)
const eventSql = (extra) => (conn, rows) =>
  sql`insert into ticket_events (tenant_id, ticket_id, event_key, at, seq, type, data)
      select ${tenantId}::uuid, x.ticket_id, x.event_key, x.at, x.seq, x.type, x.data
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
             as x(ticket_id bigint, event_key text, at timestamptz, seq int, type text, data jsonb)
      ${extra}`.execute(conn)
const serviceEvents = (conn, rows) =>
  insertSyncedEvents(conn, tenantId, jsonRows(rows), pageAdvance('ticket_events', rows))
const rawEventsPage = (conn, rows) =>
  sql`insert into raw_events (tenant_id, ticket_id, event_key, at, seq, type, data)
      select ${tenantId}::uuid, x.ticket_id, x.event_key, x.at, x.seq, x.type, x.data
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
             as x(ticket_id bigint, event_key text, at timestamptz, seq int, type text, data jsonb)`.execute(
    conn,
  )
const emptyEvents = async () => {
  await sql`truncate ticket_events, raw_events`.execute(db)
  await settle(db)
}
const events = (triggers, fn) =>
  timed('ticket_events', triggers, variantEventPages, variantAudits, fn)

const TICKET_VARIANTS = [
  [
    'T1 storeExportedTickets (the service function, with its stream advance)',
    () => timed('tickets', 'on', mappedTicketPages, CONFIG.tickets, service),
  ],
  [
    'T1 … without the NOTIFY triggers',
    () => timed('tickets', 'user', mappedTicketPages, CONFIG.tickets, service),
  ],
  [
    'T1 … without NOTIFY and foreign-key triggers',
    () => timed('tickets', 'all', mappedTicketPages, CONFIG.tickets, service),
  ],
  [
    'T0 the statement before: moved accounts from the locking `old` CTE',
    () => timed('tickets', 'on', mappedTicketPages, CONFIG.tickets, oldCte),
  ],
  [
    'T2 upsert only (moved accounts not reported, no stream advance)',
    () => timed('tickets', 'on', mappedTicketPages, CONFIG.tickets, withoutOld),
  ],
  [
    'T3 plain insert with the account join (no on conflict)',
    () => timed('tickets', 'on', mappedTicketPages, CONFIG.tickets, plainJoined),
  ],
  [
    'T4 plain insert, account resolved in JS (= b into tickets)',
    () => timed('tickets', 'on', rawTicketPages, CONFIG.tickets, plainInto),
  ],
  [
    'T5 … without NOTIFY and foreign-key triggers',
    () => timed('tickets', 'all', rawTicketPages, CONFIG.tickets, plainInto),
  ],
  [
    'b. raw insert into raw_tickets, jsonb_to_recordset',
    () => timed('raw_tickets', 'on', rawTicketPages, CONFIG.tickets, rawTicketsPage),
  ],
  [
    'b′ raw insert into raw_tickets, unnest arrays',
    async () => rate(CONFIG.tickets, (await rawTicketsUnnest(db, tenantId, rawTicketPages)).ms),
  ],
]
const EVENT_VARIANTS = [
  [
    'E1 insertSyncedEvents (the service function, with its stream advance)',
    () => events('on', serviceEvents),
  ],
  ['E1 … without the NOTIFY trigger', () => events('user', serviceEvents)],
  ['E1 … without NOTIFY and foreign-key triggers', () => events('all', serviceEvents)],
  [
    'E2 insert … on conflict do nothing (no placeholders, no marking)',
    () => events('on', eventSql(sql`on conflict (tenant_id, ticket_id, event_key) do nothing`)),
  ],
  ['E3 plain insert', () => events('on', eventSql(sql``))],
  [
    'E3 … without the index ticket_events_order',
    async () => {
      await sql`drop index ticket_events_order`.execute(db)
      try {
        return await events('on', eventSql(sql``))
      } finally {
        await sql`truncate ticket_events`.execute(db)
        await sql`create index ticket_events_order on ticket_events (tenant_id, ticket_id, at, seq)`.execute(
          db,
        )
      }
    },
  ],
  [
    'd. raw insert into raw_events',
    () => timed('raw_events', 'on', variantEventPages, variantAudits, rawEventsPage),
  ],
]
// Whole sync passes (parse, map, statement) over the same event pages: authors' roles
// queried per page (as `Run.#roles` does) or from a Map loaded once for the run.
const rolesOnce = async () => {
  const rows = await sql`select id, role from zendesk_users where tenant_id = ${tenantId}`.execute(
    db,
  )
  return new Map(rows.rows.map((u) => [Number(u.id), roleOfZendesk(u.role)]))
}
const ticketPass = (opts) => async () => {
  const r = await syncTickets(db, tenantId, data.ticketPages, newProfile(), opts)
  return rate(r.items, r.ms)
}
const TICKET_PIPELINE_VARIANTS = [
  ['a. sync ingest of ticket pages (as Run.tickets)', ticketPass({})],
  ['a′ … the next page parsed while the database stores this one', ticketPass({ overlap: true })],
  ['a″ … mapping with the field-id set built once per page', ticketPass({ mapPage: mapPageOnce })],
]
const PIPELINE_VARIANTS = [
  [
    'c. sync ingest of ticket-event pages (roles queried per page)',
    async () => {
      const r = await syncEvents(
        db,
        tenantId,
        data.eventPages.slice(0, EVENT_VARIANT_PAGES),
        newProfile(),
      )
      return rate(r.items, r.ms)
    },
  ],
  [
    'c′ … roles from a Map loaded once (query timed)',
    async () => {
      const started = performance.now()
      const roles = await rolesOnce()
      const r = await syncEvents(
        db,
        tenantId,
        data.eventPages.slice(0, EVENT_VARIANT_PAGES),
        newProfile(),
        roles,
      )
      return rate(r.items, performance.now() - started)
    },
  ],
]

const variantRounds = QUICK ? 1 : 5
const variants = { tickets: {}, pipelineTickets: {}, events: {}, pipeline: {} }
const record = (kind, name, v) => (variants[kind][name] ??= []).push(v)
for (let r = 0; r < variantRounds; r++) {
  for (const [name, run] of TICKET_VARIANTS) {
    await reset(db, tenantId)
    record('tickets', name, await run())
    if (name.startsWith('T1 store') || name.startsWith('T0')) {
      await settle(db)
      record('tickets', `${name.slice(0, 3).trim()} … second pass (updates)`, await run())
    }
  }
  for (const [name, run] of TICKET_PIPELINE_VARIANTS) {
    await reset(db, tenantId)
    record('pipelineTickets', name, await run())
  }
  // Events need their tickets (the foreign key): one untimed ticket pass first.
  await reset(db, tenantId)
  await syncTickets(db, tenantId, data.ticketPages, newProfile())
  for (const [name, run] of EVENT_VARIANTS) {
    await emptyEvents()
    record('events', name, await run())
  }
  for (const [name, run] of PIPELINE_VARIANTS) {
    await emptyEvents()
    record('pipeline', name, await run())
  }
}
const variantSummary = {}
const VARIANT_TABLES = [
  [
    'tickets',
    'statement variants, tickets/s',
    'b. raw insert into raw_tickets, jsonb_to_recordset',
  ],
  [
    'pipelineTickets',
    'whole sync passes, tickets/s',
    'a. sync ingest of ticket pages (as Run.tickets)',
  ],
  [
    'events',
    `statement variants, audits/s (first ${EVENT_VARIANT_PAGES} event pages)`,
    'd. raw insert into raw_events',
  ],
  [
    'pipeline',
    `whole sync passes, audits/s (first ${EVENT_VARIANT_PAGES} event pages)`,
    'c. sync ingest of ticket-event pages (roles queried per page)',
  ],
]
for (const [kind, title, baseName] of VARIANT_TABLES) {
  console.log(`\n${`${title}, median of ${variantRounds}`.padEnd(77)} ratio`)
  variantSummary[kind] = {}
  const base = median(variants[kind][baseName])
  for (const [k, v] of Object.entries(variants[kind])) {
    const m = median(v)
    variantSummary[kind][k] = { median: m, ratio: m / base, rounds: v }
    console.log(`${k.padEnd(68)} ${fmt(m).padStart(8)} ${fmt(m / base, 2).padStart(6)}`)
  }
}

await handle.close()
await admin(`drop database if exists ${BENCH_DB} with (force)`)

if (!QUICK) {
  const dir = join(root, 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'sync-ingest.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: {
          cpu: os.cpus()[0]?.model,
          cpus: os.cpus().length,
          os: `${os.type()} ${os.release()}`,
          node: process.version,
          postgres: pgVersion,
          loadBefore,
          loadAfter: os.loadavg(),
        },
        config: CONFIG,
        sizes: {
          tickets: CONFIG.tickets,
          ticketPages: data.ticketPages.length,
          ticketPageBytes: ticketBytes,
          audits: data.audits,
          eventPages: data.eventPages.length,
          eventPageBytes: eventBytes,
          events: eventCount,
          users: data.users.length,
        },
        rates: summary,
        ratios,
        ticketsEquivalentPerSecondFromEvents: summary.serviceRunEvents / auditsPerTicket,
        firstSyncTicketsPerSecond: firstSync,
        rounds,
        agreement: agree,
        goals,
        breakdownMsPerPage: breakdown,
        explain: explained,
        variants: variantSummary,
      },
      null,
      2,
    )}\n`,
  )
}
process.exit(0)
