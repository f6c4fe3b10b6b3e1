export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  messages: 'http://schemas.microsoft.com/exchange/services/2006/messages',
  types: 'http://schemas.microsoft.com/exchange/services/2006/types',
  errors: 'http://schemas.microsoft.com/exchange/services/2006/errors',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

/** RequestServerVersion values we send; Exchange Online accepts all of them. */
export type ExchangeVersion =
  'Exchange2010_SP2' | 'Exchange2013' | 'Exchange2013_SP1' | 'Exchange2016' | 'V2018_01_08';

export const DEFAULT_VERSION: ExchangeVersion = 'Exchange2013_SP1';
