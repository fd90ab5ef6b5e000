/**
 * Registry import and export. Export: the whole registry as JSON or YAML, or the accounts as CSV,
 * saved as a file. Import: a registry document (JSON or YAML; upsert or replace) or an accounts
 * CSV, from a file or pasted; the service applies all of it or nothing, and lists every problem.
 */
import { useEffect, useRef, useState } from 'react'
import { Anchor, Button } from '@zendeskgarden/react-buttons'
import { Checkbox, Field, Fieldset, Radio, Select, Textarea } from '@zendeskgarden/react-forms'
import { Alert, Notification, Paragraph, Title } from '@zendeskgarden/react-notifications'
import { Body, Cell, Head, HeaderCell, HeaderRow, Row, Table } from '@zendeskgarden/react-tables'
import { MD, SM } from '@zendeskgarden/react-typography'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { serviceErrorOf, type ServiceError } from '../../service/service-api.js'
import { adminErrorMessage, useAdmin } from './admin-api.js'
import { todayIn } from './effective-date.js'
import { issueText } from './issue-text.js'
import {
  exportSpecOf,
  importRequestOf,
  problemRows,
  type ExportKind,
  type ImportKind,
  type ImportMode,
} from './registry-io-model.js'
import type { CsvImportReport, ImportCounts, RegistryImportReport } from '@sla-tracker/shared'
import { AdminSection } from './form-ui.js'

export function RegistryIO() {
  const { t } = useEnvironment()
  return (
    <AdminSection
      testId="registry-io"
      titleId="admin-io-title"
      title={t('admin.io.title')}
      intro={t('admin.io.intro')}
    >
      <ExportPanel />
      <ImportPanel />
    </AdminSection>
  )
}

interface Download {
  url: string
  fileName: string
}

function ExportPanel() {
  const { t, user } = useEnvironment()
  const admin = useAdmin()
  const [busy, setBusy] = useState<ExportKind | null>(null)
  const [error, setError] = useState<ServiceError | null>(null)
  const [download, setDownload] = useState<Download | null>(null)
  const urlRef = useRef<string | null>(null)
  useEffect(
    () => () => {
      if (urlRef.current) URL.revokeObjectURL(urlRef.current)
    },
    [],
  )

  const run = async (kind: ExportKind) => {
    const spec = exportSpecOf(kind, todayIn(user.timeZone?.ianaName ?? undefined))
    setBusy(kind)
    setError(null)
    try {
      const text = await admin.text(spec.path)
      const url = URL.createObjectURL(new Blob([text], { type: spec.mediaType }))
      if (urlRef.current) URL.revokeObjectURL(urlRef.current)
      urlRef.current = url
      setDownload({ url, fileName: spec.fileName })
      const a = document.createElement('a')
      a.href = url
      a.download = spec.fileName
      a.style.display = 'none'
      document.body.appendChild(a)
      a.click()
      a.remove()
    } catch (reason) {
      setError(serviceErrorOf(reason))
    } finally {
      setBusy(null)
    }
  }

  const kinds: ExportKind[] = ['json', 'yaml', 'csv']
  return (
    <div style={{ marginBottom: 24 }}>
      <MD tag="h3" isBold style={{ marginBottom: 4 }}>
        {t('admin.io.exportTitle')}
      </MD>
      <SM style={{ marginBottom: 8, color: '#68737d' }}>{t('admin.io.exportHint')}</SM>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {kinds.map((k) => (
          <Button
            key={k}
            size="small"
            disabled={busy !== null}
            data-testid={`export-${k}`}
            onClick={() => void run(k)}
          >
            {busy === k ? t('admin.io.exporting') : t(`admin.io.export.${k}`)}
          </Button>
        ))}
      </div>
      {download ? (
        <Paragraph style={{ marginTop: 8 }} role="status">
          <Anchor href={download.url} download={download.fileName} data-testid="export-link">
            {t('admin.io.downloadAgain', { file: download.fileName })}
          </Anchor>
        </Paragraph>
      ) : null}
      {error ? (
        <Alert type="error" role="alert" style={{ marginTop: 8 }}>
          <Title>{t('admin.io.exportFailed')}</Title>
          <Paragraph>{adminErrorMessage(t, error)}</Paragraph>
        </Alert>
      ) : null}
    </div>
  )
}

type ImportOutcome =
  | { state: 'idle' }
  | { state: 'importing' }
  | { state: 'done'; report: RegistryImportReport | CsvImportReport }
  | { state: 'failed'; error: ServiceError }

