/**
 * Every user-visible string comes from the locale files: no JSX text with letters, and no literal
 * text in the attributes people (or screen readers) read, in any component.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// happy-dom gives modules an http: import.meta.url; vitest keeps the file's folder here.
const SRC = import.meta.dirname
const READ_ATTRIBUTES = new Set([
  'aria-label',
  'title',
  'placeholder',
  'alt',
  'label',
  'aria-valuetext',
])

function components(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'test-support' ? [] : components(full)
    return e.name.endsWith('.tsx') && !e.name.endsWith('.test.tsx') ? [full] : []
  })
}

function hardCoded(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const found: string[] = []
  const where = (n: ts.Node) =>
    `${relative(SRC, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`
  const visit = (n: ts.Node) => {
    if (ts.isJsxText(n) && /\p{L}{2,}/u.test(n.text))
      found.push(`${where(n)} text "${n.text.trim()}"`)
    if (
      ts.isJsxAttribute(n) &&
      READ_ATTRIBUTES.has(n.name.getText()) &&
      n.initializer &&
      ts.isStringLiteral(n.initializer) &&
      /\p{L}{2,}/u.test(n.initializer.text)
    )
      found.push(`${where(n)} ${n.name.getText()}="${n.initializer.text}"`)
    ts.forEachChild(n, visit)
  }
  visit(source)
  return found
}

describe('strings in components', () => {
  it('are all looked up in the locale files', () => {
    const files = components(SRC)
    expect(files.length).toBeGreaterThan(5)
    expect(files.flatMap(hardCoded)).toEqual([])
  })
})
