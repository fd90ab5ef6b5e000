/* global process, console */
// Runs every bench/*.bench.mjs in sequence, each in its own Node process (a fresh JIT and heap,
// and its own process.env.TZ), with this process's flags (`--expose-gc` from `npm run bench`).
//
//   npm run bench                      all benchmarks (builds first)
//   npm run bench -- business-time     only files whose name contains an argument
//   npm run bench -- --quick           smoke run: small inputs, results not written

import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const flags = args.filter((a) => a.startsWith('--'))
const filters = args.filter((a) => !a.startsWith('--'))

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()

if (files.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}`)
  process.exit(1)
}

let failed = 0
for (const f of files) {
  console.log(`\n=== ${f} ===\n`)
  const r = spawnSync(process.execPath, [...process.execArgv, join(dir, f), ...flags], {
    stdio: 'inherit',
  })
  if (r.status !== 0) {
    failed++
    console.error(`${f} failed (${r.signal ?? `exit ${r.status}`})`)
  }
}
process.exit(failed === 0 ? 0 : 1)
