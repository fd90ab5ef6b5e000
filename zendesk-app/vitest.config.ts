import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineProject } from 'vitest/config'

export default defineProject({
  plugins: [react()],
  resolve: {
    alias: {
      '@sla-tracker/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  test: {
    name: 'zendesk-app',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'harness/**/*.test.ts'],
    environment: 'happy-dom',
    setupFiles: ['src/test-support/setup.ts'],
  },
})
