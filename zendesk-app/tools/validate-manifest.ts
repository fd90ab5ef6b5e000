/**
 * manifest.json rules, re-implemented from Zendesk's validator (ZAS `validations/manifest.rb`,
 * `validations/secure_settings.rb`, `validations/marketplace.rb`; summarised in
 * shared/reference/zendesk-platform.md §1.1–1.2). Rule names are ZAS's error keys where ZAS has
 * one; `missing_location_icon` and `private_defaults_to_true` are ours.
 */
import {
  Findings,
  childPath,
  isObject,
  show,
  type JsonObject,
  type ValidationResult,
} from './problems.js'

const FILE = 'manifest.json'

/** Locations ZAS knows, per product key (`zendesk` is the legacy name of `support`). */
export const KNOWN_LOCATIONS: Readonly<Record<string, readonly string[]>> = {
  support: [
    'top_bar',
    'nav_bar',
    'ticket_sidebar',
    'new_ticket_sidebar',
    'user_sidebar',
    'organization_sidebar',
    'background',
    'modal',
    'ticket_editor',
    'system_top_bar',
    'custom_object_record_sidebar',
  ],
  chat: ['chat_sidebar', 'background'],
}
const PRODUCT_ALIASES: Readonly<Record<string, string>> = { zendesk: 'support' }

/** Locations whose button shows `assets/icon_<location>.svg` (zcli `buildAppJSON.ts`). */
export const ICON_LOCATIONS = ['top_bar', 'nav_bar', 'system_top_bar', 'ticket_editor'] as const

export const PARAMETER_TYPES = [
  'text',
  'checkbox',
  'url',
  'number',
  'multiline',
  'hidden',
  'oauth',
] as const
export const SECURE_SCOPES = [
  'header',
  'body',
  'url',
  'jwt_secret_key',
  'jwt_claim',
  'basic_auth_username',
  'basic_auth_password',
] as const
export const SERVABLE_FRAMEWORK_VERSIONS = ['2.0'] as const
export const MARKETPLACE_EXPERIMENTS = ['hashParams', 'newCssCompiler'] as const
export const LOCALE_PATTERN = /^[a-z]{2,3}(-\w{2,3})?$/

const BOOLEAN_KEYS = ['requirementsOnly', 'marketingOnly', 'singleInstall', 'signedUrls', 'private']
const STRING_KEYS = [
  'defaultLocale',
  'version',
  'frameworkVersion',
  'remoteInstallationURL',
  'termsConditionsURL',
  'gaID',
]
const OAUTH_KEYS = ['client_id', 'client_secret', 'authorize_uri', 'access_token_uri']
const SECRET_LOOKING_NAME = /token|key|pwd|password/i

/**
 * Checks a parsed manifest.json.
 * @param manifest the parsed manifest
 * @param files every package-relative file path (`assets/index.html`, `translations/en.json`, …)
 */
