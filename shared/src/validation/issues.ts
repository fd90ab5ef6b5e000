/**
 * Expected failures are data: a validation result lists every problem with the field's path and
 * the rule it breaks. Only broken invariants of the engine itself throw.
 */

/** One problem found in an input. */
export interface ValidationIssue {
  /** Where: a dotted path with array indexes, e.g. `tiers[0].versions[1].profile.targets`. */
  path: string
  /** Which rule, as a short stable identifier (e.g. `required`, `pattern`, `time-zone`). */
  rule: string
  /** What is wrong, in words a CS-operations admin understands. */
  message: string
}

/** The outcome of validating input of type `T`. */
export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] }

/** Builds an issue. */
export function issue(path: string, rule: string, message: string): ValidationIssue {
  return { path, rule, message }
}

/** Joins path segments: `joinPath('a', 0, 'b')` → `a[0].b`. */
export function joinPath(...segments: (string | number)[]): string {
  let out = ''
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`
    else if (s === '') continue
    else if (out === '') out = s
    else if (s.startsWith('[')) out += s
    else out += `.${s}`
  }
  return out
}

/** One line per issue: `path: message (rule)`. */
export function formatIssues(issues: readonly ValidationIssue[]): string[] {
  return issues.map((i) => `${i.path === '' ? '(root)' : i.path}: ${i.message} (${i.rule})`)
}

/**
 * Thrown only when the engine itself is misused (an invariant the validators guarantee is
 * broken, e.g. an unvalidated profile passed to a computation). Carries the issues.
 */
export class InvalidInputError extends Error {
  readonly issues: ValidationIssue[]
  constructor(what: string, issues: ValidationIssue[]) {
    super(`${what} is invalid:\n${formatIssues(issues).join('\n')}`)
    this.name = 'InvalidInputError'
    this.issues = issues
  }
}
