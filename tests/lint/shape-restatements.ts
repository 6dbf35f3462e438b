/**
 * Finds exported types in src/ that restate another exported type: an alias that only renames another of our
 * types (`type A = B`), or two declarations with the same shape (mutually assignable, same property names).
 * Used by tests/lint/one-definition.test.ts and by `node --experimental-strip-types` for a listing.
 */
import path from 'node:path';
import ts from 'typescript';

export interface Restatement {
  /** `file:Name` of the declaration that restates. */
  readonly declaration: string;
  /** `file:Name` of what it restates. */
  readonly restates: string;
  readonly why: 'alias' | 'same shape';
}

interface ExportedType {
  readonly id: string;
  readonly node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
  readonly type: ts.Type;
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** Property names of an object type, or null for a type that is not a plain object shape. */
function propertyNames(checker: ts.TypeChecker, type: ts.Type): string | null {
  if (type.isUnion() || type.isIntersection() || !(type.flags & ts.TypeFlags.Object)) return null;
  return checker
    .getPropertiesOfType(type)
    .map((p) => p.name)
    .sort()
    .join(',');
}

/** The program of every TypeScript file under `srcDir`, checked as the app's tsconfigs check it. */
export function createSourceProgram(root: string, srcDir = 'src'): ts.Program {
  const files = ts.sys.readDirectory(path.join(root, srcDir), ['.ts'], undefined, undefined);
  return ts.createProgram(files, {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: ['node'],
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  });
}

export function findRestatements(program: ts.Program, root: string): Restatement[] {
  const checker = program.getTypeChecker();
  const exported: ExportedType[] = [];
  const ours = new Map<ts.Symbol, string>();
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || file.fileName.includes('/node_modules/')) continue;
    const relative = path.relative(root, file.fileName);
    for (const statement of file.statements) {
      if (!(ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) || !isExported(statement)) continue;
      const symbol = checker.getSymbolAtLocation(statement.name);
      if (!symbol) continue;
      const id = `${relative}:${statement.name.text}`;
      ours.set(symbol, id);
      if (statement.typeParameters?.length) continue;
      exported.push({ id, node: statement, type: checker.getDeclaredTypeOfSymbol(symbol) });
    }
  }

  const found: Restatement[] = [];
  for (const entry of exported) {
    const node = entry.node;
    if (ts.isTypeAliasDeclaration(node) && ts.isTypeReferenceNode(node.type) && !node.type.typeArguments) {
      const target = checker.getSymbolAtLocation(node.type.typeName);
      const resolved = target && target.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(target) : target;
      const restated = resolved ? ours.get(resolved) : undefined;
      if (restated) found.push({ declaration: entry.id, restates: restated, why: 'alias' });
    }
  }
  for (let i = 0; i < exported.length; i += 1) {
    for (let j = i + 1; j < exported.length; j += 1) {
      const a = exported[i]!;
      const b = exported[j]!;
      if (found.some((f) => f.declaration === a.id || f.declaration === b.id)) continue;
      if (!checker.isTypeAssignableTo(a.type, b.type) || !checker.isTypeAssignableTo(b.type, a.type)) continue;
      const namesA = propertyNames(checker, a.type);
      const namesB = propertyNames(checker, b.type);
      // Object shapes must also name the same properties (optional ones make unequal shapes assignable).
      if ((namesA !== null || namesB !== null) && namesA !== namesB) continue;
      found.push({ declaration: b.id, restates: a.id, why: 'same shape' });
    }
  }
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.cwd();
  for (const r of findRestatements(createSourceProgram(root), root)) console.log(`${r.why}\t${r.declaration}\t~ ${r.restates}`);
}
