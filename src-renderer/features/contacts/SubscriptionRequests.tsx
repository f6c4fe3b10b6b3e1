/** People asking to see my presence, at the top of the list, each with Approve and Deny. */
import type { SubscriptionRequest } from '../../../src-main/core/contract.js';
import { useApp, useMessages } from '../../store/context.js';
import { Isolated } from '../../format/Isolated.js';

export function SubscriptionRequests({
  requests,
}: {
  requests: readonly SubscriptionRequest[];
}): React.JSX.Element | null {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const pending = useApp((s) => s.actions.contact.pending);
  if (requests.length === 0) return null;
  return (
    <section className="requests" aria-labelledby="requests-title" data-testid="requests">
      <h3 id="requests-title">{t.contacts.requestsTitle}</h3>
      <ul>
        {requests.map((request) => {
          const who = request.name ?? request.address;
          const answer = (approve: boolean): void => {
            void run('contact', { type: 'answer-subscription', address: request.address, approve });
          };
          return (
            <li key={request.address} className="request">
              <p>
                <Isolated>{who}</Isolated>
                {request.name !== undefined && (
                  <span className="muted address">
                    {' '}
                    <Isolated>{request.address}</Isolated>
                  </span>
                )}
              </p>
              <div className="panel-actions">
                <button
                  type="button"
                  className="button button-primary"
                  disabled={pending}
                  aria-label={`${t.contacts.approve}: ${t.contacts.requestFrom(who)}`}
                  onClick={() => {
                    answer(true);
                  }}
                >
                  {t.contacts.approve}
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={pending}
                  aria-label={`${t.contacts.deny}: ${t.contacts.requestFrom(who)}`}
                  onClick={() => {
                    answer(false);
                  }}
                >
                  {t.contacts.deny}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
