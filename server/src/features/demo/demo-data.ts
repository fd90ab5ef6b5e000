/**
 * The demo tenant's contracts: the five-tier "LeadFly" support matrix with its uptime commitments
 * and credits (reference/sample-contracts.md §A; the same terms as examples/five-tier-support.yaml
 * and examples/uptime-credits.yaml).
 */
import type {
  CalendarDefinition,
  ContractProfile,
  CreditSchedule,
  Target,
} from '@sla-tracker/shared'

export const DEMO_SUBDOMAIN = 'leadfly-demo'
export const DEMO_NAME = 'LeadFly (demo)'
/** The demo's admin token: fixed, so every start prints the same one. Demo data only. */
export const DEMO_TOKEN_ID = 'demo2345demo'
export const DEMO_TOKEN_SECRET = 'demo-token-for-the-local-demo-only'
/** The demo's ZAF shared secret, for the local app harness. Demo data only. */
export const DEMO_SHARED_SECRET = 'demo-shared-secret-for-the-local-demo-only'

export const DEMO_CALENDARS: { id: string; name: string; definition: CalendarDefinition }[] = [
  {
    id: 'business-hours',
    name: "Business hours, customer's zone",
    definition: {
      hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }],
    },
  },
  {
    id: 'extended-hours',
    name: "Extended hours, customer's zone",
    definition: {
      hours: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '06:00', end: '22:00' },
        { days: ['sat'], start: '09:00', end: '17:00' },
      ],
    },
  },
]

const PRIORITIES: ContractProfile['priorities'] = [
  { id: 'critical', label: 'Critical', aliases: ['urgent'] },
  { id: 'high', label: 'High' },
  { id: 'medium', label: 'Medium', aliases: ['normal'] },
  { id: 'low', label: 'Low' },
]

const uptimeSchedules: CreditSchedule[] = [
  {
    id: 'platform',
    label: 'Platform availability',
    kind: 'uptime-linear',
    commitment: 'platform',
    per: '0.1',
    credit: { percent: '5' },
    partialStep: 'prorate',
    cap: { percent: '100' },
  },
  {
    id: 'api',
    label: 'API availability',
    kind: 'uptime-linear',
    commitment: 'api',
    per: '0.1',
    credit: { percent: '10' },
    partialStep: 'prorate',
    cap: { percent: '100' },
  },
  {
    id: 'dashboard',
    label: 'Dashboard access',
    kind: 'uptime-linear',
    commitment: 'dashboard',
    per: '0.1',
    credit: { percent: '5' },
    partialStep: 'prorate',
  },
  {
    id: 'performance',
    label: 'Performance issues',
    kind: 'per-day-impacted',
    impacts: ['degraded'],
    credit: { percent: '5' },
    cap: { percent: '50' },
  },
  {
    id: 'support-response',
    label: 'Support response delay',
    kind: 'per-hour-delay',
    metrics: ['firstResponse', 'nextResponse'],
    credit: { percent: '2' },
    basis: 'calendar',
    partialHour: 'prorate',
    cap: { percent: '25' },
    claim: 'on-request',
  },
]

function profile(
  name: string,
  calendar: string | undefined,
  basis: Target['basis'],
  firstResponseMinutes: [number, number, number, number],
  resolution: [number, number, number, number],
  resolutionBasis: [Target['basis'], Target['basis'], Target['basis'], Target['basis']],
): ContractProfile {
  const ids = ['critical', 'high', 'medium', 'low'] as const
  return {
    name,
    ...(calendar ? { calendar } : {}),
    priorities: PRIORITIES,
    defaultPriority: 'medium',
    warningThresholds: [50, 80, 100],
    targets: {
      firstResponse: Object.fromEntries(
        ids.map((p, i) => [p, { minutes: firstResponseMinutes[i]!, basis }]),
      ),
      resolution: Object.fromEntries(
        ids.map((p, i) => [p, { minutes: resolution[i]!, basis: resolutionBasis[i]! }]),
      ),
    },
    uptime: {
      commitments: [
        {
          id: 'platform',
          label: 'Platform availability',
          components: ['platform'],
          target: '99.9',
        },
        { id: 'api', label: 'API availability', components: ['api'], target: '99.95' },
        { id: 'dashboard', label: 'Dashboard access', components: ['dashboard'], target: '99.9' },
      ],
      downtime: {
        method: 'continuous',
        impactWeights: { major: '100', partial: '50', degraded: '0' },
      },
      exclusions: ['force-majeure', 'customer-caused'],
      maintenance: {
        windows: [{ days: ['sat'], start: '02:00', end: '06:00', timeZone: 'UTC' }],
        noticeMinutes: 4320,
        monthlyAllowanceMinutes: 240,
      },
    },
    credits: {
      rounding: 'half-up',
      cap: { percent: '100' },
      claimWindowDays: 15,
      schedules: uptimeSchedules,
    },
  }
}

const B = 'business' as const
const C = 'calendar' as const

/** Tier templates, cheapest first. Hours run in the tier's support hours; days are calendar days. */
export const DEMO_TIERS: {
  id: string
  name: string
  profile: ContractProfile
  monthlyFeeMinor: number
}[] = [
  {
    id: 'starter',
    name: 'Starter',
    monthlyFeeMinor: 50_000,
    profile: profile(
      'LeadFly Starter',
      'business-hours',
      B,
      [240, 480, 1440, 4320],
      [1440, 4320, 10080, 20160],
      [B, B, C, C],
    ),
  },
  {
    id: 'growth',
    name: 'Growth',
    monthlyFeeMinor: 200_000,
    profile: profile(
      'LeadFly Growth',
      'extended-hours',
      B,
      [120, 240, 720, 2880],
      [720, 2880, 7200, 14400],
      [B, B, C, C],
    ),
  },
  {
    id: 'scale',
    name: 'Scale',
    monthlyFeeMinor: 600_000,
    profile: profile(
      'LeadFly Scale',
      undefined,
      C,
      [60, 120, 480, 1440],
      [480, 1440, 4320, 10080],
      [C, C, C, C],
    ),
  },
  {
    id: 'pro',
    name: 'Pro',
    monthlyFeeMinor: 1_500_000,
    profile: profile(
      'LeadFly Pro',
      undefined,
      C,
      [30, 60, 240, 720],
      [240, 720, 2880, 7200],
      [C, C, C, C],
    ),
  },
  {
    id: 'enterprise',
    name: 'Enterprise',
    monthlyFeeMinor: 4_000_000,
    profile: profile(
      'LeadFly Enterprise',
      undefined,
      C,
      [15, 30, 120, 480],
      [120, 480, 1440, 4320],
      [C, C, C, C],
    ),
  },
]

export const DEMO_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Sydney',
  'Asia/Tokyo',
  'America/Sao_Paulo',
]

const NAME_A = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Hooli',
  'Vandelay',
  'Pied Piper',
  'Aperture',
  'Black Mesa',
  'Wonka',
  'Gringotts',
  'Oceanic',
  'Monarch',
  'Massive',
  'Nakatomi',
]
const NAME_B = [
  'Logistics',
  'Health',
  'Retail',
  'Analytics',
  'Travel',
  'Bank',
  'Media',
  'Energy',
  'Foods',
  'Robotics',
]

/** Account names, deterministic: "Acme Logistics", "Globex Health", … */
export function demoAccountName(i: number): string {
  return `${NAME_A[i % NAME_A.length]} ${NAME_B[Math.floor(i / NAME_A.length) % NAME_B.length]}`
}
