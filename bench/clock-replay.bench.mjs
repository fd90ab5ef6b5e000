/* global process, console */
// Ticket clock replay throughput: `replayTicketClocks` over tickets of 10–20 events each, on a
// business-hours contract (Mon–Fri 09:00–18:00 New York with 10 holidays) and on a 24×7 one.
// Baselines in the same run, on the same tickets:
//   - JSON.parse of each ticket's events (the cost of merely reading the input), and
//   - a "peer" replay a developer might write with dayjs-business-time: only the resolution clock
//     (elapsed business minutes over the running stretches), so it is a lower bound of the peer's
//     cost for the four metrics the engine replays.
//
//   npm run bench -- clock-replay            (builds first)
//   node --expose-gc bench/clock-replay.bench.mjs [--quick]
//
// Prints a table and writes bench/results/clock-replay.json.

process.env.TZ = 'America/New_York' // for the dayjs peer; the engine does not read it

import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compileCalendar, replayTicketClocks, validateProfile } from '@sla-tracker/shared'
import { gc, median, mulberry32 } from './lib.mjs'

const { default: dayjs } = await import('dayjs')
const { default: dayjsBusinessTime } = await import('dayjs-business-time')

const QUICK = process.argv.includes('--quick')
const CONFIG = {
  seed: 0xc10c4,
  tickets: QUICK ? 5_000 : 50_000,
  minEvents: 10,
  maxEvents: 20,
  warmupRounds: QUICK ? 1 : 2,
  rounds: QUICK ? 3 : 7,
  peerTickets: QUICK ? 50 : 300,
  peerRounds: QUICK ? 2 : 3,
}

const HOLIDAYS = [
  '2026-01-01',
  '2026-01-19',
  '2026-02-16',
  '2026-05-25',
  '2026-06-19',
  '2026-07-03',
  '2026-09-07',
  '2026-11-11',
  '2026-11-26',
  '2026-12-25',
]
const CALENDAR = {
  timeZone: 'America/New_York',
  hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }],
  holidays: HOLIDAYS.map((date) => ({ date })),
}
const PRIORITIES = [{ id: 'urgent' }, { id: 'high' }, { id: 'normal' }, { id: 'low' }]

function profile(basis) {
  const t = (m) => ({ minutes: m, basis })
  const p = {
    name: `bench ${basis}`,
    ...(basis === 'business' ? { calendar: 'ny' } : {}),
    priorities: PRIORITIES,
    defaultPriority: 'normal',
    targets: {
      firstResponse: { urgent: t(30), high: t(120), normal: t(480), low: t(1440) },
      nextResponse: { urgent: t(60), high: t(240), normal: t(720), low: t(1440) },
      periodicUpdate: { urgent: t(120), high: t(480) },
      resolution: { urgent: t(480), high: t(1440), normal: t(4320), low: t(10080) },
    },
  }
  const v = validateProfile(p, '', { calendarIds: new Set(['ny']) })
  if (!v.ok) throw new Error(JSON.stringify(v.issues))
  return v.value
}

const cal = compileCalendar(CALENDAR)
const contractOf = (basis) => ({
  accountId: 'bench',
  tierId: 'bench',
  timeZone: 'America/New_York',
  profile: profile(basis),
  monthlyFee: { amountMinor: 100_000, currency: 'USD' },
  componentFees: {},
  from: -Infinity,
  until: Infinity,
  accountVersion: 0,
  tierVersion: 0,
})

const MIN = 60_000
const T0 = Date.parse('2026-01-05T00:00:00Z')
const SPAN = Date.parse('2026-12-01T00:00:00Z') - T0

/** Tickets shaped like a help desk's: conversation turns, status changes, the odd priority change. */
function makeTickets(n, rand) {
  const tickets = []
  let events = 0
  for (let i = 0; i < n; i++) {
    const count = CONFIG.minEvents + Math.floor(rand() * (CONFIG.maxEvents - CONFIG.minEvents + 1))
    let at = T0 + Math.floor((rand() * SPAN) / MIN) * MIN
    const list = [
      { type: 'created', at, status: 'new', priority: PRIORITIES[Math.floor(rand() * 4)].id },
    ]
    let solved = false
    while (list.length < count) {
      at += (1 + Math.floor(rand() * 600)) * MIN
      const r = rand()
      if (solved) {
        list.push({ type: 'reopened', at, status: 'open' })
        solved = false
      } else if (r < 0.3) list.push({ type: 'agent-reply', at })
      else if (r < 0.55) list.push({ type: 'end-user-comment', at })
      else if (r < 0.65) list.push({ type: 'internal-note', at })
      else if (r < 0.85)
        list.push({
          type: 'status-changed',
          at,
          status: ['open', 'pending', 'hold'][Math.floor(rand() * 3)],
        })
      else if (r < 0.92)
        list.push({ type: 'priority-changed', at, priority: PRIORITIES[Math.floor(rand() * 4)].id })
      else {
        list.push({ type: 'solved', at })
        solved = true
      }
    }
    events += list.length
    tickets.push({ events: list, now: at + Math.floor(rand() * 2880) * MIN })
  }
  return { tickets, events }
}

const hr = () => process.hrtime.bigint()

function timeRounds(fn, warmup, rounds) {
  for (let i = 0; i < warmup; i++) fn()
  const ns = []
  for (let i = 0; i < rounds; i++) {
    gc()
    const t = hr()
    fn()
    ns.push(Number(hr() - t))
  }
  return { median: median(ns), min: Math.min(...ns), max: Math.max(...ns) }
}

