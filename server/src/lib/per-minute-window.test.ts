import { describe, expect, it } from 'vitest'
import { PerMinuteWindow } from './per-minute-window.js'
import { ExportPacer } from '../features/zendesk/sync.service.js'

describe('PerMinuteWindow', () => {
  it('counts events per key over the last minute', () => {
    const clock = { now: 0 }
    const w = new PerMinuteWindow(2, () => clock.now)
    w.spend('a')
    clock.now = 10_000
    w.spend('a')
    expect(w.available('a')).toBe(0)
    expect(w.available('b')).toBe(2)
    expect(w.waitMs('a')).toBe(50_005) // the first event leaves the window at 60 000
    clock.now = 60_001
    expect(w.available('a')).toBe(1)
    expect(w.waitMs('a')).toBe(0)
  })
})

describe('ExportPacer', () => {
  it('waits out the minute before the request over the budget (Zendesk: 10 exports a minute)', async () => {
    const clock = { now: 0 }
    const waits: number[] = []
    const pacer = new ExportPacer(
      3,
      () => clock.now,
      (ms) => {
        waits.push(ms)
        clock.now += ms
        return Promise.resolve()
      },
    )
    for (let i = 0; i < 3; i++) await pacer.take('t')
    expect(waits).toEqual([])
    await pacer.take('t')
    expect(waits).toEqual([60_005])
    await pacer.take('other') // per tenant
    expect(waits).toHaveLength(1)
  })
})
