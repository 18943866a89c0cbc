// @ts-check
// ESLint rule `sock/no-import-cycle`: fails on any cycle of relative imports between source files,
// type-only imports included (`import type`, `export type ... from`, `import('...')` types).
//
// The whole graph is read once per lint run with TypeScript's preProcessFile (a scanner, no type
// checking), so the rule costs a few milliseconds however many files are linted. Imports between
// packages go through public entry points and follow the layering, so only relative imports can
// close a cycle.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** @typedef {{ at: number; mtimeMs: number; imports: string[] }} FileNode */

/** @type {Map<string, FileNode>} */
const cache = new Map();

const sourceExtensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** @type {Map<string, { at: number; file: string | undefined }>} */
const resolved = new Map();

// One lint run reads each file once; a long-lived ESLint (an editor) looks again after a second.
const fresh = (at) => Date.now() - at < 1000;

/** The file a relative specifier names, as TypeScript's NodeNext resolution finds it. */
function resolveSpecifier(from, specifier) {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const key = `${from}\0${specifier}`;
  const known = resolved.get(key);
  if (known !== undefined && fresh(known.at)) return known.file;
  const file = findFile(from, specifier);
  resolved.set(key, { at: Date.now(), file });
  return file;
}

function findFile(from, specifier) {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(c|m)?js$/, '');
  const candidates = [
    base,
    ...sourceExtensions.map((ext) => stem + ext),
    ...sourceExtensions.map((ext) => join(base, `index${ext}`)),
  ];
  for (const candidate of candidates) {
    if (candidate === from) return candidate;
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

/** The relative imports of a file, type-only ones included, resolved to file paths. */
function importsOf(file) {
  const cached = cache.get(file);
  if (cached !== undefined && fresh(cached.at)) return cached.imports;
  let mtimeMs = 0;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  if (cached !== undefined && cached.mtimeMs === mtimeMs) {
    cached.at = Date.now();
    return cached.imports;
  }
  const text = readFileSync(file, 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const imports = [];
  for (const { fileName } of importedFiles) {
    const target = resolveSpecifier(file, fileName);
    if (target !== undefined) imports.push(target);
  }
  cache.set(file, { at: Date.now(), mtimeMs, imports });
  return imports;
}

/**
 * The files of the cycle through `from`'s import of `to`, as a path `from -> to -> ... -> from`, or
 * undefined when `to` does not lead back to `from`. Breadth first: the shortest cycle is shown.
 */
function cycleThrough(from, to) {
  /** @type {Map<string, string | undefined>} */
  const parent = new Map([[to, undefined]]);
  const queue = [to];
  while (queue.length > 0) {
    const file = /** @type {string} */ (queue.shift());
    if (file === from) {
      const path = [];
      for (let at = /** @type {string | undefined} */ (file); at !== undefined; at = parent.get(at))
        path.unshift(at);
      return [from, ...path];
    }
    for (const next of importsOf(file)) {
      if (parent.has(next)) continue;
      parent.set(next, file);
      queue.push(next);
    }
  }
  return undefined;
}

/** @param {import('estree').Node | null | undefined} node */
function specifierOf(node) {
  if (node == null) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0)
    return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between source files, type-only ones included.' },
    schema: [
      {
        type: 'object',
        properties: {
          // Groups of files (relative to the working directory) whose cycles are known and allowed.
          allow: {
            type: 'array',
            items: { type: 'array', items: { type: 'string' } },
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      cycle:
        'Import cycle: {{path}}. Move what both sides need into a module of its own (types into a type module) so imports go one way.',
    },
  },
  create(context) {
    const file = context.filename;
    if (!existsSync(file)) return {};
    const root = context.cwd;
    /** @type {string[][]} */
    const allow = context.options[0]?.allow ?? [];
    const show = (/** @type {string} */ path) => relative(root, path).split('\\').join('/');
    const check = (/** @type {import('estree').Node} */ node, specifier) => {
      if (specifier === undefined) return;
      const target = resolveSpecifier(file, specifier);
      if (target === undefined) return;
      const cycle = cycleThrough(file, target);
      if (cycle === undefined) return;
      // A listed group of files allows every cycle that stays inside it.
      const members = cycle.map(show);
      if (allow.some((group) => members.every((member) => group.includes(member)))) return;
      context.report({ node, messageId: 'cycle', data: { path: cycle.map(show).join(' -> ') } });
    };
    return {
      ImportDeclaration: (node) => check(node, specifierOf(node.source)),
      ExportNamedDeclaration: (node) => check(node, specifierOf(node.source)),
      ExportAllDeclaration: (node) => check(node, specifierOf(node.source)),
      ImportExpression: (node) => check(node, specifierOf(node.source)),
      // `typeof import('./x.js')` in a type position.
      /** @param {any} node */
      TSImportType: (node) =>
        check(node, specifierOf(node.argument?.literal ?? node.argument ?? node.source)),
    };
  },
};

export default { rules: { 'no-import-cycle': rule } };
