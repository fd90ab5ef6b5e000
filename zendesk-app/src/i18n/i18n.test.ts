import { describe, expect, it } from 'vitest'
import {
  messagesOf,
  createTranslator,
  flatten,
  loadMessages,
  supportedLocaleOf,
  SUPPORTED_LOCALES,
} from './i18n.js'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('strings', () => {
  it('picks a supported language from the agent locale', () => {
    expect(supportedLocaleOf('de-CH')).toBe('de')
    expect(supportedLocaleOf('en-GB')).toBe('en')
    expect(supportedLocaleOf('fr')).toBe('en')
    expect(supportedLocaleOf(undefined)).toBe('en')
  })

  it('fills placeholders and picks plural forms by the locale rules', () => {
    const t = createTranslator(
      flatten({ a: { hello: 'Hi {name}', n: { one: '{count} clock', other: '{count} clocks' } } }),
      'en',
    )
    expect(t('a.hello', { name: 'Ana' })).toBe('Hi Ana')
    expect(t.plural('a.n', 1)).toBe('1 clock')
    expect(t.plural('a.n', 3)).toBe('3 clocks')
    expect(t('a.missing')).toBe('a.missing')
  })

  it.each(SUPPORTED_LOCALES.filter((l) => l !== 'en'))(
    '%s is complete: the same keys as English, the same placeholders, no empty text',
    async (locale) => {
      const en = await loadMessages('en')
      const other = await loadMessages(locale)
      // loadMessages falls back to English; compare the locale's own files.
      const own = Object.fromEntries(
        Object.entries(
          import.meta.glob('./locales/*/*.json', { eager: true, import: 'default' }),
        ).filter(([p]) => p.startsWith(`./locales/${locale}/`)),
      )
      const ownKeys = Object.keys(messagesOf(own)).sort()
      expect(ownKeys).toEqual(Object.keys(en).sort())
      for (const key of Object.keys(en)) {
        expect(other[key], key).toBeTruthy()
        expect(placeholders(other[key]!), key).toEqual(placeholders(en[key]!))
      }
    },
  )
})
