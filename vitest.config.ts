import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
/** The PostgreSQL pass runs when a server is given (tests/support/pg.ts; .ci/run starts one). */
const pgServer = process.env.CLERKDESK_TEST_PG;

/**
 * The suites the PostgreSQL pass runs: the same files as the SQLite pass, each test on a fresh
 * database on the server. A file is listed once it passes on both.
 */
const PG_SUITES: readonly string[] = [
  'tests/db/archive-services.test.ts',
];

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/db/**/*.test.ts', 'tests/api/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          include: ['tests/ui/**/*.test.tsx'],
          setupFiles: ['tests/ui/setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      ...(pgServer
        ? [
            {
              extends: true as const,
              test: {
                name: 'pg',
                environment: 'node',
                include: [...PG_SUITES],
                env: { CLERKDESK_TEST_DIALECT: 'postgres' },
                testTimeout: 60_000,
              },
            },
          ]
        : []),
    ],
  },
});
