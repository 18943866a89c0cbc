// Writes dist/errors.json, the tables as plain JSON for tools in other languages, from the build.
import { writeFileSync } from 'node:fs';
const tables = await import('../dist/index.js');
const data = {};
for (const key of ['winsock', 'errno', 'uv', 'eai', 'sockCodes'])
  if (key in tables) data[key] = tables[key];
writeFileSync(
  new URL('../dist/errors.json', import.meta.url),
  JSON.stringify(data, null, 2) + '\n',
);
