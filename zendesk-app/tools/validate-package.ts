/**
 * Validates a Zendesk app package directory the way Zendesk's validator (ZAS) would, offline:
 * `zcli apps:validate` needs a live Zendesk account, so the tests run these rules instead
 * (shared/reference/zendesk-platform.md §1). Pure checks live in the validate-* modules; this
 * one reads the files: the manifest, the translations, requirements.json, the banner and logo
 * sizes, SVG content and symlinks.
 */
import { lstat, readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { scanJson } from './json-scan.js'
import { pngSize } from './png.js'
import { Findings, childPath, mergeResults, type ValidationResult } from './problems.js'
import { validateManifest } from './validate-manifest.js'
import { validateRequirements } from './validate-requirements.js'
import { validateTranslations } from './validate-translations.js'

export type { Problem, ValidationResult } from './problems.js'
export { scanJson } from './json-scan.js'
export { validateManifest } from './validate-manifest.js'
export { validateRequirements, SERVICE_CONTRACT } from './validate-requirements.js'
export { validateTranslations } from './validate-translations.js'

/** The marketplace banner: 830×200, or twice that (ZAS `validations/banner.rb`). */
export const BANNER_SIZES = [
  { width: 830, height: 200 },
  { width: 1660, height: 400 },
] as const
/** Marketplace logo sizes (Zendesk's app guidelines; not checked by ZAS itself). */
export const LOGO_SIZES: Readonly<Record<string, number>> = {
  'assets/logo.png': 128,
  'assets/logo-small.png': 64,
}

/** Folders never packaged: dependencies, zcli's temporary zips. */
const ALWAYS_IGNORED = ['node_modules', 'tmp', '.git']

/**
 * Lists the files of a package (package-relative, `/`-separated) and its symlinks, leaving out
 * what zcli would not zip: `tmp/`, `node_modules/` and the patterns of `.zcliignore`.
 */
export async function listPackageFiles(
  dir: string,
): Promise<{ files: string[]; symlinks: string[] }> {
  const ignore = await readIgnorePatterns(dir)
  const files: string[] = []
  const symlinks: string[] = []
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name)
      const rel = relative(dir, full).split(sep).join('/')
      if (ignore.some((re) => re.test(rel))) continue
      if ((await lstat(full)).isSymbolicLink()) symlinks.push(rel)
      else if (entry.isDirectory()) await walk(full)
      else if (entry.isFile()) files.push(rel)
    }
  }
  await walk(dir)
  return { files: files.sort(), symlinks: symlinks.sort() }
}

/** `.zcliignore` (gitignore syntax, the common subset: names, paths, `*`, trailing `/`). */
async function readIgnorePatterns(dir: string): Promise<RegExp[]> {
  let text = ''
  try {
    text = await readFile(join(dir, '.zcliignore'), 'utf8')
  } catch {
    // no .zcliignore: only the defaults apply
  }
  const patterns = [
    ...ALWAYS_IGNORED,
    ...text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!')),
  ]
  return patterns.map((p) => {
    const anchored = p.startsWith('/') || p.replace(/\/$/, '').includes('/')
    const body = p
      .replace(/^\//, '')
      .replace(/\/$/, '')
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*/g, '\uE000')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')
      .replace(/\uE000/g, '.*')
    return new RegExp(`${anchored ? '^' : '(^|/)'}${body}(/|$)`)
  })
}

