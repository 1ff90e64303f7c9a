import { render } from 'preact';
import { ViewerApp } from '../../components/viewer/ViewerApp';
import { currentLang } from '../../lib/i18n';
import '../../components/theme.css';
import '../../components/share/share.css';
import '../../components/downloads/downloads.css';
import '../../components/viewer/viewer.css';

document.documentElement.lang = currentLang() === 'zh' ? 'zh-CN' : 'en';
render(<ViewerApp search={location.search} />, document.getElementById('app')!);
