/**
 * The one place the extension touches the WebExtension API: `browser` (Firefox, Chrome ≥ 148) or `chrome`
 * (promise-returning in MV3). Typed with the small subset we use; tests replace it with fakes.
 */
export interface StorageArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface Tab {
  id?: number;
  url?: string;
  title?: string;
}

type Listener<A extends unknown[]> = { addListener(fn: (...args: A) => unknown): void };

export interface Browser {
  runtime: {
    id: string;
    getURL(path: string): string;
    openOptionsPage(): Promise<void>;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: Listener<[unknown, unknown, (response: unknown) => void]>;
    onInstalled: Listener<[unknown]>;
    onStartup: Listener<[]>;
  };
  storage: { local: StorageArea; session?: StorageArea };
  permissions: {
    request(p: { origins: string[] }): Promise<boolean>;
    contains(p: { origins: string[] }): Promise<boolean>;
  };
  tabs: {
    query(q: { active: boolean; currentWindow: boolean }): Promise<Tab[]>;
    get(id: number): Promise<Tab & { windowId?: number }>;
    /** The side panel follows the teacher from tab to tab. */
    onActivated?: Listener<[unknown]>;
    onUpdated?: Listener<[number, { status?: string }, Tab]>;
    captureVisibleTab(
      windowId: number | undefined,
      options: { format: 'jpeg' | 'png'; quality?: number },
    ): Promise<string>;
  };
  scripting: {
    executeScript(details: {
      target: { tabId: number };
      files?: string[];
      func?: (...args: never[]) => unknown;
      args?: unknown[];
    }): Promise<{ result?: unknown }[]>;
  };
  contextMenus: {
    removeAll(): Promise<void>;
    create(p: { id: string; title: string; contexts: string[] }): void;
    onClicked: Listener<
      [
        { menuItemId: string | number; selectionText?: string; linkUrl?: string; srcUrl?: string; pageUrl?: string },
        Tab | undefined,
      ]
    >;
  };
  commands: { onCommand: Listener<[string, Tab | undefined]> };
  alarms: {
    create(name: string, info: { delayInMinutes?: number; periodInMinutes?: number }): Promise<void> | void;
    clear(name: string): Promise<boolean>;
    onAlarm: Listener<[{ name: string }]>;
  };
  action: {
    setBadgeText(p: { text: string }): Promise<void>;
    setBadgeBackgroundColor(p: { color: string }): Promise<void>;
  };
  /** Chrome's side panel and Firefox's sidebar, opened from a click in the popup. */
  sidePanel?: { open(options: { windowId: number }): Promise<void> };
  sidebarAction?: { open(): Promise<void> };
  windows?: { getCurrent(): Promise<{ id?: number }> };
  i18n: { getMessage(name: string, substitutions?: string | string[]): string; getUILanguage(): string };
}

const g = globalThis as unknown as { browser?: Browser; chrome?: Browser };

export const browser: Browser = (g.browser ?? g.chrome) as Browser;
