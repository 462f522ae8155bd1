import { render } from 'preact';
import { App } from './app/App';
import { readConfig } from './config';
import './styles.css';

/**
 * Boots once the launch is confirmed: at once when the state was bound by a cookie, or after the page has read the
 * state back from the platform's storage frame (see the server's launch pages). Until then nothing uses the token.
 */
function boot(): void {
  const root = document.getElementById('root');
  if (!root) return;
  root.textContent = '';
  render(<App config={readConfig()} />, root);
}

declare global {
  interface Window {
    __ltiBound?: boolean;
  }
}

if (window.__ltiBound) boot();
else document.addEventListener('lti-bound', boot, { once: true });