/** Reads and validates every file of the package in `dir`. */
export async function validatePackage(dir: string): Promise<ValidationResult> {
  const { files, symlinks } = await listPackageFiles(dir)
  // Problems with a whole file: the file is named, the path in it is ''.
  const pkg: ValidationResult = { errors: [], warnings: [] }
  const fileError = (file: string, rule: string, message: string) =>
    pkg.errors.push({ file, path: '', rule, message })
  for (const link of symlinks)
    fileError(
      link,
      'symlink_in_zip',
      'this file is a symlink: marketplace packages cannot contain symlinks',
    )
  const read = (path: string) => readFile(join(dir, path), 'utf8')

  if (!files.includes('manifest.json')) {
    const nested = files.find((p) => /^[^/]+\/manifest\.json$/.test(p))
    if (nested)
      fileError(nested, 'nested_manifest', 'manifest.json must be at the root of the package')
    else fileError('manifest.json', 'missing_manifest', 'the package has no manifest.json')
    return mergeResults(pkg, await validateAssets(dir, files))
  }

  const manifestFindings = new Findings('manifest.json')
  const scanned = scanJson(await read('manifest.json'))
  let manifest: unknown
  if (!scanned.ok)
    manifestFindings.error(
      '',
      'manifest_not_json',
      `${scanned.message} (line ${scanned.line}, column ${scanned.column})`,
    )
  else if (scanned.duplicates.length > 0)
    for (const d of scanned.duplicates)
      manifestFindings.error(
        childPath(d.path, d.key),
        'duplicate_manifest_keys',
        `key "${d.key}" appears more than once (again at line ${d.line}, column ${d.column})`,
      )
  else manifest = scanned.value
  if (manifest === undefined) return mergeResults(pkg, manifestFindings.result())

  const translations: Record<string, unknown> = {}
  const translationFindings: ValidationResult[] = []
  for (const path of files) {
    const match = /^translations\/(.+)\.json$/.exec(path)
    if (!match?.[1]) continue
    const parsed = scanJson(await read(path))
    if (parsed.ok) translations[match[1]] = parsed.value
    else {
      const f = new Findings(path)
      f.error(
        '',
        'translation.not_json',
        `${parsed.message} (line ${parsed.line}, column ${parsed.column})`,
      )
      translationFindings.push(f.result())
    }
  }

  return mergeResults(
    pkg,
    validateManifest(manifest, files),
    ...translationFindings,
    validateTranslations(translations, manifest),
    files.includes('requirements.json')
      ? validateRequirements(await read('requirements.json'))
      : { errors: [], warnings: [] },
    await validateAssets(dir, files),
  )
}

/** Banner and logo sizes; SVGs Zendesk would rewrite (ZAS sanitises them and warns). */
async function validateAssets(dir: string, files: readonly string[]): Promise<ValidationResult> {
  const results: ValidationResult[] = []
  if (files.includes('assets/banner.png')) {
    const f = new Findings('assets/banner.png')
    const size = pngSize(await readFile(join(dir, 'assets/banner.png')))
    if (size === undefined) f.error('', 'banner.invalid_format', 'the banner must be a PNG')
    else if (!BANNER_SIZES.some((s) => s.width === size.width && s.height === size.height))
      f.error(
        '',
        'banner.invalid_size',
        `the banner is ${size.width}×${size.height}: it must be 830×200 or 1660×400`,
      )
    results.push(f.result())
  }
  for (const [path, side] of Object.entries(LOGO_SIZES)) {
    const f = new Findings(path)
    if (!files.includes(path))
      f.warn('', 'missing_logo', `the marketplace listing needs ${path} (${side}×${side})`)
    else {
      const size = pngSize(await readFile(join(dir, path)))
      if (size === undefined) f.error('', 'logo_invalid_format', `${path} must be a PNG`)
      else if (size.width !== side || size.height !== side)
        f.error(
          '',
          'logo_invalid_size',
          `${path} is ${size.width}×${size.height}: it must be ${side}×${side}`,
        )
    }
    results.push(f.result())
  }
  for (const path of files.filter((p) => p.endsWith('.svg'))) {
    const f = new Findings(path)
    const svg = await readFile(join(dir, path), 'utf8')
    if (/<script|<foreignObject|\son[a-z]+\s*=|javascript:/i.test(svg))
      f.warn(
        '',
        'dirty_svg',
        'scripts, event handlers and foreign objects are stripped from SVGs by Zendesk',
      )
    results.push(f.result())
  }
  return mergeResults(...results)
}
