/**
 * The local harness page: stands in for Zendesk around the app. It loads the app's build in an
 * iframe (`/app/index.html`, where the service swapped the ZAF SDK for a shim) and hands the app a
 * demo ZAF client whose `request` goes through the service's stand-in for Zendesk's proxy
 * (`/harness/proxy`: secure setting, JWT signing). Its state is in the URL, so a view can be
 * bookmarked or opened by a test: `?location=ticket_sidebar&ticket=42&role=admin&locale=de`.
 */
import type {
  AppLocation,
  ZafClient,
  ZafContext,
  ZafEventHandler,
  ZafMetadata,
  ZafRequestOptions,
  ZafResponse,
} from '../src/zaf/types.js'

interface DemoTicket {
  id: number
  subject: string | null
  status: string
  priority: string | null
  organizationId: number | null
  accountName: string | null
}

interface DemoData {
  subdomain: string
  adminToken: string
  scenarios: { scenario: string; tickets: DemoTicket[] }[]
  organizations: { id: number; name: string; accountId: string }[]
}

interface State {
  location: AppLocation
  ticket: number | null
  organization: number | null
  role: 'agent' | 'admin'
  locale: string
}

const SCENARIO_LABEL: Record<string, string> = {
  running: 'Running',
  'at-risk': 'At risk',
  paused: 'Paused',
  breached: 'Breached',
  met: 'Met (solved)',
}

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!
const controls = $<HTMLFormElement>('#controls')
const field = <T extends HTMLElement>(name: string) => controls.elements.namedItem(name) as T

function readState(): State {
  const q = new URLSearchParams(location.search)
  const loc = q.get('location')
  const num = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : null)
  return {
    location:
      loc === 'organization_sidebar' || loc === 'nav_bar' || loc === 'ticket_sidebar'
        ? loc
        : 'ticket_sidebar',
    ticket: num(q.get('ticket')),
    organization: num(q.get('organization')),
    role: q.get('role') === 'admin' ? 'admin' : 'agent',
    locale: q.get('locale') ?? 'en-US',
  }
}

function writeState(s: State): void {
  const q = new URLSearchParams()
  q.set('location', s.location)
  if (s.ticket !== null) q.set('ticket', String(s.ticket))
  if (s.organization !== null) q.set('organization', String(s.organization))
  q.set('role', s.role)
  q.set('locale', s.locale)
  history.replaceState(null, '', `?${q.toString()}`)
}

/** One demo client per app iframe, as Zendesk gives each location instance its own. */
class DemoClient implements ZafClient {
  private readonly handlers = new Map<string, Set<ZafEventHandler>>()
  private registered = false

  constructor(
    private readonly frame: HTMLIFrameElement,
    private readonly state: State,
    private readonly data: DemoData,
  ) {
    // Zendesk registers the app shortly after the SDK's handshake.
    setTimeout(() => {
      this.registered = true
      this.emit('app.registered', { context: this.ctx(), metadata: this.meta() })
    }, 10)
  }

  private ticket(): DemoTicket | undefined {
    return this.data.scenarios.flatMap((s) => s.tickets).find((t) => t.id === this.state.ticket)
  }

  private ctx(): ZafContext {
    return {
      product: 'support',
      location: this.state.location,
      instanceGuid: `harness-${this.state.location}`,
      account: { subdomain: this.data.subdomain },
      ...(this.state.location === 'ticket_sidebar' && this.state.ticket !== null
        ? { ticketId: this.state.ticket }
        : {}),
    }
  }

  private meta(): ZafMetadata {
    return {
      appId: 0,
      installationId: 1,
      name: 'SLA Compliance Tracker',
      version: 'harness',
      settings: { service_url: window.location.origin },
    }
  }

