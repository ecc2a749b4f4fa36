/**
 * The suites the PostgreSQL pass runs (the `pg` vitest project, when CLERKDESK_TEST_PG is set):
 * the same files as the SQLite pass, each test on a fresh database on the server.
 */
export const PG_SUITES: readonly string[] = ['tests/db/archive-services.test.ts'];
