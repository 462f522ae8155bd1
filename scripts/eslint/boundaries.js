// @ts-check
import { dirname, relative, resolve } from 'node:path';

/**
 * `boundaries/no-crossing`: a relative import is resolved against the importing file and refused when it lands in a
 * folder the importer's zone may not reach (docs/architecture.md). Resolving, rather than matching `../` patterns,
 * keeps a folder that happens to share a name (web/src/app/extension) from being mistaken for another side.
 */
const root = resolve(import.meta.dirname, '../..');

/** @type {import('eslint').Rule.RuleModule} */
const noCrossing = {
  meta: {
    type: 'problem',
    schema: [
      {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            from: { type: 'string' },
            to: { type: 'array', items: { type: 'string' } },
            allowTypeImports: { type: 'boolean' },
            except: { type: 'array', items: { type: 'string' } },
            message: { type: 'string' },
          },
          required: ['from', 'to', 'message'],
        },
      },
    ],
  },
  create(context) {
    /** @type {{ from: string; to: string[]; allowTypeImports?: boolean; except?: string[]; message: string }[]} */
    const zones = context.options[0] ?? [];
    const file = relative(root, context.filename).split('\\').join('/');
    const mine = zones.filter((z) => file.startsWith(z.from) && !z.except?.includes(file));
    if (mine.length === 0) return {};
    /** @param {any} node @param {boolean} typeOnly */
    const check = (node, typeOnly) => {
      const source = node.source;
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target =
        relative(root, resolve(dirname(context.filename), source.value))
          .split('\\')
          .join('/') + '/';
      for (const zone of mine) {
        if (typeOnly && zone.allowTypeImports) continue;
        if (zone.to.some((folder) => target.startsWith(folder))) {
          context.report({ node: source, message: `'${source.value}': ${zone.message}` });
          return;
        }
      }
    };
    return {
      ImportDeclaration: (node) =>
        check(
          node,
          /** @type {any} */ (node).importKind === 'type' ||
            (node.specifiers.length > 0 && node.specifiers.every((s) => /** @type {any} */ (s).importKind === 'type')),
        ),
      ExportNamedDeclaration: (node) => check(node, /** @type {any} */ (node).exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, /** @type {any} */ (node).exportKind === 'type'),
      ImportExpression: (node) => check(node, false),
    };
  },
};

export default { rules: { 'no-crossing': noCrossing } };
