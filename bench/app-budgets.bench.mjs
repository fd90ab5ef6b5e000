/* global process, console, window, URL, fetch, Buffer */
// The Zendesk app's budgets (issue 5), each beside a peer measured in the same run:
//
// 1. Bundle: what the ticket sidebar downloads before it can render (the entry page's script,
//    its static imports and CSS), gzipped at level 9, beside a "hello world" React 19 + Garden
//    page (ThemeProvider + Tag) built by the same Vite. Goal: ≤ 150 kB gzipped.
// 2. First render in headless Chromium: from the sidebar iframe's navigation start to the first
//    clock on screen (data fetched through the harness proxy, signed, read from the demo
//    service), beside the hello-world page's first render in the same kind of 320-px iframe.
//    Goal: ≤ 1 s. Median of ROUNDS fresh page loads each.
//
//   npm run bench -- app-budgets            (about a minute: the demo seed takes most of it)
//   npm run bench -- app-budgets --quick    (3 rounds; results not written)
//
// Writes bench/results/app-budgets.json.

import { createServer } from 'node:http'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { chromium } from 'playwright-core'
import { median } from './lib.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const quick = process.argv.includes('--quick')
const ROUNDS = quick ? 3 : 15
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
]

const gz = (buf) => gzipSync(buf, { level: 9 }).byteLength
const kb = (n) => Math.round(n / 102.4) / 10

/** The files a page loads before it renders: the entry script, its modulepreloads and CSS. */
function initialLoad(dir) {
  const html = readFileSync(join(dir, 'index.html'), 'utf8')
  const refs = [...html.matchAll(/(?:src|href)="\.\/([^"]+\.(?:js|css))"/g)].map((m) => m[1])
  const files = [...new Set(refs)]
  const sizes = files.map((f) => ({
    file: f,
    raw: readFileSync(join(dir, f)).byteLength,
    gzip: gz(readFileSync(join(dir, f))),
  }))
  return { files: sizes, gzip: sizes.reduce((s, f) => s + f.gzip, 0) + gz(Buffer.from(html)) }
}

async function buildHelloWorld(dir) {
  const src = join(dir, 'src')
  mkdirSync(src, { recursive: true })
  writeFileSync(
    join(src, 'index.html'),
    '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>',
  )
  writeFileSync(
    join(src, 'main.js'),
    [
      "import { createElement as h } from 'react'",
      "import { createRoot } from 'react-dom/client'",
      "import { ThemeProvider } from '@zendeskgarden/react-theming'",
      "import { Tag } from '@zendeskgarden/react-tags'",
      "createRoot(document.getElementById('root')).render(h(ThemeProvider, null, h('div', { 'data-testid': 'hello' }, h(Tag, null, 'Hello'))))",
    ].join('\n'),
  )
  await build({
    root: src,
    base: './',
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: {} },
    build: { outDir: join(dir, 'dist'), emptyOutDir: true, assetsDir: '', target: 'es2022' },
  })
  writeFileSync(
    join(dir, 'dist', 'parent.html'),
    '<!doctype html><html><body><iframe data-testid="app-frame" src="./index.html" style="width:320px;height:400px;border:0"></iframe></body></html>',
  )
  return join(dir, 'dist')
}

function serveStatic(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname))
    try {
      const body = readFileSync(path)
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' })
      res.end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }),
    ),
  )
}

/** Records, in every frame, when the selector first matches (ms since that frame's navigation start). */
const probe = (selector) => `
  (() => {
    const check = () => {
      if (window.__firstRender === undefined && document.querySelector(${JSON.stringify(selector)})) {
        window.__firstRender = performance.now()
      }
    }
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true })
  })()`

async function firstRender(browser, url, selector) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } })
  await context.addInitScript(probe(selector))
  const page = await context.newPage()
  await page.goto(url)
  const frame = page.frameLocator('[data-testid="app-frame"]')
  await frame.locator(selector).first().waitFor({ timeout: 30_000 })
  const handle = await page.locator('[data-testid="app-frame"]').elementHandle()
  const f = await handle.contentFrame()
  const ms = await f.evaluate(() => window.__firstRender)
  await context.close()
  return ms
}

