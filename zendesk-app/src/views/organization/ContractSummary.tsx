/** The contract in force, in plain words: fee, business hours, targets, uptime and credits. */
import type {
  AccountSla,
  CalendarDefinition,
  ContractProfile,
  CreditSchedule,
  Metric,
} from '@sla-tracker/shared'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import type { Translator } from '../../i18n/i18n.js'
import type { Formatters } from '../../ui/format.js'
import { errorMessage } from '../../ui/states.js'
import type { ServiceError } from '../../service/service-api.js'
import {
  businessHoursText,
  creditSchedules,
  METRIC_ORDER,
  targetLines,
} from './organization-view-model.js'
import { GLYPH, localDate, mutedText, Section } from '../ticket/sidebar-parts.js'

type Charge = { percent?: string | number; amountMinor?: number }

function chargeText(t: Translator, format: Formatters, c: Charge, currency: string): string {
  if (c.percent !== undefined)
    return t('organization.contract.charge.percent', {
      percent: format.percent(String(c.percent), 3),
    })
  return t('organization.contract.charge.amount', {
    amount: format.money(c.amountMinor ?? 0, currency),
  })
}

/** One credit schedule in a line: "Platform availability: 5% of the fee per 0.1% below the target". */
export function scheduleText(
  t: Translator,
  format: Formatters,
  s: CreditSchedule,
  currency: string,
): string {
  const label = s.label ?? s.id
  const charge = (c: Charge) => chargeText(t, format, c, currency)
  let text: string
  switch (s.kind) {
    case 'uptime-linear':
      text = t('organization.contract.schedule.uptime-linear', {
        label,
        credit: charge(s.credit),
        per: format.percent(String(s.per), 3),
      })
      break
    case 'uptime-bands':
      text = t('organization.contract.schedule.uptime-bands', {
        label,
        bands: s.bands
          .map((b) =>
            t('organization.contract.schedule.band', {
              below: format.percent(String(b.below), 3),
              credit: charge(b.credit),
            }),
          )
          .join('; '),
      })
      break
    case 'per-miss': {
      const first = Object.values(s.perMiss).find((c) => c !== undefined)
      text = t('organization.contract.schedule.per-miss', {
        label,
        credit: first ? charge(first) : '',
      })
      break
    }
    case 'per-hour-delay':
      text = t('organization.contract.schedule.per-hour-delay', { label, credit: charge(s.credit) })
      break
    case 'per-day-impacted':
      text = t('organization.contract.schedule.per-day-impacted', {
        label,
        credit: charge(s.credit),
      })
      break
  }
  const extras: string[] = []
  if (s.cap) extras.push(t('organization.contract.schedule.cap', { cap: charge(s.cap) }))
  if (s.claim === 'on-request') extras.push(t('organization.contract.schedule.onRequest'))
  return extras.length > 0 ? `${text} (${extras.join(', ')})` : text
}

export function ContractSummary(props: {
  sla: AccountSla
  profile: ContractProfile | null
  calendar: CalendarDefinition | null
  tierName: string | null
  termsError: ServiceError | null
}) {
  const { t, format } = useEnvironment()
  const { sla, profile, calendar } = props
  const contract = sla.contract
  if (!contract)
    return (
      <Section id="org-contract" testId="contract-summary" title={t('organization.contract.title')}>
        <p style={{ ...mutedText, margin: 0 }}>{t('organization.contract.none')}</p>
      </Section>
    )
  const currency = contract.monthlyFee.currency
  const tierName = props.tierName ?? contract.tier
  const dates = [
    contract.effectiveFrom
      ? t('organization.contract.since', {
          date: localDate(t.locale, contract.effectiveFrom.slice(0, 10)),
        })
      : null,
    contract.until
      ? t('organization.contract.until', { date: localDate(t.locale, contract.until.slice(0, 10)) })
      : null,
  ].filter((x): x is string => x !== null)
  const zone = calendar?.timeZone ?? sla.account.timeZone
  const hours = calendar ? businessHoursText(calendar, t.locale) : undefined
  const metrics = profile
    ? METRIC_ORDER.filter((m: Metric) => targetLines(profile, m).length > 0)
    : []
  const commitments = profile?.uptime?.commitments ?? []
  const schedules = profile ? creditSchedules(profile) : []
  const credits = profile?.credits
  return (
    <Section id="org-contract" testId="contract-summary" title={t('organization.contract.title')}>
      <p style={{ margin: '0 0 4px', fontWeight: 600 }}>
        {t('organization.tier', { tier: tierName })}
        {GLYPH.separator}
        {t('organization.contract.fee', {
          fee: format.money(contract.monthlyFee.amountMinor, currency),
        })}
      </p>
      {dates.length > 0 ? (
        <p style={{ ...mutedText, margin: '0 0 6px' }}>{dates.join(', ')}</p>
      ) : null}
      {props.termsError ? (
        <p style={{ ...mutedText, margin: 0 }} role="note">
          {t('organization.contract.unavailable', { reason: errorMessage(t, props.termsError) })}
        </p>
      ) : null}
      {profile ? (
        <ul style={{ margin: 0, paddingLeft: 16, fontSize: 13 }}>
          {hours !== undefined ? (
            <li data-part="hours">
              {hours === null
                ? t('organization.contract.hours24x7')
                : t('organization.contract.hours', { hours, zone })}
            </li>
          ) : null}
          {metrics.map((m) => (
            <li key={m} data-part={`targets-${m}`}>
              {t('organization.contract.metricTargets', {
                metric: t(`organization.contract.metrics.${m}`),
                targets: targetLines(profile, m)
                  .map((l) =>
                    t(
                      l.basis === 'business'
                        ? 'organization.contract.targetBusiness'
                        : 'organization.contract.target',
                      { priority: l.priority, duration: format.duration(l.minutes * 60_000) },
                    ),
                  )
                  .join(GLYPH.separator),
              })}
            </li>
          ))}
          {commitments.length > 0 ? (
            <li data-part="uptime">
              {t('organization.contract.uptime', {
                commitments: commitments
                  .map((c) =>
                    t('organization.contract.commitment', {
                      label: c.label ?? c.id,
                      target: format.percent(String(c.target), 3),
                    }),
                  )
                  .join(GLYPH.separator),
              })}
            </li>
          ) : null}
          <li data-part="credits">
            {schedules.length === 0 ? (
              t('organization.contract.noCredits')
            ) : (
              <>
                <strong>{t('organization.contract.credits')}</strong>
                <ul style={{ margin: 0, paddingLeft: 14 }}>
                  {schedules.map((s) => (
                    <li key={s.id}>{scheduleText(t, format, s, currency)}</li>
                  ))}
                  {credits?.cap ? (
                    <li>
                      {t('organization.contract.overallCap', {
                        cap: chargeText(t, format, credits.cap, currency),
                      })}
                    </li>
                  ) : null}
                  {credits?.claimWindowDays ? (
                    <li>
                      {t('organization.contract.claimWindow', { days: credits.claimWindowDays })}
                    </li>
                  ) : null}
                </ul>
              </>
            )}
          </li>
        </ul>
      ) : null}
    </Section>
  )
}
