/**
 * Shared by the registry tests: the example contracts of examples/*.yaml (read with the `yaml`
 * package, as the CLI does), seeding a tenant's registry through the API, and reading error
 * envelopes.
 */
import { readFileSync } from 'node:fs'
import type { LightMyRequestResponse } from 'fastify'
import { parse } from 'yaml'
import type { TestApp, TestTenant } from '../support/test-app.js'

export type ExampleName = 'three-tier-tai' | 'five-tier-support' | 'uptime-credits'

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- example documents are free-form data */
export type Doc = Record<string, any>

/** `o` without the given keys. */
export function without(o: Doc, ...keys: string[]): Doc {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)))
}

export function exampleText(name: ExampleName): string {
  return readFileSync(new URL(`../../examples/${name}.yaml`, import.meta.url), 'utf8')
}

/** An example scenario as plain data (a fresh copy each call). */
export function example(name: ExampleName): Doc {
  return parse(exampleText(name), { merge: true }) as Doc
}

export interface Issue {
  path: string
  rule: string
  message: string
}

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: { issues?: Issue[] } }
}

export function errorOf(r: LightMyRequestResponse): ErrorEnvelope['error'] {
  return r.json<ErrorEnvelope>().error
}

export function issuesOf(r: LightMyRequestResponse): Issue[] {
  return errorOf(r).details?.issues ?? []
}

/** Asserts a status, showing the body when it differs. */
export function expectStatus(r: LightMyRequestResponse, status: number): LightMyRequestResponse {
  if (r.statusCode !== status)
    throw new Error(`expected ${status}, got ${r.statusCode}: ${r.body.slice(0, 2000)}`)
  return r
}

/** A calendar of a scenario file as a create-calendar body. */
export function calendarBody(c: Doc): Doc {
  return { id: c.id, ...(c.name ? { name: c.name } : {}), definition: without(c, 'id', 'name') }
}

/** The TAI contracts (calendar, three tiers, three accounts) created through the API. */
export async function seedTai(t: TestApp, tenant: TestTenant): Promise<Doc> {
  const tai = example('three-tier-tai')
  const token = tenant.adminToken
  for (const c of tai.calendars)
    expectStatus(
      await t.request('POST', '/api/v1/calendars', { token, body: calendarBody(c) }),
      201,
    )
  for (const tier of tai.tiers)
    expectStatus(
      await t.request('POST', '/api/v1/tiers', {
        token,
        body: { id: tier.id, name: tier.name, profile: tier.versions[0].profile },
      }),
      201,
    )
  for (const a of tai.accounts)
    expectStatus(await t.request('POST', '/api/v1/accounts', { token, body: a }), 201)
  return tai
}

/** The registry export without its `x-exported` stamp (to compare two exports). */
export async function exportOf(t: TestApp, tenant: TestTenant): Promise<Doc> {
  const r = expectStatus(
    await t.request('GET', '/api/v1/registry', { token: tenant.adminToken }),
    200,
  )
  return without(r.json<Doc>(), 'x-exported')
}

export interface AuditEntryView {
  id: number
  at: string
  actor: string
  action: string
  entity: string
  entityId: string
  before: any
  after: any
}

export async function auditOf(
  t: TestApp,
  tenant: TestTenant,
  query: string,
): Promise<AuditEntryView[]> {
  const r = expectStatus(
    await t.request('GET', `/api/v1/audit?limit=500&${query}`, { token: tenant.adminToken }),
    200,
  )
  return r.json<{ entries: AuditEntryView[] }>().entries
}

/** The id part of an API token (`slat_<id>_<secret>`), as the audit log names its actor. */
export function tokenActor(token: string): string {
  return `token:${token.split('_')[1]}`
}