function ImportPanel() {
  const { t } = useEnvironment()
  const admin = useAdmin()
  const [kind, setKind] = useState<ImportKind>('registry')
  const [mode, setMode] = useState<ImportMode>('upsert')
  const [confirmReplace, setConfirmReplace] = useState(false)
  const [text, setText] = useState('')
  const [fileName, setFileName] = useState<string | null>(null)
  const [readError, setReadError] = useState(false)
  const [outcome, setOutcome] = useState<ImportOutcome>({ state: 'idle' })

  const readFile = async (file: File | undefined) => {
    setReadError(false)
    setOutcome({ state: 'idle' })
    if (!file) return
    try {
      setText(await file.text())
      setFileName(file.name)
    } catch {
      setReadError(true)
    }
  }

  const blocked =
    text.trim() === '' ||
    outcome.state === 'importing' ||
    (kind === 'registry' && mode === 'replace' && !confirmReplace)

  const run = async () => {
    if (blocked) return
    const req = importRequestOf(kind, mode, text, fileName)
    setOutcome({ state: 'importing' })
    try {
      const report = await admin.send<RegistryImportReport | CsvImportReport>('POST', req.path, {
        text: { body: text, contentType: req.contentType },
      })
      setOutcome({ state: 'done', report })
    } catch (reason) {
      setOutcome({ state: 'failed', error: serviceErrorOf(reason) })
    }
  }

  return (
    <form
      noValidate
      aria-labelledby="admin-import-title"
      onSubmit={(e) => {
        e.preventDefault()
        void run()
      }}
    >
      <MD tag="h3" id="admin-import-title" isBold style={{ marginBottom: 8 }}>
        {t('admin.io.importTitle')}
      </MD>
      <Field style={{ marginBottom: 12 }}>
        <Field.Label>{t('admin.io.kind')}</Field.Label>
        <Select
          value={kind}
          data-testid="import-kind"
          onChange={(e) => {
            setKind(e.target.value as ImportKind)
            setOutcome({ state: 'idle' })
          }}
        >
          <option value="registry">{t('admin.io.kinds.registry')}</option>
          <option value="accounts-csv">{t('admin.io.kinds.csv')}</option>
        </Select>
      </Field>

      {kind === 'registry' ? (
        <Fieldset style={{ marginBottom: 12 }}>
          <Fieldset.Legend>{t('admin.io.mode')}</Fieldset.Legend>
          <Field>
            <Radio
              name="admin-import-mode"
              value="upsert"
              checked={mode === 'upsert'}
              onChange={() => setMode('upsert')}
            >
              <Field.Label>{t('admin.io.modes.upsert')}</Field.Label>
              <Field.Hint>{t('admin.io.modes.upsertHint')}</Field.Hint>
            </Radio>
          </Field>
          <Field>
            <Radio
              name="admin-import-mode"
              value="replace"
              checked={mode === 'replace'}
              onChange={() => setMode('replace')}
            >
              <Field.Label>{t('admin.io.modes.replace')}</Field.Label>
              <Field.Hint>{t('admin.io.modes.replaceHint')}</Field.Hint>
            </Radio>
          </Field>
          {mode === 'replace' ? (
            <Alert type="warning" style={{ marginTop: 8 }} data-testid="replace-warning">
              <Title>{t('admin.io.replaceWarningTitle')}</Title>
              <Paragraph>{t('admin.io.replaceWarning')}</Paragraph>
              <Field style={{ marginTop: 8 }}>
                <Checkbox
                  checked={confirmReplace}
                  onChange={(e) => setConfirmReplace(e.target.checked)}
                >
                  <Field.Label>{t('admin.io.replaceConfirm')}</Field.Label>
                </Checkbox>
              </Field>
            </Alert>
          ) : null}
        </Fieldset>
      ) : (
        <SM style={{ marginBottom: 12, color: '#68737d' }}>{t('admin.io.csvHint')}</SM>
      )}

      <Field style={{ marginBottom: 12 }}>
        <Field.Label>{t('admin.io.file')}</Field.Label>
        <Field.Hint>
          {kind === 'registry' ? t('admin.io.fileHintRegistry') : t('admin.io.fileHintCsv')}
        </Field.Hint>
        <input
          type="file"
          data-testid="import-file"
          aria-label={t('admin.io.file')}
          accept={
            kind === 'registry'
              ? '.json,.yaml,.yml,application/json,application/yaml'
              : '.csv,text/csv'
          }
          style={{ display: 'block', marginTop: 8, maxWidth: '100%' }}
          onChange={(e) => void readFile(e.target.files?.[0])}
        />
      </Field>
      {readError ? (
        <Alert type="error" role="alert" style={{ marginBottom: 12 }}>
          <Paragraph>{t('admin.io.readError')}</Paragraph>
        </Alert>
      ) : null}
      <Field style={{ marginBottom: 12 }}>
        <Field.Label>{t('admin.io.paste')}</Field.Label>
        <Field.Hint>
          {fileName ? t('admin.io.pasteFromFile', { file: fileName }) : t('admin.io.pasteHint')}
        </Field.Hint>
        <Textarea
          minRows={4}
          maxRows={12}
          value={text}
          spellCheck={false}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          onChange={(e) => {
            setText(e.target.value)
            setOutcome({ state: 'idle' })
          }}
        />
      </Field>
      <Button type="submit" isPrimary disabled={blocked} data-testid="import-run">
        {outcome.state === 'importing' ? t('admin.io.importing') : t('admin.io.import')}
      </Button>
      <ImportResult outcome={outcome} />
    </form>
  )
}

