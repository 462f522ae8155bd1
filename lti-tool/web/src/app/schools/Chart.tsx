import type { EChartsCoreOption } from 'echarts/core';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../context';
import { schoolStrings } from './strings';

export type ChartOption = EChartsCoreOption;

/**
 * One chart with its table: the table is always in the page (screen readers read it; hidden visually while the
 * chart shows), and a toggle swaps them for sighted users. The chart follows its box's width (360 px and up).
 */
export function Chart(props: { title: string; option: ChartOption; height: number; table: ComponentChildren }) {
  const { lang } = useApp();
  const s = schoolStrings(lang);
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (view !== 'chart' || !el) return;
    let disposed = false;
    let cleanup = () => {};
    void import('./echarts-setup').then(({ init }) => {
      if (disposed) return;
      const chart = init(el);
      chart.setOption(props.option);
      const observer = new ResizeObserver(() => chart.resize());
      observer.observe(el);
      cleanup = () => {
        observer.disconnect();
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      cleanup();
    };
  }, [view, props.option]);
  return (
    <section class="card chart-card" aria-label={props.title}>
      <div class="row spread">
        <h3>{props.title}</h3>
        <div class="row" role="group" aria-label={props.title}>
          {(['chart', 'table'] as const).map((v) => (
            <button
              key={v}
              type="button"
              class={view === v ? 'secondary active' : 'secondary'}
              aria-pressed={view === v}
              onClick={() => setView(v)}
            >
              {v === 'chart' ? s.chartView : s.tableView}
            </button>
          ))}
        </div>
      </div>
      {view === 'chart' && <div ref={box} class="chart" style={{ height: `${props.height}px` }} aria-hidden="true" />}
      <div class={view === 'chart' ? 'visually-hidden' : 'chart-table'}>{props.table}</div>
    </section>
  );
}
