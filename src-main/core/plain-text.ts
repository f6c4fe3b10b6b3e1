/**
 * Text from Exchange or IM on surfaces that cannot isolate it (the tray tooltip, OS
 * notifications): the bidirectional formatting controls are removed, so a subject such as
 * "\u202Egnp.exe" cannot reverse how the rest of the line reads. Pure.
 */

/**
 * LRE, RLE, PDF, LRO, RLO (U+202A–202E); LRI, RLI, FSI, PDI (U+2066–2069); LRM, RLM
 * (U+200E, U+200F); the Arabic letter mark (U+061C).
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** True when `text` holds any bidirectional formatting control. */
export function hasBidiControls(text: string): boolean {
  return new RegExp(BIDI_CONTROLS.source, 'u').test(text);
}
