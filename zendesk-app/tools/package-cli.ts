/**
 * `npm run package` (from the root or zendesk-app): builds the app, assembles the package in
 * zendesk-app/dist/package/, validates it, and writes zendesk-app/dist/<name>-<version>.zip —
 * only when the validator finds no errors. Exit status 1 (and no zip) otherwise.
 */
import { readFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { stagePackage, zipPackage } from './package.js'

const APP_DIR = fileURLToPath(new URL('..', import.meta.url))

export const HELP = `Usage: npm run package

Assembles the Zendesk app package from manifest.json, requirements.json, translations/, the
icons in assets/ and the Vite build (dist/assets/), validates it with Zendesk's rules (our
validator: npm run validate -w zendesk-app), and zips it to dist/sla-compliance-tracker-<version>.zip.
No zip is written when the package has errors.
`

export async function runPackageCli(
  args: readonly string[],
  print: (text: string) => void = (t) => process.stdout.write(t),
  appDir = APP_DIR,
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    print(HELP)
    return 0
  }
  if (args.length > 0) {
    print(`Unknown argument ${args[0]}\n\n${HELP}`)
    return 2
  }
  const manifest = JSON.parse(await readFile(join(appDir, 'manifest.json'), 'utf8')) as {
    version?: string
  }
  const staged = join(appDir, 'dist', 'package')
  const zipPath = join(appDir, 'dist', `sla-compliance-tracker-${manifest.version ?? '0.0.0'}.zip`)
  print('Assembling the package…\n')
  let files: string[]
  try {
    files = await stagePackage({ appDir, builtDir: join(appDir, 'dist', 'assets'), outDir: staged })
  } catch (e) {
    print(`${e instanceof Error ? e.message : String(e)}\n`)
    return 1
  }
  print(`Validating ${files.length} files…\n`)
  const r = await zipPackage(staged, zipPath)
  for (const p of r.validation.errors)
    print(`error ${p.file} ${p.path}: ${p.message} [${p.rule}]\n`)
  for (const p of r.validation.warnings)
    print(`warning ${p.file} ${p.path}: ${p.message} [${p.rule}]\n`)
  if (!r.zip) {
    print(`The package has ${r.validation.errors.length} error(s): no zip was written.\n`)
    return 1
  }
  print(
    `Wrote ${relative(process.cwd(), r.zip) || r.zip} (${Math.round(r.bytes / 1024)} kB, ${r.files.length} files).\n` +
      'Upload it in Zendesk Admin Center → Apps and integrations → Zendesk Support apps → Upload private app, or submit it to the Marketplace.\n',
  )
  return 0
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(resolve(process.argv[1])).href
) {
  process.exitCode = await runPackageCli(process.argv.slice(2))
}
