/**
 * Types for the parts of xmpp.js 0.14 (`@xmpp/client` and the packages it is built from) that
 * Beacon composes in connection.ts. The packages ship JavaScript only; these declarations cover
 * what Beacon calls, no more.
 */
declare module '@xmpp/xml' {
  export class Element {
    constructor(name: string, attrs?: Record<string, string | number | undefined>);
    name: string;
    attrs: Record<string, string | undefined>;
    children: (Element | string)[];
    parent: Element | null;
    is(name: string, xmlns?: string): boolean;
    getNS(): string | undefined;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    getChildText(name: string, xmlns?: string): string | null;
    getText(): string;
    text(): string;
    append(...nodes: (Element | string)[]): Element;
    remove(el: Element | string, xmlns?: string): Element;
    toString(): string;
  }
  type Child = Element | string | undefined | null | false;
  interface XmlFactory {
    (
      name: string,
      attrs?: Record<string, string | number | undefined> | null,
      ...children: (Child | Child[])[]
    ): Element;
    Element: typeof Element;
  }
  const xml: XmlFactory;
  export default xml;
}

declare module '@xmpp/jid' {
  export interface JID {
    local: string;
    domain: string;
    resource: string;
    bare(): JID;
    toString(): string;
  }
  export default function jid(address: string): JID;
}

declare module '@xmpp/events' {
  import type { EventEmitter } from 'node:events';
  export function promise<T = unknown>(
    target: EventEmitter,
    event: string,
    rejectEvent?: string | null,
    timeout?: number,
  ): Promise<T>;
}

declare module '@xmpp/connection' {
  import { EventEmitter } from 'node:events';
  import type { Element } from '@xmpp/xml';
  import type { JID } from '@xmpp/jid';
  export interface ConnectionSocket extends EventEmitter {
    secure: boolean;
    connect(params: unknown): void;
    write(data: string, callback: (error?: Error | null) => void): void;
    end(): void;
  }
  export default class Connection extends EventEmitter {
    constructor(options: Record<string, unknown>);
    jid: JID | null;
    status: string;
    timeout: number;
    socket: ConnectionSocket | null;
    Socket: unknown;
    options: { service: string; domain: string; lang?: string; timeout?: number };
    isSecure(): boolean;
    start(): Promise<JID>;
    stop(): Promise<Element | undefined>;
    disconnect(): Promise<Element | undefined>;
    connect(service: string): Promise<void>;
    open(options: { domain: string; lang?: string }): Promise<Element>;
    restart(): Promise<Element>;
    send(element: Element): Promise<void>;
    sendMany(elements: Element[]): Promise<void>;
    sendReceive(element: Element, timeout?: number): Promise<Element>;
    write(data: string): Promise<void>;
    _attachSocket(socket: ConnectionSocket): void;
    _detachSocket(): void;
    _jid(id: string): JID;
  }
}

declare module '@xmpp/client-core' {
  import Connection from '@xmpp/connection';
  export class Client extends Connection {
    transports: unknown[];
  }
  export { default as xml } from '@xmpp/xml';
  export { default as jid } from '@xmpp/jid';
}

declare module '@xmpp/connection-tcp' {
  import Connection from '@xmpp/connection';
  export default class ConnectionTCP extends Connection {
    socketParameters(service: string): { port: number | null; host: string } | undefined;
  }
}

declare module '@xmpp/tcp/lib/Connection.js' {
  import ConnectionTCP from '@xmpp/connection-tcp';
  export default class ConnectionPlainTCP extends ConnectionTCP {}
}

declare module '@xmpp/tls/lib/Connection.js' {
  import ConnectionTCP from '@xmpp/connection-tcp';
  export default class ConnectionTLS extends ConnectionTCP {}
}

declare module '@xmpp/tls/lib/Socket.js' {
  import { EventEmitter } from 'node:events';
  import type { TLSSocket, ConnectionOptions } from 'node:tls';
  export default class Socket extends EventEmitter {
    secure: boolean;
    socket: TLSSocket | null;
    connect(options: ConnectionOptions): void;
    write(data: string, callback: (error?: Error | null) => void): void;
    end(): void;
  }
}

