import { describe, expect, it } from 'vitest'
import {
  exportSpecOf,
  importRequestOf,
  problemRows,
  registryContentType,
} from './registry-io-model.js'

describe('registry import and export requests', () => {
  it('tells JSON from YAML by the file name, else by the text', () => {
    expect(registryContentType('tiers: []', 'r.JSON')).toBe('application/json')
    expect(registryContentType('{}', 'r.yml')).toBe('application/yaml')
    expect(registryContentType('  {"tiers": []}')).toBe('application/json')
    expect(registryContentType('tiers: []')).toBe('application/yaml')
  })

  it('imports a registry with its mode, and accounts as CSV', () => {
    expect(importRequestOf('registry', 'replace', '{}')).toEqual({
      path: '/api/v1/registry/import?mode=replace',
      contentType: 'application/json',
    })
    expect(importRequestOf('accounts-csv', 'replace', 'id,name')).toEqual({
      path: '/api/v1/accounts/import.csv',
      contentType: 'text/csv',
    })
  })

  it('names export files by kind and date', () => {
    expect(exportSpecOf('yaml', '2026-03-02')).toEqual({
      path: '/api/v1/registry?format=yaml',
      fileName: 'registry-2026-03-02.yaml',
      mediaType: 'application/yaml',
    })
    expect(exportSpecOf('csv', '2026-03-02').path).toBe('/api/v1/accounts.csv')
  })

  it('lists every problem, or the message when there are none', () => {
    expect(
      problemRows({
        message: '2 problems',
        issues: [
          { path: 'row 3, column currency', rule: 'pattern', message: 'must be USD-like' },
          { path: 'accounts[0].tier', rule: 'reference', message: 'unknown tier' },
        ],
      }),
    ).toEqual([
      { where: 'row 3, column currency', message: 'must be USD-like' },
      { where: 'accounts[0].tier', message: 'unknown tier' },
    ])
    expect(problemRows({ message: 'not valid YAML', issues: [] })).toEqual([
      { where: '', message: 'not valid YAML' },
    ])
  })

  it('writes each message through the given text function', () => {
    expect(
      problemRows(
        { message: '1 problem', issues: [{ path: 'a', rule: 'range', message: 'must be >= 1' }] },
        (i) => `[${i.rule}] ${i.message}`,
      ),
    ).toEqual([{ where: 'a', message: '[range] must be >= 1' }])
  })
})
