import {
  loadCsdlIndex,
  type CsdlIndex,
  type CsdlOperation,
  type CsdlProperty,
  type CsdlStructuredType,
  type CsdlTypeRef,
} from './csdl-index.js';
import { checkEdmPrimitive } from './edm-primitives.js';
import type {
  GraphBodyViolation,
  GraphCheck,
  GraphCheckOptions,
  GraphEnumCase,
  GraphSchemaChecker,
} from './schema-checker.js';

/** A type or action name the CSDL does not have: a mistake in the caller, not in the body. */
export class UnknownGraphSchemaNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownGraphSchemaNameError';
  }
}

/** The OData error body (`{ error: { code, message, … } }`), which the CSDL does not describe. */
export const ODATA_ERROR_TYPE = 'odata.error';

const MAX_VIOLATIONS = 100;
const MAX_DEPTH = 64;
const REMOVED_REASONS = ['changed', 'deleted'];

interface Walk {
  violations: GraphBodyViolation[];
  partial: boolean;
  enumCase: GraphEnumCase;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointer(path: string, key: string | number): string {
  return `${path}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/**
 * Checks Graph JSON bodies against the v1.0 CSDL, walking the compiled index directly:
 * - a structured value has only the properties along its BaseType chain (navigation
 *   properties included) plus OData annotations; any other key is an unknown property, even
 *   on types the CSDL marks `OpenType` (Graph does not accept dynamic properties on the
 *   mailbox types Beacon uses, and a misspelt name must not slip through);
 * - `@odata.type` switches to a derived type, which must derive from the declared one;
 * - required means `Nullable="false"`, single-valued, not a navigation property; it is checked
 *   only when `partial` is not set. On Graph that is mostly the key `id` (and `dateTime` of a
 *   dateTimeTimeZone); the service leaves out unselected properties, so `user` answers, which
 *   carry a default `$select`, are partial. `Nullable="false"` also forbids `null` everywhere.
 * - enum members are case-sensitive unless `enumCase: 'anyCase'`; flags enums take 'a, b'.
 */
export class CsdlSchemaChecker implements GraphSchemaChecker {
  private readonly propertySets = new Map<string, Map<string, CsdlProperty>>();
  private readonly memberSets = new Map<string, Set<string>>();

  constructor(readonly index: CsdlIndex) {}

  /** A checker over the process-wide cached index (`BEACON_GRAPH_SCHEMA_DIR` or `../shared`). */
  static load(dir?: string): CsdlSchemaChecker {
    return new CsdlSchemaChecker(loadCsdlIndex(dir));
  }

  checkType(typeName: string, value: unknown, options: GraphCheckOptions = {}): GraphCheck {
    const walk: Walk = {
      violations: [],
      partial: options.partial ?? false,
      enumCase: options.enumCase ?? 'exact',
    };
    if (typeName === ODATA_ERROR_TYPE) {
      this.checkODataError(value, walk);
      return result(walk);
    }
    const name = this.qualify(typeName);
    const type = this.index.types.get(name);
    const primitive = name.startsWith('Edm.');
    if (!type && !primitive) throw new UnknownGraphSchemaNameError(`No CSDL type ${typeName}`);
    const structured = type !== undefined && type.kind !== 'enum';
    const ref: CsdlTypeRef = { type: name, collection: false, nullable: !structured };
    if (options.collection) {
      this.checkWrapper(value, walk, (items) => {
        if (!Array.isArray(items)) {
          add(walk, '/value', 'must be an array');
          return;
        }
        items.forEach((item, i) => {
          const path = pointer('/value', i);
          if (structured && isObject(item) && '@removed' in item)
            this.checkRemoved(name, item, path, walk);
          else this.checkValue(ref, item, path, walk, 1);
        });
      });
    } else if (structured) {
      this.checkValue(ref, value, '', walk, 0);
    } else {
      // A single enum or primitive property is answered as `{ "value": … }`.
      this.checkWrapper(value, walk, (inner) => {
        this.checkValue(ref, inner, '/value', walk, 1);
      });
    }
    return result(walk);
  }

  checkActionBody(
    boundTo: string,
    action: string,
    body: unknown,
    options: { enumCase?: GraphEnumCase } = {},
  ): GraphCheck {
    const operation = this.findAction(boundTo, action);
    const walk: Walk = { violations: [], partial: false, enumCase: options.enumCase ?? 'anyCase' };
    if (body === undefined && operation.parameters.every((p) => p.nullable)) return { valid: true };
    if (!isObject(body)) {
      add(walk, '', 'must be a JSON object');
      return result(walk);
    }
    const byName = new Map(operation.parameters.map((p) => [p.name.toLowerCase(), p]));
    const seen = new Set<string>();
    for (const [key, value] of Object.entries(body)) {
      const path = pointer('', key);
      if (key.startsWith('@')) {
        this.checkInstanceAnnotation(key, value, path, walk);
        continue;
      }
      const parameter = byName.get(key.toLowerCase());
      if (!parameter) {
        add(walk, path, `is not a parameter of ${action}`);
        continue;
      }
      if (seen.has(parameter.name)) {
        add(walk, path, `repeats the parameter ${parameter.name}`);
        continue;
      }
      seen.add(parameter.name);
      this.checkValue(parameter, value, path, walk, 1);
    }
    for (const parameter of operation.parameters) {
      if (!parameter.nullable && !seen.has(parameter.name))
        add(walk, pointer('', parameter.name), 'is required');
    }
    return result(walk);
  }

  /** Every property of a structured type, along its BaseType chain. */
  propertiesOf(typeName: string): Map<string, CsdlProperty> {
    const cached = this.propertySets.get(typeName);
    if (cached) return cached;
    const type = this.structured(typeName);
    const set = new Map(type.baseType ? this.propertiesOf(type.baseType) : undefined);
    for (const [name, property] of type.properties) set.set(name, property);
    this.propertySets.set(typeName, set);
    return set;
  }

  isKindOf(typeName: string, base: string): boolean {
    for (let t: string | undefined = typeName; t !== undefined;) {
      if (t === base) return true;
      const type = this.index.types.get(t);
      t = type && type.kind !== 'enum' ? type.baseType : undefined;
    }
    return false;
  }

  /** `graph.event`, `#microsoft.graph.event` → `microsoft.graph.event`. */
  qualify(typeName: string): string {
    const name = typeName.startsWith('#') ? typeName.slice(1) : typeName;
    return name.startsWith('graph.') ? `microsoft.${name}` : name;
  }

  /** The bound action named `action` whose binding type `boundTo` is (or derives from). */
  findAction(boundTo: string, action: string): CsdlOperation {
    const match = /^Collection\((.+)\)$/.exec(boundTo);
    const bindingType = this.qualify(match?.[1] ?? boundTo);
    const candidates = (this.index.operations.get(action) ?? []).filter(
      (op) =>
        op.kind === 'action' &&
        op.boundTo !== undefined &&
        op.boundTo.collection === (match !== null) &&
        this.isKindOf(bindingType, op.boundTo.type),
    );
    // The most specific binding wins (an overload on the type itself over one on a base).
    candidates.sort(
      (a, b) => this.depth(b.boundTo?.type ?? '') - this.depth(a.boundTo?.type ?? ''),
    );
    const operation = candidates[0];
    if (!operation)
      throw new UnknownGraphSchemaNameError(`No action ${action} bound to ${boundTo}`);
    return operation;
  }

  private depth(typeName: string): number {
    let n = 0;
    for (let t: string | undefined = typeName; t !== undefined; n++) {
      const type = this.index.types.get(t);
      t = type && type.kind !== 'enum' ? type.baseType : undefined;
    }
    return n;
  }

  private structured(typeName: string): CsdlStructuredType {
    const type = this.index.types.get(typeName);
    if (!type || type.kind === 'enum')
      throw new UnknownGraphSchemaNameError(`No CSDL structured type ${typeName}`);
    return type;
  }

  /** `{ "value": …, "@odata.*": … }`: the collection and single-property answer shape. */
  private checkWrapper(value: unknown, walk: Walk, inner: (value: unknown) => void): void {
    if (!isObject(value)) {
      add(walk, '', 'must be a JSON object with a value');
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      if (key === 'value') continue;
      const path = pointer('', key);
      if (key.startsWith('@')) this.checkInstanceAnnotation(key, v, path, walk);
      else add(walk, path, 'is not allowed beside value');
    }
    if (!('value' in value)) add(walk, '/value', 'is required');
    else inner(value.value);
  }

  /** A delta deletion stub: `{ "id": …, "@removed": { "reason": "deleted" } }`. */
  private checkRemoved(
    typeName: string,
    item: Record<string, unknown>,
    path: string,
    walk: Walk,
  ): void {
    const removed = item['@removed'];
    if (!isObject(removed) || typeof removed.reason !== 'string') {
      add(walk, pointer(path, '@removed'), 'must be an object with a reason');
    } else if (!REMOVED_REASONS.includes(removed.reason)) {
      add(walk, pointer(pointer(path, '@removed'), 'reason'), 'must be changed or deleted');
    }
    const rest = Object.fromEntries(Object.entries(item).filter(([k]) => k !== '@removed'));
    const partial = walk.partial;
    walk.partial = true;
    this.checkValue({ type: typeName, collection: false, nullable: false }, rest, path, walk, 1);
    walk.partial = partial;
    if (typeof item.id !== 'string') add(walk, pointer(path, 'id'), 'is required');
  }

  private checkValue(
    ref: CsdlTypeRef,
    value: unknown,
    path: string,
    walk: Walk,
    depth: number,
  ): void {
    if (walk.violations.length >= MAX_VIOLATIONS) return;
    if (depth > MAX_DEPTH) {
      add(walk, path, 'is nested too deeply');
      return;
    }
    if (ref.collection) {
      if (!Array.isArray(value)) {
        add(walk, path, value === null ? 'must be an array, not null' : 'must be an array');
        return;
      }
      const item = { type: ref.type, collection: false, nullable: ref.nullable };
      value.forEach((v, i) => {
        this.checkValue(item, v, pointer(path, i), walk, depth + 1);
      });
      return;
    }
    if (value === null) {
      if (!ref.nullable) add(walk, path, 'must not be null');
      return;
    }
    if (ref.type.startsWith('Edm.')) {
      const problem = checkEdmPrimitive(ref.type, value);
      if (problem) add(walk, path, problem);
      return;
    }
    const type = this.index.types.get(ref.type);
    if (!type) {
      add(walk, path, `has a type the schema does not define (${ref.type})`);
      return;
    }
    if (type.kind === 'enum') {
      this.checkEnum(type.name, type.members, type.flags, value, path, walk);
      return;
    }
    this.checkStructured(type.name, value, path, walk, depth);
  }

  private checkEnum(
    name: string,
    members: string[],
    flags: boolean,
    value: unknown,
    path: string,
    walk: Walk,
  ): void {
    if (typeof value !== 'string') {
      add(walk, path, `must be a ${shortName(name)} name (a string)`);
      return;
    }
    const fold = walk.enumCase === 'anyCase';
    const known = this.memberSet(name, members, fold);
    const parts = flags ? value.split(',').map((p) => p.trim()) : [value];
    const bad = parts.filter((p) => !known.has(fold ? p.toLowerCase() : p));
    if (bad.length > 0)
      add(walk, path, `is not a ${shortName(name)} (${members.join(', ')}): ${bad.join(', ')}`);
  }

  private memberSet(name: string, members: string[], fold: boolean): Set<string> {
    const key = fold ? `${name}/anyCase` : name;
    let set = this.memberSets.get(key);
    if (!set) {
      set = new Set(fold ? members.map((m) => m.toLowerCase()) : members);
      this.memberSets.set(key, set);
    }
    return set;
  }

  private checkStructured(
    declared: string,
    value: unknown,
    path: string,
    walk: Walk,
    depth: number,
  ): void {
    if (!isObject(value)) {
      add(walk, path, `must be a ${shortName(declared)} object`);
      return;
    }
    let actual = declared;
    const odataType = value['@odata.type'];
    if (odataType !== undefined) {
      const named = typeof odataType === 'string' ? this.qualify(odataType) : '';
      const type = this.index.types.get(named);
      if (!type || type.kind === 'enum') {
        add(walk, pointer(path, '@odata.type'), 'names no structured type of the schema');
      } else if (!this.isKindOf(named, declared)) {
        add(walk, pointer(path, '@odata.type'), `is not a kind of ${shortName(declared)}`);
      } else {
        actual = named;
      }
    }
    const properties = this.propertiesOf(actual);
    for (const [key, v] of Object.entries(value)) {
      const at = key.indexOf('@');
      const keyPath = pointer(path, key);
      if (at === 0) {
        if (key !== '@odata.type') this.checkInstanceAnnotation(key, v, keyPath, walk);
      } else if (at > 0) {
        if (!properties.has(key.slice(0, at)))
          add(walk, keyPath, `annotates an unknown property of ${shortName(actual)}`);
        else if (!key.slice(at + 1).includes('.'))
          add(walk, keyPath, 'is not a namespace-qualified annotation');
      } else {
        const property = properties.get(key);
        if (property) this.checkValue(property, v, keyPath, walk, depth + 1);
        else add(walk, keyPath, `is not a property of ${shortName(actual)}`);
      }
    }
    if (walk.partial) return;
    for (const property of properties.values()) {
      if (
        !property.nullable &&
        !property.navigation &&
        !property.collection &&
        !(property.name in value)
      )
        add(walk, pointer(path, property.name), 'is required');
    }
  }

  /** `@odata.context`, `@odata.nextLink`, `@microsoft.graph.tips`: qualified names only. */
  private checkInstanceAnnotation(key: string, value: unknown, path: string, walk: Walk): void {
    if (key === '@removed') {
      add(walk, path, 'belongs only to members of a delta collection');
      return;
    }
    if (!key.slice(1).includes('.')) {
      add(walk, path, 'is not a namespace-qualified annotation');
      return;
    }
    const links = ['@odata.context', '@odata.nextLink', '@odata.deltaLink', '@odata.etag'];
    if (links.includes(key) && typeof value !== 'string') add(walk, path, 'must be a string');
    if (key === '@odata.count' && (typeof value !== 'number' || !Number.isInteger(value)))
      add(walk, path, 'must be an integer');
  }

  private checkODataError(value: unknown, walk: Walk): void {
    if (!isObject(value) || !isObject(value.error)) {
      add(walk, '/error', 'must be an object');
      return;
    }
    for (const key of Object.keys(value))
      if (key !== 'error') add(walk, pointer('', key), 'is not part of an OData error');
    const error = value.error;
    const allowed = ['code', 'message', 'target', 'details', 'innerError', 'innererror'];
    for (const key of Object.keys(error))
      if (!allowed.includes(key) && !key.startsWith('@'))
        add(walk, pointer('/error', key), 'is not part of an OData error');
    if (typeof error.code !== 'string') add(walk, '/error/code', 'must be a string');
    if (typeof error.message !== 'string') add(walk, '/error/message', 'must be a string');
    if (error.target !== undefined && typeof error.target !== 'string')
      add(walk, '/error/target', 'must be a string');
    if (error.details !== undefined) {
      if (!Array.isArray(error.details)) add(walk, '/error/details', 'must be an array');
      else
        error.details.forEach((d: unknown, i) => {
          if (!isObject(d) || typeof d.code !== 'string' || typeof d.message !== 'string')
            add(walk, pointer('/error/details', i), 'must have a code and a message');
        });
    }
  }
}

function add(walk: Walk, path: string, message: string): void {
  if (walk.violations.length < MAX_VIOLATIONS) walk.violations.push({ path, message });
}

function result(walk: Walk): GraphCheck {
  return walk.violations.length === 0
    ? { valid: true }
    : { valid: false, violations: walk.violations };
}

function shortName(typeName: string): string {
  return typeName.slice(typeName.lastIndexOf('.') + 1);
}
