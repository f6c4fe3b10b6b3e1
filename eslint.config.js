// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Folders that must stay free of Electron, React and the renderer. */
const electronFree = [
  'src-main/core/**',
  'src-main/ews/**',
  'src-main/graph/**',
  'src-main/presence/**',
  'src-main/voicemail/**',
  'src-main/im/**',
  'src-main/sim/**',
  'src-main/cli/**',
  'src-main/web/**',
  'src-main/auth/**',
  'src-main/sharing/**',
];

const noElectronOrUi = [
  { name: 'electron', message: 'Only src-main/electron may import electron.' },
  { name: 'react', message: 'React belongs to src-renderer.' },
  { name: 'react-dom', message: 'React belongs to src-renderer.' },
];
const noRendererPattern = {
  group: ['**/src-renderer/**'],
  message: 'Main-process code never imports the renderer.',
};
/** Above the MailboxBackend seam nothing knows which protocol reaches the mailbox. */
const noProtocolLibraries = {
  group: ['**/ews/**', '**/graph/**'],
  message:
    'Reach the mailbox through src-main/mailbox (types, MailboxBackend) and src-main/backends (createBackend), never ews/ or graph/ directly.',
};

/**
 * The simulator is a test and demo tool: product code never depends on it. The companion starts
 * the demo mailbox through a lazy import() (no-restricted-imports does not see it), and the CLI's
 * `beacon sim` runs it; nothing else reaches into src-main/sim.
 */
const noSimulator = {
  group: ['**/sim/**'],
  message:
    'Product code never imports the simulator (src-main/sim): share neutral code through src-main/mailbox.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test/artifacts/', 'assets/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: electronFree,
    rules: {
      'no-restricted-imports': ['error', { paths: noElectronOrUi, patterns: [noRendererPattern] }],
    },
  },
  {
    // The EWS library is reusable: it knows nothing of the app around it. Its one neighbour is
    // src-main/mailbox, whose time-zone rule and retry rules it shares with Graph.
    files: ['src-main/ews/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectronOrUi,
          patterns: [
            noRendererPattern,
            {
              group: [
                '**/core/**',
                '**/presence/**',
                '**/sim/**',
                '**/cli/**',
                '**/web/**',
                '**/electron/**',
                '**/voicemail/**',
                '**/im/**',
                '**/graph/**',
                '**/backends/**',
              ],
              message: 'src-main/ews is a standalone EWS library: it imports no other app folder.',
            },
          ],
        },
      ],
    },
  },
  {
    // Beacon's neutral mailbox vocabulary: types and pure rules, no protocol, no app.
    files: ['src-main/mailbox/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectronOrUi,
          patterns: [
            noRendererPattern,
            {
              group: [
                '**/core/**',
                '**/presence/**',
                '**/sim/**',
                '**/cli/**',
                '**/web/**',
                '**/electron/**',
                '**/voicemail/**',
                '**/im/**',
                '**/ews/**',
                '**/graph/**',
                '**/auth/**',
                '**/sharing/**',
                '**/backends/**',
              ],
              message:
                'src-main/mailbox is the neutral vocabulary: it imports no other app folder.',
            },
          ],
        },
      ],
    },
  },
  {
    // Above the MailboxBackend seam: the core, presence, IM and voicemail.
    files: ['src-main/core/**', 'src-main/presence/**', 'src-main/im/**', 'src-main/voicemail/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectronOrUi,
          patterns: [noRendererPattern, noProtocolLibraries, noSimulator],
        },
      ],
    },
  },
  {
    // The allowed exceptions, each for a reason:
    // - account.ts, discover-account.ts, account-setup.ts, oauth-sign-in.ts find the account's
    //   server (Autodiscover, probing it, reading its certificate) and build the EWS sign-in
    //   (Basic, NTLM, Bearer) that createBackend is handed; discovery is EWS's until Graph
    //   accounts are chosen there.
    // - core/teams publishes presence to Teams over Graph: a presence channel like IM, not the
    //   mailbox, with no seam of its own yet.
    files: [
      'src-main/core/companion/account.ts',
      'src-main/core/companion/discover-account.ts',
      'src-main/core/companion/account-setup.ts',
      'src-main/core/companion/oauth-sign-in.ts',
      'src-main/core/teams/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: noElectronOrUi, patterns: [noRendererPattern, noSimulator] },
      ],
    },
  },
  {
    // The Graph library is reusable like the EWS one: it knows nothing of the app around it. Its
    // one way out is the neutral Retry-After reading it shares with EWS (mailbox/retry-after.ts).
    files: ['src-main/graph/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectronOrUi,
          patterns: [
            noRendererPattern,
            {
              group: [
                '**/core/**',
                '**/presence/**',
                '**/sim/**',
                '**/cli/**',
                '**/web/**',
                '**/electron/**',
                '**/voicemail/**',
                '**/im/**',
                '**/ews/**',
                '**/auth/**',
                '**/sharing/**',
                '**/mailbox/**',
                '!**/mailbox/retry-after.js',
                '**/backends/**',
              ],
              message:
                'src-main/graph is a standalone Graph library: it imports no other app folder (only mailbox/retry-after).',
            },
          ],
        },
      ],
    },
  },
  {
    // Sign-in methods are plain Node: no Electron, no UI, no presence.
    files: ['src-main/auth/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectronOrUi,
          patterns: [
            noRendererPattern,
            {
              group: ['**/presence/**', '**/electron/**', '**/web/**'],
              message: 'src-main/auth knows nothing of presence or the shells.',
            },
            noSimulator,
          ],
        },
      ],
    },
  },
  {
    // Sharing presence with other apps is plain Node: no Electron, no UI, no shell.
    files: ['src-main/sharing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectronOrUi,
          patterns: [
            noRendererPattern,
            {
              group: ['**/electron/**', '**/web/**'],
              message: 'src-main/sharing runs in the core: it knows nothing of the shells.',
            },
            noProtocolLibraries,
            noSimulator,
          ],
        },
      ],
    },
  },
  {
    // The backends and the shells are product code like the core: no simulator.
    files: ['src-main/backends/**', 'src-main/web/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: noElectronOrUi, patterns: [noRendererPattern, noSimulator] },
      ],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noSimulator] }] },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer talks to the core through the bridge only.',
            },
          ],
          patterns: [
            {
              group: ['**/src-main/**'],
              message: 'The renderer imports only types from src-main.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
