/**
 * Request validation with the engine's own checker, so the API names fields and rules exactly as
 * the CLI does (`accounts[0].timeZone: … (time-zone)`). Query strings, params and headers are
 * converted to their schema types first (`?limit=10` → 10) — strictly: `?limit=1.5` or
 * `?limit=10abc` is an error, never silently truncated.
 */
import type { FastifySchemaCompiler } from 'fastify'
import type { TSchema } from 'typebox'
import Value from 'typebox/value'
import { checkSchema, issue, joinPath, type ValidationIssue } from '@sla-tracker/shared'
import { InvalidInput } from '../errors.js'

const PART_PREFIX: Record<string, string> = {
  body: '',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
}

const INTEGER = /^-?\d+$/
const NUMBER = /^-?\d+(?:\.\d+)?$/

/** Numeric text fields that would convert lossily or not at all. */
function numericTextIssues(schema: TSchema, data: unknown, prefix: string): ValidationIssue[] {
  const props = (schema as { properties?: Record<string, { type?: unknown }> }).properties
  if (!props || data === null || typeof data !== 'object') return []
  const out: ValidationIssue[] = []
  for (const [key, prop] of Object.entries(props)) {
    const raw = (data as Record<string, unknown>)[key]
    if (typeof raw !== 'string') continue
    if (prop.type === 'integer' && !INTEGER.test(raw))
      out.push(issue(joinPath(prefix, key), 'type', 'must be integer'))
    if (prop.type === 'number' && !NUMBER.test(raw))
      out.push(issue(joinPath(prefix, key), 'type', 'must be number'))
  }
  return out
}

/** Whether every property is plain text: then the request's text needs no conversion. */
function onlyText(schema: TSchema): boolean {
  const props = (schema as { properties?: Record<string, Record<string, unknown>> }).properties
  if (props === undefined) return false
  return Object.values(props).every((p) => p.type === 'string' && !('default' in p))
}

export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const part = httpPart ?? 'body'
  const prefix = PART_PREFIX[part] ?? part
  // Conversion is costly (it clones); text-only params, such as ids in the path, skip it.
  const convert = part !== 'body' && !onlyText(schema)
  return (data: unknown) => {
    const textIssues = convert ? numericTextIssues(schema, data, prefix) : []
    if (textIssues.length > 0) return { error: new InvalidInput(textIssues) }
    const value = convert ? Value.Convert(schema, data) : data
    const issues = checkSchema(schema, value, prefix)
    if (issues.length > 0) return { error: new InvalidInput(issues) }
    return { value }
  }
}
