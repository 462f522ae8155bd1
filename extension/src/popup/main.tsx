import { render } from 'preact';
import { isZh } from '../ui/i18n';
import '../ui/style.css';
import { Popup } from './Popup';

document.documentElement.lang = isZh() ? 'zh-CN' : 'en';
render(<Popup />, document.getElementById('root') as HTMLElement);
