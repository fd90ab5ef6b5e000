/**
 * A small OpenAPI 3 conformance check for simulator responses: resolves `$ref`/`allOf`/`anyOf`/
 * `oneOf`, and reports every `required` property that is missing and every present property whose
 * JSON type contradicts the schema (string vs integer vs number vs boolean vs array vs object).
 * `null` is accepted anywhere (Zendesk's spec marks nullability inconsistently).
 */
import { existsSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'

export interface Schema {
  $ref?: string
  type?: string
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  allOf?: Schema[]
  anyOf?: Schema[]
  oneOf?: Schema[]
}

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>
}

export interface OasDocument {
  paths: Record<string, Record<string, Operation | undefined> | undefined>
  components: { schemas: Record<string, Schema | undefined> }
}

export type OasLoad = { ok: true; doc: OasDocument } | { ok: false; reason: string }

export function loadOas(path: string): OasLoad {
  if (!existsSync(path)) return { ok: false, reason: `${path} does not exist` }
  const doc = parse(readFileSync(path, 'utf8')) as Partial<OasDocument> | null
  if (!doc || typeof doc.paths !== 'object' || typeof doc.components?.schemas !== 'object') {
    return { ok: false, reason: `${path} is not an OpenAPI document with paths and schemas` }
  }
  return { ok: true, doc: doc as OasDocument }
}

/** The JSON response schema of an operation, or why there is none. */
export function responseSchema(
  doc: OasDocument,
  path: string,
  method: string,
  status: number,
): Schema | string {
  const operation = doc.paths[path]?.[method.toLowerCase()]
  if (!operation) return `no ${method} ${path} in the spec`
  const schema = operation.responses?.[String(status)]?.content?.['application/json']?.schema
  if (!schema) return `no ${status} JSON response schema for ${method} ${path}`
  try {
    resolve(doc, schema)
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  return schema
}

export function resolve(doc: OasDocument, schema: Schema): Schema {
  let current = schema
  for (let hops = 0; current.$ref !== undefined; hops++) {
    const name = current.$ref.replace('#/components/schemas/', '')
    const target = doc.components.schemas[name]
    if (!target || hops > 20) throw new Error(`unresolvable ${current.$ref}`)
    current = target
  }
  return current
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (Number.isInteger(value)) return 'integer'
  return typeof value
}

function typeMatches(expected: string, value: unknown): boolean {
  const actual = jsonType(value)
  if (expected === 'number') return actual === 'integer' || actual === 'number'
  return expected === actual
}

/**
 * Problems of `value` against `schema`; paths in `ignore` (e.g. `$.ticket_events[]`) are skipped.
 */
export function conformanceProblems(
  doc: OasDocument,
  value: unknown,
  schema: Schema,
  ignore: ReadonlySet<string> = new Set(),
  at = '$',
): string[] {
  if (value === null || value === undefined || ignore.has(at)) return []
  const s = resolve(doc, schema)
  const problems: string[] = []
  for (const part of s.allOf ?? [])
    problems.push(...conformanceProblems(doc, value, part, ignore, at))
  const variants = s.anyOf ?? s.oneOf
  if (variants) {
    const results = variants.map((v) => conformanceProblems(doc, value, v, ignore, at))
    if (!results.some((r) => r.length === 0)) {
      // Report against the closest variant: one of the value's own type, then the fewest problems.
      const typed = results.filter((_, i) => {
        const type = resolve(doc, variants[i] as Schema).type
        return type === undefined || typeMatches(type, value)
      })
      const pool = typed.length > 0 ? typed : results
      const best = pool.reduce((a, b) => (b.length < a.length ? b : a))
      problems.push(`${at}: matches no variant`, ...best)
    }
  }
  if (s.type !== undefined && !typeMatches(s.type, value)) {
    return [...problems, `${at}: expected ${s.type}, got ${jsonType(value)}`]
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>
    for (const key of s.required ?? []) {
      if (!(key in object)) problems.push(`${at}.${key}: required but missing`)
    }
    for (const [key, sub] of Object.entries(s.properties ?? {})) {
      if (key in object) {
        problems.push(...conformanceProblems(doc, object[key], sub, ignore, `${at}.${key}`))
      }
    }
  }
  if (Array.isArray(value) && s.items) {
    const items = s.items
    value.forEach((item) =>
      problems.push(...conformanceProblems(doc, item, items, ignore, `${at}[]`)),
    )
  }
  return [...new Set(problems)]
}
