import { render } from 'preact';
import { isZh } from '../ui/i18n';
import '../ui/style.css';
import { Options } from './Options';

document.documentElement.lang = isZh() ? 'zh-CN' : 'en';
render(<Options />, document.getElementById('root') as HTMLElement);
