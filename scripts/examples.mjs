/* global process, console */
// `npm run examples`: the `evaluate` command on every bundled example.
// This runs it on every bundled example and prints readable summaries.
import { readdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCli } from '../server/dist/cli/main.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => join(root, 'examples', f))

let status = 0
for (const file of examples) {
  const name = relative(process.cwd(), file)
  console.log(`\n$ sla-tracker evaluate ${name} --summary\n`)
  const code = await runCli(['evaluate', file, '--summary'], {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  })
  if (code !== 0) status = code
}
console.log(
  '\nFull JSON reports: node server/dist/cli/main.js evaluate <scenario.yaml>  (or: npx sla-tracker evaluate …)',
)
console.log('Scenario format: docs/scenario-format.md · Contract rules: docs/contract-rules.md')
process.exitCode = status
