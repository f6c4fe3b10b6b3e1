/**
 * A GetStreamingEvents answer as Exchange writes it (after Microsoft's example in the
 * GetStreamingEvents operation reference): an OK status first, a batch of notifications with
 * its events interleaved, an OK heartbeat, a Closed status, and — for the error path — a lost
 * subscription whose message text is Korean with an emoji (multi-byte characters to split).
 */
const head = `<soap11:Envelope xmlns:soap11="http://schemas.xmlsoap.org/soap/envelope/"><soap11:Header><ServerVersionInfo xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" MajorVersion="15" MinorVersion="20" MajorBuildNumber="7452" MinorBuildNumber="27" Version="V2018_01_08" xmlns="http://schemas.microsoft.com/exchange/services/2006/types"/></soap11:Header><soap11:Body><m:GetStreamingEventsResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><m:ResponseMessages>`;
const tail = `</m:ResponseMessages></m:GetStreamingEventsResponse></soap11:Body></soap11:Envelope>`;

const status = (value: 'OK' | 'Closed'): string =>
  `${head}<m:GetStreamingEventsResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:ConnectionStatus>${value}</m:ConnectionStatus></m:GetStreamingEventsResponseMessage>${tail}`;

const event = (name: string, watermark: string, item: string, extra = ''): string =>
  `<t:${name}><t:Watermark>${watermark}</t:Watermark><t:TimeStamp>2026-03-17T17:0${watermark.slice(-1)}:00Z</t:TimeStamp><t:ItemId Id="${item}" ChangeKey="CQAAAA=="/><t:ParentFolderId Id="AAMkADcalendar=" ChangeKey="AQAAAA=="/>${extra}</t:${name}>`;

const notifications = `${head}<m:GetStreamingEventsResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Notifications><m:Notification><t:SubscriptionId>STREAMSUB1</t:SubscriptionId>${event('CreatedEvent', 'AQAAAA1', 'ITEM-A')}
${event('NewMailEvent', 'AQAAAA2', 'ITEM-A')}
${event('ModifiedEvent', 'AQAAAA3', 'ITEM-B', '<t:UnreadCount>4</t:UnreadCount>')}
${event('CreatedEvent', 'AQAAAA4', 'ITEM-C')}</m:Notification></m:Notifications></m:GetStreamingEventsResponseMessage>${tail}`;

const lost = `${head}<m:GetStreamingEventsResponseMessage ResponseClass="Error"><m:MessageText>구독을 찾을 수 없습니다 🔔</m:MessageText><m:ResponseCode>ErrorSubscriptionNotFound</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:ErrorSubscriptionIds><t:SubscriptionId>STREAMSUB1</t:SubscriptionId></m:ErrorSubscriptionIds></m:GetStreamingEventsResponseMessage>${tail}`;

/** The envelopes in the order the server sends them. */
export const STREAM_ENVELOPES: readonly string[] = [
  status('OK'),
  notifications,
  status('OK'),
  status('Closed'),
  lost,
];

/** The envelopes of one healthy connection: OK, notifications, heartbeat, Closed. */
export const HEALTHY_ENVELOPES: readonly string[] = STREAM_ENVELOPES.slice(0, 4);

/** As the bytes arrive: an XML declaration first, line breaks and a comment between envelopes. */
export function streamText(envelopes: readonly string[]): string {
  return `\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n${envelopes.join('\r\n<!-- keep-alive -->')}\r\n`;
}
