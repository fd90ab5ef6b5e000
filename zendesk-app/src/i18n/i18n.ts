/**
 * UI strings: `locales/<locale>/<area>.json`, flattened to `area.key.sub` and looked up by `t`.
 * English is bundled; other locales load on demand. `{name}` placeholders are replaced;
 * `plural(key, n)` picks `key.one` / `key.other` (CLDR rules of the locale).
 */

export type Messages = Readonly<Record<string, string>>

export const SUPPORTED_LOCALES = ['en', 'de'] as const
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number]

type Tree = { [key: string]: string | Tree }

export function flatten(
  tree: Tree,
  prefix = '',
  out: Record<string, string> = {},
): Record<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out[key] = v
    else flatten(v, key, out)
  }
  return out
}

/** `{ './locales/en/ticket.json': {...} }` → `ticket.*` keys. */
export function messagesOf(modules: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [path, tree] of Object.entries(modules)) {
    const area = /([^/]+)\.json$/.exec(path)?.[1]
    if (area) flatten(tree as Tree, area, out)
  }
  return out
}

const english = messagesOf(
  import.meta.glob('./locales/en/*.json', { eager: true, import: 'default' }),
)
const lazy = import.meta.glob(['./locales/*/*.json', '!./locales/en/*.json'], {
  import: 'default',
})

/** `de-CH` → `de`; anything unsupported → `en`. */
export function supportedLocaleOf(locale: string | null | undefined): SupportedLocale {
  const lang = (locale ?? 'en').toLowerCase().split(/[-_]/)[0]
  return (SUPPORTED_LOCALES as readonly string[]).includes(lang ?? '')
    ? (lang as SupportedLocale)
    : 'en'
}

export async function loadMessages(locale: SupportedLocale): Promise<Messages> {
  if (locale === 'en') return english
  const entries = Object.entries(lazy).filter(([p]) => p.startsWith(`./locales/${locale}/`))
  const loaded = await Promise.all(entries.map(async ([p, load]) => [p, await load()] as const))
  return { ...english, ...messagesOf(Object.fromEntries(loaded)) }
}

export type Vars = Readonly<Record<string, string | number>>

export interface Translator {
  (key: string, vars?: Vars): string
  plural(key: string, count: number, vars?: Vars): string
  /** The full locale for Intl (e.g. `de-DE`). */
  readonly locale: string
}

export function createTranslator(messages: Messages, locale: string): Translator {
  const rules = new Intl.PluralRules(locale)
  const fill = (text: string, vars?: Vars) =>
    vars
      ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
      : text
  const t = ((key: string, vars?: Vars) =>
    fill(messages[key] ?? english[key] ?? key, vars)) as Translator
  t.plural = (key, count, vars) => {
    const form = rules.select(count)
    const text =
      messages[`${key}.${form}`] ?? messages[`${key}.other`] ?? english[`${key}.other`] ?? key
    return fill(text, { count, ...vars })
  }
  Object.defineProperty(t, 'locale', { value: locale })
  return t
}

export const englishMessages: Messages = english
