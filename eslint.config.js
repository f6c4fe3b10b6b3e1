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
    // The EWS library is reusable: it knows nothing of the app around it.
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
              ],
              message: 'src-main/ews is a standalone EWS library: it imports no other app folder.',
            },
          ],
        },
      ],
    },
  },
  {
    // The Graph library is reusable like the EWS one: it knows nothing of the app around it.
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
                '**/backends/**',
              ],
              message:
                'src-main/graph is a standalone Graph library: it imports no other app folder.',
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
          ],
        },
      ],
    },
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
