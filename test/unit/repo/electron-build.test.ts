/**
 * The built Electron shell (out/, from `npm run build`, which `npm test` runs first) keeps the
 * hardening of the issue: a preload that loads under `sandbox: true`, and a main process whose
 * every window, navigation, permission and external link is locked down. The bundles are not
 * minified, so they are read as the JavaScript Electron will run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Script } from 'node:vm';
import { parse, type Node } from 'acorn';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const preloadFile = join(root, 'out/preload/preload.cjs');
const mainDir = join(root, 'out/main');

function readBuilt(file: string): string {
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return readFileSync(file, 'utf8');
}

type AstNode = Node & Record<string, unknown>;

function isNode(value: unknown): value is AstNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

/** Every node of the tree with its ancestors (nearest last). */
function* walk(node: AstNode, ancestors: AstNode[] = []): Generator<[AstNode, AstNode[]]> {
  yield [node, ancestors];
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (isNode(child)) yield* walk(child, [...ancestors, node]);
    }
  }
}

function parseModule(code: string): AstNode {
  return parse(code, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as AstNode;
}

function propertyName(node: AstNode): string | undefined {
  const key = node.key;
  if (!isNode(key)) return undefined;
  if (key.type === 'Identifier') return key.name as string;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

function calleeName(call: AstNode): string | undefined {
  const callee = call.callee;
  if (!isNode(callee)) return undefined;
  if (callee.type === 'Identifier') return callee.name as string;
  const property = callee.property;
  return callee.type === 'MemberExpression' && isNode(property) && property.type === 'Identifier'
    ? (property.name as string)
    : undefined;
}

function args(call: AstNode): AstNode[] {
  return (call.arguments as unknown[]).filter(isNode);
}

function literalValue(node: AstNode | undefined): unknown {
  return node?.type === 'Literal' ? node.value : undefined;
}

interface Bundle {
  file: string;
  code: string;
  ast: AstNode;
}

interface FoundNode {
  bundle: Bundle;
  node: AstNode;
  ancestors: AstNode[];
}

let built: FoundNode[] | undefined;

/** Every node of every .js file under out/main, parsed once for all the tests. */
function allNodes(): FoundNode[] {
  return mainBuild();
}

function mainBuild(): FoundNode[] {
  if (built) return built;
  readBuilt(join(mainDir, 'index.js'));
  const bundles = readdirSync(mainDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const code = readFileSync(join(mainDir, file), 'utf8');
      return { file: `out/main/${file}`, code, ast: parseModule(code) };
    });
  built = bundles.flatMap((bundle) =>
    [...walk(bundle.ast)].map(([node, ancestors]) => ({ bundle, node, ancestors })),
  );
  return built;
}

function callsNamed(name: string): FoundNode[] {
  return allNodes().filter(
    ({ node }) => node.type === 'CallExpression' && calleeName(node) === name,
  );
}

function sourceOf(bundle: Bundle, node: AstNode): string {
  return bundle.code.slice(node.start, node.end);
}

describe('the built preload (out/preload/preload.cjs)', () => {
  it('is a script, not an ES module, so a sandboxed renderer can load it', () => {
    const code = readBuilt(preloadFile);
    expect(() => new Script(code, { filename: preloadFile })).not.toThrow();
    const ast = parse(code, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as AstNode;
    const dynamicImports = [...walk(ast)].filter(([node]) => node.type === 'ImportExpression');
    expect(dynamicImports, 'the preload may not import() anything').toEqual([]);
  });

  it("requires nothing but 'electron' (its dependencies are bundled in)", () => {
    const code = readBuilt(preloadFile);
    const ast = parse(code, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as AstNode;
    const required = [...walk(ast)]
      .filter(([node]) => node.type === 'CallExpression' && calleeName(node) === 'require')
      .map(([node]) => literalValue(args(node)[0]) ?? sourceOf({ file: '', code, ast }, node));
    expect(required).toContain('electron');
    expect(required.filter((name) => name !== 'electron')).toEqual([]);
  });

  it('exposes one named API through contextBridge and never hands out ipcRenderer', () => {
    const code = readBuilt(preloadFile);
    expect(code).toMatch(/contextBridge\.exposeInMainWorld\(\s*["']beacon["']/);
    expect(code).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });
});

describe('the built main process (out/main)', () => {
  const secure = {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    allowRunningInsecureContent: false,
    webviewTag: false,
  } as const;

  it('never sets a webPreferences option to its insecure value', () => {
    const insecure = allNodes()
      .filter(({ node }) => node.type === 'Property')
      .flatMap(({ bundle, node }) => {
        const name = propertyName(node);
        const value = isNode(node.value) ? literalValue(node.value) : undefined;
        if (name === 'webSecurity' && value === false)
          return [`${bundle.file}: webSecurity: false`];
        if (name !== undefined && name in secure && typeof value === 'boolean') {
          const wanted = secure[name as keyof typeof secure];
          return value === wanted ? [] : [`${bundle.file}: ${name}: ${String(value)}`];
        }
        return [];
      });
    expect(insecure).toEqual([]);
  });

  it('gives every window the hardened webPreferences (contextIsolation, sandbox, no Node)', () => {
    // The function whose returned object sets the hardened options (window/web-preferences.ts).
    const hardening = allNodes().filter(
      ({ node }) =>
        node.type === 'FunctionDeclaration' &&
        [...walk(node)].some(
          ([inner]) =>
            inner.type === 'ReturnStatement' &&
            isNode(inner.argument) &&
            inner.argument.type === 'ObjectExpression' &&
            (inner.argument.properties as AstNode[]).some(
              (p) => propertyName(p) === 'contextIsolation',
            ),
        ),
    );
    expect(hardening, 'no function returns the webPreferences').toHaveLength(1);
    const [found] = hardening;
    if (!found) return;
    const options = new Map(
      [...walk(found.node)]
        .filter(([node]) => node.type === 'Property')
        .map(([node]) => [
          propertyName(node),
          isNode(node.value) ? literalValue(node.value) : undefined,
        ]),
    );
    const missing = Object.entries({ ...secure, webSecurity: true })
      .filter(([name, wanted]) => options.get(name) !== wanted)
      .map(([name, wanted]) => `${name}: ${String(wanted)}`);
    expect(missing, 'hardened webPreferences lack').toEqual([]);

    const name = (found.node.id as AstNode).name as string;
    const uses = allNodes().filter(
      ({ node }) => node.type === 'Property' && propertyName(node) === 'webPreferences',
    );
    expect(uses.length, 'no window is created with webPreferences').toBeGreaterThan(0);
    const others = uses
      .filter(
        ({ node }) =>
          !(
            isNode(node.value) &&
            node.value.type === 'CallExpression' &&
            calleeName(node.value) === name
          ),
      )
      .map(({ bundle, node }) => `${bundle.file}: ${sourceOf(bundle, node)}`);
    expect(others, `webPreferences not made by ${name}()`).toEqual([]);
  });

  it('sends a Content-Security-Policy with no inline or eval script', () => {
    const strings = allNodes()
      .map(({ node }) => literalValue(node))
      .filter((value): value is string => typeof value === 'string');
    expect(strings.includes('Content-Security-Policy'), 'no Content-Security-Policy header').toBe(
      true,
    );
    const policy = 'a CSP starting with default-src none or self';
    expect(
      strings.some((s) => /^default-src '(none|self)'/.test(s)),
      policy,
    ).toBe(true);
    expect(
      strings.some((s) => s.startsWith("script-src 'self'")),
      "script-src 'self'",
    ).toBe(true);
    expect(strings.filter((s) => /'unsafe-(inline|eval)'/.test(s))).toEqual([]);
  });

  it('prevents every navigation (will-navigate calls preventDefault)', () => {
    const handlers = callsNamed('on').filter(
      ({ node }) => literalValue(args(node)[0]) === 'will-navigate',
    );
    expect(handlers.length, 'no will-navigate handler').toBeGreaterThan(0);
    for (const { bundle, node } of handlers) {
      const handler = args(node)[1];
      expect(handler && sourceOf(bundle, handler)).toMatch(/\.preventDefault\(\)/);
    }
  });

  it('denies every window.open (setWindowOpenHandler answers deny)', () => {
    const calls = callsNamed('setWindowOpenHandler');
    expect(calls.length, 'no setWindowOpenHandler').toBeGreaterThan(0);
    for (const { bundle, node } of calls) {
      const handler = sourceOf(bundle, args(node)[0] ?? node);
      expect(handler).toMatch(/action:\s*["']deny["']/);
      expect(handler).not.toMatch(/["']allow["']/);
    }
  });

  it('refuses every permission request', () => {
    const calls = callsNamed('setPermissionRequestHandler');
    expect(calls.length, 'no setPermissionRequestHandler').toBeGreaterThan(0);
    for (const { bundle, node } of calls) {
      const handler = args(node)[0];
      expect(handler && sourceOf(bundle, handler)).toMatch(/\(\s*false\s*\)/);
      expect(handler && sourceOf(bundle, handler)).not.toMatch(/\(\s*true\s*\)/);
    }
  });

  it('opens external links only with a URL that vetExternalUrl returned', () => {
    const opens = callsNamed('openExternal').filter(({ node }) => {
      // Electron's shell (shell.openExternal or x.shell.openExternal), not the core's own hook.
      const object = (node.callee as AstNode).object;
      if (!isNode(object)) return false;
      return (
        (object.type === 'Identifier' && object.name === 'shell') ||
        (object.type === 'MemberExpression' &&
          isNode(object.property) &&
          object.property.name === 'shell')
      );
    });
    expect(opens.length, 'shell.openExternal is never called').toBeGreaterThan(0);
    for (const { bundle, node, ancestors } of opens) {
      const argument = args(node)[0];
      const scope = [...ancestors].reverse().find((a) => a.type.includes('Function'));
      const vetted =
        argument?.type === 'Identifier' &&
        scope !== undefined &&
        [...walk(scope)].some(
          ([inner]) =>
            inner.type === 'VariableDeclarator' &&
            isNode(inner.id) &&
            inner.id.name === argument.name &&
            isNode(inner.init) &&
            inner.init.type === 'CallExpression' &&
            calleeName(inner.init) === 'vetExternalUrl',
        );
      expect(vetted, `${bundle.file}: ${sourceOf(bundle, node)} opens an unvetted URL`).toBe(true);
    }
  });

  it('loads no remote page into a window', () => {
    const remote = callsNamed('loadURL').filter(({ node }) => {
      const url = literalValue(args(node)[0]);
      return typeof url === 'string' && /^https?:/.test(url);
    });
    expect(remote.map(({ bundle, node }) => `${bundle.file}: ${sourceOf(bundle, node)}`)).toEqual(
      [],
    );
  });
});
