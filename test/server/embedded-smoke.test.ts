/**
 * Smoke test on the embedded PostgreSQL (PGlite): the same migrations and queries as on the
 * server, through the process entry point `startServer`.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '@sla-tracker/server/config'
import { startServer, type Started } from '@sla-tracker/server/server'

const OPERATOR = 'embedded-operator-token-0123456789abcdef'
let dir: string
let started: Started

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sla-embedded-'))
  const config = loadConfig({
    DATA_DIR: dir,
    PORT: '0',
    OPERATOR_TOKEN: OPERATOR,
    LOG_LEVEL: 'silent',
    DEMO: 'false',
  })
  started = await startServer(config, () => {})
}, 60_000)

afterAll(async () => {
  await started.close()
  await rm(dir, { recursive: true, force: true })
})

describe('the embedded database', () => {
  it('migrates, serves and stores tenants', async () => {
    const ready = await fetch(`${started.url}/readyz`)
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok' })
    const created = await fetch(`${started.url}/api/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subdomain: 'acme', name: 'Acme' }),
    })
    expect(created.status).toBe(201)
    const { adminToken } = (await created.json()) as { adminToken: string }
    const me = await fetch(`${started.url}/api/v1/tenant`, {
      headers: { authorization: `Bearer ${adminToken}` },
    })
    expect(await me.json()).toMatchObject({ subdomain: 'acme' })
    expect(started.handle.kind).toBe('embedded')
  })
})
