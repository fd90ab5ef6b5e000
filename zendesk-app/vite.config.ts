/**
 * The app's build: one page (`src/index.html`) for the three locations, emitted into
 * `dist/assets/` with relative URLs, as Zendesk serves it from the package's `assets/` folder.
 * The admin screens, the dashboard and the organization sidebar are separate chunks, so the ticket
 * sidebar loads only what it shows. `vite build --mode harness` builds the local harness instead.
 */
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig(({ mode }) => ({
  root: here(mode === 'harness' ? './harness' : './src'),
  base: './',
  publicDir: false,
  plugins: [react()],
  resolve: {
    alias: { '@sla-tracker/shared': here('../shared/src/index.ts') },
  },
  build: {
    outDir: here(mode === 'harness' ? './dist/harness' : './dist/assets'),
    emptyOutDir: true,
    assetsDir: '',
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 600,
  },
}))
