/**
 * The Zendesk app package (zendesk-app/) against our re-implementation of Zendesk's package
 * validator: the real package passes, and each rule, broken on its own in a copy of the package,
 * gives exactly its error with the file, the path in it and the rule's name.
 */
import { cp, mkdir, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scanJson } from '../../zendesk-app/tools/json-scan.js'
import { pngSize } from '../../zendesk-app/tools/png.js'
import { HELP, runValidateCli } from '../../zendesk-app/tools/validate-cli.js'
import { stagePackage } from '../../zendesk-app/tools/package.js'
import {
  listPackageFiles,
  validateManifest,
  validatePackage,
  validateRequirements,
  validateTranslations,
  type ValidationResult,
} from '../../zendesk-app/tools/validate-package.js'

const SOURCES = fileURLToPath(new URL('../../zendesk-app/', import.meta.url))
/** The package as `npm run package` assembles it, with a stand-in for the Vite build. */
const APP = await (async () => {
  const root = await mkdtemp(join(tmpdir(), 'zendesk-app-package-'))
  const built = join(root, 'built')
  await mkdir(built)
  await writeFile(join(built, 'index.html'), '<!doctype html><title>app</title>')
  await stagePackage({ appDir: SOURCES, builtDir: built, outDir: join(root, 'package') })
  return join(root, 'package')
})()
afterAll(() => rm(dirname(APP), { recursive: true, force: true }))
const readJson = (path: string): any => JSON.parse(readFileSync(join(SOURCES, path), 'utf8'))

const MANIFEST = readJson('manifest.json')
const EN = readJson('translations/en.json')
const DE = readJson('translations/de.json')
const REQUIREMENTS_TEXT = readFileSync(join(SOURCES, 'requirements.json'), 'utf8')
const REQUIREMENTS = JSON.parse(REQUIREMENTS_TEXT)

let FILES: string[] = []
beforeAll(async () => {
  FILES = (await listPackageFiles(APP)).files
})

interface Where {
  file: string
  path: string
  rule: string
}
const where = (r: readonly Where[]) => r.map(({ file, path, rule }) => ({ file, path, rule }))

/** The result has exactly these errors (and every problem explains itself). */
function expectErrors(result: ValidationResult, ...expected: Where[]): void {
  expect(where(result.errors)).toEqual(expected)
  for (const p of [...result.errors, ...result.warnings])
    expect(p.message.length).toBeGreaterThan(10)
}

function expectWarnings(result: ValidationResult, ...expected: Where[]): void {
  expect(where(result.errors)).toEqual([])
  expect(where(result.warnings)).toEqual(expected)
}

const manifestWith = (change: (m: any) => void, files: readonly string[] = FILES) => {
  const m = structuredClone(MANIFEST)
  change(m)
  return validateManifest(m, files)
}
const inManifest = (path: string, rule: string): Where => ({ file: 'manifest.json', path, rule })

const requirementsWith = (change: (r: any) => void) => {
  const r = structuredClone(REQUIREMENTS)
  change(r)
  return validateRequirements(JSON.stringify(r, null, 2))
}
const inRequirements = (path: string, rule: string): Where => ({
  file: 'requirements.json',
  path,
  rule,
})

const translationsWith = (change: (t: { en: any; de: any }) => void, manifest: any = MANIFEST) => {
  const t = { en: structuredClone(EN), de: structuredClone(DE) }
  change(t)
  return validateTranslations(t, manifest)
}
const inTranslation = (locale: string, path: string, rule: string): Where => ({
  file: `translations/${locale}.json`,
  path,
  rule,
})

