/**
 * The part of OData `$filter` the Graph face answers on messages: `and`, `or`, `not`,
 * parentheses; `eq ne gt ge lt le` on isRead, isDraft, hasAttachments, subject, importance,
 * receivedDateTime and from/emailAddress/address; `startswith`, `endswith`, `contains`; and the
 * extended-property lambda `singleValueExtendedProperties/any(ep: ep/id eq '…' and …)` with
 * `cast(ep/value, Edm.Int32)`. Anything else is a FilterError (Graph's 400), never ignored.
 * Pure: parse once, evaluate per message.
 */
import type { MessageItem } from '../model.js';
import {
  parsePropertyId,
  propertyValue,
  samePropertyRef,
  TAG,
  type PropertyRef,
} from './extended-properties.js';

export class FilterError extends Error {}

type Literal = string | number | boolean | null;
type Operand =
  | { t: 'path'; parts: string[] }
  | { t: 'lit'; value: Literal; date?: number }
  | { t: 'cast'; of: Operand; type: string };
type Node =
  | { t: 'and' | 'or'; a: Node; b: Node }
  | { t: 'not'; a: Node }
  | { t: 'cmp'; op: string; left: Operand; right: Operand }
  | { t: 'fn'; name: 'startswith' | 'endswith' | 'contains'; args: Operand[] }
  | { t: 'any'; variable: string; body: Node };

type Token =
  | { k: 'word'; v: string }
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'date'; v: number; text: string }
  | { k: 'punct'; v: '(' | ')' | ',' | ':' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')' || c === ',' || c === ':') {
      tokens.push({ k: 'punct', v: c });
      i += 1;
    } else if (c === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw new FilterError('A string in the filter is not closed.');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += text[i] ?? '';
        i += 1;
      }
      tokens.push({ k: 'str', v: value });
    } else {
      const match = /^[\w./:+-]+/.exec(text.slice(i));
      if (!match) throw new FilterError(`Unexpected '${c}' in the filter.`);
      let word = match[0];
      const date = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?/.exec(
        word,
      );
      if (date) {
        word = date[0];
        tokens.push({ k: 'date', v: Date.parse(word), text: word });
      } else {
        // A ':' belongs to a lambda ('ep:'), never to a name.
        word = word.split(':')[0] ?? word;
        if (/^-?\d+(\.\d+)?$/.test(word)) tokens.push({ k: 'num', v: Number(word) });
        else tokens.push({ k: 'word', v: word });
      }
      i += word.length;
    }
  }
  return tokens;
}

