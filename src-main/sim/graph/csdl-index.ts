import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/** A property or action parameter: its type is namespace-qualified (`microsoft.graph.event`, `Edm.String`). */
export interface CsdlTypeRef {
  type: string;
  collection: boolean;
  nullable: boolean;
}

export interface CsdlProperty extends CsdlTypeRef {
  name: string;
  navigation: boolean;
}

export interface CsdlStructuredType {
  kind: 'entity' | 'complex';
  name: string;
  baseType: string | undefined;
  abstract: boolean;
  /** Own properties only; `propertiesOf` gives the whole set along the BaseType chain. */
  properties: Map<string, CsdlProperty>;
}

export interface CsdlEnumType {
  kind: 'enum';
  name: string;
  flags: boolean;
  members: string[];
}

export type CsdlType = CsdlStructuredType | CsdlEnumType;

export interface CsdlOperation {
  kind: 'action' | 'function';
  name: string;
  /** The binding parameter's type, `undefined` for an unbound operation. */
  boundTo: CsdlTypeRef | undefined;
  /** The body parameters (the binding parameter left out). */
  parameters: (CsdlTypeRef & { name: string })[];
  returns: CsdlTypeRef | undefined;
}

/** An entity set (a collection) or singleton of the entity container: the first segment of a URL. */
export interface CsdlContainerMember {
  name: string;
  type: string;
  collection: boolean;
}

export interface CsdlIndex {
  types: Map<string, CsdlType>;
  /** By simple name (`getSchedule`); overloads share a name. */
  operations: Map<string, CsdlOperation[]>;
  container: Map<string, CsdlContainerMember>;
  /** Direct subtypes of each structured type, for checking `@odata.type`. */
  derived: Map<string, string[]>;
  /** Load figures, for the README and the bench. */
  stats: { parseMs: number; bytes: number };
}

/** Where the Graph CSDL lives: `BEACON_GRAPH_SCHEMA_DIR`, else `shared/graph-schema` beside the checkout. */
export function defaultGraphSchemaDir(): string {
  const fromEnv = process.env.BEACON_GRAPH_SCHEMA_DIR;
  if (fromEnv) return resolve(fromEnv);
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  return resolve(repoRoot, '../shared/graph-schema');
}

export const GRAPH_CSDL_FILE = 'graph-v1.0.csdl.xml';

export function graphSchemaAvailable(dir = defaultGraphSchemaDir()): boolean {
  return existsSync(join(dir, GRAPH_CSDL_FILE));
}

const cache = new Map<string, CsdlIndex>();

/** The compiled index for a schema directory, parsed once per process. */
export function loadCsdlIndex(dir = defaultGraphSchemaDir()): CsdlIndex {
  const key = resolve(dir);
  const cached = cache.get(key);
  if (cached) return cached;
  const path = join(key, GRAPH_CSDL_FILE);
  if (!existsSync(path))
    throw new Error(`Graph CSDL not found at ${path} (set BEACON_GRAPH_SCHEMA_DIR)`);
  const index = parseCsdl(readFileSync(path, 'utf8'));
  cache.set(key, index);
  return index;
}

interface RawRef {
  type: string;
  nullable: boolean;
}

type Attributes = Readonly<Record<string, string | undefined>>;

function rawRef(attributes: Attributes): RawRef {
  return { type: attributes.Type ?? 'Edm.Untyped', nullable: attributes.Nullable !== 'false' };
}

/**
 * Parses CSDL 4.0 XML (a leading BOM is stripped) into an index of types, operations and the
 * entity container, in one streaming pass. Annotations are skipped. Type names are resolved
 * from schema aliases (`graph.event`) to namespaces (`microsoft.graph.event`) at the end, since
 * a reference can come before the schema that declares its alias.
 */
