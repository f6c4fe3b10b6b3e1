/**
 * The item id forms of the schema's BaseItemIdType that Exchange accepts where an item is named
 * (GetItem, UpdateItem, DeleteItem): t:ItemId (Id), t:OccurrenceItemId (RecurringMasterId +
 * InstanceIndex, 1-based) and t:RecurringMasterItemId (OccurrenceId of one of its occurrences),
 * each turned into the simulator's own id or the error Exchange answers for it.
 */
import { attr, children, type XmlNode } from '../../ews/xml/parse.js';
import { occurrenceId } from '../calendar-view.js';
import { decodeId, type Mailbox } from '../model.js';
import { occurrenceStarts } from '../recurrence.js';

export interface IdError {
  code: string;
  text: string;
}

export type ItemRef = { id: string } | { error: IdError };

const NOT_FOUND: IdError = {
  code: 'ErrorItemNotFound',
  text: 'The specified object was not found in the store.',
};
const MALFORMED: IdError = { code: 'ErrorInvalidIdMalformed', text: 'Id is malformed.' };
const NOT_A_MASTER: IdError = {
  code: 'ErrorCalendarCannotUseIdForRecurringMasterId',
  text: 'The Id of an item that is not a recurring master was used as a recurring master Id.',
};
const NOT_AN_OCCURRENCE: IdError = {
  code: 'ErrorCalendarCannotUseIdForOccurrenceId',
  text: 'The Id of an item that is not an occurrence was used as an occurrence Id.',
};

/** An occurrence named by its recurring master and its 1-based place in the series. */
function occurrenceRef(mailbox: Mailbox, node: XmlNode): ItemRef {
  const masterId = attr(node, 'RecurringMasterId') ?? '';
  const index = Number((attr(node, 'InstanceIndex') ?? '').trim());
  const decoded = decodeId(masterId);
  if (!decoded) return { error: MALFORMED };
  if (decoded.kind === 'occurrence') return { error: NOT_A_MASTER };
  const master = mailbox.calendar.find((c) => c.id === masterId);
  if (!master) {
    const isMessage = mailbox.messages.some((m) => m.id === masterId);
    return { error: isMessage ? NOT_A_MASTER : NOT_FOUND };
  }
  const recurrence = master.recurrence;
  if (!recurrence) return { error: NOT_A_MASTER };
  const starts = occurrenceStarts(master.start, recurrence, Infinity);
  const start = Number.isInteger(index) && index >= 1 ? starts[index - 1] : undefined;
  if (start === undefined) {
    return {
      error: {
        code: 'ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange',
        text: 'The occurrence index is out of the recurrence range.',
      },
    };
  }
  if (recurrence.deletedOccurrences.includes(start)) {
    return {
      error: {
        code: 'ErrorCalendarOccurrenceIsDeletedFromRecurrence',
        text: 'The occurrence has been deleted from the recurrence.',
      },
    };
  }
  return { id: occurrenceId(master.id, index) };
}

/** The recurring master of the occurrence (or exception) that OccurrenceId names. */
function masterRef(mailbox: Mailbox, node: XmlNode): ItemRef {
  const id = attr(node, 'OccurrenceId') ?? '';
  const decoded = decodeId(id);
  if (!decoded) return { error: MALFORMED };
  if (decoded.kind !== 'occurrence') {
    const known =
      mailbox.calendar.some((c) => c.id === id) || mailbox.messages.some((m) => m.id === id);
    return { error: known ? NOT_AN_OCCURRENCE : NOT_FOUND };
  }
  const master = mailbox.calendar.find((c) => c.id === decoded.masterId);
  return master?.recurrence ? { id: master.id } : { error: NOT_FOUND };
}

/**
 * Every item id in `container` (t:ItemIds, or one t:ItemChange), resolved. The XML reader groups
 * children by name, so a list that mixes the forms is answered form by form: ItemId first, then
 * OccurrenceItemId, then RecurringMasterItemId (Exchange keeps the request's order).
 */
export function readItemRefs(mailbox: Mailbox, container: XmlNode | undefined): ItemRef[] {
  return [
    ...children(container, 'ItemId').map((n): ItemRef => ({ id: attr(n, 'Id') ?? '' })),
    ...children(container, 'OccurrenceItemId').map((n) => occurrenceRef(mailbox, n)),
    ...children(container, 'RecurringMasterItemId').map((n) => masterRef(mailbox, n)),
  ];
}
