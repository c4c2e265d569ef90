// Lint: only rules that catch real bugs or guard the architecture (formatting is left to editors).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-artifacts/**', '**/*.svelte', '**/*.mjs'] },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // A promise nobody awaits hides its errors (vscode-eslint makes this an error too).
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // The core is pure: the CLI, the extension host, the webviews and plain-Node tests all load it.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode'], message: 'src/core must not import vscode: put VS Code code in src/features or src/panels.' },
            { group: ['@tensorflow/*'], message: 'src/core must not import TF.js: TF.js lives in webview/.' },
            { group: ['svelte', 'svelte/*'], message: 'src/core must not import Svelte.' },
            { group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'src/core runs in webviews too: no Node built-ins.' },
          ],
        },
      ],
    },
  },
);
