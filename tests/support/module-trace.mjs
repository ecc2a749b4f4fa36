// Preloaded with `node --import tsx --import ./tests/support/module-trace.mjs <entry>` by
// tests/api/host-startup.test.ts: records every module the process loads (ES modules through a
// resolve hook, CommonJS through require's cache) and, once the host is listening, writes the list
// to stderr as one line: `MODULE-TRACE ["file:///…", "/…/node_modules/…", …]`.
import fs from 'node:fs';
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const esm = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => esm.add(url));
port1.unref();
register('./module-trace-hooks.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });

const cjsCache = createRequire(import.meta.url).cache;
let dumped = false;
function dump() {
  if (dumped) return;
  dumped = true;
  fs.writeSync(2, `MODULE-TRACE ${JSON.stringify([...esm, ...Object.keys(cjsCache)])}\n`);
}

// Written once the host prints its address (after the rest of that turn: the ES module messages
// from the hook thread have long been delivered by then), or at exit if it never does.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (String(chunk).includes('ClerkDesk listening at')) setImmediate(dump);
  return write(chunk, ...rest);
};
process.on('exit', dump);
