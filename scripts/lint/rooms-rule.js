// ESLint rule `rooms/arrows-point-down`: an import inside src/ may only point at its own room or a room below
// it (docs/ARCHITECTURE.md, "Rooms and arrows"), and enters another room through that room's index.ts when
// it has one (its public surface). Relative specifiers are resolved against the importing file, so
// `../../app/ipc/x.ts` from src/services/gallery is seen as services/gallery → app and refused.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** What each room may import besides itself. `auth/*` and `services/*` stand for every room in that domain. */
const MAY_IMPORT = {
  shared: [],
  core: ['shared'],
  'auth/session': ['core', 'shared'],
  'auth/vault': ['auth/session', 'core', 'shared'],
  'auth/login': ['auth/session', 'core', 'shared'],
  'auth/accounts': ['auth/*', 'core', 'shared'],
  'services/imagefx': ['core', 'shared'],
  'services/gallery': ['core', 'shared'],
  app: ['auth/*', 'services/*', 'core', 'shared'],
  'main.ts': ['app', 'auth/*', 'services/*', 'core', 'shared'],
  'preload.ts': ['shared'],
  renderer: ['shared'],
};

/** The room of a path relative to the project (`src/auth/vault/x.ts` → `auth/vault`), or null outside src/. */
export function roomOf(relativePath) {
  const parts = relativePath.split(/[\\/]/);
  if (parts[0] !== 'src' || parts.length < 2) return null;
  const [, top, sub] = parts;
  if (parts.length === 2) return top;
  if ((top === 'auth' || top === 'services') && parts.length >= 4) return `${top}/${sub}`;
  return top;
}

function allowed(from, to) {
  if (from === to) return true;
  const rules = MAY_IMPORT[from];
  if (!rules) return false;
  return rules.some((rule) => rule === to || (rule.endsWith('/*') && to.startsWith(rule.slice(0, -1))));
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports inside src/ point down: shared and core ← auth and services ← app ← main.ts.' },
    schema: [],
    messages: {
      upward: '{{from}} may not import {{to}}: arrows point down (shared, core ← auth/*, services/* ← app ← main.ts; see docs/ARCHITECTURE.md).',
      unknownRoom: '{{path}} is in no room of src/ (see docs/ARCHITECTURE.md for the rooms).',
      throughIndex: 'Import {{to}} through src/{{to}}/index.ts, its public surface, not {{target}}.',
    },
  },
  create(context) {
    const cwd = context.cwd;
    const file = path.relative(cwd, context.filename);
    const from = roomOf(file);
    if (!from) return {};
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = path.relative(cwd, path.resolve(path.dirname(context.filename), specifier));
      const to = roomOf(target);
      if (!to) return;
      if (!MAY_IMPORT[from]) context.report({ node, messageId: 'unknownRoom', data: { path: file } });
      else if (!allowed(from, to)) context.report({ node, messageId: 'upward', data: { from, to } });
      else if (from !== to && target !== path.join('src', to, 'index.ts') && existsSync(path.join(cwd, 'src', to, 'index.ts'))) {
        context.report({ node, messageId: 'throughIndex', data: { to, target: target.split(path.sep).join('/') } });
      }
    };
    const fromSource = (node) => check(node.source, node.source?.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: (node) => node.source && fromSource(node),
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { 'arrows-point-down': rule } };