export function validateManifest(manifest: unknown, files: readonly string[]): ValidationResult {
  const f = new Findings(FILE)
  if (!isObject(manifest)) {
    f.error('', 'manifest_not_json_object', 'manifest.json must hold a JSON object')
    return f.result()
  }
  const has = (path: string) => files.includes(path)

  checkRequiredKeys(f, manifest)
  checkTypes(f, manifest)
  checkUrls(f, manifest)
  checkDefaultLocale(f, manifest, has)
  checkOauth(f, manifest)

  const marketingOnly = manifest['marketingOnly'] === true
  const requirementsOnly = manifest['requirementsOnly'] === true
  if (marketingOnly) {
    if (Array.isArray(manifest['parameters']) && manifest['parameters'].length > 0)
      f.error('parameters', 'no_parameters_required', 'a marketing-only app cannot have parameters')
    if (manifest['private'] !== false)
      f.error(
        'private',
        'marketing_only_app_cant_be_private',
        'a marketing-only app cannot be private (and `private` defaults to true)',
      )
  } else {
    checkParameters(f, manifest)
  }

  if (requirementsOnly || marketingOnly) {
    const kind = requirementsOnly ? 'requirements-only' : 'marketing-only'
    if (manifest['location'] !== undefined)
      f.error('location', 'no_location_required', `a ${kind} app must not have a location`)
    if (manifest['frameworkVersion'] !== undefined)
      f.error(
        'frameworkVersion',
        'no_framework_version_required',
        `a ${kind} app must not have a frameworkVersion`,
      )
  } else {
    checkLocations(f, manifest, has)
    checkFrameworkVersion(f, manifest)
  }

  if (requirementsOnly && !has('requirements.json'))
    f.error(
      'requirementsOnly',
      'missing_requirements',
      'a requirements-only app needs a requirements.json',
    )
  if (marketingOnly && has('requirements.json'))
    f.error(
      'marketingOnly',
      'requirements_not_supported',
      'a marketing-only app cannot have requirements',
    )

  if (manifest['noTemplate'] !== undefined)
    f.error(
      'noTemplate',
      'no_template_deprecated_in_v2',
      '`noTemplate` is not supported by framework 2.0',
    )

  if (manifest['private'] === undefined)
    f.warn(
      'private',
      'private_defaults_to_true',
      '`private` is missing and defaults to true: set it to false for a marketplace app',
    )
  if (manifest['private'] === false && isObject(manifest['experiments'])) {
    for (const [name, enabled] of Object.entries(manifest['experiments'])) {
      if (enabled && !(MARKETPLACE_EXPERIMENTS as readonly string[]).includes(name))
        f.error(
          childPath('experiments', name),
          'invalid_experiment',
          `experiment ${show(name)} is not allowed in a marketplace app (only ${MARKETPLACE_EXPERIMENTS.join(', ')})`,
        )
    }
  }
  return f.result()
}

function checkRequiredKeys(f: Findings, m: JsonObject): void {
  for (const key of ['author', 'defaultLocale'])
    if (m[key] === undefined || m[key] === null)
      f.error(key, 'manifest_keys.missing', `\`${key}\` is required`)
}

function checkTypes(f: Findings, m: JsonObject): void {
  for (const key of BOOLEAN_KEYS)
    if (m[key] !== undefined && typeof m[key] !== 'boolean')
      f.error(key, 'unacceptable_boolean', `\`${key}\` must be true or false, not ${show(m[key])}`)
  for (const key of STRING_KEYS)
    if (m[key] !== undefined && m[key] !== null && typeof m[key] !== 'string')
      f.error(key, 'unacceptable_string', `\`${key}\` must be a string, not ${show(m[key])}`)

  const author = m['author']
  if (author !== undefined && author !== null) {
    if (!isObject(author)) f.error('author', 'unacceptable_hash', '`author` must be an object')
    else
      for (const key of ['name', 'email', 'url'])
        if (author[key] !== undefined && author[key] !== null && typeof author[key] !== 'string')
          f.error(`author.${key}`, 'unacceptable_string', `\`author.${key}\` must be a string`)
  }
  if (m['experiments'] !== undefined && !isObject(m['experiments']))
    f.error('experiments', 'unacceptable_hash', '`experiments` must be an object')

  const whitelist = m['domainWhitelist']
  if (
    whitelist !== undefined &&
    whitelist !== null &&
    !(Array.isArray(whitelist) && whitelist.every((d) => typeof d === 'string'))
  )
    f.error(
      'domainWhitelist',
      'unacceptable_array_of_strings',
      '`domainWhitelist` must be an array of strings',
    )

  if (m['parameters'] !== undefined && m['parameters'] !== null && !Array.isArray(m['parameters']))
    f.error('parameters', 'parameters_not_an_array', '`parameters` must be an array')
}

