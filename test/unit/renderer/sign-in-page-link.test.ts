/** The browser step's link: only an https page becomes a link (the core vetted the origin). */
import { describe, expect, it } from 'vitest';
import { signInPageUrl } from '../../../src-renderer/features/settings/SignInForm.js';

describe('signInPageUrl', () => {
  it('keeps an https sign-in page as it is', () => {
    const url = 'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?state=x';
    expect(signInPageUrl(url)).toBe(url);
  });

  it('gives no link for no page, plain http, javascript: or text that is not a URL', () => {
    for (const bad of [
      undefined,
      'http://login.example/authorize',
      'javascript:alert(1)',
      'not a url',
      '',
    ]) {
      expect(signInPageUrl(bad)).toBeUndefined();
    }
  });
});