const COMPARE = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['startswith', 'endswith', 'contains']);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    if (this.i < this.tokens.length)
      throw new FilterError('Unexpected text at the end of the filter.');
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private isWord(word: string): boolean {
    const t = this.peek();
    return t?.k === 'word' && t.v.toLowerCase() === word;
  }
  private expect(p: '(' | ')' | ',' | ':'): void {
    const t = this.tokens[this.i];
    if (t?.k !== 'punct' || t.v !== p) throw new FilterError(`Expected '${p}' in the filter.`);
    this.i += 1;
  }

  private or(): Node {
    let node = this.and();
    while (this.isWord('or')) {
      this.i += 1;
      node = { t: 'or', a: node, b: this.and() };
    }
    return node;
  }
  private and(): Node {
    let node = this.unary();
    while (this.isWord('and')) {
      this.i += 1;
      node = { t: 'and', a: node, b: this.unary() };
    }
    return node;
  }
  private unary(): Node {
    if (this.isWord('not')) {
      this.i += 1;
      return { t: 'not', a: this.unary() };
    }
    return this.primary();
  }
  private primary(): Node {
    const t = this.peek();
    if (t?.k === 'punct' && t.v === '(') {
      this.i += 1;
      const node = this.or();
      this.expect(')');
      return node;
    }
    if (t?.k === 'word') {
      const lower = t.v.toLowerCase();
      if (FUNCTIONS.has(lower) && this.tokens[this.i + 1]?.k === 'punct') {
        this.i += 1;
        this.expect('(');
        const args = [this.operand()];
        while (this.peek()?.k === 'punct' && (this.peek() as { v: string }).v === ',') {
          this.i += 1;
          args.push(this.operand());
        }
        this.expect(')');
        if (args.length !== 2) throw new FilterError(`${lower} takes two arguments.`);
        return { t: 'fn', name: lower as 'startswith', args };
      }
      if (/\/any$/i.test(t.v)) {
        const collection = t.v.slice(0, -'/any'.length);
        if (collection.toLowerCase() !== 'singlevalueextendedproperties') {
          throw new FilterError(`The filter cannot look into '${collection}'.`);
        }
        this.i += 1;
        this.expect('(');
        const variable = this.tokens[this.i];
        if (variable?.k !== 'word') throw new FilterError('A lambda needs a variable name.');
        this.i += 1;
        this.expect(':');
        const body = this.or();
        this.expect(')');
        return { t: 'any', variable: variable.v.toLowerCase(), body };
      }
    }
    const left = this.operand();
    const op = this.peek();
    if (op?.k !== 'word' || !COMPARE.has(op.v.toLowerCase())) {
      throw new FilterError('Expected a comparison (eq, ne, gt, ge, lt, le) in the filter.');
    }
    this.i += 1;
    return { t: 'cmp', op: op.v.toLowerCase(), left, right: this.operand() };
  }
  private operand(): Operand {
    const t = this.tokens[this.i];
    if (!t) throw new FilterError('The filter ends too soon.');
    this.i += 1;
    switch (t.k) {
      case 'str':
        return { t: 'lit', value: t.v };
      case 'num':
        return { t: 'lit', value: t.v };
      case 'date':
        if (Number.isNaN(t.v)) throw new FilterError(`'${t.text}' is not a date.`);
        return { t: 'lit', value: t.text, date: t.v };
      case 'punct':
        throw new FilterError(`Unexpected '${t.v}' in the filter.`);
      case 'word': {
        const lower = t.v.toLowerCase();
        if (lower === 'true' || lower === 'false') return { t: 'lit', value: lower === 'true' };
        if (lower === 'null') return { t: 'lit', value: null };
        if (lower === 'cast') {
          this.expect('(');
          const of = this.operand();
          this.expect(',');
          const type = this.tokens[this.i];
          if (type?.k !== 'word') throw new FilterError('cast needs a type.');
          this.i += 1;
          this.expect(')');
          return { t: 'cast', of, type: type.v };
        }
        return { t: 'path', parts: t.v.split('/') };
      }
    }
  }
}

export function parseFilter(text: string): Node {
  return new Parser(tokenize(text)).parse();
}

export type MessageFilter = (message: MessageItem) => boolean;

/** The properties a lambda over singleValueExtendedProperties sees on one message. */
function propertiesOf(message: MessageItem): PropertyRef[] {
  const refs: PropertyRef[] = [
    { kind: 'tag', type: 'String', tag: TAG.messageClass },
    { kind: 'tag', type: 'Integer', tag: TAG.messageFlags },
  ];
  for (const [tag, value] of message.extended) refs.push({ kind: 'tag', type: value.type, tag });
  return refs;
}

type Value = Literal | { ref: PropertyRef } | { date: number };

interface Scope {
  message: MessageItem;
  variable?: string;
  property?: PropertyRef;
}

function messagePath(message: MessageItem, parts: string[]): Value {
  const path = parts.join('/').toLowerCase();
  switch (path) {
    case 'isread':
      return message.isRead;
    case 'isdraft':
      return message.isDraft === true;
    case 'hasattachments':
      return message.attachments.length > 0;
    case 'subject':
      return message.subject;
    case 'importance':
      return message.importance.toLowerCase();
    case 'receiveddatetime':
      return { date: message.received };
    case 'from/emailaddress/address':
      return message.from?.email ?? null;
    default:
      throw new FilterError(`The filter cannot use the property '${parts.join('/')}'.`);
  }
}

