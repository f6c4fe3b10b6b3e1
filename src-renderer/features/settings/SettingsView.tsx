/**
 * Settings as their own view in place of the content: Back (or Escape) returns to where the user
 * was. The heading takes focus when the view opens, so a screen reader lands in it.
 */
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useMessages } from '../../store/context.js';
import { ViewHead } from '../nav/ViewHead.js';
import { AccountSettings } from './AccountSettings.js';
import { NotificationSetting } from '../notices/NotificationSetting.js';
import { AlertSettings } from './AlertSettings.js';
import { ImSettings } from './ImSettings.js';
import { LanguageSettings } from './LanguageSettings.js';
import { PresenceSettings } from './PresenceSettings.js';
import { ProtocolSettings } from './ProtocolSettings.js';
import { SharingSettings } from './SharingSettings.js';
import { WebhookSettings } from './WebhookSettings.js';
import { MqttSettings } from './MqttSettings.js';
import { TrustCaSettings } from './TrustCaSettings.js';

export function SettingsView({
  snapshot,
  onClose,
  forChat = false,
}: {
  snapshot: Snapshot;
  onClose: () => void;
  /** Opened by "Sign in to chat": the chat sign-in takes focus instead of the title. */
  forChat?: boolean;
}): React.JSX.Element {
  const t = useMessages();

  return (
    <section
      className="view settings-view"
      aria-labelledby="settings-title"
      data-testid="settings-view"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <ViewHead
        titleId="settings-title"
        title={t.settings.title}
        backLabel={t.settings.back}
        onBack={onClose}
      />
      <AccountSettings snapshot={snapshot} />
      <LanguageSettings locale={snapshot.settings.locale} />
      <PresenceSettings presence={snapshot.settings.presence} />
      <ProtocolSettings snapshot={snapshot} />
      <ImSettings snapshot={snapshot} focusOnOpen={forChat} />
      <AlertSettings snapshot={snapshot} />
      <NotificationSetting />
      <TrustCaSettings snapshot={snapshot} />
      <SharingSettings snapshot={snapshot}>
        <WebhookSettings snapshot={snapshot} />
        <MqttSettings snapshot={snapshot} />
      </SharingSettings>
    </section>
  );
}
