/**
 * The tray window's frame at 360×560: a fixed header (and the automatic-replies line), the tab bar,
 * one scrolling content area, and a fixed footer. Settings and the automatic-replies editor are
 * views that take the content's place, with Back; without a working account the content is the
 * sign-in form.
 */
import { useEffect, useRef, useState } from 'react';
import { ContactsView } from './features/contacts/ContactsView.js';
import { Footer } from './features/footer/Footer.js';
import { Header } from './features/header/Header.js';
import { headerState } from './features/header/header-state.js';
import { TabBar, panelId, tabId } from './features/nav/TabBar.js';
import type { Tab } from './features/nav/tabs.js';
import { Warnings } from './features/nav/Warnings.js';
import { NoticeCenter } from './features/notices/NoticeCenter.js';
import { OofLine } from './features/oof/OofLine.js';
import { OofView } from './features/oof/OofView.js';
import { AccountSettings } from './features/settings/AccountSettings.js';
import { SettingsView } from './features/settings/SettingsView.js';
import { TodayView } from './features/today/TodayView.js';
import { VoicemailView } from './features/voicemail/VoicemailView.js';
import { useApp, useMessages } from './store/context.js';

type View = 'main' | 'settings' | 'oof';

export function App(): React.JSX.Element {
  const t = useMessages();
  const snapshot = useApp((s) => s.snapshot);
  const signIns = useApp((s) => s.actions['sign-in'].successes);
  const demos = useApp((s) => s.actions['use-demo'].successes);
  const [view, setView] = useState<View>('main');
  const [tab, setTab] = useState<Tab>('today');
  /** Settings opened for chat ("Sign in to chat"): the chat sign-in takes focus. */
  const [settingsForChat, setSettingsForChat] = useState(false);
  const settingsButton = useRef<HTMLButtonElement>(null);
  const navigation = useApp((s) => s.navigation);
  const navigationDone = useApp((s) => s.navigationDone);
  /** What had focus when a view opened (the status menu's entry, the OOF line), for Back. */
  const openedFrom = useRef<HTMLElement | null>(null);

  // A sign-in Exchange accepted (or the demo chosen) ends the errand: back to the mailbox.
  useEffect(() => {
    if (signIns > 0 || demos > 0) setView('main');
  }, [signIns, demos]);

  // A place opened from outside (a clicked notice): its tab, or its view. A voicemail or a
  // conversation is opened by its own view, which marks the request done.
  useEffect(() => {
    if (navigation === undefined || navigation.done) return;
    const { target } = navigation;
    if (target.view === 'oof') {
      setView('oof');
      navigationDone(navigation.seq);
      return;
    }
    setView('main');
    if (target.view === 'agenda') setTab('today');
    else if (target.view === 'voicemail') setTab('voicemail');
    else setTab('contacts');
    if (target.view === 'agenda' || target.view === 'contacts') navigationDone(navigation.seq);
  }, [navigation, navigationDone]);

  if (snapshot === undefined)
    return (
      <main className="window loading">
        <p role="status">{t.loading}</p>
      </main>
    );

  const closeSettings = (): void => {
    setView('main');
    settingsButton.current?.focus();
  };
  const openOof = (): void => {
    openedFrom.current =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setView('oof');
  };
  const closeOof = (): void => {
    setView('main');
    // The menu entry that opened the view has gone with the menu: then the status button.
    const back = openedFrom.current?.isConnected === true ? openedFrom.current : null;
    (back ?? document.querySelector<HTMLElement>('.status-button'))?.focus();
  };
  const signedIn = headerState(snapshot.account) === 'signed-in';

  let content: React.JSX.Element;
  if (view === 'settings')
    content = (
      <SettingsView snapshot={snapshot} onClose={closeSettings} forChat={settingsForChat} />
    );
  else if (view === 'oof') content = <OofView snapshot={snapshot} onClose={closeOof} />;
  else if (!signedIn)
    content = (
      <section className="view" data-testid="sign-in-view">
        <AccountSettings snapshot={snapshot} />
      </section>
    );
  else
    content = (
      // Focusable, as the tabs pattern asks when a panel may hold nothing focusable (the empty
      // states): Tab from the tab bar lands in the panel, and the arrow keys scroll it.
      <div
        role="tabpanel"
        id={panelId(tab)}
        aria-labelledby={tabId(tab)}
        className="tab-panel"
        tabIndex={0}
      >
        {tab === 'today' && <TodayView snapshot={snapshot} />}
        {tab === 'voicemail' && <VoicemailView snapshot={snapshot} />}
        {tab === 'contacts' && (
          <ContactsView
            snapshot={snapshot}
            onOpenSettings={() => {
              setSettingsForChat(true);
              setView('settings');
            }}
          />
        )}
      </div>
    );

  return (
    <div className="window">
      <Header snapshot={snapshot} onOpenOof={openOof} />
      {view !== 'oof' && <OofLine snapshot={snapshot} onEdit={openOof} />}
      <Warnings warnings={snapshot.warnings} />
      {view === 'main' && signedIn && <TabBar current={tab} onSelect={setTab} />}
      <main className="content">{content}</main>
      <Footer
        snapshot={snapshot}
        settingsOpen={view === 'settings'}
        settingsButtonRef={settingsButton}
        onToggleSettings={() => {
          if (view === 'settings') closeSettings();
          else {
            setSettingsForChat(false);
            setView('settings');
          }
        }}
      />
      <NoticeCenter />
    </div>
  );
}
