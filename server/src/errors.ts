/**
 * Every error the API answers with, declared once. Each response carries one envelope:
 * `{ error: { code, message, details? } }`. 4xx messages are kept; 5xx text is hidden.
 */
import createError from '@fastify/error'
import type { ValidationIssue } from '@sla-tracker/shared'

export const Unauthorized = createError('UNAUTHORIZED', '%s', 401)
export const Forbidden = createError('FORBIDDEN', '%s', 403)
export const NotFound = createError('NOT_FOUND', '%s', 404)
export const Conflict = createError('CONFLICT', '%s', 409)
export const PayloadTooLarge = createError('PAYLOAD_TOO_LARGE', '%s', 413)
export const BadRequest = createError('BAD_REQUEST', '%s', 400)

/** Input that breaks a rule: 400 (or 422 when well-formed but semantically invalid), with every issue. */
export class InvalidInput extends Error {
  readonly statusCode: number
  readonly code = 'INVALID_INPUT'
  constructor(
    readonly issues: ValidationIssue[],
    message = issues.length === 1
      ? `${issues[0]!.path || '(root)'}: ${issues[0]!.message}`
      : `${issues.length} problems in the input; see details`,
    statusCode = 400,
  ) {
    super(message)
    this.name = 'InvalidInput'
    this.statusCode = statusCode
  }
}

/** The error envelope. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown }
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } }
}
