/**
 * One simulated Zendesk account (a subdomain): the seeding/inspection API tests use, over the
 * stores the HTTP routes serve. Every write stamps times from the simulator clock unless `at` is
 * given. The account's API user (an admin with the account's email) is what `users/me` returns.
 */
import type {
  JsonObject,
  AccountOptions,
  CommentInput,
  OrganizationFieldInput,
  OrganizationInput,
  OrganizationPatch,
  TicketFieldInput,
  TicketInput,
  TicketUpdate,
  UserInput,
  UserPatch,
  WireOrganization,
  WireOrganizationField,
  WireTicket,
  WireTicketEvent,
  WireTicketField,
  WireUser,
} from './types.js'
import { Directory } from './state/directory.js'
import { FieldCatalog } from './state/fields.js'
import { JobQueue, type WireJobStatus } from './state/jobs.js'
import { OAuthServer, type CodeRequest, type Grant } from './state/oauth.js'
import { RateLimiter, type RateLimitOptions } from './state/rate-limit.js'
import { TicketBook } from './state/tickets.js'
import { TriggerStore, type TriggerInput, type WireTrigger } from './state/triggers.js'
import {
  WebhookHub,
  type WebhookDelivery,
  type WebhookInput,
  type WireWebhook,
} from './state/webhooks.js'

export type AuthKind = 'basic' | 'bearer' | 'none' | 'bad'

export interface RequestLogEntry {
  method: string
  /** Path inside the account, e.g. `/api/v2/incremental/tickets/cursor`. */
  path: string
  query: Record<string, string>
  /** Status sent; 0 when the connection was dropped or never answered. */
  status: number
  /** Epoch ms, simulator clock. */
  at: number
  auth: AuthKind
}

export interface AccountInit {
  subdomain: string
  accountId: number
  apiBase: string
  clock: () => number
  options: AccountOptions
}

export class SimAccount {
  readonly subdomain: string
  readonly accountId: number
  readonly apiBase: string
  email: string
  apiToken: string
  readonly requests: RequestLogEntry[] = []
  readonly updateManyCalls: unknown[] = []
  readonly #views = new Map<number, JsonObject>()
  /** Each `PUT /api/v2/organizations/update_many` body received. */
  readonly organizationUpdateCalls: unknown[] = []
  /** Which page request produced which cursor/end_time, for `duplicate-page` faults. */
  readonly pageHistory = new Map<string, Record<string, string>>()

  readonly directory: Directory
  readonly fields: FieldCatalog
  readonly ticketBook: TicketBook
  readonly hooks: WebhookHub
  readonly triggers: TriggerStore
  readonly oauth: OAuthServer
  readonly jobs: JobQueue
  readonly rateLimiter: RateLimiter
  private readonly apiUserId: number

  constructor(init: AccountInit) {
    const { subdomain, clock, apiBase } = init
    this.subdomain = subdomain
    this.accountId = init.accountId
    this.apiBase = apiBase
    this.email = init.options.email ?? `admin@${subdomain}.example`
    this.apiToken = init.options.apiToken ?? 'test-token'
    this.directory = new Directory(apiBase, clock, `${subdomain}.example`)
    this.apiUserId = this.directory.addUser({
      name: 'API Admin',
      email: this.email,
      role: 'admin',
    }).id
    const apiUser = () => this.apiUserId
    this.fields = new FieldCatalog(apiBase, clock)
    this.hooks = new WebhookHub(subdomain, init.accountId, clock, apiUser)
    this.ticketBook = new TicketBook({
      apiBase,
      clock,
      directory: this.directory,
      fields: this.fields,
      apiUserId: apiUser,
      onAudit: (ticket, audit) =>
        this.hooks.notify({ ticketId: ticket.id, updatedAt: audit.at, updaterId: audit.updaterId }),
    })
    this.triggers = new TriggerStore(apiBase, clock)
    const client = init.options.oauthClient ?? { id: 'zdg-simulator', secret: 'simulator-secret' }
    this.oauth = new OAuthServer(subdomain, client, clock, apiUser)
    this.jobs = new JobQueue(subdomain, apiBase, clock, this.ticketBook)
    this.rateLimiter = new RateLimiter(clock)
  }

  /** Applies credentials given to `sim.account()` again. */
  configure(options: AccountOptions): void {
    if (options.email !== undefined && options.email !== this.email) {
      this.email = options.email
      this.directory.updateUser(this.apiUserId, { email: options.email })
    }
    if (options.apiToken !== undefined) this.apiToken = options.apiToken
    if (options.oauthClient !== undefined) {
      this.oauth.client.id = options.oauthClient.id
      this.oauth.client.secret = options.oauthClient.secret
    }
  }

  get oauthClient(): { id: string; secret: string } {
    return { ...this.oauth.client }
  }

  // --- users and organizations ------------------------------------------------------------------

  apiUser(): WireUser {
    return this.directory.wireUser(this.directory.requireUser(this.apiUserId))
  }

  addUser(input: UserInput): WireUser {
    return this.directory.addUser(input)
  }

  updateUser(id: number, patch: UserPatch): WireUser {
    return this.directory.updateUser(id, patch)
  }

  user(id: number): WireUser | undefined {
    const user = this.directory.users.get(id)
    return user ? this.directory.wireUser(user) : undefined
  }