function checkUrls(f: Findings, m: JsonObject): void {
  const check = (path: string, value: unknown) => {
    if (typeof value === 'string' && !/^https?:\/\//.test(value))
      f.error(path, 'invalid_url', `${show(value)} must be an http:// or https:// URL`)
  }
  check('termsConditionsURL', m['termsConditionsURL'])
  if (isObject(m['author'])) check('author.url', m['author']['url'])
}

function checkDefaultLocale(f: Findings, m: JsonObject, has: (path: string) => boolean): void {
  const locale = m['defaultLocale']
  if (typeof locale !== 'string') return
  if (!LOCALE_PATTERN.test(locale))
    f.error(
      'defaultLocale',
      'invalid_default_locale',
      `${show(locale)} is not a locale like "en" or "pt-br"`,
    )
  else if (!has(`translations/${locale}.json`))
    f.error(
      'defaultLocale',
      'missing_translation_file',
      `the default locale needs translations/${locale}.json`,
    )
}

function checkOauth(f: Findings, m: JsonObject): void {
  const oauth = m['oauth']
  if (oauth === undefined || oauth === null) return
  const missing = OAUTH_KEYS.filter((k) => {
    const v = isObject(oauth) ? oauth[k] : undefined
    return typeof v !== 'string' || v === ''
  })
  if (missing.length > 0)
    f.error('oauth', 'oauth_keys.missing', `\`oauth\` is missing ${missing.join(', ')}`)
  const params = Array.isArray(m['parameters']) ? m['parameters'] : []
  if (!params.some((p) => isObject(p) && p['type'] === 'oauth'))
    f.error(
      'oauth',
      'oauth_parameter_required',
      'an app with `oauth` needs a parameter of type "oauth"',
    )
}

function checkParameters(f: Findings, m: JsonObject): void {
  const params = m['parameters']
  if (!Array.isArray(params)) return
  const seen = new Set<string>()
  let oauthCount = 0
  params.forEach((p: unknown, i) => {
    const path = childPath('parameters', i)
    if (!isObject(p) || typeof p['name'] !== 'string' || p['name'] === '') {
      f.error(path, 'invalid_parameter', 'a parameter must be an object with a non-empty `name`')
      return
    }
    const name = p['name']
    const type = p['type'] ?? 'text'
    const secure = p['secure'] === true
    if (seen.has(name))
      f.error(
        childPath(path, 'name'),
        'duplicate_parameters',
        `parameter ${show(name)} is declared twice`,
      )
    seen.add(name)
    if (name === 'name')
      f.error(
        childPath(path, 'name'),
        'name_as_parameter_name',
        'a parameter cannot be called "name"',
      )
    for (const key of ['required', 'secure'])
      if (p[key] !== undefined && typeof p[key] !== 'boolean')
        f.error(childPath(path, key), 'unacceptable_boolean', `\`${key}\` must be true or false`)
    if (typeof type !== 'string' || !(PARAMETER_TYPES as readonly string[]).includes(type))
      f.error(
        childPath(path, 'type'),
        'invalid_type_parameter',
        `${show(type)} is not a parameter type (${PARAMETER_TYPES.join(', ')})`,
      )
    if (type === 'hidden' && p['required'] === true)
      f.error(path, 'invalid_hidden_parameter', `hidden parameter ${show(name)} cannot be required`)
    if (type === 'oauth') {
      oauthCount++
      if (oauthCount === 2)
        f.error(
          path,
          'too_many_oauth_parameters',
          'an app can have only one parameter of type "oauth"',
        )
      if (secure)
        f.error(
          childPath(path, 'secure'),
          'oauth_parameter_cannot_be_secure',
          'a parameter of type "oauth" cannot be secure',
        )
    }
    checkScopes(f, p, path, secure)

    if (type === 'text' && !secure && SECRET_LOOKING_NAME.test(name))
      f.warn(
        path,
        'insecure_token_parameter_in_manifest',
        `parameter ${show(name)} looks like a secret: make it "secure": true`,
      )
    if ('default' in p && (secure || type === 'hidden'))
      f.warn(
        childPath(path, 'default'),
        'default_secure_or_hidden_parameter_in_manifest',
        `secure or hidden parameter ${show(name)} should not have a default`,
      )
    if (secure && !(Array.isArray(p['scopes']) && p['scopes'].length > 0))
      f.warn(
        path,
        'secure_parameters_with_no_scopes_in_manifest',
        `secure parameter ${show(name)} has no scopes: list where the proxy may insert it`,
      )
  })
}

function checkScopes(f: Findings, p: JsonObject, path: string, secure: boolean): void {
  const scopes = p['scopes']
  if (scopes === undefined) return
  const scopesPath = childPath(path, 'scopes')
  if (!secure) {
    f.error(scopesPath, 'scopes_on_insecure_parameter', '`scopes` apply only to a secure parameter')
    return
  }
  if (!Array.isArray(scopes)) {
    f.error(scopesPath, 'invalid_scopes', '`scopes` must be an array')
    return
  }
  scopes.forEach((s: unknown, j) => {
    if (typeof s !== 'string' || !(SECURE_SCOPES as readonly string[]).includes(s))
      f.error(
        childPath(scopesPath, j),
        'invalid_scopes',
        `${show(s)} is not a scope (${SECURE_SCOPES.join(', ')})`,
      )
  })
}

function checkFrameworkVersion(f: Findings, m: JsonObject): void {
  const version = m['frameworkVersion']
  if (version === undefined || version === null)
    f.error('frameworkVersion', 'manifest_keys.missing', '`frameworkVersion` is required')
  else if (!(SERVABLE_FRAMEWORK_VERSIONS as readonly unknown[]).includes(version))
    f.error(
      'frameworkVersion',
      'invalid_version',
      `framework version ${show(version)} cannot be served (only ${SERVABLE_FRAMEWORK_VERSIONS.join(', ')})`,
    )
}

function checkLocations(f: Findings, m: JsonObject, has: (path: string) => boolean): void {
  const location = m['location']
  if (!isObject(location) || Object.keys(location).length === 0) {
    f.error('location', 'manifest_keys.missing', '`location` is required (an object of products)')
    return
  }
  const products = Object.keys(location)
  // A multi-product app keeps each product's icons in assets/<product>/.
  const multiProduct =
    products.filter((p) => KNOWN_LOCATIONS[PRODUCT_ALIASES[p] ?? p] !== undefined).length > 1
  for (const product of products) {
    const productPath = childPath('location', product)
    const known = KNOWN_LOCATIONS[PRODUCT_ALIASES[product] ?? product]
    const places = location[product]
    if (known === undefined) {
      f.error(productPath, 'invalid_host', `${show(product)} is not a product this validator knows`)
      continue
    }
    if (!isObject(places)) {
      f.error(
        productPath,
        'invalid_location',
        'a product must map location names to URLs or options',
      )
      continue
    }
    for (const [name, options] of Object.entries(places)) {
      const path = childPath(productPath, name)
      if (!known.includes(name)) {
        f.error(path, 'invalid_location', `${show(name)} is not a ${product} location`)
        continue
      }
      checkLocationOptions(f, path, name, options, has)
      if ((ICON_LOCATIONS as readonly string[]).includes(name)) {
        const icon = multiProduct ? `assets/${product}/icon_${name}.svg` : `assets/icon_${name}.svg`
        if (!has(icon))
          f.error(path, 'missing_location_icon', `the ${name} location needs its icon ${icon}`)
      }
    }
  }
}

function checkLocationOptions(
  f: Findings,
  path: string,
  name: string,
  options: unknown,
  has: (path: string) => boolean,
): void {
  const opts = typeof options === 'string' ? { url: options } : options
  if (!isObject(opts)) {
    f.error(path, 'invalid_location', 'a location is a URL or an options object')
    return
  }
  const url = opts['url']
  if (typeof url === 'string' && url !== '') {
    if (!validLocationUrl(url, has))
      f.error(
        childPath(path, 'url'),
        'invalid_location_uri',
        `${show(url)} must be an https (or localhost) URL, or an existing file under assets/`,
      )
  } else if (opts['autoLoad'] !== false) {
    f.error(childPath(path, 'url'), 'blank_location_uri', `location ${name} needs a url`)
  }
  if (opts['flexible'] !== undefined && typeof opts['flexible'] !== 'boolean')
    f.error(
      childPath(path, 'flexible'),
      'invalid_location_flexible_type',
      '`flexible` must be true or false',
    )
}

/** ZAS `invalid_location_uri_error`: https or localhost, or a packaged file under assets/. */
function validLocationUrl(url: string, has: (path: string) => boolean): boolean {
  if (url.includes('{{setting.') || url === '_legacy') return true
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    try {
      const parsed = new URL(url)
      return parsed.protocol === 'https:' || parsed.hostname === 'localhost'
    } catch {
      return false
    }
  }
  const pathOnly = url.split(/[?#]/)[0] ?? ''
  return pathOnly.startsWith('assets/') && has(pathOnly)
}
