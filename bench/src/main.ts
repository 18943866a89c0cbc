// `pnpm bench [suite...]`: runs the named suites (all by default), each printing its own tables.
const suites: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  resolve: () => import('./resolve.js'),
  bind: () => import('./bind.js'),
  server: () => import('./server.js'),
  import: () => import('./import-cost.js'),
  handover: () => import('./handover.js'),
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
  const load = suites[name];
  if (load === undefined) {
    console.error(`Unknown suite ${name}; the suites are ${Object.keys(suites).join(', ')}.`);
    process.exit(64);
  }
  console.log(`\n# ${name}`);
  await (await load()).run();
}
