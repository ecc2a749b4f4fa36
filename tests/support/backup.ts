import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';

/** Adds n customers, each with a vehicle and a repair order, in one transaction (raw rows: fast, any size). */
export function addRecords(sqlite: BetterSqlite3.Database, n: number, tag: string): void {
  const at = '2026-12-01T10:00:00+08:00';
  const customer = sqlite.prepare('INSERT INTO customer (name, mobile, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const vehicle = sqlite.prepare(
    'INSERT INTO vehicle (plate, owner_id, model, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  );
  const ro = sqlite.prepare(
    `INSERT INTO repair_order (ro_number, vehicle_id, customer_id, opened_at, type, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'repair', 'settled', ?, ?)`,
  );
  sqlite.transaction(() => {
    for (let i = 0; i < n; i++) {
      const c = Number(customer.run(`客户${tag}${i}`, null, at, at).lastInsertRowid);
      const v = Number(vehicle.run(`京${tag}${i}`, c, '测试车型', at, at).lastInsertRowid);
      ro.run(`RO-${tag}-${i}`, v, c, at, at, at);
    }
  })();
}

export function countsOf(sqlite: BetterSqlite3.Database): {
  customers: number;
  vehicles: number;
  repairOrders: number;
} {
  const count = (t: string) => Number(sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get());
  return { customers: count('customer'), vehicles: count('vehicle'), repairOrders: count('repair_order') };
}

/** Flips one byte of a file in place (a bit-rot or a bad sector, as a test makes it). */
export function flipByte(file: string, offset: number): void {
  const fd = fs.openSync(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    fs.readSync(fd, b, 0, 1, offset);
    b[0] = b[0]! ^ 0xff;
    fs.writeSync(fd, b, 0, 1, offset);
  } finally {
    fs.closeSync(fd);
  }
}

/** Offset of a leaf page of a table's b-tree (first page after its root that is a table leaf), for a data-page fault. */
export function leafPageOffset(file: string, sqlite: BetterSqlite3.Database): number {
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  const pages = fs.statSync(file).size / pageSize;
  const buffer = fs.readFileSync(file);
  // A table leaf page starts with 0x0D; page 1 holds the header, so start at page 2.
  for (let p = pages - 1; p >= 2; p--) {
    const offset = (p - 1) * pageSize;
    if (buffer[offset] === 0x0d && buffer.readUInt16BE(offset + 3) > 1) return offset;
  }
  throw new Error('no table leaf page found');
}
