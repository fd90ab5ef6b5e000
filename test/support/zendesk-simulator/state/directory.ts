/**
 * Users and organizations of one simulated account, and their wire form (OAS `UserForAdmin`,
 * `OrganizationObject`).
 */
import type {
  OrganizationInput,
  OrganizationPatch,
  Role,
  UserInput,
  UserPatch,
  WireOrganization,
  WireUser,
} from '../types.js'
import { ID_BASE, Sequence } from '../util/ids.js'
import { toIso, toUnix } from '../util/time.js'

export interface UserRecord {
  id: number
  name: string
  email: string
  role: Role
  organizationId: number | null
  tags: string[]
  createdAt: number
  updatedAt: number
}

export interface OrganizationRecord {
  id: number
  name: string
  externalId: string | null
  fields: Record<string, unknown>
  tags: string[]
  createdAt: number
  updatedAt: number
}

export class Directory {
  readonly users = new Map<number, UserRecord>()
  readonly organizations = new Map<number, OrganizationRecord>()
  private readonly userIds = new Sequence(ID_BASE.user)
  private readonly organizationIds = new Sequence(ID_BASE.organization)

  constructor(
    private readonly apiBase: string,
    private readonly clock: () => number,
    private readonly domain: string,
  ) {}

  addUser(input: UserInput): WireUser {
    if (input.id !== undefined && this.users.has(input.id)) {
      throw new Error(`user ${input.id} exists`)
    }
    const organizationId = input.organizationId ?? null
    if (organizationId !== null) this.requireOrganization(organizationId)
    const id = this.userIds.take(input.id)
    const at = input.at ?? this.clock()
    const record: UserRecord = {
      id,
      name: input.name ?? `User ${id}`,
      email: input.email ?? `user${id}@${this.domain}`,
      role: input.role,
      organizationId,
      tags: [...(input.tags ?? [])],
      createdAt: at,
      updatedAt: at,
    }
    this.users.set(id, record)
    return this.wireUser(record)
  }

  updateUser(id: number, patch: UserPatch): WireUser {
    const record = this.requireUser(id)
    if (patch.organizationId !== undefined && patch.organizationId !== null) {
      this.requireOrganization(patch.organizationId)
    }
    if (patch.name !== undefined) record.name = patch.name
    if (patch.email !== undefined) record.email = patch.email
    if (patch.role !== undefined) record.role = patch.role
    if (patch.organizationId !== undefined) record.organizationId = patch.organizationId
    if (patch.tags !== undefined) record.tags = [...patch.tags]
    record.updatedAt = patch.at ?? this.clock()
    return this.wireUser(record)
  }

  addOrganization(input: OrganizationInput): WireOrganization {
    if (input.id !== undefined && this.organizations.has(input.id)) {
      throw new Error(`organization ${input.id} exists`)
    }
    const id = this.organizationIds.take(input.id)
    const at = input.at ?? this.clock()
    const record: OrganizationRecord = {
      id,
      name: input.name,
      externalId: input.externalId ?? null,
      fields: { ...(input.fields ?? {}) },
      tags: [...(input.tags ?? [])],
      createdAt: at,
      updatedAt: at,
    }
    this.organizations.set(id, record)
    return this.wireOrganization(record)
  }

  updateOrganization(id: number, patch: OrganizationPatch): WireOrganization {
    const record = this.requireOrganization(id)
    if (patch.name !== undefined) record.name = patch.name
    if (patch.externalId !== undefined) record.externalId = patch.externalId
    if (patch.fields !== undefined) record.fields = { ...record.fields, ...patch.fields }
    if (patch.tags !== undefined) record.tags = [...patch.tags]
    record.updatedAt = patch.at ?? this.clock()
    return this.wireOrganization(record)
  }

  requireUser(id: number): UserRecord {
    const record = this.users.get(id)
    if (!record) throw new Error(`no user ${id}`)
    return record
  }

  requireOrganization(id: number): OrganizationRecord {
    const record = this.organizations.get(id)
    if (!record) throw new Error(`no organization ${id}`)
    return record
  }

  findUserByEmail(email: string): UserRecord | undefined {
    const wanted = email.toLowerCase()
    for (const user of this.users.values()) if (user.email.toLowerCase() === wanted) return user
    return undefined
  }

  /** Users ordered by (updated_at seconds, id): the order of the users export. */
  usersByUpdate(): UserRecord[] {
    return [...this.users.values()].sort(byUpdate)
  }

  organizationsByUpdate(): OrganizationRecord[] {
    return [...this.organizations.values()].sort(byUpdate)
  }

  wireUser(user: UserRecord): WireUser {
    const staff = user.role !== 'end-user'
    return {
      id: user.id,
      url: `${this.apiBase}/api/v2/users/${user.id}.json`,
      name: user.name,
      email: user.email,
      created_at: toIso(user.createdAt),
      updated_at: toIso(user.updatedAt),
      time_zone: 'UTC',
      iana_time_zone: 'Etc/UTC',
      phone: null,
      shared_phone_number: null,
      photo: null,
      locale_id: 1,
      locale: 'en-US',
      organization_id: user.organizationId,
      role: user.role,
      verified: true,
      external_id: null,
      tags: [...user.tags],
      alias: '',
      active: true,
      shared: false,
      shared_agent: false,
      last_login_at: null,
      two_factor_auth_enabled: null,
      signature: '',
      details: '',
      notes: '',
      role_type: null,
      custom_role_id: null,
      moderator: staff,
      ticket_restriction: staff ? null : 'requested',
      only_private_comments: false,
      restricted_agent: false,
      suspended: false,
      report_csv: user.role === 'admin',
      user_fields: {},
    }
  }

  wireOrganization(org: OrganizationRecord): WireOrganization {
    return {
      id: org.id,
      url: `${this.apiBase}/api/v2/organizations/${org.id}.json`,
      name: org.name,
      shared_tickets: false,
      shared_comments: false,
      external_id: org.externalId,
      created_at: toIso(org.createdAt),
      updated_at: toIso(org.updatedAt),
      domain_names: [],
      details: '',
      notes: '',
      group_id: null,
      tags: [...org.tags],
      organization_fields: structuredClone(org.fields),
    }
  }
}

function byUpdate(a: { updatedAt: number; id: number }, b: { updatedAt: number; id: number }) {
  return toUnix(a.updatedAt) - toUnix(b.updatedAt) || a.id - b.id
}
