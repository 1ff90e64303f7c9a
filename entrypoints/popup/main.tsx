import { render } from 'preact';
import { PopupApp } from '../../components/popup/PopupApp';
import { currentLang } from '../../lib/i18n';
import '../../components/theme.css';
import '../../components/share/share.css';
import '../../components/downloads/downloads.css';
import '../../components/popup/popup.css';

document.documentElement.lang = currentLang() === 'zh' ? 'zh-CN' : 'en';
render(<PopupApp />, document.getElementById('app')!);
