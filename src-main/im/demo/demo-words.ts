/**
 * The demo peers' own words (their status notes, the bot's answers, the echo's lead-in) in the
 * window's language. They are Beacon's words, not a colleague's, so they follow the language
 * setting; the peers' names are product names and stay as they are. Pure: a tag in, words out.
 */

export interface DemoWords {
  /** The tag of the language these words are in ("en", "ko"). */
  language: 'en' | 'ko';
  botStatus: string;
  echoStatus: string;
  /** The bot's answers, in turn. */
  botLines: readonly string[];
  /** What the echo puts before the text it repeats. */
  echoLead: string;
}

const EN: DemoWords = {
  language: 'en',
  botStatus: 'Send me a message: I answer',
  echoStatus: 'I repeat what you write',
  botLines: [
    'Hello! I am the demo bot. Sign in to your IM account in Settings to chat with real colleagues.',
    'Nice to hear from you. Your colleagues above show presence from their calendars.',
    'Try "Tell me when available" on a contact who is in a meeting.',
    'Thanks! Conversations are saved to Conversation History when they end.',
  ],
  echoLead: 'You wrote: ',
};

const KO: DemoWords = {
  language: 'ko',
  botStatus: '메시지를 보내 주시면 답장해 드려요',
  echoStatus: '보내신 글을 그대로 따라 해요',
  botLines: [
    '안녕하세요! 저는 데모 봇이에요. 설정의 메신저에서 계정에 로그인하면 실제 동료와 대화할 수 있어요.',
    '연락 주셔서 반가워요. 위에 있는 동료들의 상태는 일정에서 가져와요.',
    '회의 중인 연락처에서 "대화 가능해지면 알림"을 눌러 보세요.',
    '고마워요! 대화가 끝나면 Exchange의 대화 기록 폴더에 저장돼요.',
  ],
  echoLead: '보내신 글: ',
};

/** The demo peers' words for a language tag ("ko", "ko-KR" → Korean; anything else English). */
export function demoWordsFor(locale: string): DemoWords {
  let language: string;
  try {
    language = new Intl.Locale(locale).language;
  } catch {
    return EN;
  }
  return language === 'ko' ? KO : EN;
}
