/**
 * translations/<locale>.json rules: ZAS `validations/translations.rb` (locale names, JSON
 * objects, the marketplace keys a public app must have, parameter labels; reference §1.3), plus
 * ours: every locale has exactly the default locale's keys, and every value is a non-empty
 * string (or a `{ "title", "value" }` pair, ZAS's other accepted leaf).
 */
import { KNOWN_LOCATIONS, LOCALE_PATTERN } from './validate-manifest.js'
import {
  Findings,
  childPath,
  isObject,
  mergeResults,
  show,
  type JsonObject,
  type ValidationResult,
} from './problems.js'

const PUBLIC_APP_KEYS = [
  'name',
  'short_description',
  'long_description',
  'installation_instructions',
]
const PRODUCT_KEYS = [...Object.keys(KNOWN_LOCATIONS), 'zendesk']

const fileOf = (locale: string) => `translations/${locale}.json`

/**
 * Checks the translation files against each other and the manifest.
 * @param translations parsed files by locale (`{ en: {...}, de: {...} }`)
 * @param manifest the parsed manifest (for `private`, `defaultLocale`, parameters and products)
 */
export function validateTranslations(
  translations: Readonly<Record<string, unknown>>,
  manifest: unknown,
): ValidationResult {
  const m = isObject(manifest) ? manifest : {}
  const defaultLocale = typeof m['defaultLocale'] === 'string' ? m['defaultLocale'] : 'en'
  const results: Findings[] = []
  const leavesByLocale = new Map<string, Set<string>>()

  for (const [locale, json] of Object.entries(translations)) {
    const f = new Findings(fileOf(locale))
    results.push(f)
    if (!LOCALE_PATTERN.test(locale))
      f.error(
        '',
        'translation.invalid_locale',
        `${show(locale)} is not a locale name like "en" or "pt-br"`,
      )
    if (!isObject(json)) {
      f.error('', 'translation.not_json_object', 'a translation file must hold a JSON object')
      continue
    }
    leavesByLocale.set(locale, collectLeaves(f, json, ''))
    if (locale === defaultLocale || locale === 'en') checkMarketplaceKeys(f, json, m)
    if (locale === defaultLocale) checkParameterLabels(f, json, m)
  }

  const reference = leavesByLocale.get(defaultLocale)
  if (reference !== undefined) {
    for (const [locale, leaves] of leavesByLocale) {
      if (locale === defaultLocale) continue
      const f = new Findings(fileOf(locale))
      results.push(f)
      for (const key of reference)
        if (!leaves.has(key))
          f.error(
            key,
            'translation.keys_mismatch',
            `missing: ${fileOf(defaultLocale)} has this key`,
          )
      for (const key of leaves)
        if (!reference.has(key))
          f.error(
            key,
            'translation.keys_mismatch',
            `extra: ${fileOf(defaultLocale)} has no such key`,
          )
    }
  }
  return mergeResults(...results)
}

/** The dotted paths of every leaf; reports leaves that are not non-empty strings. */
function collectLeaves(
  f: Findings,
  node: JsonObject,
  path: string,
  out = new Set<string>(),
): Set<string> {
  for (const [key, value] of Object.entries(node)) {
    const here = childPath(path, key)
    if (isTitleValuePair(value) || typeof value === 'string') {
      out.add(here)
      const text = typeof value === 'string' ? value : value.value
      if (text.trim() === '')
        f.error(here, 'translation.invalid_value', 'a translation cannot be empty')
    } else if (isObject(value)) {
      collectLeaves(f, value, here, out)
    } else {
      out.add(here)
      f.error(
        here,
        'translation.invalid_value',
        `a translation must be a string, not ${show(value)}`,
      )
    }
  }
  return out
}

function isTitleValuePair(value: unknown): value is { title: string; value: string } {
  return (
    isObject(value) &&
    Object.keys(value).sort().join() === 'title,value' &&
    typeof value['title'] === 'string' &&
    typeof value['value'] === 'string'
  )
}

/** ZAS `validate_marketplace_content`: top-level or per-product `app.*` keys. */
function checkMarketplaceKeys(f: Findings, json: JsonObject, m: JsonObject): void {
  const app = json['app']
  if (!isObject(app)) {
    f.error(
      'app',
      'translation.missing_required_key',
      'the `app` object with the app name is required',
    )
    return
  }
  const required = m['private'] === false ? PUBLIC_APP_KEYS : ['name']
  const missingIn = (node: JsonObject) =>
    required.filter((k) => !(k in node) && !(k === 'short_description' && 'description' in node))

  const products = Object.keys(app).filter((k) => PRODUCT_KEYS.includes(k))
  if (products.length === 0) {
    for (const key of missingIn(app))
      f.error(
        childPath('app', key),
        'translation.missing_required_key',
        `\`app.${key}\` is required${m['private'] === false ? ' for a public app' : ''}`,
      )
    return
  }
  const manifestProducts = isObject(m['location']) ? Object.keys(m['location']) : []
  for (const product of products) {
    const path = childPath('app', product)
    if (!manifestProducts.includes(product))
      f.error(
        path,
        'translation.products_do_not_match_manifest_products',
        `product ${show(product)} is not in the manifest's locations (${manifestProducts.join(', ')})`,
      )
    const node = app[product]
    for (const key of isObject(node) ? missingIn(node) : required)
      f.error(
        childPath(path, key),
        'translation.missing_required_key_for_product',
        `\`${path}.${key}\` is required`,
      )
  }
}

/**
 * Every `app.parameters` entry is an object with a label; every manifest parameter (but hidden
 * ones, never shown) has one, at the top of `app` or under a product.
 */
function checkParameterLabels(f: Findings, json: JsonObject, m: JsonObject): void {
  const app = json['app']
  if (!isObject(app)) return // reported as a missing required key
  const scopes: [string, JsonObject][] = [
    ['app', app],
    ...Object.entries(app).flatMap(([k, v]): [string, JsonObject][] =>
      PRODUCT_KEYS.includes(k) && isObject(v) ? [[`app.${k}`, v]] : [],
    ),
  ]
  const labelled = new Set<string>()
  for (const [path, node] of scopes) {
    const labels = node['parameters']
    if (labels === undefined) continue
    if (!isObject(labels)) {
      f.error(`${path}.parameters`, 'translation.invalid_format', '`parameters` must be an object')
      continue
    }
    for (const [name, entry] of Object.entries(labels)) {
      if (isObject(entry) && typeof entry['label'] === 'string') labelled.add(name)
      else
        f.error(
          `${path}.parameters.${name}`,
          'translation.invalid_format',
          'each `parameters` entry must be an object with a `label`',
        )
    }
  }
  const params = Array.isArray(m['parameters']) ? m['parameters'] : []
  for (const p of params) {
    if (!isObject(p) || typeof p['name'] !== 'string' || p['type'] === 'hidden') continue
    const declared = scopes.some(
      ([, node]) => isObject(node['parameters']) && (p['name'] as string) in node['parameters'],
    )
    if (!labelled.has(p['name']) && !declared)
      f.error(
        `app.parameters.${p['name']}.label`,
        'translation.missing_parameter_label',
        `parameter ${show(p['name'])} needs a label (shown on the install screen)`,
      )
  }
}
