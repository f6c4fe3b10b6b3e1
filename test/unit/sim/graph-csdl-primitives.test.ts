/**
 * Edm primitive values, and the CSDL loader (BOM, aliases, schema location, cache), on a small
 * CSDL written here so every Edm type has a property of its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CsdlSchemaChecker } from '../../../src-main/sim/graph/csdl-checker.js';
import {
  defaultGraphSchemaDir,
  graphSchemaAvailable,
  GRAPH_CSDL_FILE,
  loadCsdlIndex,
  parseCsdl,
} from '../../../src-main/sim/graph/csdl-index.js';
import { checkEdmPrimitive, isBase64 } from '../../../src-main/sim/graph/edm-primitives.js';

const PRIMITIVES = [
  'String',
  'Boolean',
  'Byte',
  'Int16',
  'Int32',
  'Int64',
  'Double',
  'Single',
  'Decimal',
  'DateTimeOffset',
  'Date',
  'TimeOfDay',
  'Duration',
  'Guid',
  'Binary',
  'Stream',
  'Untyped',
];

const CSDL = `\uFEFF<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="test.space" Alias="t" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <ComplexType Name="probe">
${PRIMITIVES.map((p) => `        <Property Name="p${p}" Type="Edm.${p}" />`).join('\n')}
        <Property Name="strict" Type="Edm.String" Nullable="false" />
        <Property Name="other" Type="o.thing" />
      </ComplexType>
      <EntityContainer Name="Service">
        <Singleton Name="probe" Type="t.probe" />
      </EntityContainer>
    </Schema>
    <Schema Namespace="other.space" Alias="o" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <ComplexType Name="thing"><Property Name="n" Type="Edm.Int32" /></ComplexType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>`;

describe('Edm primitive values', () => {
  const cases: [string, unknown[], unknown[]][] = [
    ['String', ['', 'text'], [1, true, {}]],
    ['Boolean', [true, false], ['true', 0]],
    ['Byte', [0, 255], [256, -1, 1.5]],
    ['Int16', [-32768, 32767], [32768, '1']],
    ['Int32', [2147483647, -2147483648], [2147483648, 1.5, '15']],
    ['Int64', [9007199254740991, 0], [1.5, 'x']],
    ['Double', [1.5, -0.25, 'NaN', 'INF', '-INF'], ['1.5', 'nan', 'Infinity']],
    ['Single', [3, 'INF'], ['3']],
    ['Decimal', [12.5, 'NaN'], ['12.5']],
    [
      'DateTimeOffset',
      ['2026-12-03T08:00:00Z', '2026-12-03T08:00:00.1234567+09:00', '0001-01-01T00:00:00Z'],
      ['2026-12-03T08:00:00', 'datetime-value', '2026-02-30T08:00:00Z', '2026-12-03T24:00:00Z'],
    ],
    ['Date', ['2024-02-29', '1990-12-31'], ['2023-02-29', '2026-13-01', '2026-12-03T00:00:00Z']],
    ['TimeOfDay', ['08:00:00.0000000', '23:59:59', '08:00'], ['24:00:00', '8:00', '08:00:00Z']],
    ['Duration', ['PT1H', 'P1DT2H30M', 'PT0.5S', '-PT15M'], ['P', 'PT', '1 hour', 'P1Y', 60]],
    [
      'Guid',
      ['66825e03-7ef5-42da-9069-724602c31f6b', '66825E03-7EF5-42DA-9069-724602C31F6B'],
      ['66825e03-7ef5-42da-9069', '{66825e03-7ef5-42da-9069-724602c31f6b}'],
    ],
    ['Binary', ['bWVudQ==', 'bWVudQ', 'a-_b', ''], ['bWVudQ=', 'm!', 'a', 12]],
    ['Stream', ['bWVudQ=='], [12]],
    ['Untyped', [null, 1, 'x', { a: [1] }, [true]], []],
  ];

  it.each(cases)('Edm.%s', (type, good, bad) => {
    for (const value of good)
      expect([value, checkEdmPrimitive(`Edm.${type}`, value)]).toEqual([value, undefined]);
    for (const value of bad)
      expect([value, typeof checkEdmPrimitive(`Edm.${type}`, value)]).toEqual([value, 'string']);
  });

  it('every base64 encoding of random bytes is base64, standard or URL-safe, padded or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const standard = Buffer.from(bytes).toString('base64');
        const url = Buffer.from(bytes).toString('base64url');
        return isBase64(standard) && isBase64(url) && isBase64(standard.replace(/=+$/, ''));
      }),
    );
  });

  it('every ISO instant JavaScript prints is an Edm.DateTimeOffset', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => checkEdmPrimitive('Edm.DateTimeOffset', date.toISOString()) === undefined,
      ),
    );
  });
});

describe('the CSDL loader', () => {
  const index = parseCsdl(CSDL);
  const checker = new CsdlSchemaChecker(index);

  it('strips the BOM and resolves aliases across schemas', () => {
    const probe = index.types.get('test.space.probe');
    if (!probe || probe.kind === 'enum') throw new Error('probe not parsed');
    expect(probe.properties.get('other')?.type).toBe('other.space.thing');
    expect(index.container.get('probe')).toEqual({
      name: 'probe',
      type: 'test.space.probe',
      collection: false,
      nullable: false,
    });
  });

  it('checks each primitive property of a type through the walk', () => {
    const good = {
      pInt32: 5,
      pTimeOfDay: '08:00:00.0000000',
      pUntyped: { any: 1 },
      other: { n: 1 },
      strict: 'x',
    };
    expect(checker.checkType('test.space.probe', good)).toEqual({ valid: true });
    const bad = { pInt32: '5', pGuid: 'nope', other: { n: 'one' }, strict: null };
    expect(checker.checkType('test.space.probe', bad)).toEqual({
      valid: false,
      violations: [
        { path: '/pInt32', message: 'must be an integer' },
        { path: '/pGuid', message: 'must be a GUID' },
        { path: '/other/n', message: 'must be an integer' },
        { path: '/strict', message: 'must not be null' },
      ],
    });
  });

  describe('schema location', () => {
    const saved = process.env.BEACON_GRAPH_SCHEMA_DIR;
    let dir: string | undefined;
    afterEach(() => {
      if (saved === undefined) delete process.env.BEACON_GRAPH_SCHEMA_DIR;
      else process.env.BEACON_GRAPH_SCHEMA_DIR = saved;
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    });

    it('is ../shared/graph-schema beside the checkout unless BEACON_GRAPH_SCHEMA_DIR says', () => {
      delete process.env.BEACON_GRAPH_SCHEMA_DIR;
      expect(defaultGraphSchemaDir().endsWith(join('shared', 'graph-schema'))).toBe(true);
      expect(graphSchemaAvailable()).toBe(true);
      dir = mkdtempSync(join(tmpdir(), 'graph-schema-'));
      process.env.BEACON_GRAPH_SCHEMA_DIR = dir;
      expect(defaultGraphSchemaDir()).toBe(dir);
      expect(graphSchemaAvailable()).toBe(false);
      expect(() => loadCsdlIndex()).toThrow(/BEACON_GRAPH_SCHEMA_DIR/);
      writeFileSync(join(dir, GRAPH_CSDL_FILE), CSDL);
      const loaded = loadCsdlIndex();
      expect(loaded.types.has('test.space.probe')).toBe(true);
      expect(loadCsdlIndex(dir)).toBe(loaded); // parsed once per process
    });
  });
});