describe('the real package', () => {
  it('validates with no errors and no warnings', async () => {
    const result = await validatePackage(APP)
    console.log(
      `zendesk-app package: ${result.errors.length} errors, ${result.warnings.length} warnings`,
    )
    expect(result.errors).toEqual([])
    expect(result.warnings).toEqual([])
  })

  it('packages the manifest, translations, requirements and assets, and nothing from tools/', () => {
    expect(FILES).toEqual([
      'assets/icon_nav_bar.svg',
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

  it('has logos of the marketplace sizes', async () => {
    expect(pngSize(await readFile(join(APP, 'assets/logo.png')))).toEqual({
      width: 128,
      height: 128,
    })
    expect(pngSize(await readFile(join(APP, 'assets/logo-small.png')))).toEqual({
      width: 64,
      height: 64,
    })
  })

  it('has the same translation keys in German as in English', () => {
    const keys = (o: unknown, p = ''): string[] =>
      Object.entries(o as Record<string, unknown>).flatMap(([k, v]) =>
        typeof v === 'object' && v !== null ? keys(v, `${p}${k}.`) : [`${p}${k}`],
      )
    expect(keys(DE as unknown)).toEqual(keys(EN as unknown))
  })
})

describe('manifest.json rules', () => {
  it('rejects a manifest that is not an object', () => {
    expectErrors(validateManifest([], FILES), inManifest('', 'manifest_not_json_object'))
  })

  it('requires author and defaultLocale', () => {
    expectErrors(
      manifestWith((m) => delete m.author),
      inManifest('author', 'manifest_keys.missing'),
    )
    expectErrors(
      manifestWith((m) => delete m.defaultLocale),
      inManifest('defaultLocale', 'manifest_keys.missing'),
    )
  })

  it('requires a locale-shaped defaultLocale with its translation file', () => {
    expectErrors(
      manifestWith((m) => (m.defaultLocale = 'english')),
      inManifest('defaultLocale', 'invalid_default_locale'),
    )
    expectErrors(
      manifestWith((m) => (m.defaultLocale = 'fr')),
      inManifest('defaultLocale', 'missing_translation_file'),
    )
    expect(manifestWith((m) => (m.defaultLocale = 'de')).errors).toEqual([])
  })

  it('requires frameworkVersion "2.0"', () => {
    expectErrors(
      manifestWith((m) => delete m.frameworkVersion),
      inManifest('frameworkVersion', 'manifest_keys.missing'),
    )
    expectErrors(
      manifestWith((m) => (m.frameworkVersion = '1.0')),
      inManifest('frameworkVersion', 'invalid_version'),
    )
  })

  it('checks the types of booleans, strings, author, experiments and domainWhitelist', () => {
    expectErrors(
      manifestWith((m) => (m.private = 'no')),
      inManifest('private', 'unacceptable_boolean'),
    )
    expectErrors(
      manifestWith((m) => (m.singleInstall = 1)),
      inManifest('singleInstall', 'unacceptable_boolean'),
    )
    expectErrors(
      manifestWith((m) => (m.version = 1)),
      inManifest('version', 'unacceptable_string'),
    )
    expectErrors(
      manifestWith((m) => (m.author.name = ['SLA'])),
      inManifest('author.name', 'unacceptable_string'),
    )
    expectErrors(
      manifestWith((m) => (m.author = 'SLA team')),
      inManifest('author', 'unacceptable_hash'),
    )
    expectErrors(
      manifestWith((m) => (m.experiments = 'hashParams')),
      inManifest('experiments', 'unacceptable_hash'),
    )
    expectErrors(
      manifestWith((m) => (m.domainWhitelist = 'sla-tracker.example.com')),
      inManifest('domainWhitelist', 'unacceptable_array_of_strings'),
    )
    expectErrors(
      manifestWith((m) => (m.domainWhitelist = ['sla-tracker.example.com', 7])),
      inManifest('domainWhitelist', 'unacceptable_array_of_strings'),
    )
  })

  it('requires http(s) URLs for the author and the terms', () => {
    expectErrors(
      manifestWith((m) => (m.author.url = 'ftp://sla-tracker.example.com')),
      inManifest('author.url', 'invalid_url'),
    )
    expectErrors(
      manifestWith((m) => (m.termsConditionsURL = 'sla-tracker.example.com/terms')),
      inManifest('termsConditionsURL', 'invalid_url'),
    )
  })

  describe('locations', () => {
    it('requires a location', () => {
      expectErrors(
        manifestWith((m) => delete m.location),
        inManifest('location', 'manifest_keys.missing'),
      )
    })

    it('knows the locations of each product', () => {
      expectErrors(
        manifestWith((m) => (m.location.support.ticket_sidebarr = 'assets/index.html')),
        inManifest('location.support.ticket_sidebarr', 'invalid_location'),
      )
      expectErrors(
        manifestWith((m) => (m.location.support.chat_sidebar = 'assets/index.html')),
        inManifest('location.support.chat_sidebar', 'invalid_location'),
      )
      expectErrors(
        manifestWith((m) => (m.location.jira = { issue_panel: 'assets/index.html' })),
        inManifest('location.jira', 'invalid_host'),
      )
    })

    it('accepts https, localhost, settings placeholders and packaged assets as URLs', () => {
      for (const url of [
        'https://sla-tracker.example.com/app',
        'http://localhost:3000/',
        '{{setting.service_url}}/app',
        'assets/index.html?view=sidebar',
      ])
        expect(manifestWith((m) => (m.location.support.ticket_sidebar.url = url)).errors).toEqual(
          [],
        )
    })

    it('rejects plain http URLs and assets that are not in the package', () => {
      for (const url of [
        'http://sla-tracker.example.com/app',
        'assets/missing.html',
        'index.html',
        'https//broken',
      ])
        expectErrors(
          manifestWith((m) => (m.location.support.ticket_sidebar.url = url)),
          inManifest('location.support.ticket_sidebar.url', 'invalid_location_uri'),
        )
    })

    it('requires a URL unless the location does not auto-load', () => {
      expectErrors(
        manifestWith((m) => delete m.location.support.ticket_sidebar.url),
        inManifest('location.support.ticket_sidebar.url', 'blank_location_uri'),
      )
      expect(
        manifestWith((m) => (m.location.support.ticket_sidebar = { autoLoad: false })).errors,
      ).toEqual([])
    })

    it('requires flexible to be a boolean', () => {
      expectErrors(
        manifestWith((m) => (m.location.support.ticket_sidebar.flexible = 'yes')),
        inManifest('location.support.ticket_sidebar.flexible', 'invalid_location_flexible_type'),
      )
    })

    it('requires the nav-bar icon', () => {
      expectErrors(
        validateManifest(
          MANIFEST,
          FILES.filter((f) => f !== 'assets/icon_nav_bar.svg'),
        ),
        inManifest('location.support.nav_bar', 'missing_location_icon'),
      )
    })

    it('rejects noTemplate', () => {
      expectErrors(
        manifestWith((m) => (m.noTemplate = true)),
        inManifest('noTemplate', 'no_template_deprecated_in_v2'),
      )
    })
  })

  describe('parameters', () => {
    const withParameters = (...params: unknown[]) => manifestWith((m) => (m.parameters = params))
    const url = { name: 'service_url', type: 'url', required: true }
    const secret = {
      name: 'shared_secret',
      type: 'text',
      secure: true,
      required: true,
      scopes: ['jwt_secret_key'],
    }

    it('must be an array of named objects', () => {
      expectErrors(
        manifestWith((m) => (m.parameters = { service_url: url })),
        inManifest('parameters', 'parameters_not_an_array'),
      )
      expectErrors(
        withParameters(url, { type: 'text' }),
        inManifest('parameters[1]', 'invalid_parameter'),
      )
    })

    it('rejects duplicate names and the name "name"', () => {
      expectErrors(
        withParameters(url, secret, { ...url }),
        inManifest('parameters[2].name', 'duplicate_parameters'),
      )
      expectErrors(
        withParameters(url, secret, { name: 'name' }),
        inManifest('parameters[2].name', 'name_as_parameter_name'),
      )
    })

    it('knows the parameter types', () => {
      expectErrors(
        withParameters(url, secret, { name: 'tier', type: 'dropdown' }),
        inManifest('parameters[2].type', 'invalid_type_parameter'),
      )
    })

    it('requires booleans for required and secure', () => {
      expectErrors(
        withParameters({ ...url, required: 'yes' }, secret),
        inManifest('parameters[0].required', 'unacceptable_boolean'),
      )
      expectErrors(
        withParameters(url, { ...secret, secure: 'true' }),
        inManifest('parameters[1].secure', 'unacceptable_boolean'),
        inManifest('parameters[1].scopes', 'scopes_on_insecure_parameter'),
      )
    })

    it('rejects a hidden parameter that is required', () => {
      expectErrors(
        withParameters(url, secret, { name: 'install_id', type: 'hidden', required: true }),
        inManifest('parameters[2]', 'invalid_hidden_parameter'),
      )
    })

    it('allows one oauth parameter, never secure', () => {
      expectErrors(
        withParameters(url, secret, { name: 'a', type: 'oauth' }, { name: 'b', type: 'oauth' }),
        inManifest('parameters[3]', 'too_many_oauth_parameters'),
      )
      expectErrors(
        withParameters(url, secret, { name: 'a', type: 'oauth', secure: true }),
        inManifest('parameters[2].secure', 'oauth_parameter_cannot_be_secure'),
      )
    })

    it('checks secure scopes', () => {
      expectErrors(
        withParameters(url, { ...secret, scopes: ['jwt_secret_key', 'cookie'] }),
        inManifest('parameters[1].scopes[1]', 'invalid_scopes'),
      )
      expectErrors(
        withParameters(url, { ...secret, scopes: 'header' }),
        inManifest('parameters[1].scopes', 'invalid_scopes'),
      )
      expectErrors(
        withParameters({ ...url, scopes: ['url'] }, secret),
        inManifest('parameters[0].scopes', 'scopes_on_insecure_parameter'),
      )
    })

    it('warns about a secret-looking text parameter that is not secure', () => {
      expectWarnings(
        withParameters(url, secret, { name: 'api_token', type: 'text' }),
        inManifest('parameters[2]', 'insecure_token_parameter_in_manifest'),
      )
    })

    it('warns about a default on a secure or hidden parameter', () => {
      expectWarnings(
        withParameters(url, { ...secret, default: 'changeme' }),
        inManifest('parameters[1].default', 'default_secure_or_hidden_parameter_in_manifest'),
      )
      expectWarnings(
        withParameters(url, secret, { name: 'mode', type: 'hidden', default: 'live' }),
        inManifest('parameters[2].default', 'default_secure_or_hidden_parameter_in_manifest'),
      )
    })

    it('warns about a secure parameter without scopes', () => {
      const { scopes: _scopes, ...unscoped } = secret
      expectWarnings(
        withParameters(url, unscoped),
        inManifest('parameters[1]', 'secure_parameters_with_no_scopes_in_manifest'),
      )
    })
  })

  describe('oauth', () => {
    const oauth = {
      client_id: 'zdg-sla',
      client_secret: 's',
      authorize_uri: 'https://sla-tracker.example.com/oauth/authorize',
      access_token_uri: 'https://sla-tracker.example.com/oauth/token',
    }
    it('requires all four oauth keys', () => {
      expectErrors(
        manifestWith((m) => {
          m.oauth = { client_id: 'zdg-sla' }
          m.parameters.push({ name: 'token', type: 'oauth' })
        }),
        inManifest('oauth', 'oauth_keys.missing'),
      )
    })
    it('requires an oauth parameter', () => {
      expectErrors(
        manifestWith((m) => (m.oauth = oauth)),
        inManifest('oauth', 'oauth_parameter_required'),
      )
    })
  })

  describe('private, marketing-only and requirements-only apps', () => {
    it('warns that private defaults to true', () => {
      expectWarnings(
        manifestWith((m) => delete m.private),
        inManifest('private', 'private_defaults_to_true'),
      )
    })

    it('allows only the marketplace experiments in a public app', () => {
      expectErrors(
        manifestWith((m) => (m.experiments = { hashParams: true, fastBoot: true })),
        inManifest('experiments.fastBoot', 'invalid_experiment'),
      )
    })

    const marketingOnly = (change: (m: any) => void) =>
      manifestWith(
        (m) => {
          m.marketingOnly = true
          delete m.location
          delete m.frameworkVersion
          change(m)
        },
        FILES.filter((f) => f !== 'requirements.json'),
      )

    it('gives a marketing-only app no parameters and keeps it public', () => {
      expect(marketingOnly((m) => (m.parameters = [])).errors).toEqual([])
      expectErrors(
        marketingOnly(() => {}),
        inManifest('parameters', 'no_parameters_required'),
      )
      expectErrors(
        marketingOnly((m) => {
          m.parameters = []
          m.private = true
        }),
        inManifest('private', 'marketing_only_app_cant_be_private'),
      )
    })

    it('gives a marketing-only app no requirements', () => {
      expectErrors(
        validateManifest(
          {
            ...MANIFEST,
            marketingOnly: true,
            parameters: [],
            location: undefined,
            frameworkVersion: undefined,
          },
          FILES,
        ),
        inManifest('marketingOnly', 'requirements_not_supported'),
      )
    })

    const requirementsOnly = (change: (m: any) => void, files = FILES) =>
      manifestWith((m) => {
        m.requirementsOnly = true
        delete m.location
        delete m.frameworkVersion
        change(m)
      }, files)

    it('gives a requirements-only app no location or framework version, and requirements', () => {
      expect(requirementsOnly(() => {}).errors).toEqual([])
      expectErrors(
        requirementsOnly((m) => (m.location = MANIFEST.location)),
        inManifest('location', 'no_location_required'),
      )
      expectErrors(
        requirementsOnly((m) => (m.frameworkVersion = '2.0')),
        inManifest('frameworkVersion', 'no_framework_version_required'),
      )
      expectErrors(
        requirementsOnly(
          () => {},
          FILES.filter((f) => f !== 'requirements.json'),
        ),
        inManifest('requirementsOnly', 'missing_requirements'),
      )
    })
  })
})

describe('translation rules', () => {
  it('requires the same keys in every locale as in the default locale', () => {
    expectErrors(
      translationsWith((t) => delete t.de.common.retry),
      inTranslation('de', 'common.retry', 'translation.keys_mismatch'),
    )
    expectErrors(
      translationsWith((t) => (t.de.common.cancel = 'Abbrechen')),
      inTranslation('de', 'common.cancel', 'translation.keys_mismatch'),
    )
  })

  it('requires the marketplace keys of a public app', () => {
    expectErrors(
      translationsWith((t) => {
        delete t.en.app.long_description
        delete t.de.app.long_description
      }),
      inTranslation('en', 'app.long_description', 'translation.missing_required_key'),
    )
    expectErrors(
      translationsWith((t) => {
        delete t.en.app
        delete t.de.app
      }),
      inTranslation('en', 'app', 'translation.missing_required_key'),
    )
  })

  it('accepts the legacy description for short_description, and only a name for a private app', () => {
    const swap = (app: any) => {
      app.description = app.short_description
      delete app.short_description
    }
    expect(
      translationsWith((t) => {
        swap(t.en.app)
        swap(t.de.app)
      }).errors,
    ).toEqual([])
    const onlyName = (app: any) => {
      for (const k of ['short_description', 'long_description', 'installation_instructions'])
        delete app[k]
    }
    expect(
      translationsWith(
        (t) => {
          onlyName(t.en.app)
          onlyName(t.de.app)
        },
        { ...MANIFEST, private: true },
      ).errors,
    ).toEqual([])
  })

  it('checks per-product marketplace keys against the manifest products', () => {
    const app = structuredClone(EN.app)
    expectErrors(
      validateTranslations({ en: { app: { chat: app } } }, MANIFEST),
      inTranslation('en', 'app.chat', 'translation.products_do_not_match_manifest_products'),
    )
    expectErrors(
      validateTranslations(
        { en: { app: { support: { name: 'SLA', parameters: app.parameters } } } },
        MANIFEST,
      ),
      inTranslation(
        'en',
        'app.support.short_description',
        'translation.missing_required_key_for_product',
      ),
      inTranslation(
        'en',
        'app.support.long_description',
        'translation.missing_required_key_for_product',
      ),
      inTranslation(
        'en',
        'app.support.installation_instructions',
        'translation.missing_required_key_for_product',
      ),
    )
  })

  it('requires a label for every parameter', () => {
    expectErrors(
      translationsWith((t) => {
        delete t.en.app.parameters.shared_secret
        delete t.de.app.parameters.shared_secret
      }),
      inTranslation(
        'en',
        'app.parameters.shared_secret.label',
        'translation.missing_parameter_label',
      ),
    )
    expectErrors(
      translationsWith((t) => {
        delete t.en.app.parameters.service_url.label
        delete t.de.app.parameters.service_url.label
      }),
      inTranslation('en', 'app.parameters.service_url', 'translation.invalid_format'),
    )
  })

  it('requires locale-shaped file names and JSON objects', () => {
    expectErrors(
      validateTranslations({ en: EN, english: EN }, MANIFEST),
      inTranslation('english', '', 'translation.invalid_locale'),
    )
    expectErrors(
      validateTranslations({ en: EN, de: [] }, MANIFEST),
      inTranslation('de', '', 'translation.not_json_object'),
    )
  })

  it('requires every translation to be a non-empty string', () => {
    expectErrors(
      translationsWith((t) => (t.en.common.empty = ' ')),
      inTranslation('en', 'common.empty', 'translation.invalid_value'),
    )
    expectErrors(
      translationsWith((t) => (t.de.common.retry = 3)),
      inTranslation('de', 'common.retry', 'translation.invalid_value'),
    )
  })
})

describe('requirements.json rules', () => {
  it('rejects text that is not JSON, with the position', () => {
    const result = validateRequirements(
      REQUIREMENTS_TEXT.replace('"ticket_fields": {', '"ticket_fields": {,'),
    )
    expectErrors(result, inRequirements('', 'requirements_not_json'))
    expect(result.errors[0]?.message).toMatch(/line 2, column 21/)
    expectErrors(validateRequirements('[]'), inRequirements('', 'requirements_not_json_object'))
  })

  it('rejects duplicate keys at any depth', () => {
    const text = REQUIREMENTS_TEXT.replace(
      '"title": "SLA state",',
      '"title": "SLA state",\n      "title": "SLA state (copy)",',
    )
    expect(JSON.parse(text).ticket_fields.sla_state.title).toBe('SLA state (copy)')
    expectErrors(
      validateRequirements(text),
      inRequirements('ticket_fields.sla_state.title', 'duplicate_requirements'),
    )
    expectErrors(
      validateRequirements(`${REQUIREMENTS_TEXT.trimEnd().slice(0, -1)}, "views": {} }`),
      inRequirements('views', 'duplicate_requirements'),
    )
  })

  it('knows the requirement types', () => {
    expectErrors(
      requirementsWith((r) => (r.groups = { tier_managers: { name: 'Tier managers' } })),
      inRequirements('groups', 'invalid_requirements_types'),
    )
    expectErrors(
      requirementsWith((r) => (r.macros = [])),
      inRequirements('macros', 'invalid_requirement'),
    )
  })

  it('requires a title on every requirement except webhooks, channel integrations and custom objects', () => {
    expectErrors(
      requirementsWith((r) => delete r.triggers.sla_alert_breach.title),
      inRequirements('triggers.sla_alert_breach.title', 'missing_required_fields'),
    )
    expect(
      requirementsWith((r) => delete r.webhooks.sla_tracker_events.description).errors,
    ).toEqual([])
  })

  it('requires a key on user and organization fields', () => {
    expectErrors(
      requirementsWith((r) => (r.user_fields = { sla_role: { type: 'text', title: 'SLA role' } })),
      inRequirements('user_fields.sla_role.key', 'missing_required_fields'),
    )
  })

  it("requires the webhook's name, status, endpoint, method and format", () => {
    expectErrors(
      requirementsWith((r) => delete r.webhooks.sla_tracker_events.endpoint),
      inRequirements('webhooks.sla_tracker_events.endpoint', 'missing_required_fields'),
    )
  })

  it('allows at most 5000 requirements', () => {
    expectErrors(
      requirementsWith((r) => {
        r.macros = {}
        for (let i = 0; i < 5000; i++) r.macros[`m${i}`] = { title: `Macro ${i}`, actions: [] }
      }),
      inRequirements('', 'excessive_requirements'),
    )
  })

  it('allows one channel integration, with a manifest_url', () => {
    const channel = { manifest_url: 'https://sla-tracker.example.com/channel.json' }
    expectErrors(
      requirementsWith((r) => (r.channel_integrations = { a: channel, b: channel })),
      inRequirements('channel_integrations', 'multiple_channel_integrations'),
    )
    expectErrors(
      requirementsWith((r) => (r.channel_integrations = { a: {} })),
      inRequirements('channel_integrations.a.manifest_url', 'missing_required_fields'),
    )
  })

  it('checks custom objects: their types, keys and at most 50', () => {
    const type = (i: number) => ({ key: `contract_${i}`, schema: {} })
    expectErrors(
      requirementsWith(
        (r) =>
          (r.custom_objects = {
            custom_object_types: Array.from({ length: 51 }, (_, i) => type(i)),
          }),
      ),
      inRequirements('custom_objects', 'excessive_custom_objects_requirements'),
    )
    expectErrors(
      requirementsWith((r) => (r.custom_objects = { custom_object_relationship_types: [] })),
      inRequirements('custom_objects.custom_object_types', 'missing_required_fields'),
    )
    expectErrors(
      requirementsWith((r) => (r.custom_objects = { custom_object_types: [{ key: 'contract' }] })),
      inRequirements('custom_objects.custom_object_types[0].schema', 'missing_required_fields'),
    )
    expectErrors(
      requirementsWith(
        (r) => (r.custom_objects_v2 = { objects: [{ key: 'contract', title: 'Contract' }] }),
      ),
      inRequirements(
        'custom_objects_v2.objects[0].include_in_list_view',
        'missing_required_fields',
      ),
      inRequirements('custom_objects_v2.objects[0].title_pluralized', 'missing_required_fields'),
    )
  })

  it('rejects the discontinued URL and HTTP targets', () => {
    expectErrors(
      requirementsWith(
        (r) =>
          (r.targets = {
            legacy: { title: 'Legacy', type: 'http_target', target_url: 'https://x' },
          }),
      ),
      inRequirements('targets.legacy.type', 'invalid_requirements_types'),
    )
  })

  describe('business rules', () => {
    it('requires a time-based condition, a scoping condition and a nullifying action in an automation', () => {
      const conditions = (r: any) => r.automations.sla_remind_breached.conditions
      expectErrors(
        requirementsWith(
          (r) =>
            (conditions(r).all = conditions(r).all.filter((c: any) => c.field !== 'updated_at')),
        ),
        inRequirements('automations.sla_remind_breached', 'automation_missing_time_condition'),
      )
      expectErrors(
        requirementsWith(
          (r) => (conditions(r).all = conditions(r).all.filter((c: any) => c.field !== 'status')),
        ),
        inRequirements('automations.sla_remind_breached', 'automation_missing_required_condition'),
      )
      expectErrors(
        requirementsWith(
          (r) =>
            (r.automations.sla_remind_breached.actions =
              r.automations.sla_remind_breached.actions.filter(
                (a: any) => a.field !== 'current_tags',
              )),
        ),
        inRequirements('automations.sla_remind_breached.actions', 'automation_not_nullified'),
      )
    })

    it('accepts removing an included tag or changing a checked field as nullifying', () => {
      expect(
        requirementsWith((r) => {
          r.automations.sla_remind_breached.actions[0] = {
            field: 'remove_tags',
            value: 'sla_state_breached',
          }
        }).errors,
      ).toEqual([])
      expect(
        requirementsWith((r) => {
          r.automations.sla_remind_breached.actions[0] = { field: 'status', value: 'open' }
        }).errors,
      ).toEqual([])
    })

    it('allows time-based conditions only in all', () => {
      expectErrors(
        requirementsWith((r) =>
          r.views.sla_at_risk.any.push({
            field: 'updated_at',
            operator: 'greater_than',
            value: '24',
          }),
        ),
        inRequirements('views.sla_at_risk.any[2].field', 'time_condition_in_any'),
      )
    })

    it('requires a scoping condition in a view and at most 10 columns', () => {
      expectErrors(
        requirementsWith((r) => (r.views.sla_at_risk.all = [])),
        inRequirements('views.sla_at_risk', 'view_missing_required_condition'),
      )
      expectErrors(
        requirementsWith((r) => r.views.sla_breached.output.columns.push('group', 'type', 'brand')),
        inRequirements('views.sla_breached.output.columns', 'view_too_many_columns'),
      )
    })

    it('rejects ids, which differ per account, in conditions and actions', () => {
      const breach = (r: any) => r.triggers.sla_alert_breach
      expectErrors(
        requirementsWith((r) =>
          breach(r).conditions.all.unshift({
            field: 'custom_fields_360011872073',
            operator: 'is',
            value: 'sla_state_breached',
          }),
        ),
        inRequirements('triggers.sla_alert_breach.conditions.all[0].field', 'hard_coded_id'),
      )
      expectErrors(
        requirementsWith((r) =>
          breach(r).conditions.all.push({ field: 'group_id', operator: 'is', value: '24000932' }),
        ),
        inRequirements('triggers.sla_alert_breach.conditions.all[3].value', 'hard_coded_id'),
      )
      expectErrors(
        requirementsWith((r) =>
          breach(r).actions.push({ field: 'notification_group', value: [24000932, 'S', 'B'] }),
        ),
        inRequirements('triggers.sla_alert_breach.actions[2].value', 'hard_coded_id'),
      )
      expectErrors(
        requirementsWith((r) => breach(r).actions.push({ field: 'custom_fields_5', value: 'x' })),
        inRequirements('triggers.sla_alert_breach.actions[2].field', 'hard_coded_id'),
      )
      expect(
        requirementsWith((r) =>
          breach(r).conditions.all.push({ field: 'assignee_id', operator: 'is', value: '' }),
        ).errors,
      ).toEqual([])
    })

    it('rejects a rule that changes the priority (it re-targets the SLA clocks)', () => {
      expectErrors(
        requirementsWith((r) =>
          r.triggers.sla_alert_breach.actions.push({ field: 'priority', value: 'urgent' }),
        ),
        inRequirements('triggers.sla_alert_breach.actions[2].field', 'sets_priority'),
      )
    })
  })

  describe("the service's contract", () => {
    it('requires every ticket field the service writes, by type and title', () => {
      expectErrors(
        requirementsWith((r) => delete r.ticket_fields.sla_next_due),
        inRequirements('ticket_fields.sla_next_due', 'missing_service_field'),
      )
      expectErrors(
        requirementsWith((r) => (r.ticket_fields.sla_tier.title = 'Tier')),
        inRequirements('ticket_fields.sla_tier.title', 'missing_service_field'),
      )
      expectErrors(
        requirementsWith((r) => (r.ticket_fields.sla_credit_exposure.type = 'dropdown')),
        inRequirements('ticket_fields.sla_credit_exposure.type', 'missing_service_field'),
      )
    })

    it('requires every tag the service writes', () => {
      expectErrors(
        requirementsWith((r) => r.ticket_fields.sla_state.custom_field_options.pop()),
        inRequirements('ticket_fields.sla_state.custom_field_options', 'missing_service_tag'),
      )
      expectErrors(
        requirementsWith((r) => (r.ticket_fields.sla_credit_exposure.tag = 'credit_owed')),
        inRequirements('ticket_fields.sla_credit_exposure.tag', 'missing_service_tag'),
      )
    })

    it('keeps the service fields out of the help center', () => {
      expectErrors(
        requirementsWith((r) => (r.ticket_fields.sla_tier.visible_in_portal = true)),
        inRequirements('ticket_fields.sla_tier.visible_in_portal', 'service_field_in_portal'),
      )
    })

    it('requires the contract-tier organization field', () => {
      expectErrors(
        requirementsWith((r) => (r.organization_fields.sla_contract_tier.key = 'tier')),
        inRequirements('organization_fields.sla_contract_tier', 'missing_service_field'),
      )
    })

    it('requires the webhook the setup step looks for, without a signing secret', () => {
      expectErrors(
        requirementsWith((r) => (r.webhooks.sla_tracker_events.name = 'SLA webhook')),
        inRequirements('webhooks.sla_tracker_events', 'missing_service_webhook'),
      )
      expectErrors(
        requirementsWith((r) => (r.webhooks.sla_tracker_events.subscriptions = [])),
        inRequirements('webhooks.sla_tracker_events', 'missing_service_webhook'),
      )
      expectErrors(
        requirementsWith(
          (r) =>
            (r.webhooks.sla_tracker_events.signing_secret = {
              algorithm: 'SHA256',
              secret: 'same-for-all',
            }),
        ),
        inRequirements('webhooks.sla_tracker_events.signing_secret', 'webhook_signing_secret'),
      )
    })
  })
})

describe('the package on disk', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zendesk-app-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  /** A fresh copy of the package, changed by `change`. */
  async function copyWith(name: string, change: (root: string) => Promise<void>): Promise<string> {
    const root = join(dir, name)
    await cp(APP, root, { recursive: true, filter: (src) => !src.includes('node_modules') })
    await change(root)
    return root
  }

  /** A PNG header of the given size (all the validator reads). */
  function pngHeader(width: number, height: number): Buffer {
    const b = Buffer.alloc(33)
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0)
    b.writeUInt32BE(13, 8)
    b.write('IHDR', 12, 'ascii')
    b.writeUInt32BE(width, 16)
    b.writeUInt32BE(height, 20)
    return b
  }

  it('rejects symlinks', async () => {
    const root = await copyWith('symlink', (r) =>
      symlink(join(r, 'assets/logo.svg'), join(r, 'assets/link.svg')),
    )
    expectErrors(await validatePackage(root), {
      file: 'assets/link.svg',
      path: '',
      rule: 'symlink_in_zip',
    })
  })

  it('requires manifest.json at the root', async () => {
    const missing = await copyWith('no-manifest', (r) => unlink(join(r, 'manifest.json')))
    expectErrors(await validatePackage(missing), {
      file: 'manifest.json',
      path: '',
      rule: 'missing_manifest',
    })
    const nested = await copyWith('nested', async (r) => {
      await cp(join(r, 'manifest.json'), join(r, 'assets/manifest.json'))
      await unlink(join(r, 'manifest.json'))
    })
    expectErrors(await validatePackage(nested), {
      file: 'assets/manifest.json',
      path: '',
      rule: 'nested_manifest',
    })
  })

  it('rejects a manifest that is not JSON or repeats a key', async () => {
    const broken = await copyWith('bad-json', (r) =>
      writeFile(join(r, 'manifest.json'), '{ "name": }'),
    )
    expectErrors(await validatePackage(broken), inManifest('', 'manifest_not_json'))
    const repeated = await copyWith('dup-key', async (r) => {
      const text = await readFile(join(r, 'manifest.json'), 'utf8')
      await writeFile(
        join(r, 'manifest.json'),
        text.replace('"version": "0.1.0",', '"version": "0.1.0",\n  "version": "0.2.0",'),
      )
    })
    expectErrors(await validatePackage(repeated), inManifest('version', 'duplicate_manifest_keys'))
  })

  it('rejects a translation file that is not JSON', async () => {
    const root = await copyWith('bad-translation', (r) =>
      writeFile(join(r, 'translations/de.json'), '{ "app": '),
    )
    expectErrors(await validatePackage(root), {
      file: 'translations/de.json',
      path: '',
      rule: 'translation.not_json',
    })
  })

  it('validates requirements.json from the package', async () => {
    const root = await copyWith('bad-requirements', (r) =>
      writeFile(join(r, 'requirements.json'), '{ "groups": {} }'),
    )
    expect(where((await validatePackage(root)).errors)).toContainEqual(
      inRequirements('groups', 'invalid_requirements_types'),
    )
  })

  it('checks the banner: a PNG of 830×200 or 1660×400', async () => {
    const ok = await copyWith('banner-ok', (r) =>
      writeFile(join(r, 'assets/banner.png'), pngHeader(1660, 400)),
    )
    expect((await validatePackage(ok)).errors).toEqual([])
    const wrong = await copyWith('banner-size', (r) =>
      writeFile(join(r, 'assets/banner.png'), pngHeader(800, 200)),
    )
    expectErrors(await validatePackage(wrong), {
      file: 'assets/banner.png',
      path: '',
      rule: 'banner.invalid_size',
    })
    const notPng = await copyWith('banner-format', (r) =>
      writeFile(join(r, 'assets/banner.png'), 'GIF89a'),
    )
    expectErrors(await validatePackage(notPng), {
      file: 'assets/banner.png',
      path: '',
      rule: 'banner.invalid_format',
    })
  })

  it('checks the logo sizes and warns about a missing logo', async () => {
    const wrong = await copyWith('logo-size', (r) =>
      cp(join(r, 'assets/logo-small.png'), join(r, 'assets/logo.png')),
    )
    expectErrors(await validatePackage(wrong), {
      file: 'assets/logo.png',
      path: '',
      rule: 'logo_invalid_size',
    })
    const missing = await copyWith('logo-missing', (r) => unlink(join(r, 'assets/logo-small.png')))
    expectWarnings(await validatePackage(missing), {
      file: 'assets/logo-small.png',
      path: '',
      rule: 'missing_logo',
    })
  })

  it('warns about SVG content Zendesk strips', async () => {
    const root = await copyWith('dirty-svg', (r) =>
      writeFile(
        join(r, 'assets/logo.svg'),
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
      ),
    )
    expectWarnings(await validatePackage(root), {
      file: 'assets/logo.svg',
      path: '',
      rule: 'dirty_svg',
    })
  })

  it('leaves out what .zcliignore lists', async () => {
    const root = await copyWith('ignored', async (r) => {
      await writeFile(join(r, 'notes.md'), 'scratch')
      await cp(join(SOURCES, 'tools'), join(r, 'tools'), { recursive: true })
      await writeFile(
        join(r, '.zcliignore'),
        `${await readFile(join(SOURCES, '.zcliignore'), 'utf8')}*.md\n`,
      )
    })
    const { files } = await listPackageFiles(root)
    expect(files).not.toContain('notes.md')
    expect(files).not.toContain('tools/validate-package.ts')
    expect(files).toContain('assets/index.html')
  })
})

describe('the command line', () => {
  const run = async (...args: string[]) => {
    let out = ''
    const status = await runValidateCli(args, (t) => (out += t))
    return { status, out }
  }

  it('prints its help', async () => {
    expect(await run('--help')).toEqual({ status: 0, out: HELP })
  })

  it('validates an assembled package and exits 0', async () => {
    const { status, out } = await run(APP)
    expect(status).toBe(0)
    expect(out).toMatch(/: 0 errors, 0 warnings\n$/)
  })

  it('prints each error with its file, path and rule, and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zendesk-app-cli-'))
    try {
      await cp(APP, dir, { recursive: true })
      await writeFile(
        join(dir, 'manifest.json'),
        JSON.stringify({ ...MANIFEST, frameworkVersion: '1.0' }),
      )
      const { status, out } = await run(dir)
      expect(status).toBe(1)
      expect(out).toContain('error manifest.json frameworkVersion: ')
      expect(out).toContain('[invalid_version]')
      expect(out).toMatch(/1 error, 0 warnings\n$/)
      const json = await run('--json', dir)
      expect(JSON.parse(json.out).errors[0]).toMatchObject({ rule: 'invalid_version' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('refuses unknown options with status 2', async () => {
    const { status, out } = await run('--fix')
    expect(status).toBe(2)
    expect(out).toContain('Unknown option --fix')
  })
})

describe('the JSON scanner', () => {
  it('parses what JSON.parse parses', () => {
    const text = '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"],"b":{"c":{}},"__proto__":1}'
    const scan = scanJson(text)
    expect(scan.ok && scan.value).toEqual(JSON.parse(text))
    expect(scan.ok && Object.keys(scan.value as object)).toContain('__proto__')
  })

  it('lists every repeated key with its path and position', () => {
    const scan = scanJson('{\n  "a": 1,\n  "b": [ { "x": 1, "x": 2 } ],\n  "a": 3\n}')
    expect(scan.ok && scan.duplicates).toEqual([
      { path: 'b[0]', key: 'x', line: 3, column: 20 },
      { path: '', key: 'a', line: 4, column: 3 },
    ])
  })

  it('rejects what JSON does not allow', () => {
    for (const text of [
      '{"a":1,}',
      '[1,]',
      "{'a':1}",
      '{"a":01}',
      '// c\n{}',
      '{"a":"\\x"}',
      '{} {}',
      '',
    ])
      expect(scanJson(text).ok, text).toBe(false)
  })
})
