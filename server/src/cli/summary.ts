/**
 * A readable text summary of an evaluation, for people at a terminal (`evaluate --summary`).
 */
import { formatMoney, type EvaluationReport } from '@sla-tracker/shared'

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  )
}

/** `1d 2h 5m`; business durations in hours only (a business day is not 24 hours). */
function duration(minutes: number, basis: 'business' | 'calendar' = 'calendar'): string {
  const sign = minutes < 0 ? '-' : ''
  let m = Math.round(Math.abs(minutes))
  const d = basis === 'business' ? 0 : Math.floor(m / 1440)
  m -= d * 1440
  const h = Math.floor(m / 60)
  m -= h * 60
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', m || (!d && !h) ? `${m}m` : ''].filter(Boolean)
  return sign + parts.join(' ')
}

const short = (iso: string | null) => (iso === null ? '' : `${iso.slice(0, 16).replace('T', ' ')}Z`)

/** Formats the summary. */
export function formatSummary(r: EvaluationReport): string {
  const lines: string[] = []
  lines.push(`${r.scenario ?? 'Scenario'} — as of ${short(r.now)}`)
  lines.push('')
  lines.push('Accounts')
  const accountRows = [
    [
      'ACCOUNT',
      'TIER',
      'MONTH',
      'UPTIME',
      'TARGET',
      'BUDGET USED',
      'CLOCKS run/pause/met/breach',
      'CREDIT',
      'FLAGS',
    ],
  ]
  for (const a of r.accounts) {
    const main = a.uptime.find((u) => u.applicable)
    const c = a.tickets.clocks
    accountRows.push([
      a.id,
      a.contract?.tier ?? '—',
      a.period.month,
      main ? `${main.uptimePercent}%` : '—',
      main ? `${main.target}%` : '—',
      main ? `${main.errorBudget.percentUsed}% (${main.errorBudget.status})` : '—',
      `${c.running}/${c.paused}/${c.met}/${c.breached}`,
      a.credit ? formatMoney(a.credit.totalMinor, a.credit.currency) : '—',
      a.flags.join(', '),
    ])
  }
  lines.push(...table(accountRows).map((l) => `  ${l}`))
  if (r.tickets.length > 0) {
    lines.push('')
    lines.push('Ticket clocks')
    const rows = [
      ['TICKET', 'ACCOUNT', 'STATUS', 'METRIC', 'STATE', 'ELAPSED / TARGET', 'DUE', 'BREACHED'],
    ]
    for (const t of r.tickets) {
      for (const c of t.clocks) {
        rows.push([
          t.id,
          t.account,
          t.status,
          `${c.metric}${c.cycle > 1 ? ` #${c.cycle}` : ''} (${c.priority})`,
          c.state,
          `${duration(c.elapsedMinutes, c.basis)} / ${duration(c.targetMinutes, c.basis)} ${c.basis}`,
          c.state === 'paused' ? 'paused' : short(c.dueAt),
          short(c.breachedAt),
        ])
      }
    }
    lines.push(...table(rows).map((l) => `  ${l}`))
  }
  const credits = r.accounts.filter((a) => a.credit && a.credit.totalMinor > 0)
  if (credits.length > 0) {
    lines.push('')
    lines.push('Credits')
    for (const a of credits) {
      const cr = a.credit!
      lines.push(`  ${a.id}: ${formatMoney(cr.totalMinor, cr.currency)} for ${cr.month}`)
      for (const s of cr.schedules.filter((x) => x.amountMinor > 0)) {
        lines.push(
          `    ${s.label ?? s.scheduleId} (${s.claim}): ${formatMoney(s.amountMinor, cr.currency)}`,
        )
        for (const step of s.steps) lines.push(`      - ${step}`)
      }
      if (cr.claimLastDate && cr.onRequestMinor > 0)
        lines.push(`    on-request credits must be claimed by ${cr.claimLastDate} (${cr.timeZone})`)
    }
  }
  const s = r.summary
  lines.push('')
  lines.push(
    `${s.accounts} account(s), ${s.tickets} ticket(s); clocks: ${s.clocks.running} running, ${s.clocks.paused} paused, ${s.clocks.met} met, ${s.clocks.breached} breached; ` +
      `${s.accountsApproachingBreach} approaching and ${s.accountsBreached} past their uptime budget; credits owed: ${
        Object.entries(s.creditsOwed)
          .map(([cur, v]) => formatMoney(v, cur))
          .join(', ') || 'none'
      }`,
  )
  return `${lines.join('\n')}\n`
}
