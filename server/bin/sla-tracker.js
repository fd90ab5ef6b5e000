#!/usr/bin/env node
/* global process, URL */
// Launcher for the `sla-tracker` command: runs the compiled CLI (server/dist), or explains how
// to build it.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))
if (!existsSync(main)) {
  process.stderr.write(
    'sla-tracker: the CLI is not built yet. Run "npm run build" (or "npm start") first.\n',
  )
  process.exit(2)
}
try {
  const { runCli } = await import(main)
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  })
} catch (e) {
  process.stderr.write(
    `sla-tracker: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  )
  process.exitCode = 70
}
