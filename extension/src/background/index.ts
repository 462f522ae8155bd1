import { browser } from '../common/browser';
import { COLLECT_MENU, collectClip, quickClip, setupMenus } from './menus';
import { createBackground } from './service';

// MV3: the worker stops when idle and starts again for an event. Listeners are registered synchronously at the top
// level; the outbox, not memory, carries the work between starts.
const bg = createBackground();

browser.runtime.onMessage.addListener(bg.onMessage);
browser.runtime.onInstalled.addListener(() => {
  void setupMenus();
  void bg.flush();
});
browser.runtime.onStartup.addListener(() => {
  void setupMenus();
  void bg.flush();
});
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === bg.ALARM) void bg.flush();
});
browser.contextMenus.onClicked.addListener((info, tab) => {
  void (async () => {
    const payload = info.menuItemId === COLLECT_MENU ? await collectClip(info, tab) : await quickClip(info, tab);
    if (payload) await bg.outbox.enqueue(payload);
    await bg.flush();
  })();
});
browser.commands.onCommand.addListener((command, tab) => {
  if (command !== 'quick-clip') return;
  void (async () => {
    const payload = await quickClip({ menuItemId: 'clip-page', pageUrl: tab?.url }, tab);
    if (payload) await bg.outbox.enqueue(payload);
    await bg.flush();
  })();
});

// Every start: recreate the alarm (alarms can be lost across browser restarts) and send what is due.
void bg.flush();
