/**
 * Schemas shared by the routes' OpenAPI descriptions.
 */
import Type from 'typebox'

/** The one error envelope. */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  {
    $id: undefined,
    description:
      'Every error: a stable code, a message naming the field and the rule, and details (the issues) for invalid input.',
  },
)

/** Cursor pagination query. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
}