  private values(): Record<string, unknown> {
    const t = this.ticket()
    const org =
      this.state.location === 'organization_sidebar'
        ? this.data.organizations.find((o) => o.id === this.state.organization)
        : undefined
    const admin = this.state.role === 'admin'
    const out: Record<string, unknown> = {
      currentUser: {
        id: admin ? 1001 : 1002,
        name: admin ? 'Ada Admin' : 'Alex Agent',
        role: this.state.role,
        locale: this.state.locale,
        timeZone: { ianaName: Intl.DateTimeFormat().resolvedOptions().timeZone },
      },
      currentAccount: { subdomain: this.data.subdomain },
    }
    if (this.state.location === 'ticket_sidebar' && t) {
      const organization =
        t.organizationId === null ? null : { id: t.organizationId, name: t.accountName }
      Object.assign(out, {
        ticket: {
          id: t.id,
          subject: t.subject,
          status: t.status,
          priority: t.priority,
          organization,
        },
        'ticket.id': t.id,
        'ticket.subject': t.subject,
        'ticket.status': t.status,
        'ticket.priority': t.priority,
        'ticket.organization': organization,
      })
    }
    if (org)
      Object.assign(out, {
        organization: { id: org.id, name: org.name },
        'organization.id': org.id,
      })
    return out
  }

  get(path: string | string[]): Promise<Record<string, unknown>> {
    const all = this.values()
    const paths = Array.isArray(path) ? path : [path]
    const out: Record<string, unknown> = {}
    const errors: Record<string, unknown> = {}
    for (const p of paths) {
      if (p in all) out[p] = all[p]
      else errors[p] = { message: `"${p}" is not available here` }
    }
    if (!Array.isArray(path) && path in errors)
      return Promise.reject(new Error(`"${path}" is not available here`))
    return Promise.resolve({ ...out, errors })
  }

  invoke(name: string, ...args: unknown[]): Promise<unknown> {
    if (name === 'resize') {
      const size = args[0] as { height?: string } | undefined
      if (size?.height && this.state.location !== 'nav_bar') this.frame.style.height = size.height
    } else if (name === 'notify') status(`app says: ${String(args[0])}`)
    return Promise.resolve(undefined)
  }

  on(event: string, handler: ZafEventHandler): void {
    let set = this.handlers.get(event)
    if (!set) this.handlers.set(event, (set = new Set()))
    set.add(handler)
    // A late listener still hears that the app is registered.
    if (event === 'app.registered' && this.registered)
      setTimeout(() => handler({ context: this.ctx(), metadata: this.meta() }), 0)
  }

  off(event: string, handler: ZafEventHandler): void {
    this.handlers.get(event)?.delete(handler)
  }

  emit(event: string, payload?: unknown): void {
    for (const h of this.handlers.get(event) ?? []) h(payload)
  }

  // Like ZAF, a failed request rejects with the response itself, not an Error.
  /* eslint-disable @typescript-eslint/only-throw-error */
  async request(options: ZafRequestOptions): Promise<ZafResponse> {
    let res: Response
    try {
      res = await fetch('/harness/proxy', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(options),
      })
    } catch {
      throw { status: 0, responseText: '' } satisfies ZafResponse
    }
    const proxied = (await res.json()) as ZafResponse & { error?: unknown }
    if (!res.ok)
      throw { status: res.status, responseText: JSON.stringify(proxied) } satisfies ZafResponse
    if (proxied.status >= 400) throw proxied
    return proxied
  }
  /* eslint-enable @typescript-eslint/only-throw-error */

  context(): Promise<ZafContext> {
    return Promise.resolve(this.ctx())
  }

  metadata(): Promise<ZafMetadata> {
    return Promise.resolve(this.meta())
  }
}

function status(text: string): void {
  $('#status').textContent = text
}

let current: DemoClient | null = null

declare global {
  interface Window {
    slaHarness?: { connect(win: Window): ZafClient | false }
  }
}

function option(value: string, label: string): HTMLOptionElement {
  const o = document.createElement('option')
  o.value = value
  o.textContent = label
  return o
}

function fillPickers(data: DemoData, s: State): void {
  const ticket = field<HTMLSelectElement>('ticket')
  ticket.replaceChildren()
  for (const group of data.scenarios) {
    const g = document.createElement('optgroup')
    g.label = SCENARIO_LABEL[group.scenario] ?? group.scenario
    for (const t of group.tickets)
      g.append(
        option(String(t.id), `#${t.id} ${t.subject ?? ''} (${t.accountName ?? 'no account'})`),
      )
    if (group.tickets.length) ticket.append(g)
  }
  const org = field<HTMLSelectElement>('organization')
  org.replaceChildren(...data.organizations.map((o) => option(String(o.id), o.name)))
  if (s.ticket === null)
    s.ticket = data.scenarios.find((g) => g.tickets.length)?.tickets[0]?.id ?? null
  if (s.organization === null) s.organization = data.organizations[0]?.id ?? null
}

