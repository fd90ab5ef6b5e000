/**
 * Merge semantics of per-account overrides on a tier profile:
 * - objects merge key by key, recursively;
 * - arrays and scalars in the override replace the tier's value wholesale (a list of credit
 *   schedules or priorities is replaced, never spliced);
 * - `null` in the override removes the key (e.g. `credits: null` drops the tier's credits);
 * - keys absent from the override keep the tier's value.
 * The merged profile is validated like any profile.
 */

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype'])

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/**
 * Deep-merges `override` onto `base` by the rules above. Neither input is modified.
 * @example
 * mergeOverrides({ a: { x: 1, y: 2 }, l: [1, 2] }, { a: { y: 3 }, l: [9], z: null })
 * // → { a: { x: 1, y: 3 }, l: [9] }
 */
export function mergeOverrides(base: unknown, override: unknown): unknown {
  if (override === undefined) return base
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base }
    for (const [k, v] of Object.entries(override)) {
      if (FORBIDDEN.has(k)) continue
      if (v === null) delete out[k]
      else out[k] = mergeOverrides(base[k], v)
    }
    return out
  }
  return override
}
