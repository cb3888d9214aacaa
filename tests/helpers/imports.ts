// The project's import graph as the compiler sees it: every source file under src/, drivers/ and bin/
// parsed by TypeScript itself (the parser tsc uses), every import, re-export, `import type`, dynamic
// import() and `typeof import('…')` type, each resolved to the file it names. For the layer test
// (tests/structure/layers.test.ts); no regular expressions over source text.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export type ImportKind = 'value' | 'type' | 'dynamic';

export interface ImportEdge {
  /** The importing file, relative to the root, '/'-separated. */
  from: string;
  /** What the source text says. */
  specifier: string;
  /** The file it resolves to (relative to the root), or null for a package or a Node built-in. */
  to: string | null;
  kind: ImportKind;
  line: number;
}

const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
}

/** Every source file under the given folders of `root`, relative, '/'-separated, sorted. */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of dirs) if (existsSync(join(root, d))) walk(join(root, d), out);
  return out.map((f) => rel(root, f)).sort();
}

const rel = (root: string, file: string) => relative(root, file).split('\\').join('/');

/**
 * A relative specifier to the file it names, as NodeNext resolution does for this project: an
 * import of `./x.js` is the file ./x.ts (or .tsx) until compiled; a folder is not resolved (the
 * project never imports folders).
 */
function resolveRelative(root: string, from: string, spec: string): string | null {
  const base = resolve(root, dirname(from), spec);
  const stem = base.replace(/\.(m?js|jsx)$/, '');
  for (const c of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.js`, `${stem}.mjs`]) {
    if (existsSync(c) && statSync(c).isFile()) return rel(root, c);
  }
  return null;
}

/** The imports of one file's text. */
export function importsOf(root: string, file: string, text = readFileSync(join(root, file), 'utf8')): ImportEdge[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: ImportEdge[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined, kind: ImportKind) => {
    if (!spec || !ts.isStringLiteralLike(spec)) return;
    const specifier = spec.text;
    const to = specifier.startsWith('.') ? resolveRelative(root, file, specifier) : null;
    if (specifier.startsWith('.') && to === null) throw new Error(`${file}: cannot resolve ${specifier}`);
    out.push({ from: file, specifier, to, kind, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause;
      // `import type { A }`, or `import { type A, type B }` where every name is a type: erased.
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!c.namedBindings && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.length > 0 && c.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier, typeOnly ? 'type' : 'value');
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly ? 'type' : 'value');
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly ? 'type' : 'value');
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], 'dynamic');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal as ts.Expression, 'type');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The whole graph: the imports of every file under `dirs`. */
export function importGraph(root: string, dirs: readonly string[]): { files: string[]; edges: ImportEdge[] } {
  const files = sourceFiles(root, dirs);
  return { files, edges: files.flatMap((f) => importsOf(root, f)) };
}

/**
 * The import cycles: strongly connected components of more than one file (or a file importing
 * itself), each given as one cycle through it, found by Tarjan's algorithm.
 */
export function importCycles(files: readonly string[], edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) if (e.to && next.has(e.to)) next.get(e.from)?.push(e.to);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const comps: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of next.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (next.get(v) ?? []).includes(v)) comps.push(comp);
    }
  };
  for (const f of files) if (!idx.has(f)) strong(f);
  // One concrete cycle per component, for the message: a shortest way back to its first file.
  return comps.map((comp) => {
    const inComp = new Set(comp);
    const start = [...comp].sort()[0] as string;
    const prev = new Map<string, string>();
    const queue = [start];
    const seen = new Set([start]);
    while (queue.length) {
      const v = queue.shift() as string;
      for (const w of next.get(v) ?? []) {
        if (!inComp.has(w)) continue;
        if (w === start) {
          const path = [v];
          while (path[0] !== start) path.unshift(prev.get(path[0] as string) as string);
          return [...path, start];
        }
        if (!seen.has(w)) {
          seen.add(w);
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    return [start, start];
  });
}
