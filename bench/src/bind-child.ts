// One of the contending processes of the bind benchmark's third case. Started once for all the
// libraries (tsx startup is slow on a busy host): for each `{ name }` message over IPC, allocates
// `count` ports from [from, to] with that library, listens, holds each 0-5 ms, closes, and answers
// with what failed. Run as: node --import tsx bind-child.ts <from> <to> <count>.
import { setTimeout as sleep } from 'node:timers/promises';
import { allocators } from './bind-peers.js';

const [fromText = '', toText = '', countText = ''] = process.argv.slice(2);
const range = { from: Number(fromText), to: Number(toText) };
const count = Number(countText);
if (process.send === undefined) {
  console.error('bind-child: start me with an IPC channel');
  process.exit(64);
}

async function contend(name: string): Promise<unknown> {
  const allocate = allocators[name];
  if (allocate === undefined) return { fatal: `unknown library ${name}` };
  const errors: Record<string, number> = {};
  let outOfRange = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    try {
      const allocation = await allocate(range);
      if (allocation.port < range.from || allocation.port > range.to) outOfRange++;
      await sleep(Math.floor(Math.random() * 6));
      await allocation.close();
    } catch (error) {
      const { code, name: errorName } = error as { code?: unknown; name?: unknown };
      const key =
        typeof code === 'string' ? code : typeof errorName === 'string' ? errorName : 'unknown';
      errors[key] = (errors[key] ?? 0) + 1;
    }
  }
  return { errors, outOfRange, ms: performance.now() - started };
}

process.on('message', (message: { name?: string; done?: boolean }) => {
  if (message.done === true) {
    process.disconnect();
    return;
  }
  void contend(message.name ?? '').then((result) => process.send?.(result));
});
process.send('ready');
