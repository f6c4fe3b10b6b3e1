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

const ID_FORMS = ['ItemId', 'OccurrenceItemId', 'RecurringMasterItemId'] as const;
type IdForm = (typeof ID_FORMS)[number];

/**
 * The order in which the id forms appear in the request text: the parsed tree groups siblings by
 * name, so a list that mixes forms needs the text to be answered in the request's order.
 */
function formsInOrder(xml: string): IdForm[] {
  const forms: IdForm[] = [];
  for (const match of xml.matchAll(
    /<(?:[A-Za-z_][\w.-]*:)?(ItemId|OccurrenceItemId|RecurringMasterItemId)[\s/>]/g,
  )) {
    forms.push(match[1] as IdForm);
  }
  return forms;
}

/**
 * Every item id in `container` (t:ItemIds, or one t:ItemChange), resolved, in the request's order
 * (`requestXml` tells it when the forms are mixed; without it, form by form).
 */
export function readItemRefs(
  mailbox: Mailbox,
  container: XmlNode | undefined,
  requestXml?: string,
): ItemRef[] {
  const byForm: Record<IdForm, ItemRef[]> = {
    ItemId: children(container, 'ItemId').map((n): ItemRef => ({ id: attr(n, 'Id') ?? '' })),
    OccurrenceItemId: children(container, 'OccurrenceItemId').map((n) => occurrenceRef(mailbox, n)),
    RecurringMasterItemId: children(container, 'RecurringMasterItemId').map((n) =>
      masterRef(mailbox, n),
    ),
  };
  const grouped = ID_FORMS.flatMap((form) => byForm[form]);
  const mixed = ID_FORMS.filter((form) => byForm[form].length > 0).length > 1;
  if (!mixed || requestXml === undefined) return grouped;
  const order = formsInOrder(requestXml);
  if (order.length !== grouped.length) return grouped;
  const next: Record<IdForm, number> = { ItemId: 0, OccurrenceItemId: 0, RecurringMasterItemId: 0 };
  return order.map((form) => byForm[form][next[form]++] ?? { error: NOT_FOUND });
}
