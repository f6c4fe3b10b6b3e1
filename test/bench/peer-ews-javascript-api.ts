/**
 * The benchmark's peer: ews-javascript-api decoding a FindItem/CalendarView response through
 * its public `FindAppointments` path, with the network replaced by an XHR that hands back the
 * given bytes. Everything after the HTTP layer (request build, XML parse, object model) is the
 * library's own code, exactly as in production use.
 */
import {
  CalendarView,
  DateTime,
  ExchangeService,
  ExchangeVersion,
  Uri,
  WebCredentials,
  WellKnownFolderName,
} from 'ews-javascript-api';
import { fixedResponseXhr } from '../support/ews-js-xhr.js';

export interface PeerCalendarDecode {
  count: number;
  firstSubject: string;
  firstStartUtc: string;
}

/** A window wide enough for any fixture; the peer never checks items against it. */
const VIEW_START = new DateTime(Date.UTC(2000, 0, 1));
const VIEW_END = new DateTime(Date.UTC(2100, 0, 1));

export async function peerDecodeFindItemCalendarView(
  responseXml: string,
): Promise<PeerCalendarDecode> {
  const service = new ExchangeService(ExchangeVersion.Exchange2013_SP1);
  service.Url = new Uri('https://peer.invalid/EWS/Exchange.asmx');
  service.Credentials = new WebCredentials('peer@contoso.invalid', 'unused');
  service.XHRApi = fixedResponseXhr(responseXml);

  const appointments = await service.FindAppointments(
    WellKnownFolderName.Calendar,
    new CalendarView(VIEW_START, VIEW_END),
  );
  const items = appointments.Items;
  const first = items[0];
  return {
    count: items.length,
    firstSubject: first?.Subject ?? '',
    firstStartUtc: first ? new Date(first.Start.TotalMilliSeconds).toISOString() : '',
  };
}
