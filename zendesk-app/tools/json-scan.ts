/**
 * A strict JSON parser that also reports duplicate object keys, which `JSON.parse` silently
 * resolves to the last one. Zendesk parses manifest.json and requirements.json into a
 * "no-override hash" and rejects a package whose JSON repeats a key (ZAS
 * `duplicate_manifest_keys`, `duplicate_requirements`), so the validators parse with this.
 *
 * RFC 8259 only: no comments, no trailing commas, no NaN. String escapes are checked by handing
 * each string token to `JSON.parse`.
 */
import { childPath } from './problems.js'

export interface DuplicateKey {
  /** Path of the object holding the key twice ('' for the root object). */
  readonly path: string
  readonly key: string
  /** 1-based position of the repeated key. */
  readonly line: number
  readonly column: number
}

export type ScanResult =
  | { readonly ok: true; readonly value: unknown; readonly duplicates: DuplicateKey[] }
  | { readonly ok: false; readonly message: string; readonly line: number; readonly column: number }

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
  }
}

/** Parses `text` as JSON, listing every key that an object repeats. */
export function scanJson(text: string): ScanResult {
  const duplicates: DuplicateKey[] = []
  let i = 0

  const position = (offset: number) => {
    const before = text.slice(0, offset)
    const line = before.split('\n').length
    return { line, column: offset - before.lastIndexOf('\n') }
  }
  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, at)
  }
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++
  }
  const describe = (offset: number) =>
    offset >= text.length ? 'the end of the text' : JSON.stringify(text[offset])

  const parseString = (): string => {
    const start = i
    i++ // opening quote
    while (i < text.length) {
      const c = text[i] as string
      if (c === '"') {
        i++
        try {
          return JSON.parse(text.slice(start, i)) as string
        } catch {
          return fail('invalid string (bad escape or control character)', start)
        }
      }
      if (c === '\\') i += 2
      else if (c < ' ') fail('control character in a string')
      else i++
    }
    return fail('unterminated string', start)
  }

  const parseNumber = (): number => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i))
    if (!match) return fail(`unexpected ${describe(i)}`)
    i += match[0].length
    return Number(match[0])
  }

  const parseValue = (path: string): unknown => {
    skipSpace()
    const c = text[i]
    if (c === '{') return parseObject(path)
    if (c === '[') return parseArray(path)
    if (c === '"') return parseString()
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length
        return value
      }
    }
    return parseNumber()
  }

  const parseObject = (path: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {}
    const seen = new Set<string>()
    i++ // {
    skipSpace()
    if (text[i] === '}') {
      i++
      return out
    }
    for (;;) {
      skipSpace()
      if (text[i] !== '"') fail(`expected a key in double quotes, found ${describe(i)}`)
      const keyAt = i
      const key = parseString()
      skipSpace()
      if (text[i] !== ':') fail(`expected ':' after the key ${JSON.stringify(key)}`)
      i++
      const value = parseValue(childPath(path, key))
      if (seen.has(key)) duplicates.push({ path, key, ...position(keyAt) })
      seen.add(key)
      // defineProperty: a key such as "__proto__" stays an ordinary property
      Object.defineProperty(out, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
      skipSpace()
      if (text[i] === ',') {
        i++
        continue
      }
      if (text[i] === '}') {
        i++
        return out
      }
      fail(`expected ',' or '}' in an object, found ${describe(i)}`)
    }
  }

  const parseArray = (path: string): unknown[] => {
    const out: unknown[] = []
    i++ // [
    skipSpace()
    if (text[i] === ']') {
      i++
      return out
    }
    for (;;) {
      out.push(parseValue(childPath(path, out.length)))
      skipSpace()
      if (text[i] === ',') {
        i++
        continue
      }
      if (text[i] === ']') {
        i++
        return out
      }
      fail(`expected ',' or ']' in an array, found ${describe(i)}`)
    }
  }

  try {
    // A byte-order mark is tolerated, as editors write one.
    if (text.charCodeAt(0) === 0xfeff) i = 1
    const value = parseValue('')
    skipSpace()
    if (i < text.length) fail(`unexpected ${describe(i)} after the JSON value`)
    return { ok: true, value, duplicates }
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e
    return { ok: false, message: e.message, ...position(e.offset) }
  }
}
