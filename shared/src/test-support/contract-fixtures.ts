/**
 * Test helpers: validated contracts without the ceremony. Excluded from the production build.
 */
import type { ResolvedContract } from '../contract/contracts.js'
import type { ContractProfile } from '../contract/profile.schema.js'
import { validateProfile } from '../contract/validate-profile.js'
import { formatIssues } from '../validation/issues.js'

/** A minimal valid profile: one priority, no targets. */
export const BASE_PROFILE: ContractProfile = {
  name: 'Test profile',
  priorities: [{ id: 'normal' }],
  targets: {},
}

/** Validates `profile` (throwing with the issues if invalid) and wraps it as the terms since always. */
export function resolvedContract(
  profile: ContractProfile,
  opts: {
    timeZone?: string
    monthlyFeeMinor?: number
    currency?: string
    componentFees?: Record<string, number>
  } = {},
): ResolvedContract {
  const v = validateProfile(profile)
  if (!v.ok) throw new Error(`fixture profile is invalid:\n${formatIssues(v.issues).join('\n')}`)
  return {
    accountId: 'acme',
    tierId: 'test',
    timeZone: opts.timeZone ?? 'UTC',
    profile: v.value,
    monthlyFee: { amountMinor: opts.monthlyFeeMinor ?? 100_000, currency: opts.currency ?? 'USD' },
    componentFees: opts.componentFees ?? {},
    from: -Infinity,
    until: Infinity,
    accountVersion: 0,
    tierVersion: 0,
  }
}
