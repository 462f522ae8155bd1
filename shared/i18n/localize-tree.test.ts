import { describe, expect, it } from 'vitest';
import { localizeTree } from './localize-tree';
import { message } from './render';

describe('localizeTree', () => {
  const tree = {
    state: 'in_progress',
    stateMessage: message('state.in_progress'),
    items: [{ name: { zh: '学情分析', en: 'learner analysis' }, hours: 2, ok: true, none: null }],
  };

  it('keeps one language and leaves other values alone', () => {
    expect(localizeTree(tree, 'en')).toEqual({
      state: 'in_progress',
      stateMessage: 'In progress: there is still something to do',
      items: [{ name: 'learner analysis', hours: 2, ok: true, none: null }],
    });
    expect(localizeTree(tree, 'zh-CN')).toMatchObject({
      stateMessage: '进行中，还有需要完成的事项',
      items: [{ name: '学情分析' }],
    });
  });
});
