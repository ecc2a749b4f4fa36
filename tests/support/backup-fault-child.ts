/**
 * The child process of tests/db/backup-faults.test.ts: backups one after another of a live archive
 * (as the host takes them) while customers are saved, killed with SIGKILL by the test at a random
 * moment. A line is printed only after what it names is done: `saved ID` after a commit returned,
 * `backup NAME` after a backup got its final name and record. stdout is a pipe, whose writes are
 * synchronous on Linux, so a line the test read is a fact the kill must not undo.
 *
 *   node --import tsx tests/support/backup-fault-child.ts DB
 */
import { openArchive } from '../../src-main/db/database';
import { BackupService } from '../../src-main/services/backup/backup.service';
import { clockFromEnvironment } from '../../src-main/services/context';

const line = (text: string) => process.stdout.write(`${text}\n`);

const file = process.argv[2]!;
const archive = await openArchive(file);
// The test gives each child its own clock (CLERKDESK_FAKE_NOW): backup names never meet across children.
const backup = new BackupService({ archivePath: file, live: () => archive.sqlite!, clock: clockFromEnvironment() });
const insert = archive.sqlite!.prepare(
  "INSERT INTO customer (name, created_at, updated_at) VALUES (?, '2026-12-01T10:00:00+08:00', '2026-12-01T10:00:00+08:00')",
);
let n = 0;
// A save every few milliseconds, between the backup's steps, as the clerk keeps working.
setInterval(() => {
  const id = Number(insert.run(`保存${process.pid}-${n++}`).lastInsertRowid);
  line(`saved ${id}`);
}, 3);
line('ready');
const kinds = ['scheduled', 'manual', 'exit'] as const;
// Until the test kills it.
for (let i = 0; ; i++) {
  const entry = await backup.create(kinds[i % kinds.length]!);
  line(`backup ${entry.id}`);
}
