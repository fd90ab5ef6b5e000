/**
 * What the package validators report: one `Problem` per broken rule, naming the file, the place
 * in it and the rule, so a message can be traced back to the line to fix.
 */

export interface Problem {
  /** Package-relative path, e.g. `manifest.json`, `translations/de.json`. */
  readonly file: string
  /** Where in the file: dotted keys with `[i]` for array items (`parameters[1].scopes`); '' for the whole file. */
  readonly path: string
  /** The rule's name: ZAS's error key where Zendesk has one (`duplicate_parameters`), ours otherwise. */
  readonly rule: string
  readonly message: string
}

export interface ValidationResult {
  readonly errors: Problem[]
  readonly warnings: Problem[]
}

/** Collects errors and warnings for one file. */
export class Findings {
  readonly errors: Problem[] = []
  readonly warnings: Problem[] = []

  constructor(readonly file: string) {}

  error(path: string, rule: string, message: string): void {
    this.errors.push({ file: this.file, path, rule, message })
  }

  warn(path: string, rule: string, message: string): void {
    this.warnings.push({ file: this.file, path, rule, message })
  }

  result(): ValidationResult {
    return { errors: this.errors, warnings: this.warnings }
  }
}

/** Joins results in order. */
export function mergeResults(...results: readonly ValidationResult[]): ValidationResult {
  return {
    errors: results.flatMap((r) => r.errors),
    warnings: results.flatMap((r) => r.warnings),
  }
}

export type JsonObject = { [key: string]: unknown }

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `a.b`, `a[2]`: the path notation of `Problem.path`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`
  return parent === '' ? key : `${parent}.${key}`
}

/** A value as it reads in a message. */
export function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value)
}