// Inside the repository, so the hello-world page resolves react and Garden from node_modules.
mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true })
const tmp = mkdtempSync(join(root, 'node_modules', '.cache', 'app-budgets-'))
const results = { date: new Date().toISOString(), rounds: ROUNDS }
try {
  // 1. Bundles
  const app = initialLoad(join(root, 'zendesk-app', 'dist', 'assets'))
  const helloDir = await buildHelloWorld(join(tmp, 'hello'))
  const hello = initialLoad(helloDir)
  const lazy = readdirSync(join(root, 'zendesk-app', 'dist', 'assets'))
    .filter((f) => f.endsWith('.js') && !app.files.some((x) => x.file === f))
    .map((f) => ({
      file: f,
      gzip: gz(readFileSync(join(root, 'zendesk-app', 'dist', 'assets', f))),
    }))
  results.bundle = {
    sidebarGzip: app.gzip,
    helloWorldGzip: hello.gzip,
    ratio: app.gzip / hello.gzip,
    initialFiles: app.files,
    lazyChunks: lazy,
  }
  console.log(
    `sidebar initial load: ${kb(app.gzip)} kB gzipped (${app.files.map((f) => f.file).join(', ')})`,
  )
  console.log(
    `hello world (React 19 + Garden Tag): ${kb(hello.gzip)} kB gzipped; ratio ${(app.gzip / hello.gzip).toFixed(2)}`,
  )
  console.log(
    `lazy chunks (other locations, German strings): ${lazy.map((c) => `${c.file} ${kb(c.gzip)} kB`).join(', ')}`,
  )

  // 2. First render
  const { loadConfig } = await import('../server/dist/config.js')
  const { startServer } = await import('../server/dist/server.js')
  const started = await startServer(
    loadConfig({
      DATA_DIR: join(tmp, 'data'),
      PORT: '0',
      DEMO: 'true',
      HARNESS: 'true',
      ZENDESK_SYNC: 'false',
      LOG_LEVEL: 'warn',
      REFRESH_INTERVAL_SECONDS: '0',
    }),
    () => {},
  )
  const demo = await (await fetch(`${started.url}/harness/api/demo`)).json()
  const ticket = demo.scenarios.find((s) => s.scenario === 'running').tickets[0].id
  const helloServer = await serveStatic(helloDir)
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: FLAGS,
  })
  const sidebarUrl = `${started.url}/harness/?location=ticket_sidebar&ticket=${ticket}&role=agent&locale=en-US`
  const ours = []
  const base = []
  // Warm-up (JIT, disk cache of the server's files), then alternate so drift hits both.
  await firstRender(browser, sidebarUrl, '[data-testid^="clock-"]')
  await firstRender(browser, `${helloServer.url}/parent.html`, '[data-testid="hello"]')
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(await firstRender(browser, sidebarUrl, '[data-testid^="clock-"]'))
    base.push(await firstRender(browser, `${helloServer.url}/parent.html`, '[data-testid="hello"]'))
  }
  await browser.close()
  helloServer.close()
  await started.close()
  const m = median(ours)
  const b = median(base)
  results.firstRender = {
    sidebarMedianMs: m,
    sidebarMaxMs: Math.max(...ours),
    helloWorldMedianMs: b,
    ratio: m / b,
    sidebar: ours,
    helloWorld: base,
  }
  console.log(
    `first render, ticket sidebar with its clocks: median ${m.toFixed(0)} ms (max ${Math.max(...ours).toFixed(0)} ms)`,
  )
  console.log(`first render, hello world: median ${b.toFixed(0)} ms; ratio ${(m / b).toFixed(2)}`)
  console.log(
    `budgets: bundle ${app.gzip <= 150 * 1024 ? 'met' : 'NOT met'} (≤ 150 kB), first render ${m <= 1000 ? 'met' : 'NOT met'} (≤ 1 s)`,
  )
  if (!quick) {
    mkdirSync(join(root, 'bench', 'results'), { recursive: true })
    writeFileSync(
      join(root, 'bench', 'results', 'app-budgets.json'),
      `${JSON.stringify(results, null, 2)}\n`,
    )
  }
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
