#!/usr/bin/env node
/**
 * `sla-tracker`: the command line of the SLA Compliance Tracker.
 */
import { realpathSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { evaluateScenario, formatIssues, isMonth, parseInstant } from '@sla-tracker/shared'
import { readScenarioFile } from './read-scenario.js'
import { formatSummary } from './summary.js'
import {
  SERVE_HELP,
  TENANT_HELP,
  TOKEN_HELP,
  serveCommand,
  tenantCommand,
  tokenCommand,
} from './service-commands.js'
import { SYNC_HELP, syncCommand } from './sync-command.js'

export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
}

export const EXIT_OK = 0
/** The scenario was read but is invalid: the problems are printed. */
export const EXIT_INVALID = 1
/** Wrong usage, or the file cannot be read or parsed. */
export const EXIT_USAGE = 2
/** A bug: an unexpected exception. */
export const EXIT_INTERNAL = 70

const HELP = `Usage: sla-tracker <command> [options]

Commands:
  serve                 Run the service (API, sidebar reads, demo data on the embedded database)
  tenant create <sub>   Create a tenant (a Zendesk account) and print its secrets
  token create <sub>    Create an API token for a tenant
  sync <sub>            Sync a tenant from Zendesk now and write back its SLA tags
  evaluate <scenario>   Evaluate contracts, tickets and incidents in a scenario file
  help [command]        Show help

Run "sla-tracker help <command>" for a command's options.
`

const EVALUATE_HELP = `Usage: sla-tracker evaluate <scenario.yaml|scenario.json> [options]

Reads a scenario — calendars, tier profiles, accounts with their contracts, tickets
with their events, incidents, maintenance windows, the period and "now" — and prints
JSON with every ticket clock, each account's uptime and error budget for the period,
and the service credits with every step of their calculation.

Options:
  --now <instant>      Evaluate as of this ISO 8601 instant (overrides the scenario's "now")
  --period <YYYY-MM>   Report this month (overrides the scenario's "period")
  --summary            Print a readable summary instead of JSON
  --compact            Print JSON on one line
  -o, --output <file>  Write the JSON report to a file instead of standard output
  -h, --help           Show this help

Exit status: 0 evaluated; 1 the scenario is invalid (every problem is printed with
its path and rule); 2 wrong usage or an unreadable file; 70 an internal error (a bug:
please report it with the scenario).

The format is described in docs/scenario-format.md; examples are in examples/.
Example:
  sla-tracker evaluate examples/three-tier-tai.yaml --summary
`

async function evaluateCommand(args: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        now: { type: 'string' },
        period: { type: 'string' },
        summary: { type: 'boolean' },
        compact: { type: 'boolean' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (e) {
    io.err(`sla-tracker evaluate: ${(e as Error).message}\n\n${EVALUATE_HELP}`)
    return EXIT_USAGE
  }
  const { values, positionals } = parsed
  if (values.help) {
    io.out(EVALUATE_HELP)
    return EXIT_OK
  }
  if (positionals.length !== 1) {
    io.err(
      `sla-tracker evaluate: expected one scenario file, got ${positionals.length}\n\n${EVALUATE_HELP}`,
    )
    return EXIT_USAGE
  }
  if (values.now !== undefined && parseInstant(values.now) === undefined) {
    io.err(
      `sla-tracker evaluate: --now "${values.now}" is not an ISO 8601 instant with an offset (e.g. 2026-03-18T15:00:00Z)\n`,
    )
    return EXIT_USAGE
  }
  if (values.period !== undefined && !isMonth(values.period)) {
    io.err(`sla-tracker evaluate: --period "${values.period}" is not a month YYYY-MM\n`)
    return EXIT_USAGE
  }
  const file = positionals[0]!
  const read = await readScenarioFile(file)
  if (!read.ok) {
    io.err(`${read.message}\n`)
    return EXIT_USAGE
  }
  let scenario = read.value
  if (
    (values.now !== undefined || values.period !== undefined) &&
    scenario !== null &&
    typeof scenario === 'object'
  ) {
    scenario = {
      ...(scenario as Record<string, unknown>),
      ...(values.now !== undefined ? { now: values.now } : {}),
      ...(values.period !== undefined ? { period: values.period } : {}),
    }
  }
  const result = evaluateScenario(scenario)
  if (!result.ok) {
    const n = result.issues.length
    io.err(`${file}: the scenario is invalid (${n} problem${n === 1 ? '' : 's'}):\n`)
    for (const line of formatIssues(result.issues)) io.err(`  ${line}\n`)
    return EXIT_INVALID
  }
  if (values.summary) {
    io.out(formatSummary(result.value))
    return EXIT_OK
  }
  const json = `${JSON.stringify(result.value, null, values.compact ? undefined : 2)}\n`
  if (values.output !== undefined) {
    try {
      await writeFile(values.output, json)
    } catch (e) {
      io.err(`sla-tracker evaluate: cannot write ${values.output}: ${(e as Error).message}\n`)
      return EXIT_USAGE
    }
    io.err(
      `wrote ${values.output} (${result.value.summary.tickets} tickets, ${result.value.summary.accounts} accounts)\n`,
    )
    return EXIT_OK
  }
  io.out(json)
  return EXIT_OK
}

/** Runs the CLI with `args` (without the node and script paths); resolves to the exit status. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args
  switch (command) {
    case 'evaluate':
      return evaluateCommand(rest, io)
    case 'serve':
      return serveCommand(rest, io)
    case 'tenant':
      return tenantCommand(rest, io)
    case 'token':
      return tokenCommand(rest, io)
    case 'sync':
      return syncCommand(rest, io)
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(
        {
          evaluate: EVALUATE_HELP,
          serve: SERVE_HELP,
          tenant: TENANT_HELP,
          token: TOKEN_HELP,
          sync: SYNC_HELP,
        }[rest[0] ?? ''] ?? HELP,
      )
      return EXIT_OK
    default:
      io.err(`sla-tracker: unknown command "${command}"\n\n${HELP}`)
      return EXIT_USAGE
  }
}

function isMain(): boolean {
  const entry = process.argv[1]
  if (!entry) return false
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (isMain()) {
  const io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      process.stderr.write(
        `sla-tracker: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      )
      process.exitCode = EXIT_INTERNAL
    },
  )
}