function valueOf(operand: Operand, scope: Scope): Value {
  switch (operand.t) {
    case 'lit':
      return operand.date !== undefined ? { date: operand.date } : operand.value;
    case 'cast': {
      const inner = valueOf(operand.of, scope);
      if (!/^Edm\.(Int32|Int64|Int16)$/i.test(operand.type)) {
        throw new FilterError(`The filter cannot cast to ${operand.type}.`);
      }
      if (typeof inner !== 'string') return null;
      const n = Number(inner);
      return Number.isFinite(n) ? n : null;
    }
    case 'path': {
      const [head = '', ...rest] = operand.parts;
      if (scope.variable !== undefined && head.toLowerCase() === scope.variable) {
        const member = rest.join('/').toLowerCase();
        if (!scope.property) return null;
        if (member === 'id') return { ref: scope.property };
        if (member === 'value') return propertyValue(scope.message, scope.property) ?? null;
        throw new FilterError(`An extended property has no '${rest.join('/')}'.`);
      }
      return messagePath(scope.message, operand.parts);
    }
  }
}

function asRef(value: Value): PropertyRef | undefined {
  if (typeof value !== 'string') return undefined;
  const ref = parsePropertyId(value);
  if (!ref) throw new FilterError(`'${value}' is not an extended property id.`);
  return ref;
}

function compare(op: string, left: Value, right: Value): boolean {
  if (left !== null && typeof left === 'object' && 'ref' in left) {
    const ref = asRef(right);
    const same = ref !== undefined && samePropertyRef(left.ref, ref);
    if (op === 'eq') return same;
    if (op === 'ne') return !same;
    throw new FilterError('An extended property id takes eq or ne only.');
  }
  if (right !== null && typeof right === 'object' && 'ref' in right)
    return compare(op, right, left);
  const date = (v: Value): number | undefined =>
    v !== null && typeof v === 'object' && 'date' in v ? v.date : undefined;
  let a: Literal | number = left as Literal;
  let b: Literal | number = right as Literal;
  if (date(left) !== undefined || date(right) !== undefined) {
    a = date(left) ?? (typeof left === 'string' ? Date.parse(left) : null);
    b = date(right) ?? (typeof right === 'string' ? Date.parse(right) : null);
  }
  if (typeof a === 'string' && typeof b === 'string') {
    a = a.toLowerCase();
    b = b.toLowerCase();
  }
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    default: {
      if (a === null || b === null || typeof a === 'boolean' || typeof b === 'boolean')
        return false;
      if (op === 'gt') return a > b;
      if (op === 'ge') return a >= b;
      if (op === 'lt') return a < b;
      return a <= b;
    }
  }
}

function evaluate(node: Node, scope: Scope): boolean {
  switch (node.t) {
    case 'and':
      return evaluate(node.a, scope) && evaluate(node.b, scope);
    case 'or':
      return evaluate(node.a, scope) || evaluate(node.b, scope);
    case 'not':
      return !evaluate(node.a, scope);
    case 'cmp':
      return compare(node.op, valueOf(node.left, scope), valueOf(node.right, scope));
    case 'fn': {
      const [text, part] = node.args.map((a) => valueOf(a, scope));
      if (typeof text !== 'string' || typeof part !== 'string') return false;
      const [t, p] = [text.toLowerCase(), part.toLowerCase()];
      if (node.name === 'startswith') return t.startsWith(p);
      if (node.name === 'endswith') return t.endsWith(p);
      return t.includes(p);
    }
    case 'any':
      return propertiesOf(scope.message).some((property) =>
        evaluate(node.body, { message: scope.message, variable: node.variable, property }),
      );
  }
}

/** Parses `$filter` (throws FilterError) and returns the predicate for messages. */
export function messageFilter(text: string): MessageFilter {
  const node = parseFilter(text);
  // Run once on an empty message so a filter naming an unknown property fails even in an empty folder.
  evaluate(node, { message: PROBE });
  return (message) => evaluate(node, { message });
}

const PROBE: MessageItem = {
  id: '',
  changeKey: '',
  folder: 'inbox',
  itemClass: 'IPM.Note',
  subject: '',
  body: { type: 'Text', text: '' },
  to: [],
  received: 0,
  isRead: false,
  importance: 'Normal',
  attachments: [],
  extended: new Map(),
};