function renderRecord(data: DemoData, s: State): void {
  const record = $('#record')
  record.replaceChildren()
  const h = document.createElement('h1')
  const dl = document.createElement('dl')
  const row = (k: string, v: string) => {
    const dt = document.createElement('dt')
    dt.textContent = k
    const dd = document.createElement('dd')
    dd.textContent = v
    dl.append(dt, dd)
  }
  if (s.location === 'ticket_sidebar') {
    const t = data.scenarios.flatMap((g) => g.tickets).find((x) => x.id === s.ticket)
    h.textContent = t ? `#${t.id} ${t.subject ?? ''}` : 'No demo ticket'
    if (t) {
      row('Status', t.status)
      row('Priority', t.priority ?? '—')
      row('Organization', t.accountName ?? '—')
      const scenario = data.scenarios.find((g) => g.tickets.includes(t))?.scenario
      row('Demo situation', SCENARIO_LABEL[scenario ?? ''] ?? '—')
    }
  } else if (s.location === 'organization_sidebar') {
    const o = data.organizations.find((x) => x.id === s.organization)
    h.textContent = o ? o.name : 'No demo organization'
    if (o) {
      row('Zendesk organization id', String(o.id))
      row('Account', o.accountId)
    }
  }
  record.append(h, dl)
}

function mount(data: DemoData, s: State): void {
  writeState(s)
  for (const el of controls.querySelectorAll<HTMLElement>('[data-for]'))
    el.classList.toggle('hidden', el.dataset['for'] !== s.location)
  $('#stage').classList.toggle('nav', s.location === 'nav_bar')
  renderRecord(data, s)
  const frame = document.createElement('iframe')
  frame.title = 'SLA Compliance Tracker app'
  frame.dataset['testid'] = 'app-frame'
  frame.style.height = s.location === 'nav_bar' ? '' : '200px'
  // Zendesk's iframe URL carries origin and app_guid, which the real SDK reads.
  frame.src = `/app/index.html?origin=${encodeURIComponent(location.origin)}&app_guid=harness-${s.location}`
  window.slaHarness = {
    connect: (win) => {
      if (win !== frame.contentWindow) return false
      current = new DemoClient(frame, s, data)
      return current
    },
  }
  $('#sidebar').replaceChildren(frame)
  status(`${s.location} · ${s.role} · ${s.locale}`)
}

async function main(): Promise<void> {
  status('Loading the demo data…')
  let data: DemoData
  try {
    const res = await fetch('/harness/api/demo')
    if (!res.ok) throw new Error(`the service answered ${res.status}`)
    data = (await res.json()) as DemoData
  } catch (e) {
    status(
      `Could not load the demo data: ${(e as Error).message}. Is the service running with DEMO=true?`,
    )
    return
  }
  $('#token').textContent = data.adminToken
  const s = readState()
  fillPickers(data, s)
  field<HTMLSelectElement>('location').value = s.location
  if (s.ticket !== null) field<HTMLSelectElement>('ticket').value = String(s.ticket)
  if (s.organization !== null)
    field<HTMLSelectElement>('organization').value = String(s.organization)
  field<HTMLSelectElement>('role').value = s.role
  field<HTMLSelectElement>('locale').value = s.locale
  controls.addEventListener('change', () => {
    const v = (n: string) => field<HTMLSelectElement>(n).value
    s.location = v('location') as AppLocation
    s.ticket = v('ticket') ? Number(v('ticket')) : null
    s.organization = v('organization') ? Number(v('organization')) : null
    s.role = v('role') === 'admin' ? 'admin' : 'agent'
    s.locale = v('locale')
    mount(data, s)
  })
  for (const b of controls.querySelectorAll<HTMLButtonElement>('button[data-event]'))
    b.addEventListener('click', () => {
      current?.emit(b.dataset['event']!)
      status(`fired ${b.dataset['event']}`)
    })
  mount(data, s)
}

void main()
