import { render } from 'preact';
import { isZh } from '../ui/i18n';
import '../ui/style.css';
import { SidePanel } from './SidePanel';

document.documentElement.lang = isZh() ? 'zh-CN' : 'en';
render(<SidePanel />, document.getElementById('root') as HTMLElement);
