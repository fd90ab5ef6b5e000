/**
 * CLI for local runs of the Zendesk simulator:
 *   npx tsx test/support/zendesk-simulator/main.ts --port 4010 --subdomain leadfly \
 *     --fixture small --email admin@leadfly.example --token dev-token
 * Prints the base URL and credentials, serves until interrupted.
 */
import { parseArgs } from 'node:util'
import { loadFixture, seedAccount } from '../../fixtures/zendesk/index.js'
import { installRequirements } from './install-requirements.js'
import { ZendeskSimulator } from './simulator.js'

const HELP = `Zendesk simulator (Support API subset) for local runs.

Usage: npx tsx test/support/zendesk-simulator/main.ts [options]

  --port <n>            port to listen on (default 4010; 0 picks a free one)
  --host <addr>         address to bind (default 127.0.0.1)
  --subdomain <name>    account subdomain (default leadfly); served under /z/<subdomain>
  --fixture <name>      seed from test/fixtures/zendesk/<name>.json (e.g. small)
  --recent              shift the fixture's times so its last event was an hour ago
  --email <email>       API user's email (default admin@<subdomain>.example)
  --token <token>       API token (default dev-token)
  --client-id <id>      OAuth client id (default zdg-simulator)
  --client-secret <s>   OAuth client secret (default simulator-secret)
  --webhooks            POST ticket-change webhooks to the account's webhooks
  --install-app         install zendesk-app/requirements.json (fields, webhook, triggers) as an admin would
  --help                show this help
`

function lastEventTime(fixture: ReturnType<typeof loadFixture>): number {
  let last = 0
  for (const ticket of fixture.tickets) {
    last = Math.max(last, ticket.at, ...ticket.events.map((e) => e.at))
  }
  return last
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      subdomain: { type: 'string', default: 'leadfly' },
      fixture: { type: 'string' },
      recent: { type: 'boolean', default: false },
      email: { type: 'string' },
      token: { type: 'string', default: 'dev-token' },
      'client-id': { type: 'string', default: 'zdg-simulator' },
      'client-secret': { type: 'string', default: 'simulator-secret' },
      webhooks: { type: 'boolean', default: false },
      'install-app': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`bad --port ${values.port}`)
  const sim = await ZendeskSimulator.start({ port, host: values.host })
  const subdomain = values.subdomain
  const email = values.email ?? `admin@${subdomain}.example`
  const account = sim.account(subdomain, {
    email,
    apiToken: values.token,
    oauthClient: { id: values['client-id'], secret: values['client-secret'] },
  })
  account.webhookDelivery = { onTicketChange: values.webhooks }
  const installed = values['install-app'] ? installRequirements(account) : []
  let seeded = 'none'
  if (values.fixture !== undefined) {
    const fixture = loadFixture(values.fixture)
    const shiftMs = values.recent ? Date.now() - 3_600_000 - lastEventTime(fixture) : 0
    const summary = seedAccount(account, fixture, { shiftMs })
    seeded = `${values.fixture} (${summary.organizations} organizations, ${summary.users} users, ${summary.tickets} tickets, ${summary.events} events)`
  }
  const base = sim.baseUrl(subdomain)
  const basic = Buffer.from(`${email}/token:${values.token}`).toString('base64')
  process.stdout.write(
    [
      `Zendesk simulator listening on ${sim.url}`,
      `  subdomain:   ${subdomain}`,
      `  base URL:    ${base}`,
      `  email:       ${email}`,
      `  API token:   ${values.token}`,
      `  Basic auth:  Authorization: Basic ${basic}`,
      `  OAuth:       client_id=${values['client-id']} client_secret=${values['client-secret']}`,
      `               authorize ${base}/oauth/authorizations/new · tokens ${base}/oauth/tokens`,
      `  fixture:     ${seeded}`,
      `  webhooks:    ${values.webhooks ? 'delivered on ticket changes' : 'off (--webhooks)'}`,
      `  app:         ${installed.length > 0 ? `requirements installed (${installed.length})` : 'not installed (--install-app)'}`,
      `  try:         curl -H 'Authorization: Basic ${basic}' '${base}/api/v2/users/me'`,
      '',
    ].join('\n'),
  )
  const stop = () => {
    void sim.stop().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
