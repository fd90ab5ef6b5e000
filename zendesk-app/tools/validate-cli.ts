/**
 * `npx tsx zendesk-app/tools/validate-cli.ts [dir]`: validates the Zendesk app package in `dir`
 * (default: zendesk-app/dist/package, assembled by `npm run package`) and prints each problem; exits 1 when there are errors.
 */
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { validatePackage, type Problem } from './validate-package.js'

export const HELP = `Usage: npx tsx zendesk-app/tools/validate-cli.ts [options] [dir]

Validates a Zendesk app package (manifest.json, translations/, requirements.json, assets/)
with the rules of Zendesk's app validator, offline, plus the SLA Compliance Tracker's own
rules for requirements.json. dir defaults to zendesk-app/dist/package, the package that
\`npm run package\` assembles (the sources alone lack the built assets/index.html).

Options:
  --json     print the result as JSON ({ "errors": [...], "warnings": [...] })
  -h, --help show this help

Exit status: 0 when there are no errors (warnings allowed), 1 when there are errors,
2 on a usage error.
`

const DEFAULT_DIR = fileURLToPath(new URL('../dist/package', import.meta.url))

function line(kind: string, p: Problem): string {
  const where = [p.file, p.path].filter((s) => s !== '').join(' ')
  return `${kind} ${where}: ${p.message} [${p.rule}]`
}

/** Runs the CLI; returns the exit status. */
export async function runValidateCli(
  args: readonly string[],
  print: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    print(HELP)
    return 0
  }
  const json = args.includes('--json')
  const rest = args.filter((a) => a !== '--json')
  const unknown = rest.find((a) => a.startsWith('-'))
  if (unknown !== undefined || rest.length > 1) {
    print(
      `${unknown !== undefined ? `Unknown option ${unknown}` : 'Give at most one directory'}\n\n${HELP}`,
    )
    return 2
  }
  const dir = resolve(rest[0] ?? DEFAULT_DIR)
  let result
  try {
    result = await validatePackage(dir)
  } catch (e) {
    print(`Cannot read the package in ${dir}: ${e instanceof Error ? e.message : String(e)}\n`)
    return 2
  }
  if (json) print(`${JSON.stringify(result, null, 2)}\n`)
  else {
    for (const p of result.errors) print(`${line('error', p)}\n`)
    for (const p of result.warnings) print(`${line('warning', p)}\n`)
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
    print(
      `${dir}: ${plural(result.errors.length, 'error')}, ${plural(result.warnings.length, 'warning')}\n`,
    )
  }
  return result.errors.length > 0 ? 1 : 0
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(resolve(process.argv[1])).href
) {
  process.exitCode = await runValidateCli(process.argv.slice(2))
}
