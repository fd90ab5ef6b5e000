/**
 * Request validation with the engine's own checker, so the API names fields and rules exactly as
 * the CLI does (`accounts[0].timeZone: … (time-zone)`). Query strings, params and headers are
 * converted to their schema types first (`?limit=10` → 10).
 */
import type { FastifySchemaCompiler } from 'fastify'
import type { TSchema } from 'typebox'
import Value from 'typebox/value'
import { checkSchema } from '@sla-tracker/shared'
import { InvalidInput } from '../errors.js'

const PART_PREFIX: Record<string, string> = {
  body: '',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
}

export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const part = httpPart ?? 'body'
  const convert = part !== 'body'
  return (data: unknown) => {
    const value = convert ? Value.Convert(schema, data) : data
    const issues = checkSchema(schema, value, PART_PREFIX[part] ?? part)
    if (issues.length > 0) return { error: new InvalidInput(issues) }
    return { value }
  }
}
