/**
 * Runs a TypeBox (JSON Schema) check and turns its errors into {@link ValidationIssue}s that name
 * the field and the rule in plain words. Alternatives (`anyOf`) are reported by the branch that
 * fits the value's shape, so a schedule with `kind: 'per-miss'` gets the per-miss errors, not a
 * wall of "must match a schema in anyOf".
 */
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Settings } from 'typebox/system'
import { issue, joinPath, type ValidationIssue } from './issues.js'

interface RawError {
  keyword: string
  schemaPath: string
  instancePath: string
  params: Record<string, unknown>
  message: string
}

type Validator = { Check(value: unknown): boolean; Errors(value: unknown): Iterable<RawError> }

const validators = new WeakMap<TSchema, Validator>()

/** Most errors collected from one value (a huge bad import still gets a bounded report). */
const MAX_ERRORS = 500

function validatorFor(schema: TSchema): Validator {
  let v = validators.get(schema)
  if (!v) {
    v = Compile(schema)
    validators.set(schema, v)
  }
  return v
}

/** JSON pointer (`/a/0/b`) → dotted path (`a[0].b`), under `base`. */
function pointerToPath(base: string, pointer: string): string {
  if (pointer === '') return base
  const segs = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
  return joinPath(base, ...segs)
}

function schemaAt(root: TSchema, schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = root
  for (const raw of schemaPath.replace(/^#/, '').split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined
}

function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'an array'
  if (v === null) return 'null'
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`
}

function messageFor(root: TSchema, e: RawError): { rule: string; message: string } | undefined {
  const schema = schemaAt(root, e.schemaPath)
  const custom = typeof schema?.errorMessage === 'string' ? schema.errorMessage : undefined
  const p = e.params
  switch (e.keyword) {
    case 'required': {
      const names = (p.requiredProperties as string[] | undefined) ?? []
      return { rule: 'required', message: `is required (missing: ${names.join(', ')})` }
    }
    case 'additionalProperties': {
      const names = (p.additionalProperties as string[] | undefined) ?? []
      return {
        rule: 'unknown-field',
        message: `has unknown field${names.length > 1 ? 's' : ''} ${names.map((n) => `"${n}"`).join(', ')}`,
      }
    }
    case 'boolean':
      // Emitted per unknown property next to the `additionalProperties` error; skip the duplicate.
      return undefined
    case 'type':
      return { rule: 'type', message: custom ?? `must be ${String(p.type)}` }
    case 'enum':
      return {
        rule: 'one-of',
        message: `must be one of: ${((p.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v)).join(', ')}`,
      }
    case 'const':
      return { rule: 'one-of', message: `must be ${JSON.stringify(p.allowedValue)}` }
    case 'pattern':
    case 'format':
      return { rule: e.keyword, message: custom ?? e.message }
    case 'minLength':
      return {
        rule: 'min-length',
        message:
          Number(p.limit) === 1
            ? 'must not be empty'
            : `must have at least ${String(p.limit)} characters`,
      }
    case 'maxLength':
      return { rule: 'max-length', message: `must have at most ${String(p.limit)} characters` }
    case 'minItems':
      return { rule: 'min-items', message: `must have at least ${String(p.limit)} item(s)` }
    case 'maxItems':
      return { rule: 'max-items', message: `must have at most ${String(p.limit)} items` }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return { rule: 'range', message: custom ?? e.message }
    case 'minProperties':
      return { rule: 'min-items', message: `must have at least ${String(p.limit)} entr(y/ies)` }
    default:
      return { rule: e.keyword, message: custom ?? e.message }
  }
}

function collect(
  root: TSchema,
  errors: RawError[],
  base: string,
  value: unknown,
): ValidationIssue[] {
  const out: ValidationIssue[] = []
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf')
  // Errors that belong to a branch of some anyOf are handled through that anyOf.
  const inBranch = (e: RawError) =>
    anyOfs.some((a) => e !== a && e.schemaPath.startsWith(`${a.schemaPath}/anyOf/`))
  for (const e of errors) {
    if (e.keyword === 'anyOf') continue
    if (inBranch(e)) continue
    const m = messageFor(root, e)
    if (m) out.push(issue(pointerToPath(base, e.instancePath), m.rule, m.message))
  }
  // Outermost anyOfs only; nested ones are reached by recursion through the chosen branch.
  const outer = anyOfs.filter(
    (a) => !anyOfs.some((b) => b !== a && a.schemaPath.startsWith(`${b.schemaPath}/anyOf/`)),
  )
  for (const a of outer) {
    const prefix = `${a.schemaPath}/anyOf/`
    const branches = new Map<number, RawError[]>()
    for (const e of errors) {
      if (!e.schemaPath.startsWith(prefix)) continue
      const idx = Number(e.schemaPath.slice(prefix.length).split('/')[0])
      const list = branches.get(idx) ?? []
      list.push(e)
      branches.set(idx, list)
    }
    const valueAt = resolvePointer(value, a.instancePath)
    // A branch is a wrong shape when it fails on the value itself (type/const/enum) or on a
    // literal field of it.
    const fits = [...branches.entries()].filter(
      ([, errs]) =>
        !errs.some(
          (e) =>
            (e.instancePath === a.instancePath &&
              ['type', 'const', 'enum', 'pattern', 'format'].includes(e.keyword)) ||
            // A literal field (the discriminator: `kind`, `type`) that does not match.
            (e.keyword === 'const' && isChild(a.instancePath, e.instancePath)),
        ),
    )
    const path = pointerToPath(base, a.instancePath)
    if (fits.length > 0) {
      fits.sort((x, y) => x[1].length - y[1].length)
      out.push(...collect(root, fits[0]![1], base, value))
    } else {
      const schema = schemaAt(root, a.schemaPath)
      const custom = typeof schema?.errorMessage === 'string' ? schema.errorMessage : undefined
      const kinds = alternativesOf(schema)
      out.push(
        issue(
          path,
          'one-of',
          custom ??
            (kinds
              ? `must be one of: ${kinds}`
              : `has an unsupported form (${describeValue(valueAt)})`),
        ),
      )
    }
  }
  return out
}

function isChild(parent: string, child: string): boolean {
  return child.startsWith(`${parent}/`) && !child.slice(parent.length + 1).includes('/')
}

function alternativesOf(schema: Record<string, unknown> | undefined): string | undefined {
  const branches = schema?.anyOf
  if (!Array.isArray(branches)) return undefined
  const names: string[] = []
  for (const b of branches as Record<string, unknown>[]) {
    const props = b.properties as Record<string, Record<string, unknown>> | undefined
    const field =
      props?.kind?.const !== undefined
        ? 'kind'
        : props?.type?.const !== undefined
          ? 'type'
          : undefined
    if (field) names.push(`${field} "${String(props![field]!.const)}"`)
    else if (b.const !== undefined) names.push(JSON.stringify(b.const))
    else if (typeof b.type === 'string') names.push(b.type)
    else return undefined
  }
  return names.join(', ')
}

function resolvePointer(value: unknown, pointer: string): unknown {
  let node = value
  for (const raw of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return node
}

/**
 * Checks `value` against `schema`. Returns every problem found, each with a path under `base`.
 */
export function checkSchema(schema: TSchema, value: unknown, base = ''): ValidationIssue[] {
  const v = validatorFor(schema)
  if (v.Check(value)) return []
  // TypeBox stops at 8 errors by default, which can cut off the summary of an alternative
  // (anyOf); collect them all for this call only.
  const previous = Settings.Get().maxErrors
  Settings.Set({ maxErrors: MAX_ERRORS })
  let errors: RawError[]
  try {
    errors = [...v.Errors(value)]
  } finally {
    Settings.Set({ maxErrors: previous })
  }
  const issues = collect(schema, errors, base, value)
  // Stable, de-duplicated order.
  const seen = new Set<string>()
  return issues.filter((i) => {
    const k = `${i.path}\u0000${i.rule}\u0000${i.message}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
