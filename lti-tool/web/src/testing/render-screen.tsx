import { render } from '@testing-library/preact';
import { options, type ComponentChildren } from 'preact';
import type { AppConfig } from '../../../../shared/schemas/app-config';
import { ApiError, type Api } from '../api/client';
import { AppContext, contextFor, type Lang } from '../app/context';

// Preact runs effects after the next frame: requestAnimationFrame, with a 100 ms timer as a fallback that cancels the
// frame. Under jsdom that timer can fire after the test environment is torn down, where cancelAnimationFrame no longer
// exists: an uncaught error that fails the whole run. A plain timer as the "frame" keeps effects after render and
// never touches the browser globals.
options.requestAnimationFrame = (callback) => {
  setTimeout(callback, 0);
};

/** One recorded call of the fake API: what a screen asked the server for. */
export interface ApiCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

/** A reply per `METHOD path`: a value, a function of the body, or an ApiError to throw. */
export type Replies = Record<string, unknown>;

/**
 * An Api that answers from a table and records every call, so a screen is tested with its services passed in: no
 * server, no database, no browser beyond jsdom.
 */
export function fakeApi(replies: Replies): Api & { calls: ApiCall[] } {
  const calls: ApiCall[] = [];
  const answer = async <T,>(method: ApiCall['method'], path: string, body?: unknown): Promise<T> => {
    calls.push({ method, path, body });
    const key = `${method} ${path}`;
    if (!(key in replies)) throw new ApiError(404, 'not_found', `no fake reply for ${key}`);
    const reply = replies[key];
    const value = typeof reply === 'function' ? (reply as (b: unknown) => unknown)(body) : reply;
    if (value instanceof ApiError) throw value;
    return value as T;
  };
  return {
    calls,
    get: (path) => answer('GET', path),
    send: (method, path, body) => answer(method, path, body),
    upload: (path) => answer('POST', path),
    objectUrl: async (path) => {
      calls.push({ method: 'GET', path });
      return 'blob:fake';
    },
  };
}

const CONFIG: AppConfig = {
  apiBase: '/api/v1',
  sessionToken: 'x'.repeat(32),
  lang: 'zh-CN',
  placement: 'admin',
  roles: ['institution_admin'],
  oversight: null,
  user: { name: '管理员' },
  context: {},
};

/** Renders a screen inside the app's context with the given API and language. */
export function renderScreen(screen: ComponentChildren, api: Api, lang: Lang = 'zh-CN') {
  return render(<AppContext.Provider value={contextFor(api, lang, { ...CONFIG, lang })}>{screen}</AppContext.Provider>);
}
