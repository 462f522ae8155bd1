import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';
import { buildManifest, type Target } from './manifest';
import { noInnerHtml } from './no-inner-html';

// npm run build:extension → dist/extension-chrome and dist/extension-firefox from one bundle.
// --e2e also writes dist/extension-chrome-e2e, which holds the loopback host permission a headless test cannot grant.
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const staging = join(root, 'dist', 'extension-build');

const shared: InlineConfig = {
  configFile: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
};

async function bundle() {
  await rm(staging, { recursive: true, force: true });
  // Pages (Preact) and the background as ES modules; shared code may be split into chunks they import.
  await build({
    ...shared,
    root: join(here, 'src'),
    base: './',
    plugins: [noInnerHtml()],
    build: {
      outDir: staging,
      emptyOutDir: true,
      target: 'es2022',
      modulePreload: false,
      rolldownOptions: {
        input: {
          popup: join(here, 'src/popup/index.html'),
          options: join(here, 'src/options/index.html'),
          sidepanel: join(here, 'src/sidepanel/index.html'),
          background: join(here, 'src/background/index.ts'),
        },
        output: {
          entryFileNames: (chunk) => (chunk.name === 'background' ? 'background.js' : 'assets/[name]-[hash].js'),
        },
      },
    },
  });
  // The extractor is injected as a file: one self-contained IIFE, no imports.
  await build({
    ...shared,
    plugins: [noInnerHtml()],
    build: {
      outDir: staging,
      emptyOutDir: false,
      target: 'es2022',
      lib: {
        entry: join(here, 'src/extract/entry.ts'),
        formats: ['iife'],
        name: 'abilityClipExtractor',
        fileName: () => 'extractor.js',
      },
    },
  });
  await cp(join(here, '_locales'), join(staging, '_locales'), { recursive: true });
}

async function pack(target: Target, dir: string, testHosts?: string[]) {
  const out = join(root, 'dist', dir);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await cp(staging, out, { recursive: true });
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  const manifest = buildManifest(target, { version, testHosts });
  await writeFile(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

await bundle();
await pack('chrome', 'extension-chrome');
await pack('firefox', 'extension-firefox');
if (process.argv.includes('--e2e')) await pack('chrome', 'extension-chrome-e2e', ['http://127.0.0.1/*']);
await rm(staging, { recursive: true, force: true });
console.log('built dist/extension-chrome and dist/extension-firefox');
