/**
 * GetUserOofSettings / SetUserOofSettings through EwsClient against the strict simulator: the
 * seeded settings decode to the seed's values, every field a Set sends is stored and read back,
 * a get→change one field→set round trip loses nothing, and HTML replies survive byte for byte.
 */
import { describe, expect, it } from 'vitest';
import type { OofSettings } from '../../../src-main/ews/operations/oof.js';
import { ALEX, useSimulator } from './support.js';

const h = useSimulator();

/** Next week in Alex's zone (Pacific daylight time): Monday 23 March to Saturday 28 March. */
const NEXT_MONDAY = new Date('2026-03-23T07:00:00Z');
const NEXT_SATURDAY = new Date('2026-03-28T07:00:00Z');

const SEEDED: OofSettings = {
  state: 'Scheduled',
  externalAudience: 'All',
  duration: { start: NEXT_MONDAY, end: NEXT_SATURDAY },
  internalReply: {
    message: "<html><body>I'm on vacation next week. Megan Bowen covers for me.</body></html>",
    lang: 'en-US',
  },
  externalReply: {
    message: '<html><body>I am out of the office and will reply when I am back.</body></html>',
    lang: 'en-US',
  },
  allowExternalOof: 'All',
};

describe('OOF settings through the library', () => {
  it('reads the seeded settings: Scheduled next week, both replies, audience All', async () => {
    const settings = await h.client().getOofSettings();
    expect(settings).toEqual(SEEDED);
    expect(settings.duration?.start.toISOString()).toBe('2026-03-23T07:00:00.000Z');
  });

  it('sets every field and reads each one back, through the library and the admin state', async () => {
    const client = h.client();
    const wanted: OofSettings = {
      state: 'Enabled',
      externalAudience: 'Known',
      duration: {
        start: new Date('2026-04-01T08:30:00Z'),
        end: new Date('2026-04-03T17:45:00Z'),
      },
      internalReply: { message: '<p>Back on Friday.</p>', lang: 'en-GB' },
      externalReply: { message: '<p>Away until April.</p>', lang: 'de-DE' },
      declineMeetingReply: { message: 'Declined: I am away.', lang: 'en-US' },
      declineEventsForScheduledOof: true,
      declineAllEventsForScheduledOof: false,
      createOofEvent: true,
      oofEventSubject: '  Out of office (Easter)  ',
      autoDeclineFutureRequestsWhenOof: true,
      oofEventId: 'AAMkADk0OOFEVENT=',
      eventsToDeleteIds: ['AAMkEVT1=', 'AAMkEVT2='],
    };
    await client.setOofSettings(wanted);

    expect(await client.getOofSettings()).toEqual({ ...wanted, allowExternalOof: 'All' });
    expect(await h.admin.oof(ALEX)).toEqual({
      state: 'Enabled',
      externalAudience: 'Known',
      start: '2026-04-01T08:30:00Z',
      end: '2026-04-03T17:45:00Z',
      internalReply: '<p>Back on Friday.</p>',
      externalReply: '<p>Away until April.</p>',
    });
  });

  it('a set built from a get with one field changed leaves the others untouched', async () => {
    const client = h.client();
    const before = await client.getOofSettings();
    await client.setOofSettings({ ...before, state: 'Disabled' });

    const after = await client.getOofSettings();
    expect(after).toEqual({ ...SEEDED, state: 'Disabled' });
    const stored = await h.admin.oof(ALEX);
    expect(stored).toMatchObject({
      state: 'Disabled',
      externalAudience: 'All',
      start: '2026-03-23T07:00:00Z',
      end: '2026-03-28T07:00:00Z',
      internalReply: SEEDED.internalReply.message,
      externalReply: SEEDED.externalReply.message,
    });

    // And back: the second round trip restores exactly the seeded settings.
    await client.setOofSettings({ ...after, state: 'Scheduled' });
    expect(await client.getOofSettings()).toEqual(SEEDED);
  });

  it('reads settings the admin API changed (a reply given as plain text, no duration change)', async () => {
    await h.admin.setOof(ALEX, {
      state: 'Enabled',
      externalAudience: 'None',
      internalReply: 'Plain text, no markup.',
    });
    const settings = await h.client().getOofSettings();
    expect(settings.state).toBe('Enabled');
    expect(settings.externalAudience).toBe('None');
    expect(settings.internalReply).toEqual({ message: 'Plain text, no markup.', lang: 'en-US' });
    // Untouched by the admin call: the seeded external reply and duration.
    expect(settings.externalReply).toEqual(SEEDED.externalReply);
    expect(settings.duration).toEqual(SEEDED.duration);
  });

  it('HTML replies with markup, entities and significant whitespace survive unchanged', async () => {
    const client = h.client();
    const internal = [
      '<html>\n<head><style>p { margin: 0 }</style></head>',
      '<body>',
      '  <p class="oof">Q&amp;A sessions resume 1&#8211;3 April &mdash; see <a href="https://intranet.example/?a=1&amp;b=2">the plan</a>.</p>',
      '\t<pre>  indented\n    twice  </pre>',
      '  R&D <b>&lt;literal tags&gt;</b> “quotes” – 10 € ',
      '</body>\n</html>\n',
    ].join('\n');
    const external = '   leading and trailing spaces, two  inner  spaces, a tab\there   ';
    const before = await client.getOofSettings();
    await client.setOofSettings({
      ...before,
      internalReply: { message: internal, lang: 'en-US' },
      externalReply: { message: external },
    });

    const after = await client.getOofSettings();
    expect(after.internalReply.message).toBe(internal);
    expect(after.externalReply.message).toBe(external);
    const stored = await h.admin.oof(ALEX);
    expect(stored.internalReply).toBe(internal);
    expect(stored.externalReply).toBe(external);
  });

  it('refuses a Scheduled state without a duration before sending anything', async () => {
    const client = h.client();
    // Bad arguments reject the promise (no synchronous throw from a Promise-returning method).
    const attempt = client.setOofSettings({
      state: 'Scheduled',
      externalAudience: 'All',
      internalReply: { message: 'x' },
      externalReply: { message: 'y' },
    });
    await expect(attempt).rejects.toThrow('A scheduled OOF needs a duration');
    expect(await h.admin.requestsFor('SetUserOofSettings')).toHaveLength(0);
  });
});
