import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_DIST } from '../../../lti-tool/server/web-assets';

/** The e2e tests drive the built app: build it once if `npm run build` has not. */
export default function setup(): void {
  if (existsSync(join(WEB_DIST, '.vite/manifest.json'))) return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