function ImportResult(props: { outcome: ImportOutcome }) {
  const { t } = useEnvironment()
  const o = props.outcome
  if (o.state === 'done') {
    const r = o.report
    const groups: [string, ImportCounts][] =
      'tiers' in r
        ? [
            [t('admin.io.groups.calendars'), r.calendars],
            [t('admin.io.groups.tiers'), r.tiers],
            [t('admin.io.groups.accounts'), r.accounts],
          ]
        : [[t('admin.io.groups.accounts'), r.accounts]]
    return (
      <Notification
        type="success"
        role="status"
        style={{ marginTop: 12 }}
        data-testid="import-success"
      >
        <Title>{t('admin.io.importedTitle')}</Title>
        <Paragraph>{t('admin.io.imported', { revision: r.registryRevision })}</Paragraph>
        <div style={{ overflowX: 'auto' }}>
          <Table size="small" style={{ marginTop: 8, minWidth: 260 }}>
            <Head>
              <HeaderRow>
                <HeaderCell>{t('admin.io.counts.what')}</HeaderCell>
                <HeaderCell>{t('admin.io.counts.created')}</HeaderCell>
                <HeaderCell>{t('admin.io.counts.updated')}</HeaderCell>
                <HeaderCell>{t('admin.io.counts.unchanged')}</HeaderCell>
                <HeaderCell>{t('admin.io.counts.deleted')}</HeaderCell>
              </HeaderRow>
            </Head>
            <Body>
              {groups.map(([label, c]) => (
                <Row key={label}>
                  <Cell>{label}</Cell>
                  <Cell>{c.created}</Cell>
                  <Cell>{c.updated}</Cell>
                  <Cell>{c.unchanged}</Cell>
                  <Cell>{c.deleted}</Cell>
                </Row>
              ))}
            </Body>
          </Table>
        </div>
        {'ignored' in r && r.ignored.length > 0 ? (
          <Paragraph style={{ marginTop: 8 }}>
            {t('admin.io.ignored', { keys: r.ignored.join(', ') })}
          </Paragraph>
        ) : null}
      </Notification>
    )
  }
  if (o.state === 'failed') {
    const rows = problemRows(o.error, (i) => issueText(i, t))
    const listed = o.error.kind === 'invalid' && o.error.issues.length > 0
    return (
      <Alert type="error" role="alert" style={{ marginTop: 12 }} data-testid="import-failed">
        <Title>{t('admin.io.failedTitle')}</Title>
        <Paragraph>
          {listed ? t.plural('admin.io.problems', rows.length) : adminErrorMessage(t, o.error)}{' '}
          {t('admin.io.nothingChanged')}
        </Paragraph>
        {listed ? (
          <div style={{ overflowX: 'auto', maxHeight: 320, overflowY: 'auto' }}>
            <Table size="small" style={{ marginTop: 8 }} data-testid="import-problems">
              <Head>
                <HeaderRow>
                  <HeaderCell>{t('admin.io.where')}</HeaderCell>
                  <HeaderCell>{t('admin.io.problem')}</HeaderCell>
                </HeaderRow>
              </Head>
              <Body>
                {rows.map((row, i) => (
                  <Row key={i}>
                    <Cell style={{ overflowWrap: 'anywhere' }}>
                      {row.where === '' ? t('admin.io.wholeDocument') : row.where}
                    </Cell>
                    <Cell style={{ overflowWrap: 'anywhere' }}>{row.message}</Cell>
                  </Row>
                ))}
              </Body>
            </Table>
          </div>
        ) : null}
      </Alert>
    )
  }
  return null
}
