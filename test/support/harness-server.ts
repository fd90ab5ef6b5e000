/**
 * The service as `npm start` runs it — embedded PostgreSQL (PGlite), the demo tenant, the
 * harness — in this process, on a free port, in a throwaway data folder.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../server/src/config.js'
import { startServer } from '../../server/src/server.js'

export interface DemoData {
  subdomain: string
  adminToken: string
  scenarios: {
    scenario: string
    tickets: { id: number; subject: string | null; status: string; accountName: string | null }[]
  }[]
  organizations: { id: number; name: string; accountId: string }[]
}

export interface HarnessServer {
  url: string
  demo: DemoData
  /** The first demo ticket in a situation (running, at-risk, paused, breached, met). */
  ticket(scenario: string): number
  close(): Promise<void>
}

export async function startHarnessServer(): Promise<HarnessServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sla-harness-'))
  const started = await startServer(
    loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      DEMO: 'true',
      HARNESS: 'true',
      ZENDESK_SYNC: 'false',
      LOG_LEVEL: 'warn',
      REFRESH_INTERVAL_SECONDS: '0',
    }),
    () => {},
  )
  const res = await fetch(`${started.url}/harness/api/demo`)
  if (!res.ok) throw new Error(`/harness/api/demo answered ${res.status}`)
  const demo = (await res.json()) as DemoData
  return {
    url: started.url,
    demo,
    ticket(scenario) {
      const id = demo.scenarios.find((s) => s.scenario === scenario)?.tickets[0]?.id
      if (id === undefined) throw new Error(`the demo has no ${scenario} ticket`)
      return id
    },
    async close() {
      await started.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
