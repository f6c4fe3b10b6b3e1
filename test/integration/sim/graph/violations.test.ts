/**
 * The Graph face's CSDL failures through the admin API (GET /admin/violations): a body Beacon or a
 * test sends that fails the CSDL, and an answer of the simulator's own that fails it, outside a
 * `$batch` and inside one, where the envelope answers 200 and the request log shows nothing wrong.
 * The e2e suites' end-of-run check (test/e2e/server-errors.ts) names them; a run of Beacon's own
 * Graph backend over every part of the mailbox it reads and writes, batches included, finds none.
 */
import { describe, expect, it } from 'vitest';
import type { GraphSchemaChecker } from '../../../../src-main/sim/graph/schema-checker.js';
import { CsdlSchemaChecker } from '../../../../src-main/sim/graph/csdl-checker.js';
import { startSimulator } from '../../../../src-main/sim/index.js';
import { serverErrors } from '../../../e2e/server-errors.js';
import { SimAdmin } from '../../../support/sim-admin.js';
import { useGraphSimBackends } from '../../backends/graph-sim-backends.js';
import { ALEX, graph, graphError, NESTOR, NOW } from './support.js';

const env = useGraphSimBackends();

interface Inner {
  id: string;
  status: number;
  body?: { error?: { code: string; message: string } };
}
const responses = (json: unknown): Inner[] => (json as { responses: Inner[] }).responses;

/** Alex's day in Los Angeles (the demo's "now" is 10:07 there). */
const LA_DAY = { start: new Date('2025-06-10T07:00:00Z'), end: new Date('2025-06-11T07:00:00Z') };

