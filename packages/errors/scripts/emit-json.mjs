// Writes dist/errors.json, the tables as plain JSON for tools in other languages. It runs after tsup
// and reads the built module, so the JSON is the very data the package exports.
import { readFileSync, writeFileSync } from 'node:fs';

const tables = await import('../dist/tables.js');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const keys = [
  'platforms',
  'errno',
  'errnoAliases',
  'errnoMessages',
  'errnoOtherLinuxArchs',
  'uv',
  'uvMessages',
  'eai',
  'eaiAliases',
  'eaiMessages',
  'eaiNodeCodes',
  'winsock',
  'winsockAliases',
  'winsockToUv',
  'winsockToUvChanges',
  'win32Errors',
  'sockCodes',
];

const data = { name: pkg.name, version: pkg.version };
for (const key of keys) {
  // A missing table is a build error, not a smaller JSON file.
  if (!(key in tables)) throw new Error(`emit-json: the build exports no \`${key}\``);
  data[key] = tables[key];
}
writeFileSync(
  new URL('../dist/errors.json', import.meta.url),
  `${JSON.stringify(data, null, 2)}\n`,
);
