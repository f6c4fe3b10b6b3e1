/** The tab bar's places and how the arrow keys move between them (WAI-ARIA tabs pattern). */
export const TABS = ['today', 'voicemail', 'contacts'] as const;
export type Tab = (typeof TABS)[number];

/** The tab a key press moves to, or undefined when the key is not a tab-bar key. */
export function tabAfterKey(current: Tab, key: string): Tab | undefined {
  const index = TABS.indexOf(current);
  const last = TABS.length - 1;
  switch (key) {
    case 'ArrowRight':
      return TABS[index === last ? 0 : index + 1];
    case 'ArrowLeft':
      return TABS[index === 0 ? last : index - 1];
    case 'Home':
      return TABS[0];
    case 'End':
      return TABS[last];
    default:
      return undefined;
  }
}