declare module '@xmpp/middleware' {
  import type { Element } from '@xmpp/xml';
  import type { Client } from '@xmpp/client-core';
  export interface Context {
    stanza: Element;
    entity: Client;
    name: string;
    id: string;
    from: unknown;
    type: string;
  }
  export type Next = () => Promise<unknown>;
  export type Handler = (context: Context, next: Next) => unknown;
  export interface Middleware {
    use(handler: Handler): Handler;
    filter(handler: Handler): Handler;
  }
  export default function middleware(args: { entity: Client }): Middleware;
}

declare module '@xmpp/stream-features' {
  import type { Element } from '@xmpp/xml';
  import type { Middleware, Context, Next } from '@xmpp/middleware';
  export interface StreamFeatures {
    use(
      name: string,
      xmlns: string,
      handler: (context: Context, next: Next, feature: Element) => unknown,
    ): void;
  }
  export default function streamFeatures(args: { middleware: Middleware }): StreamFeatures;
}

declare module '@xmpp/iq/caller.js' {
  import type { Element } from '@xmpp/xml';
  import type { Middleware } from '@xmpp/middleware';
  import type { Client } from '@xmpp/client-core';
  export interface IqCaller {
    request(stanza: Element, timeout?: number): Promise<Element>;
    get(element: Element, to?: string, timeout?: number): Promise<Element | undefined>;
    set(element: Element, to?: string, timeout?: number): Promise<Element | undefined>;
  }
  export default function iqCaller(args: { middleware: Middleware; entity: Client }): IqCaller;
}

declare module '@xmpp/iq/callee.js' {
  import type { Element } from '@xmpp/xml';
  import type { Middleware, Context, Next } from '@xmpp/middleware';
  import type { Client } from '@xmpp/client-core';
  type IqHandler = (context: Context & { element: Element }, next: Next) => unknown;
  export interface IqCallee {
    get(ns: string, name: string, handler: IqHandler): void;
    set(ns: string, name: string, handler: IqHandler): void;
  }
  export default function iqCallee(args: { middleware: Middleware; entity: Client }): IqCallee;
}

declare module 'saslmechanisms' {
  export default class SASLFactory {
    use(mechanism: unknown): void;
  }
}

declare module '@xmpp/sasl' {
  import type { StreamFeatures } from '@xmpp/stream-features';
  import type SASLFactory from 'saslmechanisms';
  import type { Client } from '@xmpp/client-core';
  export type Authenticate = (
    credentials: { username: string; password: string },
    mechanism: string,
  ) => Promise<void>;
  export default function sasl(
    args: { streamFeatures: StreamFeatures; saslFactory: SASLFactory },
    onAuthenticate: (
      authenticate: Authenticate,
      mechanisms: string[],
      fast: null,
      entity: Client,
    ) => Promise<void>,
  ): void;
}

declare module '@xmpp/sasl-scram-sha-1' {
  import type SASLFactory from 'saslmechanisms';
  export default function scramSha1(factory: SASLFactory): void;
}

declare module '@xmpp/sasl-plain' {
  import type SASLFactory from 'saslmechanisms';
  export default function plain(factory: SASLFactory): void;
}

declare module '@xmpp/resource-binding' {
  import type { StreamFeatures } from '@xmpp/stream-features';
  import type { IqCaller } from '@xmpp/iq/caller.js';
  export default function resourceBinding(
    args: { streamFeatures: StreamFeatures; iqCaller: IqCaller },
    resource: string,
  ): void;
}

declare module '@xmpp/stream-management' {
  import type { EventEmitter } from 'node:events';
  import type { StreamFeatures } from '@xmpp/stream-features';
  import type { Middleware } from '@xmpp/middleware';
  import type { Client } from '@xmpp/client-core';
  export interface StreamManagement extends EventEmitter {
    enabled: boolean;
    id: string;
    inbound: number;
    outbound: number;
    outbound_q: unknown[];
    timeout: number;
    requestAckInterval: number;
  }
  export default function streamManagement(args: {
    streamFeatures: StreamFeatures;
    entity: Client;
    middleware: Middleware;
  }): StreamManagement;
}
