import { availableParallelism } from 'node:os';
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
  'tests/db/migrations.test.ts',
  'tests/db/scans.test.ts',
  'tests/db/backup.test.ts',
  'tests/api/browser-host.test.ts',
  'tests/api/host-startup.test.ts',
  'tests/api/ipc.test.ts',
  'tests/db/appointments.test.ts',
  'tests/db/sms.test.ts',
  'tests/db/lost-customers.test.ts',
  'tests/db/comebacks.test.ts',
  'tests/db/call-sheet.test.ts',
  'tests/db/calls.test.ts',
  'tests/db/first-service.test.ts',
  'tests/db/letters.test.ts',
  'tests/db/letter-envelopes.test.ts',
  'tests/db/revisits-today.test.ts',
  'tests/db/revisit-queue.test.ts',
  'tests/db/invitations.test.ts',
  'tests/db/outside-service.test.ts',
  'tests/db/reconciliation.test.ts',
  'tests/db/daily-report.test.ts',
  'tests/db/daily-report-export.test.ts',
  'tests/db/today.test.ts',
  'tests/db/store-time-zone.test.ts',
  'tests/db/privacy.test.ts',
  'tests/db/preview-paging.test.ts',
  'tests/db/print-hardening.test.ts',
  'tests/db/print-send.test.ts',
  'tests/db/print-service.test.ts',
  'tests/db/settlement.test.ts',
  'tests/db/envelopes.test.ts',
  'tests/db/working-days.test.ts',
  'tests/api/dispatcher.test.ts',
  'tests/api/roles.test.ts',
  'tests/api/pin-lockout.test.ts',
  'tests/api/contract-property.test.ts',
  'tests/db/complaints.test.ts',
  'tests/db/complaint-forms.test.ts',
  'tests/db/filing.test.ts',
  'tests/db/filing-handover-loans.test.ts',
  'tests/db/filing-missing.test.ts',
  'tests/db/filing-retention.test.ts',
  'tests/db/filing-today.test.ts',
  'tests/db/claims.test.ts',
  'tests/db/claims-today.test.ts',
  'tests/db/claim-statement.test.ts',
  'tests/db/reports-export.test.ts',
  'tests/db/reports-monthly.test.ts',
  'tests/db/reports-today.test.ts',
  'tests/db/reports-weekly.test.ts',
  'tests/db/statistics.test.ts',
  'tests/db/two-counters.test.ts',
  'tests/db/import-two-counters.test.ts',
  'tests/db/import.test.ts',
  'tests/api/archive-location.test.ts',
];

export default defineConfig({
  plugins: [react()],
  test: {
    // Two test files at a time (vitest's default on a 2-core machine is one): every test has its own
    // archive (a temp file or a fresh database), so files never share state; the e2e project still
    // runs its files one after another (fileParallelism: false), each starting its own hosts.
    maxWorkers: Math.max(2, availableParallelism() - 1),
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