describe('CSDL violations through the admin API', () => {
  it('sees a $batch whose inner body fails the CSDL, which the request log cannot', async () => {
    const result = await graph(env.sim, 'POST', '/$batch', {
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/me/mailboxSettings/timeZone' },
          {
            id: '2',
            method: 'PATCH',
            url: '/me/mailboxSettings',
            headers: { 'Content-Type': 'application/json' },
            body: { timeZone: 42 },
          },
        ],
      },
    });
    expect(result.status).toBe(200);
    const inner = responses(result.json);
    expect(inner.map((r) => r.status)).toEqual([200, 400]);
    expect(inner[1]?.body?.error?.code).toBe('RequestBodyRead');

    // The log has the envelope alone, answered 200: nothing a status filter would catch.
    const log = await env.admin.requests();
    expect(log.map((r) => [r.operation, r.status])).toEqual([['Graph POST /$batch', 200]]);

    const violations = await env.admin.graphViolations();
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      seq: expect.any(Number) as number,
      side: 'request',
      method: 'PATCH',
      path: '/me/mailboxSettings',
      route: 'PATCH /{user}/mailboxSettings',
      user: ALEX,
      batchId: '2',
    });
    expect(violations[0]?.violations.map((v) => v.path)).toEqual(['/timeZone']);
    expect(violations[0]?.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const found = await serverErrors(env.admin);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^CSDL request PATCH \/me\/mailboxSettings \(\$batch 2\): \/timeZone /,
    );
  });

  it('sees a body failing the CSDL outside a batch too (no batch id), per user', async () => {
    const patch = await graph(env.sim, 'PATCH', '/me/mailboxSettings', {
      user: NESTOR,
      body: { automaticRepliesSetting: { status: 'disabled', notAProperty: true } },
    });
    expect(patch.status).toBe(400);
    expect(graphError(patch).code).toBe('RequestBodyRead');
    const [only, ...rest] = await env.admin.graphViolations();
    expect(rest).toEqual([]);
    expect(only?.user).toBe(NESTOR);
    expect(only?.side).toBe('request');
    expect(only?.batchId).toBeUndefined();
    expect(only?.violations.map((v) => v.path)).toEqual(['/automaticRepliesSetting/notAProperty']);
  });

  it('forgets them on DELETE /admin/violations and on a reset', async () => {
    const bad = { body: { timeZone: 42 } };
    expect((await graph(env.sim, 'PATCH', '/me/mailboxSettings', bad)).status).toBe(400);
    expect(await env.admin.graphViolations()).toHaveLength(1);
    await env.admin.clearGraphViolations();
    expect(await env.admin.graphViolations()).toEqual([]);
    expect((await graph(env.sim, 'PATCH', '/me/mailboxSettings', bad)).status).toBe(400);
    expect(await env.admin.graphViolations()).toHaveLength(1);
    await env.admin.reset('demo');
    expect(await env.admin.graphViolations()).toEqual([]);
  });

  it("sees an answer of the simulator's own that fails the CSDL, inside a batch and outside", async () => {
    // The v1.0 CSDL, except that it refuses every mailboxSettings answer (a simulator bug's stand-in
    // at the checker seam): the real check of everything else, requests included.
    const csdl = CsdlSchemaChecker.load();
    const refusing: GraphSchemaChecker = {
      checkType: (type, value, options) =>
        type === 'microsoft.graph.mailboxSettings'
          ? { valid: false, violations: [{ path: '/timeZone', message: 'refused for the test' }] }
          : csdl.checkType(type, value, options),
      checkActionBody: (boundTo, action, body, options) =>
        csdl.checkActionBody(boundTo, action, body, options),
    };
    const sim = await startSimulator({ strict: false, now: () => NOW, graphChecker: refusing });
    const admin = new SimAdmin(sim);
    try {
      const batch = await graph(sim, 'POST', '/$batch', {
        body: {
          requests: [
            { id: 'a', method: 'GET', url: '/me/mailboxSettings' },
            { id: 'b', method: 'GET', url: '/me/presence' },
          ],
        },
      });
      expect(batch.status).toBe(200);
      expect(responses(batch.json).map((r) => r.status)).toEqual([500, 200]);
      expect((await graph(sim, 'GET', '/me/mailboxSettings')).status).toBe(500);

      const violations = await admin.graphViolations();
      expect(violations.map((v) => [v.side, v.method, v.path, v.route, v.batchId])).toEqual([
        ['response', 'GET', '/me/mailboxSettings', 'GET /{user}/mailboxSettings', 'a'],
        ['response', 'GET', '/me/mailboxSettings', 'GET /{user}/mailboxSettings', undefined],
      ]);
      expect(violations[0]?.violations).toEqual([
        { path: '/timeZone', message: 'refused for the test' },
      ]);
      // The request log sees the outer 500 only; the e2e check sees all three.
      expect(await serverErrors(admin)).toEqual([
        'Graph GET /me/mailboxSettings 500',
        'CSDL response GET /me/mailboxSettings ($batch a): /timeZone refused for the test',
        'CSDL response GET /me/mailboxSettings: /timeZone refused for the test',
      ]);
    } finally {
      await admin.close();
      await sim.close();
    }
  });

  it("finds none in a run of Beacon's Graph backend that reads and writes every part, batches included", async () => {
    const backend = env.graphBackend(ALEX);
    expect(await backend.displayName()).toBe('Alex Wilber');
    const oof = await backend.getOofSettings();
    await backend.setOofSettings(oof);
    const calendar = await backend.getCalendar(LA_DAY);
    expect(calendar.items.length).toBeGreaterThan(0);
    const availability = await backend.getAvailability({
      mailboxes: [ALEX, NESTOR],
      ...LA_DAY,
      timeZone: 'America/Los_Angeles',
      detail: 'detailed',
    });
    expect(availability.map((a) => a.ok)).toEqual([true, true]);
    expect(await backend.getMailTips([NESTOR])).toHaveLength(1);
    expect((await backend.resolveNames({ query: 'Nestor' })).length).toBeGreaterThan(0);
    await backend.saveConversation({
      subject: 'Chat with Nestor',
      html: '<p>hello</p>',
      to: [{ email: NESTOR, name: 'Nestor Wilke' }],
    });
    const list = await backend.listVoicemail();
    expect(list.items.length).toBeGreaterThan(1);
    const many = await backend.getVoicemails(list.items.map((v) => v.id));
    expect(many.every((v) => v.ok)).toBe(true);

    const log = await env.admin.requests();
    // The run went through $batch (the voicemail details), where a failure would hide.
    expect(log.filter((r) => r.operation === 'Graph POST /$batch').length).toBeGreaterThan(0);
    expect(await env.admin.graphViolations()).toEqual([]);
    expect(await serverErrors(env.admin)).toEqual([]);
  });
});