export function parseCsdl(xml: string): CsdlIndex {
  const started = performance.now();
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  const aliases = new Map<string, string>();
  const types = new Map<string, CsdlType>();
  const operations = new Map<string, CsdlOperation[]>();
  const container = new Map<string, CsdlContainerMember>();
  const pendingRefs: CsdlTypeRef[] = [];
  const pendingBases: CsdlStructuredType[] = [];

  let namespace = '';
  let structured: CsdlStructuredType | undefined;
  let enumType: CsdlEnumType | undefined;
  let operation: CsdlOperation | undefined;
  let firstParameter = false;
  let inContainer = false;

  const ref = (raw: RawRef): CsdlTypeRef => {
    const match = /^Collection\((.+)\)$/.exec(raw.type);
    const result = {
      type: match?.[1] ?? raw.type,
      collection: match !== null,
      nullable: raw.nullable,
    };
    pendingRefs.push(result);
    return result;
  };

  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const a: Attributes = tag.attributes;
    const name = a.Name ?? '';
    switch (tag.name) {
      case 'Schema':
        namespace = a.Namespace ?? '';
        if (a.Alias) aliases.set(a.Alias, namespace);
        break;
      case 'EntityType':
      case 'ComplexType':
        structured = {
          kind: tag.name === 'EntityType' ? 'entity' : 'complex',
          name: `${namespace}.${name}`,
          baseType: a.BaseType,
          abstract: a.Abstract === 'true',
          properties: new Map(),
        };
        types.set(structured.name, structured);
        if (a.BaseType) pendingBases.push(structured);
        break;
      case 'Property':
      case 'NavigationProperty':
        if (structured) {
          // Object.assign keeps the object `ref` queued for alias resolution.
          const property = Object.assign(ref(rawRef(a)), {
            name,
            navigation: tag.name === 'NavigationProperty',
          });
          structured.properties.set(name, property);
        }
        break;
      case 'EnumType':
        enumType = {
          kind: 'enum',
          name: `${namespace}.${name}`,
          flags: a.IsFlags === 'true',
          members: [],
        };
        types.set(enumType.name, enumType);
        break;
      case 'Member':
        enumType?.members.push(name);
        break;
      case 'Action':
      case 'Function': {
        operation = {
          kind: tag.name === 'Action' ? 'action' : 'function',
          name,
          boundTo: undefined,
          parameters: [],
          returns: undefined,
        };
        firstParameter = a.IsBound === 'true';
        const list = operations.get(name) ?? [];
        list.push(operation);
        operations.set(name, list);
        break;
      }
      case 'Parameter':
        if (!operation) break;
        if (firstParameter) {
          operation.boundTo = ref(rawRef(a));
          firstParameter = false;
        } else {
          operation.parameters.push(Object.assign(ref(rawRef(a)), { name }));
        }
        break;
      case 'ReturnType':
        if (operation) operation.returns = ref(rawRef(a));
        break;
      case 'EntityContainer':
        inContainer = true;
        break;
      case 'EntitySet':
      case 'Singleton':
        if (inContainer) {
          const member = {
            name,
            type: a.EntityType ?? a.Type ?? '',
            collection: tag.name === 'EntitySet',
            nullable: false,
          };
          container.set(name, member);
          pendingRefs.push(member);
        }
        break;
    }
  });
  parser.on('closetag', (tag) => {
    switch (tag.name) {
      case 'EntityType':
      case 'ComplexType':
        structured = undefined;
        break;
      case 'EnumType':
        enumType = undefined;
        break;
      case 'Action':
      case 'Function':
        operation = undefined;
        break;
      case 'EntityContainer':
        inContainer = false;
        break;
    }
  });
  parser.write(text).close();

  const qualify = (name: string): string => {
    const dot = name.lastIndexOf('.');
    if (dot < 0) return name;
    const prefix = name.slice(0, dot);
    const namespaceOfAlias = aliases.get(prefix);
    return namespaceOfAlias ? `${namespaceOfAlias}${name.slice(dot)}` : name;
  };
  for (const r of pendingRefs) r.type = qualify(r.type);
  const derived = new Map<string, string[]>();
  for (const t of pendingBases) {
    t.baseType = qualify(t.baseType ?? '');
    const list = derived.get(t.baseType) ?? [];
    list.push(t.name);
    derived.set(t.baseType, list);
  }
  return {
    types,
    operations,
    container,
    derived,
    stats: { parseMs: performance.now() - started, bytes: text.length },
  };
}
