import { describe, expect, it } from 'vitest';
import type { EwsResponseError } from '../../../../src-main/ews/errors.js';
import {
  buildResolveNamesRequest,
  decodeResolveNamesResponse,
} from '../../../../src-main/ews/operations/resolve-names.js';
import { envelopeOf, thrown } from './soap-fixture.js';

const resolve = (cls: string, code: string, set: string): string =>
  `<m:ResolveNamesResponse><m:ResponseMessages><m:ResolveNamesResponseMessage ResponseClass="${cls}"><m:MessageText>x</m:MessageText><m:ResponseCode>${code}</m:ResponseCode>${set}</m:ResolveNamesResponseMessage></m:ResponseMessages></m:ResolveNamesResponse>`;

describe('ResolveNames', () => {
  it('returns every candidate of an ambiguous name, with contact data', () => {
    const names = decodeResolveNamesResponse(
      envelopeOf(
        resolve(
          'Warning',
          'ErrorNameResolutionMultipleResults',
          `<m:ResolutionSet TotalItemsInView="2" IncludesLastItemInRange="true">
          <t:Resolution><t:Mailbox><t:Name>Sam Lee</t:Name><t:EmailAddress>sam.lee@contoso.com</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox>
            <t:Contact><t:DisplayName>Sam Lee</t:DisplayName><t:GivenName>Sam</t:GivenName><t:Surname>Lee</t:Surname><t:EmailAddresses><t:Entry Key="EmailAddress1">SMTP:sam.lee@contoso.com</t:Entry></t:EmailAddresses>
            <t:PhoneNumbers><t:Entry Key="BusinessPhone">+1 425 555 0100</t:Entry><t:Entry Key="MobilePhone"/></t:PhoneNumbers><t:JobTitle>Engineer</t:JobTitle><t:Department>R&amp;D</t:Department><t:ContactSource>ActiveDirectory</t:ContactSource></t:Contact></t:Resolution>
          <t:Resolution><t:Mailbox><t:Name>Sam Park</t:Name><t:EmailAddress>sam.park@contoso.com</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Contact</t:MailboxType><t:ItemId Id="C1" ChangeKey="K"/></t:Mailbox></t:Resolution>
          </m:ResolutionSet>`,
        ),
      ),
    );
    expect(names).toEqual([
      {
        name: 'Sam Lee',
        email: 'sam.lee@contoso.com',
        routingType: 'SMTP',
        mailboxType: 'Mailbox',
        contact: {
          displayName: 'Sam Lee',
          givenName: 'Sam',
          surname: 'Lee',
          jobTitle: 'Engineer',
          department: 'R&D',
          source: 'ActiveDirectory',
          emailAddresses: [{ key: 'EmailAddress1', address: 'sam.lee@contoso.com' }],
          phoneNumbers: [{ key: 'BusinessPhone', number: '+1 425 555 0100' }],
        },
      },
      {
        name: 'Sam Park',
        email: 'sam.park@contoso.com',
        routingType: 'SMTP',
        mailboxType: 'Contact',
        itemId: 'C1',
      },
    ]);
  });

  it('turns ErrorNameResolutionNoResults into an empty list, and other errors into typed errors', () => {
    expect(
      decodeResolveNamesResponse(envelopeOf(resolve('Error', 'ErrorNameResolutionNoResults', ''))),
    ).toEqual([]);
    const error = thrown(() =>
      decodeResolveNamesResponse(envelopeOf(resolve('Error', 'ErrorAccessDenied', ''))),
    );
    expect((error as EwsResponseError).responseCode).toBe('ErrorAccessDenied');
  });

  it('builds the request with its options', () => {
    expect(buildResolveNamesRequest({ query: 'Sam <x>' }).xml).toBe(
      '<m:ResolveNames ReturnFullContactData="true" SearchScope="ActiveDirectoryContacts"><m:UnresolvedEntry>Sam &lt;x&gt;</m:UnresolvedEntry></m:ResolveNames>',
    );
    expect(
      buildResolveNamesRequest({
        query: 'Sam',
        returnFullContactData: false,
        searchScope: 'ActiveDirectory',
      }).xml,
    ).toContain('ReturnFullContactData="false" SearchScope="ActiveDirectory"');
    expect(() => buildResolveNamesRequest({ query: '  ' })).toThrow(RangeError);
  });
});