  users(): WireUser[] {
    return [...this.directory.users.values()].map((u) => this.directory.wireUser(u))
  }

  addOrganization(input: OrganizationInput): WireOrganization {
    return this.directory.addOrganization(input)
  }

  updateOrganization(id: number, patch: OrganizationPatch): WireOrganization {
    return this.directory.updateOrganization(id, patch)
  }

  organization(id: number): WireOrganization | undefined {
    const org = this.directory.organizations.get(id)
    return org ? this.directory.wireOrganization(org) : undefined
  }

  organizations(): WireOrganization[] {
    return [...this.directory.organizations.values()].map((o) => this.directory.wireOrganization(o))
  }

  // --- tickets ------------------------------------------------------------------------------------

  createTicket(input: TicketInput): WireTicket {
    return this.ticketBook.create(input)
  }

  comment(ticketId: number, input: CommentInput): WireTicket {
    return this.ticketBook.comment(ticketId, input)
  }

  update(ticketId: number, update: TicketUpdate): WireTicket {
    return this.ticketBook.update(ticketId, update).ticket
  }

  deleteTicket(id: number, at?: number): void {
    this.ticketBook.delete(id, at)
  }

  /** A system update: only `generated_timestamp` moves. */
  touchTicket(id: number, at?: number): void {
    this.ticketBook.touch(id, at)
  }

  ticket(id: number): WireTicket | undefined {
    const ticket = this.ticketBook.records.get(id)
    return ticket ? this.ticketBook.wire(ticket) : undefined
  }

  tickets(): WireTicket[] {
    return [...this.ticketBook.records.values()].map((t) => this.ticketBook.wire(t))
  }

  /** Every audit in export order, as the ticket-events export serves it. */
  ticketEvents(options: { includeComments?: boolean } = {}): WireTicketEvent[] {
    const include = options.includeComments ?? true
    return this.ticketBook.auditsByTime().map((a) => this.ticketBook.wireEvent(a, include))
  }

  // --- fields -------------------------------------------------------------------------------------

  addTicketField(input: TicketFieldInput): WireTicketField {
    return this.fields.addTicketField(input)
  }

  ticketFields(): WireTicketField[] {
    return this.fields.listTicketFields()
  }

  addOrganizationField(input: OrganizationFieldInput): WireOrganizationField {
    return this.fields.addOrganizationField(input)
  }

  // --- webhooks and triggers ----------------------------------------------------------------------

  get webhookDelivery(): { onTicketChange: boolean } {
    return this.hooks.delivery
  }

  set webhookDelivery(value: { onTicketChange: boolean }) {
    this.hooks.delivery.onTicketChange = value.onTicketChange
  }

  get webhookDeliveries(): readonly WebhookDelivery[] {
    return this.hooks.deliveries
  }

  addWebhook(input: WebhookInput): WireWebhook {
    return this.hooks.add(input)
  }

  webhooks(): WireWebhook[] {
    return this.hooks.list()
  }

  webhookSigningSecret(id: string): string | undefined {
    return this.hooks.secret(id)
  }

  flushWebhooks(): Promise<void> {
    return this.hooks.flush()
  }

  replayWebhook(invocationId: string): Promise<WebhookDelivery> {
    return this.hooks.replay(invocationId)
  }

  /** Adds a view (the create-side body: `title`, `all`, `any`, `output`, …). */
  addView(view: JsonObject): JsonObject {
    const id = 364_000_000_001 + this.#views.size
    const stored = { ...structuredClone(view), id, url: `${this.apiBase}/api/v2/views/${id}.json` }
    this.#views.set(id, stored)
    return structuredClone(stored)
  }

  views(): JsonObject[] {
    return [...this.#views.values()].map((v) => structuredClone(v))
  }

  /** Merges an update into a view (`output` merged key by key); undefined when there is none. */
  updateView(id: number, patch: JsonObject): JsonObject | undefined {
    const view = this.#views.get(id)
    if (!view) return undefined
    const output = { ...(objectOf(view.output) ?? {}), ...(objectOf(patch.output) ?? {}) }
    Object.assign(view, structuredClone(patch), { output })
    return structuredClone(view)
  }

  addTrigger(input: TriggerInput): WireTrigger {
    return this.triggers.add(input)
  }

  // --- jobs, limits, OAuth ------------------------------------------------------------------------

  jobStatus(id: string): WireJobStatus | undefined {
    return this.jobs.get(id)
  }

  /** Applies every queued update_many job now. */
  runJobs(): void {
    this.jobs.runAll()
  }

  setRateLimit(options: RateLimitOptions): void {
    this.rateLimiter.configure(options)
  }

  issueAuthorizationCode(request: CodeRequest): string {
    return this.oauth.issueCode(request)
  }

  issueAccessToken(options?: { scope?: string; expiresIn?: number | null }): Grant {
    return this.oauth.issueToken(options)
  }

  expireAccessTokens(): void {
    this.oauth.expireAll()
  }

  /** Stops timers and in-flight deliveries (called by `sim.stop()`). */
  close(): void {
    this.jobs.stop()
    this.hooks.stop()
  }
}

function objectOf(v: unknown): JsonObject | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined
}
