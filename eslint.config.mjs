// Lint: TypeScript rules plus the trust boundary as import rules (VS Code-style layering):
// the renderer may import only TYPES from src-main; main never imports the renderer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const ELECTRON_ONLY = { name: 'electron', message: 'Only src-main/app and the preload may import electron: everything else must run (and be tested) in plain Node.' };
const NO_RENDERER = { group: ['**/src-renderer/**'], message: 'main never imports the renderer' };

/** Import patterns for folders of src-main a layer must not reach. */
function layer(folders, message) {
  return [{ group: folders.flatMap((f) => [`**/src-main/${f}/**`, `../${f}/**`, `../../${f}/**`, `../../../${f}/**`, `./${f}/**`]), message }];
}

function mainImports(extra = []) {
  return ['error', { paths: [ELECTRON_ONLY], patterns: [NO_RENDERER, ...extra] }];
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', '.callboard-demo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
      // Protocol code matches control characters on purpose, to reject them in untrusted input.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // React Compiler advisories; we do not use the compiler.
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/refs': 'off',
      'react-hooks/purity': 'off',
      'react-hooks/immutability': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/**', '../../src-main/*', 'electron', 'node:*', 'fs', 'child_process', 'keytar', '@github/keytar', 'ssh2'],
              allowTypeImports: true,
              message: 'The renderer is an untrusted page: import only types from src-main, and reach main through window.callboard.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No raw HTML in the renderer.' },
        { selector: "MemberExpression[property.name='innerHTML']", message: 'No raw HTML in the renderer.' },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/app/**', 'src-main/preload/index.ts'],
    rules: { 'no-restricted-imports': mainImports() },
  },
  // Layers (docs/ARCHITECTURE.md, "Dependency direction"): handlers → services → backends registry →
  // connectors; core below all. Each zone repeats the rules above, because a later config replaces
  // a rule's options rather than adding to them.
  {
    files: ['src-main/core/**/*.ts'],
    rules: { 'no-restricted-imports': mainImports(layer(['services', 'backends', 'connectors', 'ipc', 'cli', 'app'], 'core is the bottom layer: it imports no service, registry, connector, IPC, CLI or app code.')) },
  },
  {
    files: ['src-main/connectors/**/*.ts'],
    rules: { 'no-restricted-imports': mainImports(layer(['services', 'backends', 'ipc', 'cli', 'app'], 'A connector knows its backend only: it takes what it needs from core/ (AppContext, Connections, errors), never from services, the registry, IPC or the CLI.')) },
  },
  {
    files: ['src-main/backends/**/*.ts'],
    rules: { 'no-restricted-imports': mainImports(layer(['services', 'ipc', 'cli', 'app'], 'The backend registry lists descriptors; services use it, not the other way round.')) },
  },
  {
    files: ['src-main/services/**/*.ts'],
    rules: { 'no-restricted-imports': mainImports(layer(['connectors', 'ipc', 'cli', 'app'], 'Services ask the backend registry (backends/registry.ts) for a capability; they never import a connector, and know nothing of IPC or the CLI.')) },
  },
  {
    files: ['src-main/ipc/handlers/**/*.ts', 'src-main/cli/**/*.ts'],
    rules: { 'no-restricted-imports': mainImports(layer(['connectors'], 'Handlers and CLI commands go through services (and the registry), never straight to a connector.')) },
  },
  {
    // Bundled into the sandboxed preload and typed into the renderer: no Node, no main-only code.
    files: ['src-main/ipc/contract/**/*.ts', 'src-main/domain/**/*.ts', 'src-main/preload/api.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'child_process', 'ssh2', '@github/keytar', 'libphonenumber-js*', '**/connectors/**', '**/services/**', '**/secrets/**', '**/app/**', '**/cli/**'],
              allowTypeImports: true,
              message: 'The IPC contract and domain shapes end up in the preload bundle: keep them free of Node and main-only code (move the schema into src-main/domain/).',
            },
          ],
        },
      ],
    },
  },
  {
    // Code both sides run (formatting): no Node, no DOM, no main or renderer code; types from src-main only.
    files: ['src-shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'child_process', 'electron', '**/src-main/**', '**/src-renderer/**'],
              allowTypeImports: true,
              message: 'src-shared runs in main, the CLI and the renderer: plain ECMAScript only, types from src-main.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/preload/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='exposeInMainWorld'] > Identifier[name='ipcRenderer']", message: 'Never expose ipcRenderer (checklist item 20).' },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
