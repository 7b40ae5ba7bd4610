import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Import patterns refused in the contract: any package but `allowed`, and paths leaving contract/src. */
function contractImportPatterns(allowed) {
  return [
    {
      regex: `^(?!(${allowed.join('|')})$|\\.{1,2}/)`,
      message: `The contract depends on zod only: import ${allowed.join(' or ')} or another file of the contract.`,
    },
    {
      // contract/src/<feature>/<file>.ts is as deep as the contract goes, so `../../` leaves it
      regex: '^(\\.\\./){2,}',
      message: 'Import files of the contract only (contract/src).',
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'extension/package/**',
      'data/**',
      'bench/results/**',
      'test-results/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['scripts/**/*.mjs', '**/*.cjs'],
    rules: { 'no-console': 'off' },
  },
  {
    // CommonJS is what mocha loads its configuration and reporters as
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['dashboard/**/*.{ts,tsx}', 'extension/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Twitch's pages: the contract's slim entry only, so no schema library (nor its eval probe) is bundled
    files: ['extension/src/panel/**/*.{ts,tsx}', 'extension/src/config/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'zod',
              message: 'The panel bundles no zod: Twitch’s CSP refuses its eval probe, and the budget is 25 KB.',
            },
            { name: '@aurastream/contract', message: 'Import @aurastream/contract/extension, the panel’s slim entry.' },
            {
              name: '@aurastream/contract/tracker',
              message: 'Import the tracker from @aurastream/contract/extension.',
            },
          ],
        },
      ],
    },
  },
  {
    // the contract runs in browsers, the bot and the service: zod and its own files, nothing else
    files: ['contract/**/*.ts'],
    ignores: ['contract/**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: contractImportPatterns(['zod']) }],
      'no-restricted-globals': [
        'error',
        ...['Buffer', 'process', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate'].map(
          (name) => ({ name, message: 'The contract runs in browsers: no Node globals.' }),
        ),
      ],
    },
  },
  {
    files: ['contract/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: contractImportPatterns(['zod', 'chai']) }] },
  },
);
