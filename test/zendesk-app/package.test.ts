/**
 * `npm run package`: the zip is written only after the validator accepts the assembled package,
 * and holds exactly the package's files.
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stagePackage, zipPackage } from '../../zendesk-app/tools/package.js'

const SOURCES = fileURLToPath(new URL('../../zendesk-app/', import.meta.url))
let root = ''
let built = ''

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'zendesk-app-zip-'))
  built = join(root, 'built')
  await mkdir(built)
  await writeFile(
    join(built, 'index.html'),
    '<!doctype html><script src="./index-abc.js"></script>',
  )
  await writeFile(join(built, 'index-abc.js'), 'console.log(1)')
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('packaging the app', () => {
  it('zips the validated package: manifest, requirements, translations, icons and the build', async () => {
    const out = join(root, 'ok')
    await stagePackage({ appDir: SOURCES, builtDir: built, outDir: out })
    const r = await zipPackage(out, join(root, 'ok.zip'))
    expect(r.validation.errors).toEqual([])
    expect(r.zip).toBe(join(root, 'ok.zip'))
    const entries = Object.keys(unzipSync(await readFile(r.zip!))).sort()
    expect(entries).toEqual([
      'assets/icon_nav_bar.svg',
      'assets/index-abc.js',
      'assets/index.html',
      'assets/logo-small.png',
      'assets/logo.png',
      'assets/logo.svg',
      'manifest.json',
      'requirements.json',
      'translations/de.json',
      'translations/en.json',
    ])
  })

  it('writes no zip when the validator finds an error, and removes a stale one', async () => {
    const out = join(root, 'bad')
    await stagePackage({ appDir: SOURCES, builtDir: built, outDir: out })
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))
    await writeFile(
      join(out, 'manifest.json'),
      JSON.stringify({ ...manifest, frameworkVersion: '1.0' }),
    )
    const zipPath = join(root, 'bad.zip')
    await writeFile(zipPath, 'an old zip')
    const r = await zipPackage(out, zipPath)
    expect(r.zip).toBeNull()
    expect(r.validation.errors.map((e) => e.path)).toContain('frameworkVersion')
    await expect(stat(zipPath)).rejects.toThrow()
  })

  it('refuses to assemble a package without the build, and says how to build it', async () => {
    await expect(
      stagePackage({ appDir: SOURCES, builtDir: join(root, 'nothing'), outDir: join(root, 'x') }),
    ).rejects.toThrow(/build the app first \(npm run build -w zendesk-app\)/)
  })
})
