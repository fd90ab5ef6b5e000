import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'test',
    include: ['**/*.test.ts'],
    environment: 'node',
    globalSetup: ['support/global-setup.ts'],
  },
})
