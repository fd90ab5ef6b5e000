/**
 * Assembles the Zendesk app package from the committed parts (manifest.json, requirements.json,
 * translations/, the icons in assets/) and the Vite build (dist/assets/), validates it with our
 * validator, and only then zips it. The zip holds exactly what zcli would upload.
 */
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { zipSync, type Zippable } from 'fflate'
import { listPackageFiles, validatePackage, type ValidationResult } from './validate-package.js'

export interface StageOptions {
  /** The zendesk-app folder (sources). */
  appDir: string
  /** The Vite build of the app (index.html and its chunks). */
  builtDir: string
  /** Where the package is assembled (emptied first). */
  outDir: string
}

/** Copies the package's files into `outDir`; returns the package-relative file list. */
export async function stagePackage(o: StageOptions): Promise<string[]> {
  try {
    await stat(join(o.builtDir, 'index.html'))
  } catch {
    throw new Error(
      `${join(o.builtDir, 'index.html')} is missing: build the app first (npm run build -w zendesk-app)`,
    )
  }
  await rm(o.outDir, { recursive: true, force: true })
  await mkdir(join(o.outDir, 'assets'), { recursive: true })
  for (const f of ['manifest.json', 'requirements.json'])
    await cp(join(o.appDir, f), join(o.outDir, f))
  await cp(join(o.appDir, 'translations'), join(o.outDir, 'translations'), { recursive: true })
  for (const f of await readdir(join(o.appDir, 'assets')))
    await cp(join(o.appDir, 'assets', f), join(o.outDir, 'assets', f), { recursive: true })
  await cp(o.builtDir, join(o.outDir, 'assets'), { recursive: true })
  return (await listPackageFiles(o.outDir)).files
}

export interface PackageResult {
  validation: ValidationResult
  /** The zip's path, or null when validation failed (no zip is written). */
  zip: string | null
  files: string[]
  bytes: number
}

/** Validates the staged package and, when it has no errors, zips it to `zipPath`. */
export async function zipPackage(stagedDir: string, zipPath: string): Promise<PackageResult> {
  const validation = await validatePackage(stagedDir)
  const { files } = await listPackageFiles(stagedDir)
  if (validation.errors.length > 0) {
    await rm(zipPath, { force: true })
    return { validation, zip: null, files, bytes: 0 }
  }
  const entries: Zippable = {}
  // A fixed date keeps the zip the same for the same files.
  const mtime = new Date(Date.UTC(2026, 0, 1))
  for (const f of files) entries[f] = [await readFile(join(stagedDir, f)), { mtime }]
  const zip = zipSync(entries, { level: 9 })
  await writeFile(zipPath, zip)
  return { validation, zip: zipPath, files, bytes: zip.byteLength }
}