// ---------------------------------------------------------------------------------------------

dayjs.extend(dayjsBusinessTime)
const NINE_TO_SIX = [{ start: '09:00:00', end: '18:00:00' }]
dayjs.setBusinessTime({
  sunday: null,
  monday: NINE_TO_SIX,
  tuesday: NINE_TO_SIX,
  wednesday: NINE_TO_SIX,
  thursday: NINE_TO_SIX,
  friday: NINE_TO_SIX,
  saturday: null,
})
dayjs.setHolidays(HOLIDAYS)

/** The peer: resolution elapsed in business minutes, summing the running stretches with dayjs. */
function peerResolutionMinutes(ticket) {
  let status = 'new'
  let total = 0
  const ev = ticket.events
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i]
    if (e.type === 'status-changed' || e.type === 'reopened') status = e.status ?? 'open'
    else if (e.type === 'solved') status = 'solved'
    const until = i + 1 < ev.length ? ev[i + 1].at : ticket.now
    if (status !== 'pending' && status !== 'hold' && status !== 'solved' && until > e.at) {
      total += dayjs(e.at).businessMinutesDiff(dayjs(until))
    }
  }
  return total
}

const rand = mulberry32(CONFIG.seed)
const { tickets, events } = makeTickets(CONFIG.tickets, rand)
const json = tickets.map((t) => JSON.stringify(t.events))
const results = {
  config: CONFIG,
  machine: {
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    load: os.loadavg(),
  },
  rows: [],
}

function replayAll(contract) {
  const opts = { now: 0, contractAt: () => contract, calendarFor: () => cal }
  let clocks = 0
  return () => {
    clocks = 0
    for (const t of tickets) {
      opts.now = t.now
      clocks += replayTicketClocks(t.events, opts).clocks.length
    }
    return clocks
  }
}

const rows = []
for (const basis of ['business', 'calendar']) {
  const contract = contractOf(basis)
  const run = replayAll(contract)
  const clocks = run()
  const time = timeRounds(run, CONFIG.warmupRounds, CONFIG.rounds)
  rows.push({
    name: `engine replay, ${basis} time (4 metrics)`,
    tickets: tickets.length,
    events,
    clocks,
    ...time,
  })
}
{
  const run = () => {
    let n = 0
    for (const s of json) n += JSON.parse(s).length
    return n
  }
  rows.push({
    name: 'baseline: JSON.parse of the events',
    tickets: tickets.length,
    events,
    ...timeRounds(run, CONFIG.warmupRounds, CONFIG.rounds),
  })
}
{
  const subset = tickets.slice(0, CONFIG.peerTickets)
  const subsetEvents = subset.reduce((s, t) => s + t.events.length, 0)
  const run = () => {
    let m = 0
    for (const t of subset) m += peerResolutionMinutes(t)
    return m
  }
  // Agreement on the subset: the engine's resolution elapsed (business) vs the peer's.
  const contract = contractOf('business')
  let agree = 0
  let compared = 0
  for (const t of subset) {
    const r = replayTicketClocks(t.events, {
      now: t.now,
      contractAt: () => contract,
      calendarFor: () => cal,
    })
    const res = r.clocks.find((c) => c.metric === 'resolution')
    if (!res) continue
    compared++
    if (Math.floor(res.elapsedMs / MIN) === peerResolutionMinutes(t)) agree++
  }
  rows.push({
    name: 'peer: dayjs-business-time, resolution only',
    tickets: subset.length,
    events: subsetEvents,
    agreement: `${agree}/${compared}`,
    ...timeRounds(run, 1, CONFIG.peerRounds),
  })
}

const fmt = (n, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
const engineBusiness = rows[0]
const perTicket = (r) => r.median / r.tickets
console.log('Clock replay (median of rounds; tickets of 10–20 events)\n')
console.log(
  'implementation                                   ns/ticket   tickets/s      events/s   vs engine (business)',
)
for (const r of rows) {
  const tps = (r.tickets / r.median) * 1e9
  const eps = (r.events / r.median) * 1e9
  const ratio = perTicket(r) / perTicket(engineBusiness)
  r.nsPerTicket = perTicket(r)
  r.ticketsPerSecond = tps
  r.eventsPerSecond = eps
  r.ratioToEngineBusiness = ratio
  console.log(
    `${r.name.padEnd(48)} ${fmt(perTicket(r)).padStart(9)}  ${fmt(tps).padStart(10)}  ${fmt(eps).padStart(12)}   ${ratio >= 1 ? `${fmt(ratio, 1)}× slower` : `${fmt(1 / ratio, 2)}× faster`}${r.agreement ? `  (agrees on ${r.agreement})` : ''}`,
  )
}
const goal = (engineBusiness.tickets / engineBusiness.median) * 1e9
console.log(
  `\ngoal ≥ 200,000 tickets/s on one core: ${goal >= 200_000 ? 'met' : 'NOT met'} (${fmt(goal)} tickets/s, business time)`,
)
results.rows = rows

if (!QUICK) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'clock-replay.json.tmp'), `${JSON.stringify(results, null, 2)}\n`)
  renameSync(join(dir, 'clock-replay.json.tmp'), join(dir, 'clock-replay.json'))
}
